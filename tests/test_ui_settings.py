"""View > Settings...: the tile provider is the user's choice, saved in mapviewer/settings.py's file."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import App

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture
def config(tmp_path, monkeypatch):
    from mapviewer import settings

    folder = tmp_path / "config"
    monkeypatch.setenv(settings.CONFIG_ENV, str(folder))
    return folder


@pytest.fixture
def app(qtbot, tmp_path, config):
    application = App(qtbot, tmp_path / "settings.ini", size=(900, 600))  # not started: no documents
    yield application
    application.close()


def _settings_dialog(app):
    from mapviewer.ui.settings import SettingsDialog

    app.window.settings_action.trigger()
    app.qtbot.waitUntil(lambda: app.window.findChild(SettingsDialog) is not None)
    dialog = app.window.findChild(SettingsDialog)
    app.qtbot.waitExposed(dialog)
    return dialog


def test_choosing_a_tile_provider_saves_it_and_the_map_lets_only_its_hosts_through(app, config):
    from mapviewer import settings

    window = app.window
    window.online_action.setChecked(True)
    assert window.map.interceptor.allowed_hosts == settings.tile_hosts(settings.DEFAULT_TILE_PROVIDER)
    assert "Online tiles" in window.network_label.text()

    dialog = _settings_dialog(app)
    assert dialog.tiles.currentData() == settings.DEFAULT_TILE_PROVIDER
    dialog.tiles.setCurrentIndex(dialog.tiles.findData("OpenTopoMap"))
    assert "a.tile.opentopomap.org" in dialog.hosts.text()
    ARTIFACTS.mkdir(exist_ok=True)
    dialog.grab().save(str(ARTIFACTS / "settings-dialog.png"))
    dialog.accept()

    assert settings.load(config / "settings.json").tile_provider == "OpenTopoMap"
    assert window.map.interceptor.allowed_hosts == {f"{s}.tile.opentopomap.org" for s in "abc"}
    assert window._tiles() == "OpenTopoMap"  # what the map and the HTML export are built with
    window.online_action.setChecked(False)
    assert window.map.interceptor.allowed_hosts == frozenset()
    assert window._tiles() is None


def test_cancel_changes_nothing(app, config):
    dialog = _settings_dialog(app)
    dialog.tiles.setCurrentIndex(dialog.tiles.findData("CyclOSM"))
    dialog.reject()
    assert not (config / "settings.json").exists()
    assert app.window.user_settings.tile_provider != "CyclOSM"


def test_settings_that_cannot_be_saved_say_so_and_the_app_runs_on(app, config):
    from ui_helpers import message_text, wait_for_message

    from mapviewer import settings

    config.write_text("a file where the folder should be", encoding="utf-8")
    before = app.window.user_settings
    assert app.window.apply_settings(before.replace(tile_provider="CyclOSM")) is False
    box = wait_for_message(app.qtbot, app.window)
    assert "cannot be saved" in message_text(box)
    assert app.window.user_settings == before
    assert settings.load().tile_provider == before.tile_provider


def test_a_damaged_settings_file_is_reported_at_start_and_the_defaults_apply(qtbot, tmp_path, config):
    from ui_helpers import message_text, wait_for_message

    from mapviewer import settings

    config.mkdir()
    (config / "settings.json").write_text("{not json", encoding="utf-8")
    app = App(qtbot, tmp_path / "settings.ini", size=(900, 600))
    try:
        box = wait_for_message(qtbot, app.window)
        assert "was not used" in message_text(box)
        assert app.window.user_settings.tile_provider == settings.DEFAULT_TILE_PROVIDER
    finally:
        app.close()
