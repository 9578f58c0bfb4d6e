"""The map follows the reader, in the real window and its real page: the document looked at, the filter,
the followed place, "show all", and the fixes (no place kept from another document, no jump back)."""

from __future__ import annotations

import json

import pytest
from ui_helpers import App

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from mapviewer.ui.linking import DOC_ID_ROLE  # noqa: E402
from mapviewer.ui.places_table import ID_ROLE  # noqa: E402

AFRICA = "Ministers met in Nairobi on Monday. Delegations from Lagos and Accra joined them in Nairobi."


@pytest.fixture
def app(qtbot, tmp_path):
    a = App(qtbot, tmp_path / "settings.ini").start()
    yield a
    a.close()


@pytest.fixture
def two(app):
    """The seed and a second document about other places; the second is the one read."""
    window = app.window
    with app.qtbot.waitSignal(window.mapReady, timeout=60_000):
        window.open_text(AFRICA, "Africa talks")
    assert len(window.project.documents) == 2
    return app


def _table_ids(window) -> list[str]:
    proxy = window.places.proxy
    return [proxy.index(row, 0).data(ID_ROLE) for row in range(proxy.rowCount())]


def _select_document(window, doc_id: str) -> None:
    """Click the document's row in the documents list, as a reader would."""
    view = window.doc_list
    row = next(r for r in range(view.count()) if view.item(r).data(DOC_ID_ROLE) == doc_id)
    rect = view.visualItemRect(view.item(row))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _in_view(app: App, place_id: str) -> bool:
    return app.call(
        f"(p => mapviewer.leafletMap().getBounds().contains([p.lat, p.lon]))(mapviewer.place({json.dumps(place_id)}))"
    )


def _points(app: App, ids: list[str]) -> list[str]:
    """The places that have a point (a marker) on the map."""
    return [i for i in ids if app.call(f"typeof mapviewer.place({json.dumps(i)}).lat") == "number"]


def _title(app: App) -> list[str]:
    return app.call("['.mv-title-text', '.mv-title-sub'].map(s => document.querySelector(s).textContent)")


def _follow_kuala_lumpur(app: App) -> str:
    """Follow the seed's Kuala Lumpur from the table; its id once the map shows its popup."""
    project = app.window.project
    kl = next(
        r.place.id for r in project.resolutions(project.documents[0].id) if r.place.name == "Kuala Lumpur"
    )
    app.window.show_place(kl, origin="table")
    app.qtbot.waitUntil(lambda: app.open_popup() == kl, timeout=10_000)
    return kl


def _shown(app: App) -> set[str]:
    return set(app.call("mapviewer.shownIds()"))


def test_following_a_city_fits_it_at_a_useful_zoom(app):
    kl = _follow_kuala_lumpur(app)
    app.wait_at_rest()
    zoom, max_zoom = app.call("[mapviewer.leafletMap().getZoom(), mapviewer.leafletMap().getMaxZoom()]")
    assert _in_view(app, kl)
    # A city with its surroundings: closer than a world view, never the maximum zoom on a blank fill.
    assert 4 <= zoom < max_zoom and zoom <= 10


def test_show_all_lets_go_of_the_followed_place_and_fits_every_place(app):
    window = app.window
    project = window.project
    ids = project.place_ids()
    _follow_kuala_lumpur(app)
    assert window.show_all_button.isVisible() and window.show_all_button.text() == "Show All"
    QTest.mouseClick(window.show_all_button, Qt.MouseButton.LeftButton)
    assert project.followed() is None
    assert window.reader.nav_label.text() == window.reader.HINT
    app.qtbot.waitUntil(lambda: app.open_popup() is None, timeout=10_000)
    app.wait_at_rest()
    with_points = _points(app, ids)
    app.qtbot.waitUntil(lambda: all(_in_view(app, i) for i in with_points), timeout=10_000)


def test_the_follow_bar_keeps_no_place_from_another_document(two):
    app, window, project = two, two.window, two.window.project
    seed, africa = project.documents
    _select_document(window, seed.id)
    kl = next(r for r in project.resolutions(seed.id) if r.place.name == "Kuala Lumpur")
    project.follow_mention(kl, origin="reader")
    assert "Kuala Lumpur" in window.reader.nav_label.text()

    _select_document(window, africa.id)  # the Africa document does not name Kuala Lumpur
    assert window.reader.view.doc is africa
    assert project.followed() is None
    assert window.reader.nav_label.text() == window.reader.HINT
    assert not window.reader.next_button.isEnabled() and not window.next_action.isEnabled()

    # A place both documents name is followed on into the document selected, at its mention there.
    with app.qtbot.waitSignal(window.mapReady, timeout=60_000):
        window.open_text("Kuala Lumpur answered from Nairobi.", "Reply")
    reply = project.documents[2]
    nairobi = next(r.place.id for r in project.resolutions(africa.id) if r.place.name == "Nairobi")
    _select_document(window, africa.id)
    project.follow(nairobi, origin="table")
    _select_document(window, reply.id)
    followed = project.followed()
    assert followed is not None and followed.resolution.mention.doc_id == reply.id
    assert "Nairobi" in window.reader.nav_label.text()


def test_opening_a_folder_does_not_fly_back_to_an_old_place(app, tmp_path):
    window = app.window
    project = window.project
    _follow_kuala_lumpur(app)

    folder = tmp_path / "africa"
    folder.mkdir()
    (folder / "a.txt").write_text(AFRICA, encoding="utf-8")
    (folder / "b.txt").write_text("Accra and Lagos agreed on a new rail line.", encoding="utf-8")
    with app.qtbot.waitSignal(window.mapReady, timeout=60_000):
        window.open_paths([folder])
    assert len(project.documents) == 3 and project.view is None
    assert project.followed() is None
    assert window.reader.nav_label.text() == window.reader.HINT
    app.wait_at_rest()
    assert app.open_popup() is None, "the reloaded map did not reopen the old place"
    lagos = next(r.place.id for r in project.resolutions(project.documents[2].id) if r.place.name == "Lagos")
    assert _in_view(app, lagos)


def test_selecting_a_document_shows_only_its_places_and_all_documents_shows_everything(two):
    app, window, project = two, two.window, two.window.project
    seed, africa = project.documents
    every = set(project.place_ids())
    assert set(project.place_ids(africa.id)) and set(project.place_ids(seed.id)) - set(
        project.place_ids(africa.id)
    ), "the two documents name different places"

    # Opening one document reads it alone: its places in the table and on the map.
    assert set(_table_ids(window)) == set(project.place_ids(africa.id))
    app.qtbot.waitUntil(lambda: _shown(app) == set(project.place_ids(africa.id)), timeout=10_000)

    _select_document(window, seed.id)
    assert window.reader.view.doc is seed
    assert set(_table_ids(window)) == set(project.place_ids(seed.id))
    app.qtbot.waitUntil(lambda: _shown(app) == set(project.place_ids(seed.id)), timeout=10_000)
    # The title box names the document looked at, not the set the page was drawn with.
    n = len(project.place_ids(seed.id))
    app.qtbot.waitUntil(lambda: _title(app) == [seed.title, f"{n} places in 1 document"], timeout=10_000)

    assert window.all_button.isVisible()
    QTest.mouseClick(window.all_button, Qt.MouseButton.LeftButton)
    assert project.view is None and window.all_button.isChecked()
    assert set(_table_ids(window)) == every
    app.qtbot.waitUntil(lambda: _shown(app) == every, timeout=10_000)
    assert _title(app) == ["2 documents", f"{len(every)} places in 2 documents"]


def test_selecting_a_document_fits_the_map_to_its_places(two):
    app, window, project = two, two.window, two.window.project
    seed, africa = project.documents
    kl = next(r.place.id for r in project.resolutions(seed.id) if r.place.name == "Kuala Lumpur")
    nairobi = next(r.place.id for r in project.resolutions(africa.id) if r.place.name == "Nairobi")
    app.wait_at_rest()
    assert _in_view(app, nairobi) and not _in_view(app, kl), "the map fits the Africa document"
    zoom = app.call("mapviewer.leafletMap().getZoom()")
    _select_document(window, seed.id)
    points = _points(app, project.place_ids(seed.id))
    app.qtbot.waitUntil(lambda: all(_in_view(app, i) for i in points), timeout=10_000)
    app.wait_at_rest()
    assert all(_in_view(app, i) for i in points), "the map fits the seed's places"
    assert app.call("mapviewer.leafletMap().getZoom()") < zoom, "the seed spans more of the world"


def test_the_filter_box_filters_the_map_too(app):
    window = app.window
    every = set(app.call("mapviewer.ids()"))
    QTest.keyClicks(window.places.filter_edit, "malay")
    listed = set(_table_ids(window))
    assert listed and listed < every
    app.qtbot.waitUntil(lambda: _shown(app) == listed, timeout=10_000)
    assert _title(app)[1] == f"{len(listed)} of {len(every)} places in 1 document"
    window.places.filter_edit.clear()
    app.qtbot.waitUntil(lambda: _shown(app) == every, timeout=10_000)
