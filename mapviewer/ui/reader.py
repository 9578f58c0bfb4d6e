"""The reading pane: a document's text with every mention highlighted, clickable, and explained on hover.

A big text (a 15 MB report has hundreds of thousands of mentions) is laid out and formatted on a thread of
its own, into a QTextDocument the view takes over once it is complete: the window stays responsive, the
pane says it is preparing the text, and a newer document makes the older build be thrown away.
"""

from __future__ import annotations

import contextlib
import html
import threading
from bisect import bisect_right
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from mapviewer.kinds import display_kind
from mapviewer.model import Document, Place, Resolution
from mapviewer.ui import palette
from mapviewer.ui.offsets import OffsetMap, display_text

_FORM_LABELS = {
    "name": "its name",
    "abbreviation": "an abbreviation",
    "demonym": "a demonym",
    "metonym": "a metonym (the capital for the government)",
    "bloc": "a bloc name",
}


def describe_resolution(
    res: Resolution, country_names: dict[str, str], describe: Callable[[Place], str] | None = None
) -> str:
    """Rich-text tooltip for a mention; every piece of document or gazetteer text is escaped.

    `describe` says what a runner-up is ("London - city, Ontario, Canada"), so namesakes can be told apart.
    """
    place = res.place
    lines = [f"<b>{html.escape(place.name)}</b> · {html.escape(palette.kind_label(display_kind(place)))}"]
    if place.kind != "country" and place.country_code:
        lines.append(html.escape(country_names.get(place.country_code, place.country_code)))
    if res.corrected:
        lines.append("<span style='color:#2f9e44'>✔ Chosen by you (a correction)</span>")
    else:
        lines.append(f"Confidence {res.confidence:.0%}")
    form = _FORM_LABELS.get(res.mention.form, res.mention.form)
    lines.append(f"“{html.escape(res.mention.text)}” names it by {html.escape(form)}")
    if res.alternatives:
        if describe is not None:
            others = "<br>".join(f"{html.escape(describe(p))} ({c:.0%})" for p, c in res.alternatives[:3])
            lines.append(f"<span style='color:#666'>Also possible:<br>{others}</span>")
        else:
            others = ", ".join(
                f"{html.escape(p.name)} ({html.escape(p.country_code or palette.kind_label(p.kind))}, {c:.0%})"
                for p, c in res.alternatives[:3]
            )
            lines.append(f"<span style='color:#666'>Also possible: {others}</span>")
    return "<br>".join(lines)


# Texts longer than this (in characters) are built off the UI thread; shorter ones take well under 0.1 s.
BACKGROUND_BUILD_CHARS = 100_000


def _mention_format(res: Resolution) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(palette.soft(res.place.kind))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(palette.strong(res.place.kind))
    if res.corrected:  # a person chose this place: a bold, solid border below, in the reviewed colour
        fmt.setUnderlineColor(palette.REVIEWED)
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


def _removed_format() -> QTextCharFormat:
    fmt = QTextCharFormat()  # "not a place": struck through in grey, so the review shows
    fmt.setFontStrikeOut(True)
    fmt.setForeground(QColor("#868e96"))
    return fmt


def _format_text(
    text_doc: QTextDocument,
    headings: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int, Resolution]],
    removed: Sequence[tuple[int, int]],
    cancelled: Callable[[], bool] = lambda: False,
) -> bool:
    """Paragraph spacing, headings, mentions and removed mentions, all in one edit block (applying
    them one by one outside it re-lays the document out each time). False if `cancelled` said stop."""
    cursor = QTextCursor(text_doc)
    cursor.beginEditBlock()
    try:
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())
        block = QTextBlockFormat()
        block.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setBottomMargin(8)
        cursor.mergeBlockFormat(block)
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.DemiBold)
        heading.setFontPointSize(text_doc.defaultFont().pointSizeF() + 2)
        heading_block = QTextBlockFormat()
        heading_block.setTopMargin(6)
        for start, end in headings:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(heading)
            cursor.mergeBlockFormat(heading_block)
        formats: dict[tuple[str, bool], QTextCharFormat] = {}
        for k, (start, end, res) in enumerate(spans):
            if k % 2000 == 0 and cancelled():
                return False
            key = (res.place.kind, res.corrected)
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = _mention_format(res)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        for start, end in removed:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(_removed_format())
    finally:
        cursor.endEditBlock()
    return True


def _prepare(doc: Document, resolutions: Sequence[Resolution], removed: Sequence[tuple[int, int]]):
    """Everything the view needs in Qt positions: (offsets, mention spans, headings, removed, text)."""
    offsets = OffsetMap(doc.text)
    to_qt = offsets.to_qt
    spans = []
    for res in sorted(resolutions, key=lambda r: (r.mention.start, r.mention.end)):
        start, end = to_qt(res.mention.start), to_qt(res.mention.end)
        if end > start:
            spans.append((start, end, res))
    headings = [(to_qt(p.start), to_qt(p.end)) for p in doc.paragraphs if p.kind == "heading"]
    removed_qt = [(to_qt(start), to_qt(end)) for start, end in removed]
    return offsets, spans, headings, removed_qt, display_text(doc.text)


class _Builds:
    """Which build is current: a plain object the builder thread may read after the view is gone."""

    def __init__(self) -> None:
        self.generation = 0

    def drop_all(self, *_args: object) -> None:
        self.generation += 1


class _Built(QObject):
    """Carries a finished QTextDocument from its builder thread to the UI thread (a queued signal)."""

    done = Signal(object, int)  # the QTextDocument, the build's generation


class ReaderView(QTextEdit):
    """Read-only text view that knows where each mention sits."""

    mentionClicked = Signal(object)  # noqa: N815  (Resolution)
    built = Signal()  # a text built in the background is now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.viewport().setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.5) + 0.5)
        self.document().setDefaultFont(font)
        self.document().setDocumentMargin(18)
        self.setPlaceholderText("Open a document (Ctrl+O) or paste text to find the places it names.")
        self.doc: Document | None = None
        self._offsets = OffsetMap("")
        self._starts: list[int] = []  # Qt positions of mention starts, sorted
        self._spans: list[tuple[int, int, Resolution]] = []
        self.country_names: dict[str, str] = {}
        self.describe_place: Callable[[Place], str] | None = None  # the geoparser's, once it is open
        self.current: Resolution | None = None
        self._placeholder = self.placeholderText()
        self._builds = _Builds()
        self.destroyed.connect(self._builds.drop_all)  # a build still running stops at its next check
        self._building: threading.Thread | None = None
        self._pending_scroll = False
        self._built = _Built(self)
        self._built.done.connect(self._take_built, Qt.ConnectionType.QueuedConnection)

    @property
    def building(self) -> bool:
        """True while a big text is being prepared in the background (it is not shown yet)."""
        return self._building is not None

    # -- content -----------------------------------------------------------------------------------
    def set_document(
        self, doc: Document | None, resolutions: list[Resolution], removed: Sequence[tuple[int, int]] = ()
    ) -> None:
        """Show a document with its mentions; `removed` spans were marked "not a place" by a person.

        A big text is built in the background: until `built` is emitted the pane shows a notice, and
        `show_mention` calls made meanwhile are applied once the text is there.
        """
        self._builds.drop_all()  # any build still running is for an older document: its result is dropped
        self._building = None
        self.doc = doc
        self.current = None
        self.setExtraSelections([])
        if doc is None:
            self.clear()
            self.setPlaceholderText(self._placeholder)
            self._offsets, self._spans, self._starts = OffsetMap(""), [], []
            return
        if len(doc.text) <= BACKGROUND_BUILD_CHARS:
            self._offsets, spans, headings, removed_qt, text = _prepare(doc, resolutions, removed)
            self._spans, self._starts = spans, [s for s, _, _ in spans]
            text_doc = self.document()
            text_doc.setUndoRedoEnabled(False)
            self.setCurrentCharFormat(QTextCharFormat())  # no format left from the last text leaks in
            self.setPlaceholderText(self._placeholder)
            self.setPlainText(text)
            _format_text(text_doc, headings, spans, removed_qt)
            self.moveCursor(QTextCursor.MoveOperation.Start)
            self.verticalScrollBar().setValue(0)
            return
        # Nothing clickable until the text is there.
        self._offsets, self._spans, self._starts = OffsetMap(""), [], []
        self.clear()
        self.setPlaceholderText(f"Preparing the text ({len(doc.text) / 1e6:.1f} million characters)…")
        builds = self._builds
        generation = builds.generation
        font, margin = QFont(self.document().defaultFont()), self.document().documentMargin()
        ui_thread = QCoreApplication.instance().thread()
        gate = self._built
        resolutions = list(resolutions)

        def build() -> None:
            def stale() -> bool:
                return generation != builds.generation

            offsets, spans, headings, removed_qt, text = _prepare(doc, resolutions, removed)
            text_doc = QTextDocument()
            text_doc.setUndoRedoEnabled(False)
            text_doc.setDefaultFont(font)
            text_doc.setDocumentMargin(margin)
            text_doc.setPlainText(text)
            if stale() or not _format_text(text_doc, headings, spans, removed_qt, stale):
                text_doc.moveToThread(ui_thread)
                text_doc.deleteLater()
                return
            text_doc.moveToThread(ui_thread)
            with contextlib.suppress(RuntimeError):  # the view is gone
                gate.done.emit((text_doc, spans, offsets), generation)

        thread = threading.Thread(target=build, name="mapviewer-reader-build", daemon=True)
        self._building = thread
        thread.start()

    def _take_built(self, payload: object, generation: int) -> None:
        text_doc, spans, offsets = payload
        if generation != self._builds.generation:
            text_doc.deleteLater()
            return
        self._building = None
        text_doc.setParent(self)
        self.setDocument(text_doc)  # Qt deletes the previous one if it is ours (a child of the view)
        self._offsets, self._spans, self._starts = offsets, spans, [s for s, _, _ in spans]
        self.setPlaceholderText(self._placeholder)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)
        if self.current is not None:
            self.show_mention(self.current, scroll=self._pending_scroll)
        self.built.emit()

    def _mention_format(self, res: Resolution) -> QTextCharFormat:
        return _mention_format(res)

    def _removed_format(self) -> QTextCharFormat:
        return _removed_format()

    # -- lookup ------------------------------------------------------------------------------------
    def resolution_at(self, point: QPoint) -> Resolution | None:
        """The mention under a viewport point, if any."""
        if not self._spans:
            return None
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        # The cursor sits between characters; the character under the point is the one on its left when
        # the point is left of the cursor.
        if point.x() < self.cursorRect(cursor).x():
            pos -= 1
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return None
        start, end, res = self._spans[k]
        if not start <= pos < end:
            return None
        # cursorForPosition snaps to the nearest line: make sure the point is really on this text.
        first = QTextCursor(self.document())
        first.setPosition(pos)
        rect = self.cursorRect(first)
        line_height = rect.height()
        if not (rect.top() - 2 <= point.y() <= rect.top() + line_height + 2):
            return None
        return res

    def qt_range(self, start: int, end: int) -> tuple[int, int]:
        return self._offsets.to_qt(start), self._offsets.to_qt(end)

    # -- showing one mention -----------------------------------------------------------------------
    def show_mention(self, res: Resolution | None, scroll: bool = True) -> None:
        """Highlight a mention and its passage; scroll so it sits in the upper third."""
        self.current = res
        if res is None or self.doc is None or res.mention.doc_id != self.doc.id:
            self.setExtraSelections([])
            return
        if self.building:  # shown once the text is there
            self._pending_scroll = scroll
            return
        passage = res.passage or self.doc.passage_at(res.mention.start)
        selections = []
        if passage is not None:
            p_start, p_end = self.qt_range(passage.start, passage.end)
            selections.append(self._selection(p_start, p_end, palette.PASSAGE_BACKGROUND))
            for start, end, other in self._spans:
                if p_start <= start and end <= p_end and other is not res:
                    selections.append(self._selection(start, end, palette.soft(other.place.kind)))
        start, end = self.qt_range(res.mention.start, res.mention.end)
        current = self._selection(start, end, palette.strong(res.place.kind))
        current.format.setForeground(QColor("white"))
        current.format.setFontWeight(QFont.Weight.Bold)
        selections.append(current)
        self.setExtraSelections(selections)
        if scroll:
            self._scroll_to(start)

    def _selection(self, start: int, end: int, background: QColor) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = QTextCharFormat()
        sel.format.setBackground(QBrush(background))
        sel.format.setProperty(QTextFormat.Property.OutlinePen, QPen(Qt.PenStyle.NoPen))
        return sel

    def _scroll_to(self, position: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)  # also moves keyboard navigation there
        bar = self.verticalScrollBar()
        rect = self.cursorRect(cursor)
        target = bar.value() + rect.top() - self.viewport().height() // 3
        bar.setValue(max(bar.minimum(), min(bar.maximum(), target)))

    def visible_range(self) -> tuple[int, int]:
        """Python offsets of the first and last characters on screen (for tests and status)."""
        top = self._offsets.to_python(self.cursorForPosition(QPoint(0, 0)).position())
        bottom_point = QPoint(self.viewport().width() - 1, self.viewport().height() - 1)
        bottom = self._offsets.to_python(self.cursorForPosition(bottom_point).position())
        return top, bottom

    # -- mouse -------------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        over = self.resolution_at(event.position().toPoint()) is not None
        shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return  # a drag selects text; only a plain click follows a mention
        res = self.resolution_at(event.position().toPoint())
        if res is not None:
            self.mentionClicked.emit(res)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            res = self.resolution_at(event.pos())
            if res is not None:
                QToolTip.showText(
                    event.globalPos(), describe_resolution(res, self.country_names, self.describe_place), self
                )
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mention_point(self, res: Resolution) -> QPoint:
        """A viewport point in the middle of a mention's first character (for tests and tooltips)."""
        start, _ = self.qt_range(res.mention.start, res.mention.end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        left = self.cursorRect(cursor)
        cursor.setPosition(start + 1)
        right = self.cursorRect(cursor)
        return QPoint((left.x() + right.x()) // 2, left.center().y())


class ReadingPane(QWidget):
    """Header (what is open), a bar that steps through a place's mentions, and the text."""

    mentionActivated = Signal(object)  # noqa: N815  (Resolution)
    previousRequested = Signal()  # noqa: N815
    nextRequested = Signal()  # noqa: N815

    HINT = "Click a name, a marker or a row to follow a place."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() + 2.5)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        self.meta = QLabel(self)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setStyleSheet("color: palette(placeholder-text);")
        self.meta.setWordWrap(True)

        self.nav_label = QLabel(self.HINT, self)
        self.nav_label.setTextFormat(Qt.TextFormat.RichText)
        # Ignored: a long place name must not widen the pane (and squeeze the map mid-flight).
        self.nav_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.nav_label.setWordWrap(True)  # in a narrow pane it wraps rather than being cut off
        self.prev_button = QToolButton(self)
        self.prev_button.setText("◀ Previous")
        self.prev_button.setToolTip("Previous mention of this place (Shift+F3)")
        self.prev_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.next_button = QToolButton(self)
        self.next_button.setText("Next ▶")
        self.next_button.setToolTip("Next mention of this place, across documents (F3)")
        self.next_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.prev_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.prev_button.setEnabled(False)
        self.next_button.setEnabled(False)
        nav = QFrame(self)
        nav.setObjectName("mentionNav")
        nav.setStyleSheet(
            "#mentionNav { background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 4px; }"
        )
        nav_layout = QHBoxLayout(nav)
        nav_layout.setContentsMargins(8, 4, 4, 4)
        nav_layout.addWidget(self.nav_label)
        nav_layout.addWidget(self.prev_button)
        nav_layout.addWidget(self.next_button)

        self.view = ReaderView(self)
        self.view.mentionClicked.connect(self.mentionActivated)
        text_frame = QFrame(self)
        text_frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(text_frame)
        frame_layout.setContentsMargins(1, 1, 1, 1)
        frame_layout.addWidget(self.view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(nav)
        layout.addWidget(text_frame, 1)
        self.set_document(None, [])

    def set_document(
        self, doc: Document | None, resolutions: list[Resolution], removed: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.view.set_document(doc, resolutions, removed)
        if doc is None:
            self.title.setText("No document open")
            self.title.setVisible(True)
            self.meta.setText("")
            return
        # Most texts open with their title; show it above only when the text itself does not.
        starts_with_title = doc.text.lstrip()[: len(doc.title) + 1].startswith(doc.title)
        self.title.setText(doc.title)
        self.title.setVisible(not starts_with_title)
        bits = []
        if doc.date:
            bits.append(doc.date)
        bits.append(Path(doc.source).name if doc.source else "pasted text")
        n = len(resolutions)
        bits.append(f"{n} mention{'s' * (n != 1)} of {len({r.place.id for r in resolutions})} places")
        self.meta.setText("  ·  ".join(bits))

    def set_navigation(self, res: Resolution | None, index: int, total: int, documents: int) -> None:
        if res is None:
            self.nav_label.setText(self.HINT)
            self.prev_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        colour = palette.strong(res.place.kind).name()
        where = f" in {documents} documents" if documents > 1 else ""
        self.nav_label.setText(
            f"<span style='color:{colour}'>●</span> <b>{html.escape(res.place.name)}</b>"
            f" — mention {index + 1} of {total}{where}"
        )
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < total - 1)
