"""Fixing mentions in the real window: each way of fixing, undo/redo, save, close, reopen, bad files."""

from __future__ import annotations

import json

import pytest
from ui_helpers import App, message_text, wait_for_message

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QContextMenuEvent, QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from mapviewer.ui.places_table import ID_ROLE  # noqa: E402


@pytest.fixture
def app(qtbot, tmp_path):
    a = App(qtbot, tmp_path / "settings.ini").start()
    yield a
    a.window.project.mark_saved()  # the work is thrown away: no "save your changes?" on close
    a.close()


def _first(window, name):
    doc = window.project.documents[0]
    return next(r for r in window.project.resolutions(doc.id) if r.mention.text == name)


def _all_named(window, name):
    doc = window.project.documents[0]
    return [r for r in window.project.geoparser_resolutions(doc.id) if r.mention.text == name]


def _menu_action(menu, starts):
    return next(a for a in menu.actions() if a.text().startswith(starts))


def _fix_menu(window, res):
    window.fixer.open_for_span(res.mention.doc_id, res.mention.start, res.mention.end, QPoint(10, 10))
    return window.fixer.menu


def test_alternative_not_a_place_apply_to_all_and_undo_redo(app):
    window = app.window
    kl = _first(window, "Kuala Lumpur")
    menu = _fix_menu(window, kl)
    alternative = kl.alternatives[0][0]
    _menu_action(menu, alternative.name).trigger()
    fixed = window.project.resolution(kl.mention.doc_id, kl.mention.start, kl.mention.end)
    assert fixed.place.id == alternative.id and fixed.corrected
    assert "1 correction" in window.counts_label.text()
    assert window.undo_action.isEnabled() and window.isWindowModified()
    window.undo_action.trigger()
    assert (
        window.project.resolution(kl.mention.doc_id, kl.mention.start, kl.mention.end).place.id == kl.place.id
    )
    window.redo_action.trigger()
    assert window.project.resolution(kl.mention.doc_id, kl.mention.start, kl.mention.end).corrected

    gyeongju = _first(window, "Gyeongju")
    menu = _fix_menu(window, gyeongju)
    _menu_action(menu, "Every “Gyeongju” in this document").trigger()
    app.qtbot.waitUntil(lambda: window.fixer.scope == "document" and window.fixer.menu is not menu)
    _menu_action(window.fixer.menu, "Not a Place").trigger()
    assert not [
        r for r in window.project.resolutions(gyeongju.mention.doc_id) if r.mention.text == "Gyeongju"
    ]
    assert "Gyeongju" not in [
        window.places.proxy.index(r, 0).data() for r in range(window.places.proxy.rowCount())
    ]


def test_search_and_mark_as_place(app):
    window = app.window
    view = window.reader.view
    doc = window.project.documents[0]
    start = doc.text.index("the 10-member bloc")
    cursor = view.textCursor()
    cursor.setPosition(view.qt_range(start, start)[0])
    cursor.setPosition(view.qt_range(start + 18, start + 18)[0], QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    window.mark_action.trigger()
    dialog = window.fixer.dialog
    with app.qtbot.waitSignal(dialog.resultsShown, timeout=20_000):
        dialog.query.setText("ASEAN")
    app.qtbot.waitUntil(
        lambda: dialog.current() is not None and dialog.current().id == "bloc:ASEAN", timeout=20_000
    )
    dialog.accept()
    added = window.project.resolution(doc.id, start, start + 18)
    assert added.place.id == "bloc:ASEAN" and added.corrected

    kl = _first(window, "Kuala Lumpur")
    from mapviewer.ui.fixing import Target

    dialog = window.fixer.open_search(
        Target(kl.mention.doc_id, kl.mention.start, kl.mention.end, "Kuala Lumpur")
    )
    dialog.query.setText("Malaysa")  # a typo
    app.qtbot.waitUntil(
        lambda: dialog.current() is not None and dialog.current().id == "country:MY", timeout=20_000
    )
    dialog.accept()
    assert (
        window.project.resolution(kl.mention.doc_id, kl.mention.start, kl.mention.end).place.id
        == "country:MY"
    )


def test_pick_the_place_on_the_map(app):
    window = app.window
    kl = _first(window, "Kuala Lumpur")
    _menu_action(_fix_menu(window, kl), "The Place Is Here").trigger()
    assert window.fixer.picking is not None
    app.js("window.mapviewerBridge.mapClicked(35.84, 129.21)")  # near Gyeongju, through the real bridge
    app.qtbot.waitUntil(
        lambda: window.fixer.menu is not None and window.fixer.menu.objectName() == "nearestMenu",
        timeout=20_000,
    )
    choice = next(a for a in window.fixer.menu.actions() if a.text().startswith("Gyeongju"))
    choice.trigger()
    assert (
        window.project.resolution(kl.mention.doc_id, kl.mention.start, kl.mention.end).place.name
        == "Gyeongju"
    )


def test_fix_from_a_map_popup_opens_the_fix_menu_for_that_mention(app):
    window = app.window
    kl = _first(window, "Kuala Lumpur")
    window.show_place(kl.place.id, origin="table")
    app.qtbot.waitUntil(lambda: app.open_popup() == kl.place.id, timeout=10_000)
    button = ".leaflet-popup .mv-fix"
    app.qtbot.waitUntil(lambda: app.call(f"document.querySelectorAll({json.dumps(button)}).length") > 0)
    app.wait_at_rest()
    x, y = app.call(
        "(r => [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)])("
        f"document.querySelector({json.dumps(button)}).getBoundingClientRect())"
    )
    # A real click on the popup's first "Fix...", through Chromium and the bridge.
    with app.qtbot.waitSignal(window.map.fixRequested, timeout=5_000) as asked:
        QTest.mouseClick(window.map.focusProxy(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    doc_id, start, end = asked.args
    res = window.project.resolution(doc_id, start, end)
    assert res is not None and res.place.id == kl.place.id
    app.qtbot.waitUntil(lambda: window.fixer.menu is not None and window.fixer.menu.isVisible())
    assert "Kuala Lumpur" in window.fixer.menu.actions()[0].text()
    _menu_action(window.fixer.menu, "Not a Place").trigger()
    assert window.project.resolution(doc_id, start, end) is None
    assert window.project.correction(doc_id, start, end).place is None


def test_the_places_table_fixes_by_context_menu_and_by_keyboard(app):
    window = app.window
    table, proxy = window.places.view, window.places.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "Gyeongju")
    gyeongju = proxy.index(row, 0).data(ID_ROLE)
    assert window.project.followed() is None
    # Right-click a row: its place is followed and the menu fixes its first mention.
    pos = table.visualRect(proxy.index(row, 0)).center()
    QApplication.sendEvent(
        table.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, table.viewport().mapToGlobal(pos)),
    )
    assert window.project.followed().place_id == gyeongju
    menu = window.fixer.menu
    app.qtbot.waitUntil(lambda: menu.isVisible())
    assert "Gyeongju" in menu.actions()[0].text()
    first = window.project.mentions_of(gyeongju)[0]
    _menu_action(menu, "Not a Place").trigger()
    menu.close()  # as a click on the item would
    assert window.project.correction(first.mention.doc_id, first.mention.start, first.mention.end) is not None

    # The keyboard: the second row, reached with Ctrl+Home and Down; F2 opens its mention's fix menu.
    window.activateWindow()
    table.setFocus()
    app.qtbot.waitUntil(lambda: window.isActiveWindow() and table.hasFocus(), timeout=3_000)
    QTest.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(table, Qt.Key.Key_Down)
    second = proxy.index(1, 0).data(ID_ROLE)
    assert second != gyeongju and window.project.followed().place_id == second
    QTest.keyClick(table, Qt.Key.Key_F2)
    app.qtbot.waitUntil(lambda: window.fixer.menu is not menu and window.fixer.menu.isVisible())
    followed = window.project.followed().resolution
    assert f"“{followed.mention.text}”" in window.fixer.menu.actions()[0].text()
    QTest.keyClick(window.fixer.menu, Qt.Key.Key_Escape)
    app.qtbot.waitUntil(lambda: not window.fixer.menu.isVisible())


def test_a_project_whose_documents_moved_opens_from_its_saved_copy_and_says_so(app, tmp_path):
    window = app.window
    source = tmp_path / "report.txt"
    source.write_text("Officials in Kuala Lumpur met envoys from Gyeongju.\n", encoding="utf-8")
    with app.qtbot.waitSignal(window.documentsChanged, timeout=60_000):
        window.open_paths([source])
    doc = window.project.documents[-1]
    gy = next(r for r in window.project.resolutions(doc.id) if r.mention.text == "Gyeongju")
    window.project.correct(doc.id, gy.mention.start, gy.mention.end, None)
    project_path = tmp_path / "work.mapviewer"
    assert window.files.write(project_path)
    source.rename(tmp_path / "moved.txt")

    with app.qtbot.waitSignal(window.documentsChanged, timeout=60_000):
        window.files.open(project_path)
    box = wait_for_message(app.qtbot, window)
    assert "not where the project says" in message_text(box)
    assert "report.txt was not found" in message_text(box) and "saved in the project" in message_text(box)
    box.close()
    reopened = window.project.document(doc.id)
    assert reopened is not None and reopened.text == doc.text
    assert window.project.correction(doc.id, gy.mention.start, gy.mention.end).place is None
    assert "Gyeongju" not in [r.mention.text for r in window.project.resolutions(doc.id)]


def test_closing_a_document_is_undone_with_its_corrections(app):
    window = app.window
    seed = window.project.documents[0]
    gy = _first(window, "Gyeongju")
    _menu_action(_fix_menu(window, gy), "Not a Place").trigger()
    window.doc_list.setCurrentRow(0)
    window.close_doc_action.trigger()
    assert window.doc_list.count() == 0 and window.project.documents == ()
    assert window.undo_action.isEnabled() and window.undo_action.text().startswith("&Undo Close")
    window.undo_action.trigger()
    assert [d.id for d in window.project.documents] == [seed.id] and window.doc_list.count() == 1
    assert window.reader.view.doc is window.project.documents[0]
    assert window.project.correction(seed.id, gy.mention.start, gy.mention.end).place is None
    proxy = window.places.proxy
    assert {proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())} == set(
        window.project.place_ids()
    )
    assert len(window.project.mentions_of(gy.place.id)) == len(_all_named(window, "Gyeongju")) - 1
    app.qtbot.waitUntil(lambda: window.linker.map_is_current, timeout=30_000)
    assert set(app.call("mapviewer.ids()")) == set(window.project.place_ids())


def test_save_close_with_prompt_and_reopen_the_same_state(qtbot, tmp_path):
    app = App(qtbot, tmp_path / "settings.ini").start()
    window = app.window
    gy = _first(window, "Gyeongju")
    _menu_action(_fix_menu(window, gy), "Not a Place").trigger()
    window.project.follow("country:MY")
    target = tmp_path / "work.mapviewer"
    assert window.files.write(target)
    assert not window.isWindowModified() and "work" in window.windowTitle()
    kl = _first(window, "Kuala Lumpur")
    _menu_action(_fix_menu(window, kl), "Not a Place").trigger()
    window.close()
    qtbot.waitUntil(lambda: window.files.prompt is not None and window.files.prompt.isVisible())
    assert window.isVisible(), "unsaved work: the window asks first"
    window.files.prompt.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    app.closed = True
    window.deleteLater()

    again = App(qtbot, tmp_path / "settings2.ini")
    try:
        with qtbot.waitSignal(again.window.documentsChanged, timeout=60_000):
            again.window.start([target])
        project = again.window.project
        assert [(c.start, c.place) for c in project.corrections] == [(gy.mention.start, None)]
        assert project.followed().place_id == "country:MY"
        assert not again.window.isWindowModified()
    finally:
        again.close()


def test_a_corrupt_or_newer_project_gives_a_message_and_keeps_what_was_open(app, tmp_path):
    window = app.window
    before = [d.id for d in window.project.documents]
    for name, content, words in (
        ("broken.mapviewer", '{"format": "mapviewer-project", "version": 1, "documents": [', "broken JSON"),
        (
            "newer.mapviewer",
            json.dumps({"format": "mapviewer-project", "version": 9, "documents": []}),
            "newer",
        ),
    ):
        path = tmp_path / name
        path.write_text(content, "utf-8")
        window.files.open(path)
        box = wait_for_message(app.qtbot, window)
        assert words in message_text(box) and "Nothing was opened" in message_text(box)
        box.close()
        assert [d.id for d in window.project.documents] == before


def test_autosaved_work_is_offered_back_after_a_crash(qtbot, tmp_path):
    settings = tmp_path / "settings.ini"
    first = App(qtbot, settings).start()
    window = first.window
    gy = _first(window, "Gyeongju")
    _menu_action(_fix_menu(window, gy), "Not a Place").trigger()
    recovery = window.files.autosave()
    qtbot.waitUntil(lambda: recovery.exists() and not window.worker.busy, timeout=10_000)
    window.project.mark_saved()  # as if the process had died here: the recovery file stays
    first.close()

    second = App(qtbot, settings)
    try:
        second.window.start()
        qtbot.waitUntil(
            lambda: second.window.files.prompt is not None and second.window.files.prompt.isVisible()
        )
        with qtbot.waitSignal(second.window.documentsChanged, timeout=60_000):
            second.window.files.prompt.button(QMessageBox.StandardButton.Open).click()
        project = second.window.project
        assert [(c.start, c.place) for c in project.corrections] == [(gy.mention.start, None)]
        assert project.dirty and second.window.isWindowModified(), "recovered work is not saved yet"
        project.mark_saved()
    finally:
        second.close()
