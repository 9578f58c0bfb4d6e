"""The one place background work starts.

Every call into the core that can take time (building or opening the gazetteer, reading and geoparsing
files, rendering the map) runs on a single worker thread, one task after another. One thread keeps the
gazetteer's SQLite connection on the thread that opened it. A task reports progress and its result through
Qt signals, which arrive on the UI thread; a task's function must never touch a widget.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class Task(QObject):
    """A unit of background work: `fn(task)` runs on the worker thread and may call `task.progress()`."""

    progressed = Signal(float, str)  # fraction 0..1, message
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()
    ended = Signal()  # after any of the three above

    def __init__(self, fn: Callable[[Task], Any], name: str = "") -> None:
        super().__init__()
        self.fn = fn
        self.name = name or getattr(fn, "__name__", "task")
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._interruptible: int | None = None  # the worker thread's id while inside interruptible()
        self._interrupted = False

    # Called from the UI thread.
    def cancel(self) -> None:
        self._cancel.set()
        with self._lock:
            if self._interruptible is not None and not self._interrupted:
                self._interrupted = True
                _raise_in_thread(self._interruptible, Cancelled)

    # Called from the worker thread.
    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def progress(self, fraction: float, message: str = "") -> None:
        self.progressed.emit(max(0.0, min(1.0, float(fraction))), message)

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """Inside this block, cancel() stops the work at once: Cancelled is raised in the worker thread
        at its next Python instruction. For long pure-Python work that cannot check in by itself
        (geoparsing one 15 MB document takes a minute); the code inside must leave nothing half-done
        that outlives it, which holds for the geoparser (it only reads the gazetteer)."""
        with self._lock:
            self.check_cancelled()
            self._interruptible = threading.get_ident()
        try:
            yield
        finally:
            self._leave_interruptible()
        self.check_cancelled()

    def _leave_interruptible(self) -> None:
        with self._lock:
            if self._interruptible is not None:
                _raise_in_thread(self._interruptible, None)  # withdraw one not delivered yet
                self._interruptible = None

    def _run(self) -> None:
        try:
            try:
                self.check_cancelled()
                result = self.fn(self)
            finally:
                # Cancelled may even have landed in interruptible()'s own exit: withdraw what is left.
                self._leave_interruptible()
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:  # reported to the UI, which shows it; the app keeps running
            log.debug("task %s failed:\n%s", self.name, traceback.format_exc())
            self.failed.emit(exc)
        else:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)
        self.ended.emit()


def _raise_in_thread(thread_id: int, exc: type[BaseException] | None) -> None:
    """Make `exc` be raised in another Python thread (None withdraws a pending one); CPython's own API."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


class _Runner(QObject):
    @Slot(object)
    def run(self, task: Task) -> None:
        task._run()


# How long a thread may keep the GIL while another waits for it (Python's default is 5 ms). The UI thread
# takes the GIL for every event that reaches Python (a timer, a paint of a Python widget, an override
# check), so beside a worker busy in Python each of those waited up to 5 ms: hundreds of them made the
# window freeze for 1-2 s after a big document's analysis (bench/ui_big_document.py: 2.0-2.3 s longest
# stall at 5 ms, 0.35 s at 0.2 ms, the analysis no slower).
GIL_SWITCH_INTERVAL_S = 0.0002


class Worker(QObject):
    """A single background thread running tasks in the order they were submitted."""

    _submit = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))
        self._thread = QThread()
        self._thread.setObjectName("mapviewer-worker")
        self._runner = _Runner()
        self._runner.moveToThread(self._thread)
        self._submit.connect(self._runner.run)
        self._pending: set[Task] = set()
        self._thread.start()

    def submit(self, task: Task) -> Task:
        # Keep a reference until the task ends, so its signals outlive the caller's variables.
        self._pending.add(task)
        task.ended.connect(lambda: self._pending.discard(task))
        self._submit.emit(task)
        return task

    def run(self, fn: Callable[[Task], Any], name: str = "") -> Task:
        return self.submit(Task(fn, name))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def stop(self, timeout_ms: int = 10000) -> None:
        """Cancel what is queued and wait for the thread to finish its current task."""
        for task in list(self._pending):
            task.cancel()
        self._thread.quit()
        if not self._thread.wait(timeout_ms):
            log.warning("the worker thread did not stop within %d ms", timeout_ms)
