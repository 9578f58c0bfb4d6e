"""Drive the real window (and its real web view) from pytest-qt tests; Qt is imported lazily."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

READY_TIMEOUT_MS = 120_000  # the first run may build the gazetteer index
JS_TIMEOUT_MS = 10_000
_AT_REST = (
    "(m => { var busy = !!m._animatingZoom || !!(m._panAnim && m._panAnim._inProgress);"
    " m.eachLayer(l => { busy = busy || !!l._inZoomAnimation; }); return !busy; })(mapviewer.leafletMap())"
)


class App:
    """The main window under test, with an isolated settings file and helpers to talk to its page."""

    def __init__(self, qtbot, settings_path: Path, size: tuple[int, int] = (1440, 900)) -> None:
        from PySide6.QtCore import QSettings

        from mapviewer.ui.mainwindow import MainWindow

        self.qtbot = qtbot
        self.settings_path = settings_path
        self.settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        self.window = MainWindow(self.settings)
        self.window.resize(*size)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.closed = False

    def start(self, paths=None) -> App:
        with self.qtbot.waitSignal(self.window.mapReady, timeout=READY_TIMEOUT_MS):
            self.window.start(paths)
        return self

    # -- the page ----------------------------------------------------------------------------------
    def js(self, code: str):
        page = self.window.map.page()
        with self.qtbot.waitCallback(timeout=JS_TIMEOUT_MS) as callback:
            page.runJavaScript(code, 0, callback)
        return callback.args[0]

    def call(self, expression: str):
        """Evaluate in the page and return its value through JSON."""
        text = self.js(f"JSON.stringify({expression})")
        return json.loads(text) if text else None

    def wait_at_rest(self) -> None:
        """Until Leaflet is at rest (no zoom or pan under way, no cluster re-arranging): a click then
        lands where it was aimed and the map's bounds are final."""
        self.qtbot.waitUntil(lambda: self.call(_AT_REST) is True, timeout=JS_TIMEOUT_MS)

    def open_popup(self) -> str | None:
        return self.call("mapviewer.openPopupId()")

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for box in list(self.window.messages):
            box.close()
        self.window.close()
        # The page is parented to the view: it goes with the window, before the profile (pytest-qt #319).
        self.window.deleteLater()
        self.qtbot.wait(50)


def wait_for_message(qtbot, window, timeout: int = 30_000):
    """The last message box the window showed, once one is visible."""
    qtbot.waitUntil(lambda: any(box.isVisible() for box in window.messages), timeout=timeout)
    return [box for box in window.messages if box.isVisible()][-1]


def message_text(box) -> str:
    return f"{box.text()}\n{box.informativeText()}"


class ProgressHold:
    """Keeps a background task waiting inside its first progress report that satisfies `when`.

    The report is taken on the worker thread itself (a direct connection), so the task cannot run past
    it until the hold is released (leaving its `with` block): a test can click Cancel mid-task on any
    machine, however fast or loaded. Create it before the task runs (see `worker_paused`).
    """

    def __init__(self, task, when: Callable[[float], bool]) -> None:
        from PySide6.QtCore import Qt

        self.when = when
        self.reached = False
        self._release = threading.Event()
        task.progressed.connect(self._on_progress, Qt.ConnectionType.DirectConnection)

    def _on_progress(self, fraction: float, _message: str) -> None:
        if not self.reached and self.when(fraction):
            self.reached = True
            self._release.wait(60)

    def release(self) -> None:
        self._release.set()

    def __enter__(self) -> ProgressHold:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


@contextmanager
def worker_paused(worker):
    """Keep the window's worker thread busy until the block ends, so tasks queued inside it start later.

    Lets a test connect to a task before it can run a single step.
    """
    release = threading.Event()
    worker.run(lambda _task: release.wait(60), name="test pause")
    try:
        yield
    finally:
        release.set()
