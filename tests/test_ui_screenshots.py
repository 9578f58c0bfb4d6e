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
