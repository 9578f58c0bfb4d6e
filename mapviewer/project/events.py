"""Change events for the project model: plain callbacks, no Qt, so the model runs headless.

    project.events.corrections.connect(lambda event: ...)

Each view subscribes to what it shows; the model never knows who listens (napari's evented model, small).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Event", "EventEmitter", "ProjectEvents"]


@dataclass(frozen=True)
class Event:
    """What changed: the emitter's name and whatever the model says about it."""

    type: str
    data: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None


class EventEmitter:
    """One kind of change; callbacks run in the order they connected."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callable[[Event], None]] = []
        self._blocked = 0

    def connect(self, callback: Callable[[Event], None]) -> Callable[[Event], None]:
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[[Event], None] | None = None) -> None:
        """Drop one callback, or all of them when none is named."""
        if callback is None:
            self._callbacks.clear()
        elif callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, **data: Any) -> None:
        if self._blocked:
            return
        event = Event(self.name, data)
        for callback in list(self._callbacks):
            callback(event)


class ProjectEvents:
    """The project's emitters, by what they announce."""

    def __init__(self) -> None:
        self.documents = EventEmitter("documents")  # documents added or removed
        self.corrections = EventEmitter("corrections")  # what a mention resolves to changed
        self.follow = EventEmitter("follow")  # the followed place or mention moved
        self.view = EventEmitter("view")  # which document (or all) is being looked at
        self.dirty = EventEmitter("dirty")  # unsaved work appeared or was saved
        self.history = EventEmitter("history")  # what undo / redo would do changed

    def all(self) -> list[EventEmitter]:
        return [self.documents, self.corrections, self.follow, self.view, self.dirty, self.history]
