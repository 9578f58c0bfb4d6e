"""First launch: the gazetteer index is built behind a progress dialog, and that build can be cancelled.

Both build a real index from the small cities file of `small_index_env` (see conftest.py).
"""

from __future__ import annotations

import pytest
from ui_helpers import READY_TIMEOUT_MS, App, ProgressHold, worker_paused

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QPushButton  # noqa: E402


def test_first_launch_builds_the_index_behind_a_progress_dialog(qtbot, tmp_path, small_index_env):
    app = App(qtbot, tmp_path / "settings.ini")
    try:
        window = app.window
        seen: list[tuple[int, str]] = []
        with qtbot.waitSignal(window.mapReady, timeout=READY_TIMEOUT_MS):
            window.start()
            dialog = window._index_dialog
            assert dialog is not None and dialog.isVisible()
            window._gazetteer_task.progressed.connect(
                lambda *_: seen.append((dialog.value(), dialog.labelText()))
            )
        assert len({value for value, _ in seen}) > 3, "the dialog showed the build's progress"
        assert any("GeoNames" in label for _, label in seen)
        assert window._index_dialog is None
        assert len(window.project.documents) == 1, "the seeds opened once the index was built"
        assert {"Kuala Lumpur", "Gyeongju"} <= {r.place.name for r in window.project.result().resolutions}
        assert list(small_index_env.glob("gazetteer-*.sqlite"))
    finally:
        app.close()


def test_cancelling_the_first_build_keeps_the_app_running(qtbot, tmp_path, small_index_env):
    app = App(qtbot, tmp_path / "settings.ini")
    try:
        window = app.window
        # The build waits at its first report past the start until Cancel has been clicked, so the
        # click always lands mid-build however fast or loaded the machine is.
        with worker_paused(window.worker):
            window.start()
            held = ProgressHold(window._gazetteer_task, lambda fraction: fraction > 0)
        dialog = window._index_dialog
        with held:
            qtbot.waitUntil(lambda: held.reached and dialog.value() > 0, timeout=30_000)
            QTest.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.loading and not window.worker.busy, timeout=30_000)
        assert window.project.documents == ()
        assert "cancelled" in window.statusBar().currentMessage()
        assert window.messages == [], "cancelling is not an error"
        assert not list(small_index_env.glob("gazetteer-*.sqlite")), "no half-built index left in place"
        assert not list(small_index_env.glob(".*.tmp")), "nor its temporary file"
    finally:
        app.close()
