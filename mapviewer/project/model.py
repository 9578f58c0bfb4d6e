"""The analyst's project: documents, the geoparser's resolutions, the person's corrections on top,
the undo history, and what is being read and followed. Plain Python that emits change events.

Every view observes it (the window, the map, the table, the CLI's exports); none tells another what to
show. Corrections are data here, applied on the fly, never written into the geoparser's output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mapviewer.model import Document, GeoparseResult, Place, PlaceMentions, Resolution
from mapviewer.project.corrections import (
    Correction,
    CorrectionError,
    SpanKey,
    apply_corrections,
    check_span,
)
from mapviewer.project.events import ProjectEvents
from mapviewer.project.history import Change, DocumentStep, History

__all__ = ["Followed", "Project", "Scope"]

Scope = Literal["mention", "document", "project"]  # how far "apply to all" reaches


@dataclass(frozen=True)
class Followed:
    """The place being followed and which of its mentions (in reading order) is shown."""

    place_id: str
    index: int
    count: int
    documents: int
    resolution: Resolution


def _key(res: Resolution) -> SpanKey:
    return (res.mention.doc_id, res.mention.start, res.mention.end)


class Project:
    """Open documents and the work done on them. `place_of` looks a place id up in the gazetteer."""

    def __init__(self, place_of: Callable[[str], Place | None] | None = None) -> None:
        self.events = ProjectEvents()
        self.place_of: Callable[[str], Place | None] = place_of or (lambda _id: None)
        self.path: Path | None = None
        self.country_names: dict[str, str] = {}  # ISO alpha-2 -> gazetteer name, for display
        self.history = History()
        self._documents: list[Document] = []
        self._base: dict[str, list[Resolution]] = {}
        self._corrections: dict[SpanKey, Correction] = {}
        self._resolved: dict[str, list[Resolution]] = {}
        # Distinct places per view (a document id, None for all), derived from _resolved: a big document
        # has 200,000 mentions, and the window asks for its places several times per change.
        self._places: dict[str | None, list[PlaceMentions]] = {}
        self._documents_changed = self._forced_dirty = False
        self._saved_corrections: dict[SpanKey, Correction] = {}  # as last saved: unsaved work differs
        self._was_dirty = False
        self._followed: str | None = None
        self._follow_index = 0
        self.view: str | None = None  # the document being read; None: all documents

    # -- documents ---------------------------------------------------------------------------------
    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(self._documents)

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self._documents if d.id == doc_id), None)

    def has(self, doc_id: str) -> bool:
        return doc_id in self._base

    def add_document(
        self, document: Document, resolutions: Iterable[Resolution], position: int | None = None
    ) -> bool:
        """Add a document with the geoparser's reading; False when it (or its file) is already open."""
        if document.id in self._base or (
            document.source and any(d.source == document.source for d in self._documents)
        ):
            return False
        self._documents.insert(len(self._documents) if position is None else position, document)
        self._places.clear()
        self._base[document.id] = sorted(resolutions, key=lambda r: (r.mention.start, r.mention.end))
        self._documents_changed = True
        self.events.documents.emit(added=(document.id,), removed=())
        self._dirty_maybe_changed()
        return True

    def remove_document(self, doc_id: str) -> None:
        if doc_id not in self._base:
            return
        before = self.followed()
        self._documents = [d for d in self._documents if d.id != doc_id]
        del self._base[doc_id]
        self._forget(doc_id)
        self._corrections = {k: c for k, c in self._corrections.items() if k[0] != doc_id}
        self._documents_changed = True
        if self.view == doc_id:
            self.view = None
            self.events.view.emit(document=None)
        self.events.documents.emit(added=(), removed=(doc_id,))
        self._refollow(before)
        self._dirty_maybe_changed()

    def close_document(self, doc_id: str) -> bool:
        """Close a document as an undoable step: undone, it comes back with its corrections."""
        doc = self.document(doc_id)
        if doc is None:
            return False
        step = DocumentStep(
            doc,
            tuple(self._base[doc_id]),
            tuple(c for k, c in self._corrections.items() if k[0] == doc_id),
            self._documents.index(doc),
            open_after=False,
        )
        change = Change(f"Close {doc.title or 'the document'!r}", (), (step,))
        self._apply(change)
        self.history.record(change)
        self.events.history.emit()
        self._dirty_maybe_changed()
        return True

    def _apply_document(self, step: DocumentStep) -> None:
        doc_id = step.document.id
        if not step.open_after:
            self.remove_document(doc_id)
        elif doc_id not in self._base:
            # Its corrections first, so every view shows it corrected as soon as it is back.
            self._corrections.update({c.key: c for c in step.corrections})
            self._forget(doc_id)
            if not self.add_document(step.document, step.resolutions, step.position):  # its file is open
                self._corrections = {k: c for k, c in self._corrections.items() if k[0] != doc_id}

    def reset(
        self,
        documents: Iterable[tuple[Document, Iterable[Resolution]]] = (),
        corrections: Iterable[Correction] = (),
        path: Path | None = None,
    ) -> None:
        """Replace everything (File > New, File > Open): the new state is saved work, with no history.
        The corrections are checked first; when one cannot apply, nothing changes."""
        trial = Project(self.place_of)
        for doc, resolutions in documents:
            trial.add_document(doc, resolutions)
        trial.load_corrections(corrections)  # raises before this project is touched
        removed = tuple(d.id for d in self._documents)
        self._documents, self._base = trial._documents, trial._base
        self._corrections, self._resolved = trial._corrections, trial._resolved
        self._places.clear()
        self.history.clear()
        self.path = Path(path) if path is not None else None
        self._followed, self._follow_index, self.view = None, 0, None
        self.events.documents.emit(added=tuple(d.id for d in self._documents), removed=removed)
        self.events.corrections.emit(spans=tuple(self._corrections))
        self.events.view.emit(document=None)
        self.events.follow.emit(followed=None, origin="app")
        self.events.history.emit()
        self.mark_saved()

    # -- resolutions, corrected --------------------------------------------------------------------
    def resolutions(self, doc_id: str) -> list[Resolution]:
        """The document's mentions with the person's corrections applied, in text order."""
        if doc_id not in self._resolved:
            doc = self.document(doc_id)
            if doc is None:
                return []
            mine = [c for k, c in self._corrections.items() if k[0] == doc_id]
            base = self._base[doc_id]  # in text order already (add_document)
            # Uncorrected, it is the geoparser's reading: a big text's 200,000 mentions need no pass.
            self._resolved[doc_id] = apply_corrections(doc, base, mine, self.place_of) if mine else list(base)
        return self._resolved[doc_id]

    def _forget(self, doc_id: str | None = None) -> None:
        """Corrections changed: drop one document's corrected mentions (None: every document's)."""
        if doc_id is None:
            self._resolved.clear()
        else:
            self._resolved.pop(doc_id, None)
        self._places.clear()

    def places(self, doc_id: str | None = None) -> list[PlaceMentions]:
        """The distinct places of one document (or all), most mentioned first; kept until a change."""
        if doc_id not in self._places:
            if doc_id is None and len(self._documents) == 1:  # all documents are this one
                self._places[None] = self.places(self._documents[0].id)
            else:
                self._places[doc_id] = self.result(doc_id).places()
        return self._places[doc_id]

    def geoparser_resolutions(self, doc_id: str) -> list[Resolution]:
        return list(self._base.get(doc_id, ()))

    def result(self, doc_id: str | None = None) -> GeoparseResult:
        """A snapshot for the core (map, exports): one document, or all of them."""
        docs = [d for d in self._documents if doc_id is None or d.id == doc_id]
        return GeoparseResult(docs, [r for d in docs for r in self.resolutions(d.id)])

    def mention_at(self, doc_id: str, offset: int) -> Resolution | None:
        return next((r for r in self.resolutions(doc_id) if r.mention.start <= offset < r.mention.end), None)

    def resolution(self, doc_id: str, start: int, end: int) -> Resolution | None:
        return next(
            (r for r in self.resolutions(doc_id) if (r.mention.start, r.mention.end) == (start, end)), None
        )

    def mentions_of(self, place_id: str) -> list[Resolution]:
        """Every mention of a place, in reading order: documents as listed, then by offset."""
        found = next((pm for pm in self.places() if pm.place.id == place_id), None)
        return list(found.resolutions) if found else []

    def place_ids(self, doc_id: str | None = None) -> list[str]:
        """The distinct places of one document (or all), most mentioned first."""
        return [pm.place.id for pm in self.places(doc_id)]

    @property
    def mention_count(self) -> int:
        return sum(len(self.resolutions(d.id)) for d in self._documents)

    @property
    def place_count(self) -> int:
        return len(self.places())

    # -- corrections -------------------------------------------------------------------------------
    @property
    def corrections(self) -> list[Correction]:
        order = {d.id: i for i, d in enumerate(self._documents)}
        return sorted(self._corrections.values(), key=lambda c: (order.get(c.document, 0), c.start, c.end))

    def correction(self, doc_id: str, start: int, end: int) -> Correction | None:
        return self._corrections.get((doc_id, start, end))

    def is_corrected(self, res: Resolution) -> bool:
        return _key(res) in self._corrections

    def load_corrections(self, corrections: Iterable[Correction]) -> None:
        """Corrections read from a project file: checked, applied, not an undoable step, not unsaved work."""
        new = {c.key: c for c in corrections}
        for correction in new.values():
            doc = self.document(correction.document)
            if doc is not None:
                check_span(doc, correction)
        self._corrections = new
        self._forget()
        for doc in self._documents:
            self.resolutions(doc.id)  # an unknown place raises here, before anything is shown
        self.events.corrections.emit(spans=tuple(new))

    def correct(
        self, doc_id: str, start: int, end: int, place_id: str | None, scope: Scope = "mention"
    ) -> int:
        """Point the span (and, with a wider scope, every mention of the same name) at a place, or at
        nothing ("not a place"). A span the geoparser did not find becomes an added mention.
        Returns how many mentions changed; the change is one undoable step."""
        doc = self.document(doc_id)
        if doc is None:
            return 0
        target = Correction(doc_id, start, end, place_id)
        check_span(doc, target)
        if place_id is not None and self.place_of(place_id) is None:
            raise CorrectionError(f"The gazetteer does not know the place {place_id!r}.")
        keys = [target.key] if scope == "mention" else self._same_name(doc, start, end, scope)
        words = doc.text[start:end]
        if place_id is None:
            label = f"Mark {words!r} as not a place"
        else:
            place = self.place_of(place_id)
            label = f"Point {words!r} at {place.name if place else place_id}"
        if len(keys) > 1:
            label += f" ({len(keys)} mentions)"
        return self._change(label, {k: Correction(*k, place_id) for k in keys})

    def restore(self, doc_id: str, start: int, end: int) -> int:
        """Back to the geoparser's reading of this span (an added mention goes away)."""
        key = (doc_id, start, end)
        if key not in self._corrections:
            return 0
        return self._change("Restore the geoparser's reading", {key: None})

    def _same_name(self, doc: Document, start: int, end: int, scope: Scope) -> list[SpanKey]:
        """Spans of the same words: the mentions named so, and for an added mention also the words
        wherever they stand unmentioned (the geoparser missed them all)."""
        words = doc.text[start:end]
        folded = words.casefold()
        docs = [doc] if scope == "document" else list(self._documents)
        added = self._is_added((doc.id, start, end))
        keys: list[SpanKey] = [(doc.id, start, end)]
        pattern = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)", re.IGNORECASE)
        for d in docs:
            current = self.resolutions(d.id)
            for res in current:
                if res.mention.text.casefold() == folded:
                    keys.append(_key(res))
            if added:
                for match in pattern.finditer(d.text):
                    if not any(
                        r.mention.start < match.end() and match.start() < r.mention.end for r in current
                    ):
                        keys.append((d.id, match.start(), match.end()))
        return list(dict.fromkeys(keys))

    def _is_added(self, key: SpanKey) -> bool:
        return not any(_key(r) == key for r in self._base.get(key[0], ()))

    def _change(self, label: str, after: dict[SpanKey, Correction | None]) -> int:
        spans = tuple(
            (key, self._corrections.get(key), new)
            for key, new in after.items()
            if self._corrections.get(key) != new
        )
        if not spans:
            return 0
        change = Change(label, spans)
        self._apply(change)
        self.history.record(change)
        self.events.history.emit()
        self._dirty_maybe_changed()
        return len(spans)

    def _apply(self, change: Change) -> None:
        for step in change.documents:
            self._apply_document(step)
        followed = self.followed()
        for key, _before, new in change.spans:
            if key[0] not in self._base:
                continue  # an old step about a document closed since
            if new is None:
                self._corrections.pop(key, None)
            else:
                self._corrections[key] = new
            self._forget(key[0])
        self.events.corrections.emit(spans=tuple(k for k, _b, _a in change.spans), label=change.label)
        self._refollow(followed)

    def undo(self) -> str | None:
        return self._step_history(self.history.undo)

    def redo(self) -> str | None:
        return self._step_history(self.history.redo)

    def _step_history(self, step: Callable[[], Change | None]) -> str | None:
        change = step()
        if change is None:
            return None
        self._apply(change)
        self.events.history.emit()
        self._dirty_maybe_changed()
        return change.label

    # -- unsaved work ------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """Unsaved work: corrections not saved, or a saved project whose documents changed. Opening
        files into an untitled project is not work to lose (they are still on disk)."""
        return (
            self._forced_dirty
            or self._corrections != self._saved_corrections
            or (self._documents_changed and self.path is not None)
        )

    def mark_saved(self, path: Path | None = None) -> None:
        if path is not None:
            self.path = Path(path)
        self._documents_changed = self._forced_dirty = False
        self._saved_corrections = dict(self._corrections)
        self.history.mark_saved()
        self._dirty_maybe_changed(force=True)

    def mark_unsaved(self) -> None:
        """Work that is not in any saved file (a recovered autosave)."""
        self._forced_dirty = True
        self._dirty_maybe_changed()

    def _dirty_maybe_changed(self, force: bool = False) -> None:
        if force or self.dirty != self._was_dirty:
            self._was_dirty = self.dirty
            self.events.dirty.emit(dirty=self.dirty)

    # -- reading and following ---------------------------------------------------------------------
    def set_view(self, doc_id: str | None) -> None:
        """Look at one document (or all, None). A followed place the document does not name is let go;
        one it names moves to its first mention there."""
        if doc_id is not None and doc_id not in self._base:
            return
        changed = doc_id != self.view
        self.view = doc_id
        if changed:
            self.events.view.emit(document=doc_id)
        followed = self.followed()
        if doc_id is None or followed is None or followed.resolution.mention.doc_id == doc_id:
            return
        mentions = self.mentions_of(followed.place_id)
        index = next((i for i, r in enumerate(mentions) if r.mention.doc_id == doc_id), None)
        if index is None:
            self.unfollow()
        else:
            self.follow(followed.place_id, index, origin="documents")

    def follow(self, place_id: str, index: int = 0, origin: str = "app") -> bool:
        """Follow a place from one of its mentions; `origin` names the view that asked (it need not move)."""
        mentions = self.mentions_of(place_id)
        if not mentions:
            return False
        self._followed = place_id
        self._follow_index = max(0, min(index, len(mentions) - 1))
        self.events.follow.emit(followed=self.followed(), origin=origin)
        return True

    def follow_mention(self, res: Resolution, origin: str = "app") -> bool:
        mentions = self.mentions_of(res.place.id)
        index = next((i for i, r in enumerate(mentions) if _key(r) == _key(res)), 0)
        return self.follow(res.place.id, index, origin)

    def unfollow(self) -> None:
        if self._followed is not None:
            self._followed = None
            self._follow_index = 0
            self.events.follow.emit(followed=None, origin="app")

    def step(self, delta: int) -> bool:
        """The next (+1) or previous (-1) mention of the followed place, across documents."""
        followed = self.followed()
        if followed is None or not 0 <= followed.index + delta < followed.count:
            return False
        return self.follow(followed.place_id, followed.index + delta, origin="navigation")

    def followed(self) -> Followed | None:
        if self._followed is None:
            return None
        mentions = self.mentions_of(self._followed)
        if not mentions or self._follow_index >= len(mentions):
            return None
        res = mentions[self._follow_index]
        docs = len({r.mention.doc_id for r in mentions})
        return Followed(self._followed, self._follow_index, len(mentions), docs, res)

    def _refollow(self, before: Followed | None) -> None:
        """After a change, keep following the same mention (at its new place), else the same place."""
        if before is None:
            before = self.followed()
            if before is None and self._followed is not None:
                self.unfollow()
            return
        key = _key(before.resolution)
        res = self.resolution(*key)
        if res is not None:
            self.follow_mention(res, origin="correction")
        elif not self.follow(before.place_id, before.index, origin="correction"):
            self._followed = None
            self.events.follow.emit(followed=None, origin="correction")
