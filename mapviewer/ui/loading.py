"""Opening documents off the UI thread: read, geoparse, report progress, honour Cancel.

Everything here runs on the worker thread (see workers.py) and touches no widget.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from mapviewer.errors import MapviewerError
from mapviewer.model import Document
from mapviewer.ui import collector
from mapviewer.ui.workers import Cancelled, Task

log = logging.getLogger(__name__)

BIG_TEXT_CHARS = 1_000_000  # over this, say that the analysis is under way (it takes seconds)


def supported_suffixes() -> tuple[str, ...]:
    from mapviewer.documents import SUPPORTED_SUFFIXES

    return tuple(SUPPORTED_SUFFIXES)


@dataclass(frozen=True)
class PastedText:
    text: str
    title: str | None = None


@dataclass
class LoadOutcome:
    loaded: list[tuple[Document, list]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (what, message)
    country_names: dict[str, str] = field(default_factory=dict)
    remember: list[Path] = field(default_factory=list)  # files to list under Open Recent


class DocumentLoader:
    """The geoparser and the loading it does; used only on the worker thread."""

    def __init__(self) -> None:
        self.geoparser = None
        # The online geocoder chosen in Settings, asked about names the gazetteer lacks; None: offline.
        self.online = None

    def ensure_geoparser(self, task: Task) -> None:
        if self.geoparser is not None:
            return
        from mapviewer.gazetteer import open_gazetteer
        from mapviewer.geoparse import Geoparser

        def report(fraction: float, message: str) -> None:
            task.check_cancelled()  # raising here stops the build; it never leaves a half-built index
            task.progress(fraction, message)

        self.geoparser = Geoparser(open_gazetteer(progress=report))

    def load(self, task: Task, sources: Sequence[Path | PastedText], remember: bool) -> LoadOutcome:
        from mapviewer.documents import document_from_text, load_document

        if self.geoparser is None:
            raise Cancelled  # the index was not built (cancelled or failed, already reported)
        outcome = LoadOutcome()
        files = _expand(sources, outcome)
        total = len(files)
        for i, source in enumerate(files):
            task.check_cancelled()
            name = source.name if isinstance(source, Path) else (source.title or "pasted text")
            task.progress(i / max(total, 1), f"Reading {name} ({i + 1} of {total})")
            try:
                if isinstance(source, Path):
                    doc = load_document(source)
                else:
                    doc = document_from_text(source.text, title=source.title)
                if len(doc.text) > BIG_TEXT_CHARS:
                    size = f"{len(doc.text) / 1e6:.1f} million characters"
                    task.progress(i / max(total, 1), f"Finding the places in {name} ({size})…")
                with task.interruptible(), collector.paused(len(doc.text) > BIG_TEXT_CHARS):
                    if self.online is None:  # Cancel or quitting stops it at once
                        resolutions = self.geoparser.parse_document(doc)
                    else:
                        doc, resolutions = self._parse_online(task, doc, i / max(total, 1))
            except Cancelled:
                raise
            except MapviewerError as exc:
                outcome.errors.append((name, str(exc)))
                continue
            except OSError as exc:
                outcome.errors.append((name, f"{name} could not be read ({exc.strerror or exc})."))
                continue
            except Exception as exc:  # a bug in one file's analysis must not lose the others
                log.exception("analysing %s failed", name)
                outcome.errors.append((name, f"{name} could not be analysed ({type(exc).__name__}: {exc})."))
                continue
            outcome.loaded.append((doc, resolutions))
            if remember and isinstance(source, Path):
                outcome.remember.append(source)
            for res in resolutions:
                cc = res.place.country_code
                if cc and cc not in outcome.country_names:
                    country = self.geoparser.place(f"country:{cc}")
                    outcome.country_names[cc] = country.name if country else cc
        task.check_cancelled()
        task.progress(1.0, "Done")
        return outcome

    def _parse_online(self, task: Task, doc: Document, fraction: float) -> tuple[Document, list]:
        """Geoparse, asking the online geocoder too; when it fails the document keeps the offline reading
        and says why (Document.warnings)."""
        from mapviewer.geocoding import GeocodingError, parse_with_geocoder

        def notice(message: str) -> None:
            task.check_cancelled()  # Cancel stops the asking between two requests
            task.progress(fraction, message)

        try:
            return doc, parse_with_geocoder(self.geoparser, doc, self.online, notice=notice)
        except GeocodingError as exc:
            warning = f"Names the gazetteer lacks were not looked up online: {exc}"
            return replace(doc, warnings=(*doc.warnings, warning)), self.geoparser.parse_document(doc)


def _expand(sources: Sequence[Path | PastedText], outcome: LoadOutcome) -> list[Path | PastedText]:
    """A folder stands for the supported files inside it, at any depth (as for `mapviewer export`)."""
    from mapviewer.documents import find_documents

    files: list[Path | PastedText] = []
    for source in sources:
        if isinstance(source, Path) and source.is_dir():
            try:
                files.extend(find_documents(source))
            except MapviewerError as exc:
                outcome.errors.append((source.name, str(exc)))
        else:
            files.append(source)
    return files
