"""Screenshots of the main window at 1440x900, for people to look at (and for the README).

Always written to tests/artifacts/; also to docs/screenshots/ when MAPVIEWER_UPDATE_SCREENSHOTS=1, so an
ordinary test run leaves the committed pictures alone.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ui_helpers import App

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from mapviewer.ui.places_table import ID_ROLE  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"
DOCS = REPO / "docs" / "screenshots"
SIZE = (1440, 900)


def _save(window, name: str) -> Path:
    image = window.grab().toImage()
    assert (image.width(), image.height()) == SIZE
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    assert image.save(str(path))
    if os.environ.get("MAPVIEWER_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        assert image.save(str(DOCS / name))
    return path


def _colours_in(window, widget) -> int:
    """How many distinct colours a widget shows (a blank or failed map shows one or two)."""
    image = widget.grab().toImage().scaled(120, 90)
    return len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())})


@pytest.fixture
def app(qtbot, tmp_path):
    a = App(qtbot, tmp_path / "settings.ini", size=SIZE).start()
    yield a
    a.close()


def test_screenshot_of_the_seed_document_map_and_places(app):
    window = app.window
    # Leaflet draws outlines and markers after the page says it is ready: wait until they show.
    app.qtbot.waitUntil(lambda: _colours_in(window, window.map) > 20, timeout=10_000)
    assert window.places.proxy.rowCount() > 5
    _save(window, "app-main.png")


def test_screenshot_of_a_place_followed_from_the_table(app):
    window = app.window
    table = window.places.view
    proxy = window.places.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "Kuala Lumpur")
    QTest.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(proxy.index(row, 0)).center()
    )
    place_id = proxy.index(row, 0).data(ID_ROLE)
    app.qtbot.waitUntil(lambda: app.open_popup() == place_id, timeout=10_000)
    # The popup fades in: wait until it is fully opaque.
    app.qtbot.waitUntil(
        lambda: app.call("getComputedStyle(document.querySelector('.leaflet-popup')).opacity") == "1",
        timeout=10_000,
    )
    _save(window, "app-linked.png")


def _wait_for_a_still_picture(app, widget) -> None:
    """Chromium paints after Leaflet's moveend: wait until two grabs in a row agree and show a map."""
    last = [None]

    def still() -> bool:
        image = widget.grab().toImage()
        same = image == last[0]
        last[0] = image
        # The middle of the map (clear of the controls and credits) shows land, outlines and markers.
        middle = image.copy(image.width() // 4, image.height() // 4, image.width() // 2, image.height() // 2)
        middle = middle.scaled(60, 40)
        colours = {middle.pixel(x, y) for x in range(middle.width()) for y in range(middle.height())}
        return same and len(colours) > 8

    app.qtbot.waitUntil(still, timeout=10_000)


def _popup_opaque(app) -> bool:
    return app.call("getComputedStyle(document.querySelector('.leaflet-popup')).opacity") == "1"


def test_screenshot_of_a_followed_city(app):
    """A city followed from the text: the map fits it with its surroundings and opens its popup."""
    window = app.window
    view = window.reader.view
    res = next(
        r
        for r in window.project.resolutions(window.project.documents[0].id)
        if r.place.name == "Kuala Lumpur"
    )
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mention_point(res))
    app.qtbot.waitUntil(lambda: app.open_popup() == res.place.id, timeout=10_000)
    app.qtbot.waitUntil(lambda: _popup_opaque(app), timeout=10_000)
    assert "Kuala Lumpur" in window.reader.nav_label.text()
    _wait_for_a_still_picture(app, window.map)
    _save(window, "app-followed-city.png")


def test_screenshot_of_a_selected_document(app):
    """Three documents open, one selected: the table and the map show only its places, fitted."""
    window = app.window
    for title, text in (
        (
            "Africa talks",
            "Ministers met in Nairobi on Monday. Delegations from Lagos, Accra and Addis Ababa joined them "
            "in Nairobi, and Kenya and Nigeria signed a rail agreement.",
        ),
        ("Gulf shipping", "Tankers waited off Dubai while talks in Doha and Muscat went on."),
    ):
        with app.qtbot.waitSignal(window.mapReady, timeout=60_000):
            window.open_text(text, title)
    app.qtbot.waitUntil(lambda: window.linker.map_is_current, timeout=60_000)
    africa = window.project.documents[1]
    # The fit flies: count the moves that end, so the picture is taken once the map is at rest.
    app.js(
        "(m => { window.__moves = 0; m.on('moveend', () => { window.__moves += 1; }); })"
        "(mapviewer.leafletMap()); 0"
    )
    window.doc_list.setCurrentRow(1)
    ids = set(window.project.place_ids(africa.id))
    app.qtbot.waitUntil(lambda: set(app.call("mapviewer.shownIds()")) == ids, timeout=10_000)
    app.qtbot.waitUntil(lambda: app.call("window.__moves") > 0, timeout=10_000)
    app.qtbot.waitUntil(lambda: app.call("document.querySelectorAll('.mv-marker').length") > 0)
    assert app.call("document.querySelector('.mv-title-text').textContent") == "Africa talks"
    _wait_for_a_still_picture(app, window.map)
    assert window.reader.view.doc is africa and window.places.proxy.rowCount() == len(ids)
    _save(window, "app-selected-document.png")
