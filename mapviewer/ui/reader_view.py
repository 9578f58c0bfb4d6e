"""The reader's view of one text: every mention highlighted, clickable and explained on hover.

A big text (a 15 MB report has hundreds of thousands of mentions) is formatted on a thread of its own
into a QTextDocument the plain view takes over once it is complete (see reader_text.py for why it is a
QPlainTextEdit): the window stays responsive, the pane says it is preparing the text, and a newer
document makes the older build be thrown away.
"""

from __future__ import annotations

import contextlib
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QScrollBar, QStackedLayout, QTextEdit, QToolTip, QWidget

from mapviewer.model import Document, Place, Resolution
from mapviewer.ui import collector, palette
from mapviewer.ui.offsets import OffsetMap
from mapviewer.ui.reader_text import (
    BACKGROUND_BUILD_CHARS,
    PlainText,
    RichText,
    describe_resolution,
    format_text,
    plain_document,
    prepare,
    set_text,
)


class _Builds:
    """Which build is current: a plain object the builder thread may read after the view is gone."""

    def __init__(self) -> None:
        self.generation = 0

    def drop_all(self, *_args: object) -> None:
        self.generation += 1


class _Built(QObject):
    """Carries a finished QTextDocument from its builder thread to the UI thread (a queued signal)."""

    done = Signal(object, int)  # (the QTextDocument, spans, offsets), the build's generation


class ReaderView(QWidget):
    """Read-only text that knows where each mention sits: a QTextEdit for normal texts, a QPlainTextEdit
    (laid out only where shown) for big ones; `text` is the one on screen."""

    mentionClicked = Signal(object)  # noqa: N815  (Resolution)
    built = Signal()  # a text built in the background is now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rich = RichText(self, self)
        self.plain = PlainText(self, self)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.5) + 0.5)
        self._font = font
        self.rich.document().setDefaultFont(font)
        self.rich.document().setDocumentMargin(18)
        self.plain.setFont(font)
        self.plain.setDocument(plain_document(font, 18))
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self.rich)
        self._stack.addWidget(self.plain)
        self.text: RichText | PlainText = self.rich
        self.setFocusProxy(self.rich)
        self._placeholder = "Open a document (Ctrl+O) or paste text to find the places it names."
        self.rich.setPlaceholderText(self._placeholder)
        self.doc: Document | None = None
        self._offsets = OffsetMap("")
        self._starts: list[int] = []  # Qt positions of mention starts, sorted
        self._spans: list[tuple[int, int, Resolution]] = []
        self.country_names: dict[str, str] = {}
        self.describe_place: Callable[[Place], str] | None = None  # the geoparser's, once it is open
        self.current: Resolution | None = None
        self._builds = _Builds()
        self.destroyed.connect(self._builds.drop_all)  # a build still running stops at its next check
        self._building: threading.Thread | None = None
        self._pending_scroll = False
        self._keep_top: int | None = None  # the position at the plain view's top, kept over a rebuild
        self._built = _Built(self)
        self._built.done.connect(self._take_built, Qt.ConnectionType.QueuedConnection)

    # -- the text widget on screen, as callers and tests use it -------------------------------------
    def document(self) -> QTextDocument:
        return self.text.document()

    def toPlainText(self) -> str:  # noqa: N802
        return self.text.toPlainText()

    def placeholderText(self) -> str:  # noqa: N802
        return self.text.placeholderText()

    def viewport(self) -> QWidget:
        return self.text.viewport()

    def verticalScrollBar(self) -> QScrollBar:  # noqa: N802
        return self.text.verticalScrollBar()

    def extraSelections(self) -> list[QTextEdit.ExtraSelection]:  # noqa: N802
        return self.text.extraSelections()

    def textCursor(self) -> QTextCursor:  # noqa: N802
        return self.text.textCursor()

    def setTextCursor(self, cursor: QTextCursor) -> None:  # noqa: N802
        self.text.setTextCursor(cursor)

    def cursorForPosition(self, point: QPoint) -> QTextCursor:  # noqa: N802
        return self.text.cursorForPosition(point)

    def cursorRect(self, cursor: QTextCursor) -> QRect:  # noqa: N802
        return self.text.cursorRect(cursor)

    def _show(self, widget: RichText | PlainText) -> None:
        if self.text is not widget:
            self.text.setExtraSelections([])
            self.text = widget
            self._stack.setCurrentWidget(widget)
            self.setFocusProxy(widget)

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
        # The same big text again (a correction): it stays on screen, where it was, until rebuilt.
        again = (
            doc is not None
            and self.doc is doc
            and self.text is self.plain
            and not self.plain.document().isEmpty()
        )
        self._keep_top = self.plain.cursorForPosition(QPoint(0, 0)).position() if again else None
        self.doc = doc
        self.current = None
        self.text.setExtraSelections([])
        self._spans, self._starts = [], []  # nothing clickable until shown
        if not again:
            self._offsets = OffsetMap("")
        if doc is None or len(doc.text) <= BACKGROUND_BUILD_CHARS:
            self._release_plain()
            self._show(self.rich)
            if doc is None:
                self.rich.clear()
                return
            self._offsets, spans, headings, removed_qt, text = prepare(doc, resolutions, removed)
            self._spans, self._starts = spans, [s for s, _, _ in spans]
            self.rich.setCurrentCharFormat(QTextCharFormat())  # no format left from the last text leaks in
            self.rich.setPlainText(text)
            format_text(self.rich.document(), headings, spans, removed_qt)
            self.rich.moveCursor(QTextCursor.MoveOperation.Start)
            self.rich.verticalScrollBar().setValue(0)
            return
        self.rich.clear()
        if not again:
            self._release_plain()
        self._show(self.plain)
        self.plain.setPlaceholderText(f"Preparing the text ({len(doc.text) / 1e6:.1f} million characters)…")
        builds, generation = self._builds, self._builds.generation
        font, ui_thread, gate = QFont(self._font), QCoreApplication.instance().thread(), self._built
        resolutions = list(resolutions)

        def build() -> None:
            def stale() -> bool:
                return generation != builds.generation

            with collector.paused():
                offsets, spans, headings, removed_qt, text = prepare(doc, resolutions, removed)
                text_doc = plain_document(font, 18)
                set_text(text_doc, text)
                fine = not stale() and format_text(text_doc, headings, spans, removed_qt, stale)
            text_doc.moveToThread(ui_thread)
            if not fine:
                text_doc.deleteLater()
                return
            with contextlib.suppress(RuntimeError):  # the view is gone
                gate.done.emit((text_doc, spans, offsets), generation)

        thread = threading.Thread(target=build, name="mapviewer-reader-build", daemon=True)
        self._building = thread

        def start() -> None:  # once the UI thread has done what it is doing (it would share the GIL)
            if generation == builds.generation:
                thread.start()

        QTimer.singleShot(0, self, start)

    def _release_plain(self) -> None:
        """The plain view drops a big text it no longer shows (its memory goes with it)."""
        old = self.plain.document()
        if old.isEmpty():
            return
        self.plain.setDocument(plain_document(self._font, 18))
        if old.parent() is self.plain:
            old.deleteLater()

    def _take_built(self, payload: object, generation: int) -> None:
        text_doc, spans, offsets = payload
        if generation != self._builds.generation:
            text_doc.deleteLater()
            return
        self._building = None
        old = self.plain.document()
        text_doc.setParent(self.plain)
        self.plain.setDocument(text_doc)
        if old.parent() is self.plain:
            old.deleteLater()
        self._offsets, self._spans, self._starts = offsets, spans, [s for s, _, _ in spans]
        self.plain.setPlaceholderText(self._placeholder)
        self.plain.moveCursor(QTextCursor.MoveOperation.Start)
        if self._keep_top is not None:  # rebuilt: the line that was at the top is at the top again
            self.plain.scroll_to(self._keep_top, top=True)
            self._keep_top = None
        if self.current is not None:
            self.show_mention(self.current, scroll=self._pending_scroll)
        self.built.emit()

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
        if not (rect.top() - 2 <= point.y() <= rect.top() + rect.height() + 2):
            return None
        return res

    def qt_range(self, start: int, end: int) -> tuple[int, int]:
        return self._offsets.to_qt(start), self._offsets.to_qt(end)

    # -- showing one mention -----------------------------------------------------------------------
    def show_mention(self, res: Resolution | None, scroll: bool = True) -> None:
        """Highlight a mention and its passage; scroll so it sits in the upper third."""
        self.current = res
        if res is None or self.doc is None or res.mention.doc_id != self.doc.id:
            self.text.setExtraSelections([])
            return
        if self.building:  # shown once the text is there
            self._pending_scroll = scroll
            return
        passage = res.passage or self.doc.passage_at(res.mention.start)
        selections = []
        if passage is not None:
            p_start, p_end = self.qt_range(passage.start, passage.end)
            selections.append(self._selection(p_start, p_end, palette.PASSAGE_BACKGROUND))
            # Only the spans inside the passage (a big text has hundreds of thousands).
            for start, end, other in self._spans[bisect_left(self._starts, p_start) :]:
                if start >= p_end:
                    break
                if end <= p_end and other is not res:
                    selections.append(self._selection(start, end, palette.soft(other.place.kind)))
        start, end = self.qt_range(res.mention.start, res.mention.end)
        current = self._selection(start, end, palette.strong(res.place.kind))
        current.format.setForeground(QColor("white"))
        current.format.setFontWeight(QFont.Weight.Bold)
        selections.append(current)
        self.text.setExtraSelections(selections)
        if scroll:
            self.text.scroll_to(start)

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

    def visible_range(self) -> tuple[int, int]:
        """Python offsets of the first and last characters on screen (for tests and status)."""
        top = self._offsets.to_python(self.cursorForPosition(QPoint(0, 0)).position())
        bottom_point = QPoint(self.viewport().width() - 1, self.viewport().height() - 1)
        bottom = self._offsets.to_python(self.cursorForPosition(bottom_point).position())
        return top, bottom

    # -- mouse (the text widgets hand their events here) --------------------------------------------
    def hovered(self, point: QPoint) -> None:
        over = self.resolution_at(point) is not None
        shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)

    def released(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return  # a drag selects text; only a plain click follows a mention
        res = self.resolution_at(event.position().toPoint())
        if res is not None:
            self.mentionClicked.emit(res)

    def tooltip(self, event: QEvent) -> bool:
        res = self.resolution_at(event.pos())
        if res is not None:
            text = describe_resolution(res, self.country_names, self.describe_place)
            QToolTip.showText(event.globalPos(), text, self.text)
        else:
            QToolTip.hideText()
            event.ignore()
        return True

    def menu(self, widget: QWidget, point: QPoint) -> None:
        """A context menu over the text: the window's (customContextMenuRequested, in viewport
        coordinates) when it asked for one, else the standard text menu."""
        if self.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
            self.customContextMenuRequested.emit(point)
            return
        standard = widget.createStandardContextMenu()
        standard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        standard.popup(widget.viewport().mapToGlobal(point))

    def mention_point(self, res: Resolution) -> QPoint:
        """A viewport point in the middle of a mention's first character (for tests and tooltips)."""
        start, _ = self.qt_range(res.mention.start, res.mention.end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        left = self.cursorRect(cursor)
        cursor.setPosition(start + 1)
        right = self.cursorRect(cursor)
        return QPoint((left.x() + right.x()) // 2, left.center().y())
