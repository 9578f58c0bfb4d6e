"""Undo and redo: every change to the corrections is one step, however many mentions it touched; so is
closing a document (undone, it comes back with its corrections)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from mapviewer.model import Document, Resolution
from mapviewer.project.corrections import Correction, SpanKey

__all__ = ["Change", "DocumentStep", "History"]


@dataclass(frozen=True)
class DocumentStep:
    """A document closed (or, undone, opened again): all it takes to put it back where it was."""

    document: Document
    resolutions: tuple[Resolution, ...]  # the geoparser's reading
    corrections: tuple[Correction, ...]
    position: int  # its place in the documents list
    open_after: bool

    def inverse(self) -> DocumentStep:
        return dataclasses.replace(self, open_after=not self.open_after)


@dataclass(frozen=True)
class Change:
    """A step: for each span, the correction before and after (None: the geoparser's reading); and the
    documents it opened or closed."""

    label: str
    spans: tuple[tuple[SpanKey, Correction | None, Correction | None], ...]
    documents: tuple[DocumentStep, ...] = ()

    def inverse(self) -> Change:
        return Change(
            self.label,
            tuple((key, after, before) for key, before, after in self.spans),
            tuple(step.inverse() for step in reversed(self.documents)),
        )


class History:
    def __init__(self) -> None:
        self._steps: list[Change] = []
        self._index = 0  # steps before it are done, steps from it on are undone
        self._saved_index: int | None = 0

    def record(self, change: Change) -> None:
        del self._steps[self._index :]
        if self._saved_index is not None and self._saved_index > self._index:
            self._saved_index = None  # the saved state can no longer be reached by undo/redo
        self._steps.append(change)
        self._index += 1

    def undo(self) -> Change | None:
        if not self.can_undo:
            return None
        self._index -= 1
        return self._steps[self._index].inverse()

    def redo(self) -> Change | None:
        if not self.can_redo:
            return None
        self._index += 1
        return self._steps[self._index - 1]

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._steps)

    @property
    def undo_label(self) -> str | None:
        return self._steps[self._index - 1].label if self.can_undo else None

    @property
    def redo_label(self) -> str | None:
        return self._steps[self._index].label if self.can_redo else None

    def mark_saved(self) -> None:
        self._saved_index = self._index

    @property
    def at_saved(self) -> bool:
        return self._saved_index == self._index

    def clear(self) -> None:
        self._steps.clear()
        self._index = 0
        self._saved_index = 0
