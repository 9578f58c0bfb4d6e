"""First launch: the gazetteer index is built behind a progress dialog, and that build can be cancelled."""

from __future__ import annotations

import pytest
from ui_helpers import READY_TIMEOUT_MS, App

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QPushButton  # noqa: E402


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MAPVIEWER_CACHE_DIR", str(folder))
    return folder


def test_first_launch_builds_the_index_behind_a_progress_dialog(qtbot, tmp_path, empty_cache):
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
        assert len(window.session.documents) == 1, "the seeds opened once the index was built"
        assert list(empty_cache.glob("gazetteer-*.sqlite"))
    finally:
        app.close()


def test_cancelling_the_first_build_keeps_the_app_running(qtbot, tmp_path, empty_cache):
    app = App(qtbot, tmp_path / "settings.ini")
    try:
        window = app.window
        window.start()
        dialog = window._index_dialog
        qtbot.waitUntil(lambda: dialog.value() > 0, timeout=30_000)
        QTest.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.loading and not window.worker.busy, timeout=30_000)
        assert window.session.documents == []
        assert "cancelled" in window.statusBar().currentMessage()
        assert window.messages == [], "cancelling is not an error"
        assert not list(empty_cache.glob("gazetteer-*.sqlite")), "no half-built index left in place"
    finally:
        app.close()
