"""The desktop window, offscreen, with its real web view: seeds, linking both ways, folders, exports, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ui_helpers import App, ProgressHold, message_text, wait_for_message, worker_paused

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent, QHelpEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip  # noqa: E402

from mapviewer.paths import seed_documents  # noqa: E402
from mapviewer.ui.places_table import ID_ROLE  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def app(qtbot, tmp_path):
    a = App(qtbot, tmp_path / "settings.ini").start()
    yield a
    a.close()


@pytest.fixture(scope="module")
def seed_result():
    from mapviewer.geoparse import geoparse_paths

    return geoparse_paths(seed_documents())


def _table_ids(window) -> list[str]:
    proxy = window.places.proxy
    return [proxy.index(row, 0).data(ID_ROLE) for row in range(proxy.rowCount())]


def _marker_centre(app: App, place_id: str) -> QPoint:
    x, y = app.call(
        "(r => [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)])("
        f"document.querySelector('.mv-marker[data-place-id={json.dumps(place_id)}]').getBoundingClientRect())"
    )
    return QPoint(x, y)


# Leaflet at rest: no zoom animation, no pan (a popup's auto-pan is one), no move begun and not ended,
# no cluster re-arranging. The test installs the move listener before it starts anything that moves.
_TRACK_MOTION = (
    "(m => { window.__moving = false; m.on('movestart zoomstart', () => { window.__moving = true; });"
    " m.on('moveend zoomend', () => { window.__moving = false; }); })(mapviewer.leafletMap()); 0"
)
_AT_REST = (
    "(m => { var busy = window.__moving || !!m._animatingZoom || !!(m._panAnim && m._panAnim._inProgress);"
    " m.eachLayer(l => { busy = busy || !!l._inZoomAnimation; }); return !busy; })(mapviewer.leafletMap())"
)


def _settled_marker_centre(app: App, place_id: str) -> QPoint:
    """Where the marker is once the map is at rest (a click during a zoom is not a click)."""
    app.qtbot.waitUntil(lambda: app.call(_AT_REST) is True, timeout=10_000)
    return _marker_centre(app, place_id)


def _visible(window, offset: int) -> bool:
    top, bottom = window.reader.view.visible_range()
    return top <= offset <= bottom


# -- the seeds --------------------------------------------------------------------------------------
def test_seeds_load_and_the_table_lists_the_seed_places(app, seed_result):
    window = app.window
    expected = {pm.place.id for pm in seed_result.places()}
    assert len(expected) > 5
    assert [d.title for d in window.project.documents] == [d.title for d in seed_result.documents]
    assert set(_table_ids(window)) == expected
    assert set(app.call("mapviewer.ids()")) == expected, "the map shows the same places"
    # Most mentioned first by default; names and countries are readable text.
    counts = [pm.count for pm in seed_result.places()]
    assert window.places.proxy.index(0, 3).data() == str(max(counts))
    kl = next(pm for pm in seed_result.places() if pm.place.name == "Kuala Lumpur")
    row = _table_ids(window).index(kl.place.id)
    assert window.places.proxy.index(row, 2).data() == "Malaysia"
    mentions = len(seed_result.resolutions)
    assert window.counts_label.text().split("·")[0].strip() == "1 document"
    assert f"{mentions} mentions" in window.counts_label.text()
    assert f"{len(expected)} places" in window.counts_label.text()
    # Every mention of the document is highlighted in the reading pane.
    view = window.reader.view
    assert view.toPlainText() == seed_result.documents[0].text.replace("\r\n", "\n")
    assert len(view._spans) == mentions


def test_the_page_fetches_nothing_from_the_network(app):
    from PySide6.QtWebEngineCore import QWebEngineSettings

    window = app.window
    assert window.map.interceptor.blocked == [], window.map.interceptor.blocked
    # Chromium already refuses remote requests from a file:// page; lift that, and the interceptor
    # still stops them before they leave the machine.
    attribute = QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls
    window.map.page().settings().setAttribute(attribute, True)

    def tried_and_blocked() -> bool:
        # The setting reaches the renderer asynchronously: until it does, Chromium itself refuses the
        # fetch before the interceptor sees it, so ask again until the interceptor is the one saying no.
        app.js("fetch('https://tile.openstreetmap.org/1/0/0.png').catch(function () {}); 0")
        return any("openstreetmap" in u for u in window.map.interceptor.blocked)

    app.qtbot.waitUntil(tried_and_blocked, timeout=15_000)
    assert window.network_label.text().strip(" ·") == "Offline map"


def test_online_tiles_are_let_through_only_when_turned_on(app):
    window = app.window
    with app.qtbot.waitSignal(window.mapReady, timeout=30_000):
        window.online_action.setChecked(True)
    assert "base:tiles" in app.call("mapviewer.layerIds()")
    interceptor = window.map.interceptor
    app.qtbot.waitUntil(
        lambda: bool(interceptor.sent), timeout=10_000
    )  # the tiles were let out (to a dead proxy)
    assert not any("tile" in u for u in interceptor.blocked)
    with app.qtbot.waitSignal(window.mapReady, timeout=30_000):
        window.online_action.setChecked(False)
    assert "base:tiles" not in app.call("mapviewer.layerIds()")
    assert app.settings.value("map/onlineTiles", type=bool) is False


# -- linking ----------------------------------------------------------------------------------------
def test_marker_click_in_the_page_moves_the_reading_pane_to_its_passage(app):
    window = app.window
    project = window.project
    # The city whose first mention sits furthest down the text: the pane must scroll to reach it.
    cities = [pid for pid in app.call("mapviewer.markerIds()") if pid.startswith("city:")]
    target = max(cities, key=lambda pid: project.mentions_of(pid)[0].mention.start)
    first = project.mentions_of(target)[0]
    window.reader.view.verticalScrollBar().setValue(0)
    window.reader.view.resize(window.reader.view.width(), 240)  # a short pane, so scrolling is needed
    app.qtbot.wait(50)
    assert not _visible(window, first.mention.start)

    # Bring the marker into view (out of its cluster), then click it with the mouse, through Chromium.
    app.js(_TRACK_MOTION)
    app.call(f"mapviewer.focus({json.dumps(target)}, {{animate: false}})")
    app.qtbot.waitUntil(lambda: app.open_popup() == target, timeout=10_000)
    app.call("mapviewer.closePopup()")
    app.qtbot.waitUntil(lambda: app.call("document.querySelectorAll('.leaflet-popup').length") == 0)
    assert window.focused_mention() is None, "the app has not been told anything yet"
    point = _settled_marker_centre(app, target)
    with app.qtbot.waitSignal(window.map.placeClicked, timeout=5_000) as clicked:
        QTest.mouseClick(window.map.focusProxy(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [target]

    assert window.focused_mention() is first
    assert _visible(window, first.mention.start), "the reading pane scrolled to the passage"
    highlighted = {
        (s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in window.reader.view.extraSelections()
    }
    passage = first.passage
    assert window.reader.view.qt_range(passage.start, passage.end) in highlighted
    assert window.reader.view.qt_range(first.mention.start, first.mention.end) in highlighted
    assert window.places.selected_place() == target
    mentions = project.mentions_of(target)
    assert f"mention 1 of {len(mentions)}" in window.reader.nav_label.text()


def test_clicking_a_mention_makes_the_page_focus_its_place(app):
    window = app.window
    view = window.reader.view
    res = next(
        r for r in window.project.resolutions(window.project.documents[0].id) if r.place.kind == "city"
    )
    assert app.open_popup() is None
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mention_point(res))
    app.qtbot.waitUntil(lambda: app.open_popup() == res.place.id, timeout=10_000)
    assert app.call("mapviewer.place(mapviewer.openPopupId()).name") == res.place.name
    assert window.places.selected_place() == res.place.id
    assert window.focused_mention() is res


def test_selecting_a_table_row_focuses_the_map_and_the_text(app):
    window = app.window
    table = window.places.view
    ids = _table_ids(window)
    target = next(pid for pid in ids if pid.startswith("country:"))
    row = ids.index(target)
    rect = table.visualRect(window.places.proxy.index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    app.qtbot.waitUntil(lambda: app.open_popup() == target, timeout=10_000)
    first = window.project.mentions_of(target)[0]
    assert window.focused_mention() is first
    assert _visible(window, first.mention.start)


def test_hovering_a_mention_shows_its_resolution(app):
    window = app.window
    view = window.reader.view
    res = next(
        r for r in window.project.resolutions(window.project.documents[0].id) if r.place.kind == "city"
    )
    point = view.mention_point(res)
    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    )
    app.qtbot.waitUntil(QToolTip.isVisible, timeout=3_000)
    text = QToolTip.text()
    assert res.place.name in text
    assert window.project.country_names[res.place.country_code] in text
    assert f"{res.confidence:.0%}" in text
    QToolTip.hideText()


def test_next_and_previous_step_through_mentions_across_documents(app):
    window = app.window
    with app.qtbot.waitSignal(window.documentsChanged, timeout=30_000):
        window.open_text("Later that week Kuala Lumpur hosted the ASEAN ministers.", "Follow-up")
    kl = next(
        r.place.id
        for r in window.project.resolutions(window.project.documents[0].id)
        if r.place.name == "Kuala Lumpur"
    )
    mentions = window.project.mentions_of(kl)
    assert {r.mention.doc_id for r in mentions} == {d.id for d in window.project.documents}
    window.show_place(kl, origin="table")
    assert not window.prev_action.isEnabled()
    for _ in range(len(mentions) - 1):
        window.next_action.trigger()
    assert window.focused_mention() is mentions[-1]
    assert window.reader.view.doc.title == "Follow-up", "stepping crossed into the second document"
    assert not window.next_action.isEnabled()
    window.prev_action.trigger()
    assert window.focused_mention() is mentions[-2]
    assert window.reader.view.doc.id == window.project.documents[0].id


def test_filter_box_and_ctrl_f(app):
    window = app.window
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    app.qtbot.waitUntil(lambda: window.places.filter_edit.hasFocus(), timeout=3_000)
    QTest.keyClicks(window.places.filter_edit, "malay")
    names = [window.places.proxy.index(r, 0).data() for r in range(window.places.proxy.rowCount())]
    assert names and all(
        "malay" in f"{n} {window.places.proxy.index(i, 2).data()}".lower() for i, n in enumerate(names)
    )
    # A click on a header sorts by that column.
    window.places.filter_edit.clear()
    header = window.places.view.horizontalHeader()
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 20, 5)
    )
    names = [window.places.proxy.index(r, 0).data() for r in range(window.places.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold) or names == sorted(names, key=str.casefold, reverse=True)
    assert window.open_action.shortcut().toString() == "Ctrl+O"
    assert window.export_html_action.shortcut().toString() == "Ctrl+E"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"


# -- opening ----------------------------------------------------------------------------------------
def _write_folder(folder: Path, count: int, repeat: int) -> list[Path]:
    folder.mkdir()
    seed = seed_documents()[0].read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        path = folder / f"report-{i:02d}.txt"
        path.write_text(f"Report {i}\n" + seed * repeat, encoding="utf-8")
        paths.append(path)
    return paths


def test_opening_a_folder_runs_in_the_background_with_progress_and_can_be_cancelled(
    app, tmp_path, monkeypatch
):
    window = app.window
    folder = tmp_path / "reports"
    _write_folder(folder, 30, repeat=2)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))

    # The loading waits inside its report on the third file until Cancel is clicked: meanwhile the
    # window keeps handling events (it shows that report) and the click lands mid-folder on any machine.
    # How long the window may pause is a benchmark (bench/ui_big_document.py), not a test.
    with worker_paused(window.worker):
        window.open_folder_action.trigger()
        assert window.loading
        assert window.progress_bar.isVisible() and window.cancel_button.isVisible()
        held = ProgressHold(window._load_task, lambda fraction: fraction >= 2 / 30)
    with held:
        app.qtbot.waitUntil(lambda: held.reached and window.progress_bar.value() >= 2 * 1000 // 30)
        assert "3 of 30" in window.progress_label.text()
        QTest.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
        assert window.progress_label.text() == "Cancelling…"
    app.qtbot.waitUntil(lambda: not window.loading, timeout=15_000)
    assert window.progress_bar.value() < 1000, "cancelled before the end"
    assert len(window.project.documents) == 1, "a cancelled folder adds nothing"
    assert not window.progress_bar.isVisible()
    assert window.messages == []


def test_opening_a_folder_of_30_files_adds_them_all(app, tmp_path, monkeypatch):
    window = app.window
    folder = tmp_path / "reports"
    _write_folder(folder, 30, repeat=1)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))
    with app.qtbot.waitSignal(window.mapReady, timeout=60_000):
        window.open_folder_action.trigger()
    assert window.doc_list.count() == 31
    assert window.counts_label.text().startswith("31 documents")
    assert app.call("mapviewer.place('city:1735161') && mapviewer.place('city:1735161').count") == len(
        window.project.mentions_of("city:1735161")
    )


def test_drag_and_drop_opens_files_and_remembers_them(app, tmp_path):
    window = app.window
    path = tmp_path / "dropped.md"
    path.write_text("# Dropped\n\nTalks moved from Kuala Lumpur to Gyeongju.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(
        QPointF(300, 300),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with app.qtbot.waitSignal(window.documentsChanged, timeout=30_000):
        window.dropEvent(drop)
    assert (
        window.project.documents[-1].source and Path(window.project.documents[-1].source).name == "dropped.md"
    )
    assert window.recent_files()[0] == str(path)
    assert any("dropped.md" in a.text() for a in window.recent_menu.actions())


def test_pasted_text_becomes_a_document(app):
    window = app.window
    QApplication.clipboard().setText("Envoys met in Jakarta and Manila.")
    window.paste_action.trigger()
    dialog = window._paste_dialog
    app.qtbot.waitUntil(dialog.isVisible)
    dialog.title_edit.setText("Envoys")
    with app.qtbot.waitSignal(window.documentsChanged, timeout=30_000):
        dialog.accept()
    doc = window.project.documents[-1]
    assert (doc.title, doc.text, doc.source) == ("Envoys", "Envoys met in Jakarta and Manila.", None)
    assert window.reader.view.doc is doc
    assert {r.place.name for r in window.project.resolutions(doc.id)} >= {"Jakarta", "Manila"}


# -- errors -----------------------------------------------------------------------------------------
def test_bad_files_give_a_message_and_the_app_keeps_what_it_had(app, tmp_path):
    window = app.window
    empty = tmp_path / "<b>empty.txt"  # a name that looks like markup is shown as written
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    missing = tmp_path / "missing.txt"
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; Talks in Kuala Lumpur.</p>", encoding="utf-8"
    )
    window.open_paths([empty, binary, missing, hostile])
    wait_for_message(app.qtbot, window)
    # The page with no article also gets its own note (its warnings); the errors have a box of their own.
    app.qtbot.waitUntil(
        lambda: any("could not be opened" in message_text(b) for b in window.messages if b.isVisible())
    )
    box = next(b for b in window.messages if b.isVisible() and "could not be opened" in message_text(b))
    text = message_text(box)
    assert "3 files could not be opened" in text
    for name in ("<b>empty.txt", "photo.txt", "missing.txt"):
        assert name in text
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "The other 1 document opened normally." in text
    box.close()
    assert len(window.project.documents) == 2
    doc = window.project.documents[-1]
    assert "<script>alert(1)</script>" in window.reader.view.toPlainText(), "shown as text, not markup"
    assert doc.title and window.doc_list.count() == 2
    # The app still works: the table and the map follow the new document.
    app.qtbot.waitUntil(lambda: window.map.is_ready, timeout=30_000)
    assert set(app.call("mapviewer.ids()")) == {pm.place.id for pm in window.project.result().places()}


def test_a_failed_export_says_what_happened(app, tmp_path):
    window = app.window
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    window.export_map_html(blocker / "map.html")
    box = wait_for_message(app.qtbot, window)
    assert "map.html could not be written" in message_text(box)
    box.close()
    assert len(window.project.documents) == 1


# -- exports ----------------------------------------------------------------------------------------
_FOLIUM_IDS = re.compile(r"_[0-9a-f]{32}\b")


def _cli(*args: str) -> int:
    """The command line, run in this process (tests/test_cli.py runs it as its own process too)."""
    from mapviewer.cli import main

    return main(list(args))


def test_exports_equal_what_the_command_line_writes(app, tmp_path, monkeypatch):
    window = app.window
    seeds = [str(p) for p in seed_documents()]
    targets = {
        window.export_html_action: tmp_path / "app-map.html",
        window.export_geojson_action: tmp_path / "app-places.geojson",
        window.export_csv_action: tmp_path / "app-places.csv",
    }
    for action, target in targets.items():
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, t=target, **k: (str(t), ""))
        )
        with app.qtbot.waitSignal(window.exportFinished, timeout=60_000) as done:
            action.trigger()
        assert done.args == [str(target)]

    assert _cli("export", *seeds, "-o", str(tmp_path / "cli-map.html"), "--quiet") == 0
    app_html = (tmp_path / "app-map.html").read_text(encoding="utf-8")
    cli_html = (tmp_path / "cli-map.html").read_text(encoding="utf-8")
    # folium names its map element with a fresh random id on every render; everything else is equal.
    assert _FOLIUM_IDS.sub("_ID", app_html) == _FOLIUM_IDS.sub("_ID", cli_html)

    for fmt, app_file in (("geojson", "app-places.geojson"), ("csv", "app-places.csv")):
        out = tmp_path / f"cli.{fmt}"
        assert _cli("extract", *seeds, "--format", fmt, "-o", str(out), "--quiet") == 0
        assert (tmp_path / app_file).read_bytes() == out.read_bytes(), fmt


# -- settings and about -----------------------------------------------------------------------------
def test_pane_sizes_and_recent_files_are_remembered(qtbot, tmp_path):
    settings = tmp_path / "settings.ini"
    first = App(qtbot, settings).start()
    first.window.top_splitter.setSizes([700, 500])
    first.window.main_splitter.setSizes([260, 1180])
    sizes = (first.window.top_splitter.sizes(), first.window.main_splitter.sizes())
    first.window._remember([tmp_path / "a.txt"])
    first.close()

    second = App(qtbot, settings)
    try:
        qtbot.wait(50)
        assert (second.window.top_splitter.sizes(), second.window.main_splitter.sizes()) == sizes
        assert second.window.recent_files() == [str(tmp_path / "a.txt")]
    finally:
        second.close()


def test_about_names_the_data_sources_and_their_licences(app):
    from mapviewer.ui.dialogs import AboutDialog

    app.window.about_action.trigger()
    dialog = app.window.findChild(AboutDialog)
    app.qtbot.waitUntil(dialog.isVisible)
    text = dialog.browser.toPlainText()
    for needle in ("GeoNames", "CC BY 4.0", "pycountry", "countryinfo", "Leaflet", "OpenStreetMap", "ODbL"):
        assert needle in text
    dialog.close()
