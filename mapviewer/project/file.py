"""The project file (`.mapviewer`): JSON holding the documents, the corrections and the view.

    {"format": "mapviewer-project", "version": 1,
     "documents": [{"id": "a", "source": "/path/x.txt", "title": "...", "sha256": "...", "text": "..."}],
     "corrections": [{"document": "a", "start": 10, "end": 22, "place": "country:MY", "text": "Kuala Lumpur"}],
     "view": {"document": "a", "place": "country:MY", "mention": 0}}

Only `format`, `version`, each document's `id` and `source` (or `text`), and each correction's `document`,
`start`, `end` and `place` are required. A document is read from its source when the file is there and
unchanged; otherwise the copy of its text saved in the project is used, so a project opens even when its
files moved. Reading checks everything before anything is returned: a bad file opens nothing.
Writing is atomic (a killed app leaves the previous file whole).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapviewer.errors import DocumentError, MapviewerError
from mapviewer.model import Document
from mapviewer.project.corrections import Correction
from mapviewer.project.model import Project

__all__ = [
    "FORMAT",
    "open_project",
    "SUFFIX",
    "VERSION",
    "ProjectError",
    "ProjectFile",
    "read_project",
    "recovery_path",
    "project_to_json",
    "write_project",
]

FORMAT = "mapviewer-project"
VERSION = 1
SUFFIX = ".mapviewer"


class ProjectError(MapviewerError):
    """A project file that cannot be opened; the message says why and what to do."""


@dataclass
class ProjectFile:
    """A project file, read and checked, with its documents loaded (not yet geoparsed)."""

    path: Path
    documents: list[Document]
    corrections: list[Correction]
    view: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # e.g. "x.txt moved: the saved copy is used"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _fail(path: Path, why: str) -> ProjectError:
    return ProjectError(f"The project {path} cannot be opened: {why}. Nothing was opened.")


def _require(path: Path, value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise _fail(path, f"{what} is missing or not {_kind_name(kind)}")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", list: "a list", dict: "an object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def read_project(path: str | os.PathLike[str]) -> ProjectFile:
    """Read and check a project file and load its documents; raises ProjectError and returns nothing
    half-way when anything is wrong."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProjectError(f"The project {path} does not exist.") from None
    except OSError as exc:
        raise ProjectError(f"The project {path} could not be read ({exc.strerror or exc}).") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(path, f"it is not a valid project file (broken JSON: {exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _fail(path, f'it is not a mapviewer project (no "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _fail(path, '"version" is missing')
    if version > VERSION:
        raise _fail(
            path,
            f"it was written by a newer mapviewer (project version {version}; this one reads up to "
            f"{VERSION}). Update mapviewer to open it",
        )
    entries = _require(path, data.get("documents"), list, '"documents"')
    documents: list[Document] = []
    warnings: list[str] = []
    for i, entry in enumerate(entries):
        doc, warning = _load_entry(path, _require(path, entry, dict, f"document {i + 1}"), i + 1)
        if any(d.id == doc.id for d in documents):
            raise _fail(path, f"two documents have the id {doc.id!r}")
        documents.append(doc)
        if warning:
            warnings.append(warning)
    by_id = {d.id: d for d in documents}
    corrections = [
        _correction(path, _require(path, c, dict, f"correction {i + 1}"), i + 1, by_id)
        for i, c in enumerate(_require(path, data.get("corrections", []), list, '"corrections"'))
    ]
    view = data.get("view") if isinstance(data.get("view"), dict) else {}
    return ProjectFile(path, documents, corrections, view, warnings)


def _load_entry(path: Path, entry: dict, number: int) -> tuple[Document, str | None]:
    from mapviewer.documents import document_from_text, load_document

    what = f"document {number}"
    doc_id = _require(path, entry.get("id"), str, f'{what}\'s "id"')
    source = entry.get("source")
    saved_text = entry.get("text")
    if source is not None:
        _require(path, source, str, f'{what}\'s "source"')
    if saved_text is not None:
        _require(path, saved_text, str, f'{what}\'s "text"')
    if source is None and saved_text is None:
        raise _fail(path, f'{what} has neither a "source" file nor a saved "text"')
    loaded: Document | None = None
    problem = None
    if source is not None:
        source_path = Path(source)
        if not source_path.is_absolute():
            source_path = path.parent / source_path  # relative to the project file
        try:
            loaded = load_document(source_path)
        except DocumentError as exc:
            problem = str(exc)
    title = entry.get("title") if isinstance(entry.get("title"), str) else None
    date = entry.get("date") if isinstance(entry.get("date"), str) else None
    if saved_text is not None and (loaded is None or loaded.text != saved_text):
        name = Path(source).name if source else doc_id
        if loaded is None:
            warning = f"{name} was not found where the project says ({source}); the copy saved in the project is used."
        else:
            warning = f"{name} changed since the project was saved; the copy saved in the project is used."
        saved_hash = entry.get("sha256")
        if isinstance(saved_hash, str) and saved_hash != text_hash(saved_text):
            raise _fail(path, f"the saved text of {what} does not match its hash (the file was damaged)")
        doc = document_from_text(saved_text, title=title or (loaded.title if loaded else None), source=source)
        return dataclasses.replace(doc, id=doc_id, date=date or doc.date), warning
    if loaded is None:
        raise _fail(path, f"{what} ({source}) cannot be read and the project holds no copy of it: {problem}")
    return dataclasses.replace(loaded, id=doc_id, title=title or loaded.title), None


def _correction(path: Path, entry: dict, number: int, documents: dict[str, Document]) -> Correction:
    what = f"correction {number}"
    doc_id = _require(path, entry.get("document"), str, f'{what}\'s "document"')
    start = _require(path, entry.get("start"), int, f'{what}\'s "start"')
    end = _require(path, entry.get("end"), int, f'{what}\'s "end"')
    if "place" not in entry:
        raise _fail(path, f'{what} has no "place" (a place id, or null for "not a place")')
    place = entry["place"]
    if place is not None:
        _require(path, place, str, f'{what}\'s "place"')
    doc = documents.get(doc_id)
    if doc is None:
        raise _fail(path, f"{what} is for the document {doc_id!r}, which the project does not list")
    if not 0 <= start < end <= len(doc.text):
        raise _fail(path, f"{what} points at characters {start}-{end}, outside {doc.title!r}")
    words = entry.get("text")
    if isinstance(words, str) and doc.text[start:end] != words:
        raise _fail(
            path,
            f"{what} is for {words!r} but {doc.title!r} has {doc.text[start:end]!r} there",
        )
    return Correction(doc_id, start, end, place)


def project_to_json(project: Project) -> str:
    """The project as its file holds it: documents with their text, corrections, the view."""
    documents = []
    for doc in project.documents:
        entry: dict[str, Any] = {"id": doc.id, "source": doc.source, "title": doc.title}
        if doc.date:
            entry["date"] = doc.date
        entry["sha256"] = text_hash(doc.text)
        entry["text"] = doc.text
        documents.append(entry)
    corrections = []
    for c in project.corrections:
        doc = project.document(c.document)
        record: dict[str, Any] = {"document": c.document, "start": c.start, "end": c.end, "place": c.place}
        if doc is not None:
            record["text"] = doc.text[c.start : c.end]
        corrections.append(record)
    view: dict[str, Any] = {"document": project.view}
    followed = project.followed()
    if followed is not None:
        view.update(place=followed.place_id, mention=followed.index)
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "documents": documents,
        "corrections": corrections,
        "view": view,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def write_project(project: Project, path: str | os.PathLike[str], *, remember: bool = True) -> Path:
    """Write the project atomically; with `remember`, it becomes the project's file and is saved work."""
    from mapviewer.errors import ExportError
    from mapviewer.export import atomic_write

    text = project_to_json(project)
    try:
        written = atomic_write(path, text)
    except ExportError as exc:
        raise ProjectError(str(exc)) from exc
    if remember:
        project.mark_saved(written)
    return written


def open_project(path: str | os.PathLike[str], geoparser, progress=None) -> tuple[Project, list[str]]:
    """Read a project file, geoparse its documents and apply its corrections: (project, warnings).

    `progress(fraction, message)` is called per document and may raise to cancel.
    """
    project_file = read_project(path)
    project = Project(geoparser.place)
    parsed = geoparse_project_file(project_file, geoparser, progress)
    project.reset(parsed, project_file.corrections, project_file.path)
    restore_view(project, project_file.view)
    return project, project_file.warnings


def geoparse_project_file(project_file: ProjectFile, geoparser, progress=None) -> list[tuple[Document, list]]:
    total = len(project_file.documents)
    parsed = []
    for i, doc in enumerate(project_file.documents):
        if progress is not None:
            progress(i / max(total, 1), f"Reading {doc.title} ({i + 1} of {total})")
        parsed.append((doc, geoparser.parse_document(doc)))
    return parsed


def restore_view(project: Project, view: dict[str, Any]) -> None:
    """The document and the followed mention the project was saved with, where they still exist."""
    doc_id = view.get("document")
    if isinstance(doc_id, str) and project.has(doc_id):
        project.set_view(doc_id)
    place, index = view.get("place"), view.get("mention", 0)
    if isinstance(place, str):
        project.follow(place, index if isinstance(index, int) else 0, origin="project")
    project.mark_saved()


def recovery_path(folder: Path, project_path: Path | None) -> Path:
    """Where autosave keeps unsaved work: one recovery file per project (or for an untitled one)."""
    name = project_path.stem if project_path else "untitled"
    tag = hashlib.sha1(str(project_path or "").encode()).hexdigest()[:8]
    return folder / f"{name}-{tag}.recovery{SUFFIX}"
