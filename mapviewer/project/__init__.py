"""The analyst's project, Qt-free: documents, corrections on top of the geoparser, undo, the project file.

project, warnings = open_project("work.mapviewer", Geoparser.open())
project.correct(doc_id, start, end, "country:MY")     # or None: "not a place"
project.undo()
write_project(project, "work.mapviewer")
"""

from mapviewer.project.corrections import Correction, CorrectionError
from mapviewer.project.events import Event, EventEmitter
from mapviewer.project.file import (
    FORMAT,
    SUFFIX,
    VERSION,
    ProjectError,
    ProjectFile,
    open_project,
    read_project,
    recovery_path,
    write_project,
)
from mapviewer.project.model import Followed, Project, Scope

__all__ = [
    "FORMAT",
    "SUFFIX",
    "VERSION",
    "Correction",
    "CorrectionError",
    "Event",
    "EventEmitter",
    "Followed",
    "Project",
    "ProjectError",
    "ProjectFile",
    "Scope",
    "open_project",
    "read_project",
    "recovery_path",
    "write_project",
]
