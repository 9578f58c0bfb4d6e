"""The reading pane with big texts, and analysis that Cancel (or quitting) stops at once.

A text over BACKGROUND_BUILD_CHARS is built on a thread of its own and shown when complete; these tests
check what the reader sees and can do, not how long it takes (bench/ui_big_document.py measures that).
"""

from __future__ import annotations

import threading

import pytest

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

SENTENCE = "Officials from Malaysia met in Kuala Lumpur, then flew to Gyeongju in South Korea. "


@pytest.fixture
def pane(qtbot):
    from mapviewer.ui.reader import ReadingPane

    widget = ReadingPane()
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()
    widget.deleteLater()


def _big_result(make_result, places, repeat: int | None = None):
    from mapviewer.ui.reader import BACKGROUND_BUILD_CHARS

    repeat = repeat or BACKGROUND_BUILD_CHARS // len(SENTENCE) + 50
    text = "Summit report\n\n" + SENTENCE * repeat
    specs = [
        ("Malaysia", places["malaysia"]),
        ("Kuala Lumpur", places["kl"]),
        ("Gyeongju", places["gyeongju"]),
    ]
    return make_result([("Summit report", text, specs)])


def _format_at(view, position: int):
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(position + 1)
    return cursor.charFormat()


def test_a_big_text_is_built_in_the_background_then_shown_whole_with_its_mentions(
    qtbot, pane, make_result, places
):
    result = _big_result(make_result, places)
    doc = result.documents[0]
    view = pane.view
    pane.set_document(doc, result.resolutions)
    assert view.building  # set_document returned before the text was built
    assert "Preparing the text" in view.placeholderText()
    last = result.resolutions[-1]
    view.show_mention(last)  # asked for while building: applied once the text is there
    with qtbot.waitSignal(view.built, timeout=60_000):
        pass
    assert not view.building
    assert view.toPlainText() == doc.text
    assert len(view._spans) == len(result.resolutions)
    first = result.resolutions[0]
    fmt = _format_at(view, first.mention.start)
    assert fmt.underlineStyle() != fmt.UnderlineStyle.NoUnderline and fmt.background().style() != 0
    assert _format_at(view, doc.text.index("Summit")).fontWeight() < 600  # plain text is not bold
    assert view.current is last and view.extraSelections()
    # The mention shown is on screen and a click on it finds it.
    point = view.mention_point(last)
    assert view.viewport().rect().contains(point)
    assert view.resolution_at(point) is last


def test_a_big_text_scrolls_to_a_mention_far_into_it_highlights_it_and_a_click_follows_it(
    qtbot, pane, make_result, places
):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    result = _big_result(make_result, places, repeat=20_000)  # 1.7 million characters
    view = pane.view
    with qtbot.waitSignal(view.built, timeout=120_000):
        pane.set_document(result.documents[0], result.resolutions)
    target = result.resolutions[len(result.resolutions) * 3 // 4]
    view.show_mention(target)
    # On screen, in the upper part of the pane, highlighted with its passage.
    point = view.mention_point(target)
    assert view.viewport().rect().contains(point)
    assert point.y() < view.viewport().height() // 2
    top, bottom = view.visible_range()
    assert top <= target.mention.start < bottom
    highlighted = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()}
    assert view.qt_range(target.mention.start, target.mention.end) in highlighted
    assert view.qt_range(target.passage.start, target.passage.end) in highlighted
    # Its own underline is in the text there too, and the hover and a click find it.
    fmt = _format_at(view, view.qt_range(target.mention.start, target.mention.end)[0])
    assert fmt.underlineStyle() != fmt.UnderlineStyle.NoUnderline
    assert view.resolution_at(point) is target
    with qtbot.waitSignal(view.mentionClicked, timeout=5_000) as clicked:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert clicked.args == [target]
    # A narrower pane re-wraps the text; the next mention is still found and shown.
    pane.resize(420, 500)
    qtbot.waitUntil(lambda: view.viewport().width() < 420)
    following = result.resolutions[len(result.resolutions) * 3 // 4 + 1]
    view.show_mention(following)
    point = view.mention_point(following)
    assert view.viewport().rect().contains(point) and view.resolution_at(point) is following


def test_a_big_text_shown_again_corrected_stays_where_the_reader_was(qtbot, pane, make_result, places):
    result = _big_result(make_result, places, repeat=5_000)
    doc, view = result.documents[0], pane.view
    with qtbot.waitSignal(view.built, timeout=60_000):
        pane.set_document(doc, result.resolutions)
    target = result.resolutions[len(result.resolutions) // 2]
    view.show_mention(target)
    top = view.visible_range()[0]
    assert top > len(doc.text) // 3
    # "Not a place": the text comes again without that mention, struck through, read where it was.
    rest = [r for r in result.resolutions if r is not target]
    with qtbot.waitSignal(view.built, timeout=60_000):
        pane.set_document(doc, rest, [(target.mention.start, target.mention.end)])
        assert view.visible_range()[0] == top  # the old text stays on screen meanwhile
    shown = view.visible_range()[0]
    assert shown <= top < shown + 2 * len(SENTENCE)  # what was read first is at the top again
    start, _ = view.qt_range(target.mention.start, target.mention.end)
    assert _format_at(view, start).fontStrikeOut()
    assert view.resolution_at(view.mention_point(target)) is None


def test_a_normal_text_after_a_big_one_is_shown_whole_and_the_big_one_is_let_go(
    qtbot, pane, make_result, places
):
    big = _big_result(make_result, places)
    small = make_result([("Note", "Ministers met in Malaysia.", [("Malaysia", places["malaysia"])])])
    view = pane.view
    with qtbot.waitSignal(view.built, timeout=60_000):
        pane.set_document(big.documents[0], big.resolutions)
    assert view.toPlainText() == big.documents[0].text
    pane.set_document(small.documents[0], small.resolutions)
    assert view.toPlainText() == "Ministers met in Malaysia."
    assert view.plain.document().isEmpty()  # the big text's document (and its memory) is gone
    res = small.resolutions[0]
    view.show_mention(res)
    assert view.resolution_at(view.mention_point(res)) is res


def test_a_newer_document_wins_over_a_big_one_still_being_built(qtbot, pane, make_result, places):
    from PySide6.QtCore import QCoreApplication

    big = _big_result(make_result, places)
    small = make_result([("Note", "Ministers met in Malaysia.", [("Malaysia", places["malaysia"])])])
    view = pane.view
    pane.set_document(big.documents[0], big.resolutions)
    builder = view._building
    assert isinstance(builder, threading.Thread)
    pane.set_document(small.documents[0], small.resolutions)
    assert not view.building and view.toPlainText() == "Ministers met in Malaysia."
    qtbot.waitUntil(lambda: not builder.is_alive(), timeout=60_000)
    QCoreApplication.processEvents()  # a result it might have sent has arrived by now
    assert view.toPlainText() == "Ministers met in Malaysia."
    assert [r.place.id for _, _, r in view._spans] == ["country:MY"]


def test_headings_are_set_apart_and_body_text_is_not(pane):
    from mapviewer.documents import document_from_text

    doc = document_from_text("# Talks in Hanoi\n\nMinisters met in Hanoi on Monday.\n", title="t")
    headings = [p for p in doc.paragraphs if p.kind == "heading"]
    if not headings:
        pytest.skip("this reader does not mark Markdown headings in pasted text")
    pane.set_document(doc, [])
    view = pane.view
    start, end = view.qt_range(headings[0].start, headings[0].end)
    assert _format_at(view, start).fontWeight() >= 600
    body = view.toPlainText().index("Ministers")
    assert _format_at(view, body).fontWeight() < 600


# -- cancelling analysis ------------------------------------------------------------------------------
def test_cancel_stops_work_inside_interruptible_at_once_and_the_worker_runs_on(qtbot):
    from mapviewer.ui.workers import Task, Worker

    worker = Worker()
    inside = threading.Event()

    def endless(task: Task) -> None:
        with task.interruptible():
            inside.set()
            n = 0
            while True:  # pure Python that never checks in, like one long analysis
                n += 1

    try:
        task = worker.submit(Task(endless, name="endless"))
        qtbot.waitUntil(inside.is_set, timeout=10_000)
        with qtbot.waitSignal(task.cancelled, timeout=10_000):
            task.cancel()
            task.cancel()  # twice: still one Cancelled
        # Nothing is left pending in the worker thread: the next tasks run to the end.
        for _ in range(3):
            after = Task(lambda _t: sum(range(100_000)), name="after")
            with qtbot.waitSignal(after.succeeded, timeout=10_000) as done:
                worker.submit(after)
            assert done.args == [sum(range(100_000))]
    finally:
        worker.stop()


def test_cancel_after_the_interruptible_part_does_not_interrupt_what_follows(qtbot):
    from mapviewer.ui.workers import Task, Worker

    worker = Worker()
    left = threading.Event()
    go_on = threading.Event()

    def two_parts(task: Task) -> str:
        with task.interruptible():
            pass
        left.set()
        go_on.wait(10)
        return "finished"  # never checks: a cancel here must not raise anything into this code

    try:
        task = worker.submit(Task(two_parts, name="two parts"))
        qtbot.waitUntil(left.is_set, timeout=10_000)
        with qtbot.waitSignal(task.ended, timeout=10_000):
            task.cancel()
            go_on.set()
        # Cancelled when it ended, so reported as cancelled, but it ran to its end undisturbed.
        after = Task(lambda _t: "ok", name="after")
        with qtbot.waitSignal(after.succeeded, timeout=10_000) as done:
            worker.submit(after)
        assert done.args == ["ok"]
    finally:
        worker.stop()


def test_closing_the_window_during_a_long_analysis_cancels_it_and_the_worker_stops(qtbot, tmp_path):
    from ui_helpers import App

    from mapviewer.ui.loading import BIG_TEXT_CHARS

    app = App(qtbot, tmp_path / "settings.ini", size=(900, 600))
    window = app.window
    window.opener.ensure_gazetteer()
    qtbot.waitUntil(lambda: window.opener.core.geoparser is not None, timeout=120_000)
    text = SENTENCE * (BIG_TEXT_CHARS // len(SENTENCE) + 100)
    messages: list[str] = []
    task = window.open_text(text, title="long")
    task.progressed.connect(lambda _f, message: messages.append(message))
    ended = []
    task.cancelled.connect(lambda: ended.append("cancelled"))
    task.succeeded.connect(lambda _r: ended.append("succeeded"))
    qtbot.waitUntil(lambda: any("Finding the places" in m for m in messages), timeout=60_000)
    window.close()  # cancels the load and waits for the worker thread
    assert window.worker._thread.isFinished()
    qtbot.waitUntil(lambda: bool(ended), timeout=10_000)  # the task's last signal, queued to this thread
    assert ended == ["cancelled"]
    assert not window.project.documents
    app.close()
