"""The app with an unusable cache folder: it starts, says what is wrong and what to do, and runs on."""

from __future__ import annotations

import pytest
from ui_helpers import App

pytestmark = pytest.mark.gui


def test_a_file_in_place_of_the_cache_folder_is_shown_and_the_app_runs_on(qtbot, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.write_text("not a folder")
    monkeypatch.setenv("MAPVIEWER_CACHE_DIR", str(cache))
    app = App(qtbot, tmp_path / "settings.ini")
    try:
        shown = []
        app.window.messageShown.connect(shown.append)
        app.window.start([])
        qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
        assert shown[0].startswith("The place index could not be opened\n")
        assert f"The cache folder {cache} cannot be used" in shown[0]
        assert "MAPVIEWER_CACHE_DIR" in shown[0]
        qtbot.waitUntil(lambda: not app.window.loading, timeout=60_000)
        assert app.window.isVisible()
        assert cache.read_text() == "not a folder"
    finally:
        app.close()
