"""The online geocoder in the app: chosen in View > Settings, asked only by the search dialog's button
(a real HTTP server on 127.0.0.1 speaking Nominatim's JSON stands in), and a place it finds can be chosen."""

from __future__ import annotations

from pathlib import Path

import pytest
from geocoding_server import Failure
from ui_helpers import App

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TEXT = "Trade ministers met at Heathrow on Monday before flying to Kuala Lumpur for talks.\n"


@pytest.fixture
def config(tmp_path, monkeypatch):
    from mapviewer import settings
    from mapviewer.geocoding.cache import CACHE_ENV

    monkeypatch.setenv(settings.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "geocoding.json"))
    return tmp_path / "config" / "settings.json"


def _app(qtbot, tmp_path) -> App:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    return App(qtbot, tmp_path / "settings.ini").start([str(article)])


def _search_heathrow(app):
    from mapviewer.ui.fixing import Target

    doc = app.window.project.documents[0]
    start = doc.text.index("Heathrow")
    target = Target(doc.id, start, start + len("Heathrow"), "Heathrow")
    dialog = app.window.fixer.open_search(target)
    app.qtbot.waitUntil(lambda: dialog.results.count() > 0 or "found" in dialog.status.text(), timeout=20_000)
    return dialog, target


def test_by_default_the_search_has_no_online_button_and_sends_nothing(qtbot, tmp_path, config, nominatim):
    app = _app(qtbot, tmp_path)
    try:
        dialog, _ = _search_heathrow(app)
        assert dialog.online_button is None and app.window.fixer.online_search() is None
        dialog.reject()
        assert nominatim.requests == []
    finally:
        app.close()


def test_opening_asks_for_the_names_the_gazetteer_lacks_and_the_search_asks_on_request(
    qtbot, tmp_path, config, nominatim
):
    from mapviewer import settings

    settings.save(settings.Settings(geocoder="nominatim", geocoder_url=nominatim.url), config)
    app = _app(qtbot, tmp_path)
    try:
        window = app.window
        doc = window.project.documents[0]
        heathrow = next(r for r in window.project.resolutions(doc.id) if r.mention.text == "Heathrow")
        assert heathrow.place.id == "nominatim:way/900001" and heathrow.place.kind == "site"
        assert nominatim.searched() == ["Heathrow"]  # Kuala Lumpur is the gazetteer's: never sent
        qtbot.waitUntil(lambda: app.call("mapviewer.has('nominatim:way/900001')") is True, timeout=20_000)

        dialog, target = _search_heathrow(app)
        assert dialog.online_button.text() == "Search Nominatim Online"
        with qtbot.waitSignal(dialog.resultsShown, timeout=20_000):
            dialog.query.setText("Champs-Elysées")
        assert len(nominatim.requests) == 1  # typing searched the gazetteer only
        with qtbot.waitSignal(dialog.resultsShown, timeout=20_000):
            dialog.online_button.click()
        assert dialog.status.text() == "Nominatim found 1 place"
        assert nominatim.searched() == ["Heathrow", "Champs-Elysées"]
        assert all(gap >= 1.0 for gap in nominatim.gaps())  # one geocoder, one rate limit, for the whole app
        assert all(r.headers["User-Agent"].startswith("mapviewer/") for r in nominatim.requests)
        items = [dialog.results.item(i) for i in range(dialog.results.count())]
        online = next(i for i in items if i.text().startswith("Nominatim: "))
        assert online.text().startswith("Nominatim: Avenue des Champs-Élysées, Paris")
        dialog.results.setCurrentItem(online)
        ARTIFACTS.mkdir(exist_ok=True)
        dialog.grab().save(str(ARTIFACTS / "search-online.png"))
        dialog.accept()

        chosen = window.project.resolution(target.doc_id, target.start, target.end)
        assert chosen.place.id == "nominatim:way/900002" and chosen.corrected
        qtbot.waitUntil(lambda: app.call("mapviewer.has('nominatim:way/900002')") is True, timeout=20_000)
    finally:
        app.window.project.mark_saved()
        app.close()


def test_a_failing_geocoder_leaves_the_offline_reading_and_says_why(qtbot, tmp_path, config, nominatim):
    from mapviewer import settings

    settings.save(settings.Settings(geocoder="nominatim", geocoder_url=nominatim.url), config)
    nominatim.failure = Failure(429, "slow down", {"Retry-After": "20"})
    app = _app(qtbot, tmp_path)
    try:
        doc = app.window.project.documents[0]
        message = f"Nominatim at {nominatim.url} says too many requests: try again in 20 s."
        assert doc.warnings == (f"Names the gazetteer lacks were not looked up online: {message}",)
        names = [r.mention.text for r in app.window.project.resolutions(doc.id)]
        assert "Kuala Lumpur" in names and "Heathrow" not in names
        dialog, _ = _search_heathrow(app)
        with qtbot.waitSignal(dialog.resultsShown, timeout=20_000):
            dialog.online_button.click()
        assert dialog.status.text() == message
        assert dialog.online_button.isEnabled() and dialog.results.count() > 0  # the gazetteer's stay
        dialog.reject()
    finally:
        app.close()


def test_the_settings_dialog_chooses_the_geocoder(qtbot, tmp_path, config, nominatim):
    from mapviewer import settings
    from mapviewer.ui.settings import SettingsDialog

    app = App(qtbot, tmp_path / "settings.ini", size=(900, 600))
    try:
        app.window.settings_action.trigger()
        qtbot.waitUntil(lambda: app.window.findChild(SettingsDialog) is not None)
        dialog = app.window.findChild(SettingsDialog)
        assert dialog.geocoder.currentData() == "offline" and not dialog.geocoder_url.isEnabled()
        assert "Nothing leaves this machine" in dialog.geocoder_note.text()
        dialog.geocoder.setCurrentIndex(dialog.geocoder.findData("nominatim"))
        dialog.geocoder_url.setText(f" {nominatim.url} ")
        assert "sent to this service when documents open" in dialog.geocoder_note.text()
        ARTIFACTS.mkdir(exist_ok=True)
        dialog.grab().save(str(ARTIFACTS / "settings-geocoder.png"))
        dialog.accept()
        saved = settings.load(config)
        assert (saved.geocoder, saved.geocoder_url) == ("nominatim", nominatim.url)
        assert app.window.fixer.online_search().where == f"Nominatim at {nominatim.url}"
        assert nominatim.requests == []  # choosing sends nothing
    finally:
        app.close()
