"""The reading pane's text: tooltips, formats for mentions and headings, and the two widgets that show it.

A normal text is shown by a QTextEdit, laid out whole with paragraph spacing. A big one (over
BACKGROUND_BUILD_CHARS) is shown by a QPlainTextEdit: its document is built and formatted on a thread
of its own, and Qt then lays out only the lines on screen. QTextEdit lays out the whole text again at
every resize, on the UI thread (a 15 MB text: seconds, and 600 MB of layout), which no background build
can avoid. Both show the same highlights; the plain view has no extra line or paragraph spacing.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QPlainTextDocumentLayout, QPlainTextEdit, QTextEdit, QWidget

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


# Texts longer than this (in characters) are built off the UI thread and shown in the plain view.
BACKGROUND_BUILD_CHARS = 100_000


def mention_format(res: Resolution) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(palette.soft(res.place.kind))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(palette.strong(res.place.kind))
    if res.corrected:  # a person chose this place: a bold, solid border below, in the reviewed colour
        fmt.setUnderlineColor(palette.REVIEWED)
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


def removed_format() -> QTextCharFormat:
    fmt = QTextCharFormat()  # "not a place": struck through in grey, so the review shows
    fmt.setFontStrikeOut(True)
    fmt.setForeground(QColor("#868e96"))
    return fmt


def format_text(
    text_doc: QTextDocument,
    headings: Sequence[tuple[int, int]],
    spans: Sequence[tuple[int, int, Resolution]],
    removed: Sequence[tuple[int, int]],
    cancelled: Callable[[], bool] = lambda: False,
) -> bool:
    """Paragraph spacing, headings, mentions and removed mentions, all in one edit block (applying
    them one by one outside it re-lays the document out each time). False if `cancelled` said stop."""
    cursor = QTextCursor(text_doc)
    plain = isinstance(text_doc.documentLayout(), QPlainTextDocumentLayout)
    cursor.beginEditBlock()
    try:
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())
        block = QTextBlockFormat()
        if not plain:  # the plain layout ignores block spacing
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
            if not plain:
                cursor.mergeBlockFormat(heading_block)
        formats: dict[tuple[str, bool], QTextCharFormat] = {}
        for k, (start, end, res) in enumerate(spans):
            if k % 2000 == 0 and cancelled():
                return False
            key = (res.place.kind, res.corrected)
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = mention_format(res)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        struck = removed_format()
        for start, end in removed:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(struck)
    finally:
        cursor.endEditBlock()
    return True


def prepare(doc: Document, resolutions: Sequence[Resolution], removed: Sequence[tuple[int, int]]):
    """Everything the view needs in Qt positions: (offsets, mention spans, headings, removed, text)."""
    offsets = OffsetMap(doc.text)
    to_qt = offsets.to_qt
    spans = []
    # The project gives them in text order; a sort in C would hold the GIL (and stall the window, whose
    # every event needs it) for a tenth of a second on 200,000 mentions, so sort only when needed.
    keys = [(r.mention.start, r.mention.end) for r in resolutions]
    if any(a > b for a, b in zip(keys, keys[1:], strict=False)):
        resolutions = sorted(resolutions, key=lambda r: (r.mention.start, r.mention.end))
    for res in resolutions:
        start, end = to_qt(res.mention.start), to_qt(res.mention.end)
        if end > start:
            spans.append((start, end, res))
    headings = [(to_qt(p.start), to_qt(p.end)) for p in doc.paragraphs if p.kind == "heading"]
    removed_qt = [(to_qt(start), to_qt(end)) for start, end in removed]
    return offsets, spans, headings, removed_qt, display_text(doc.text)


def set_text(text_doc: QTextDocument, text: str, chunk: int = 1 << 16) -> None:
    """setPlainText in pieces: Qt holds the GIL for the whole call (a quarter second on 15 MB, the
    window frozen meanwhile); pieces let the UI thread in between."""
    if len(text) <= chunk:
        text_doc.setPlainText(text)
        return
    text_doc.clear()
    cursor = QTextCursor(text_doc)
    for at in range(0, len(text), chunk):
        cursor.insertText(text[at : at + chunk])


def plain_document(font: QFont, margin: float) -> QTextDocument:
    """An empty document the plain view can show (any thread; move it to the UI thread after)."""
    text_doc = QTextDocument()
    text_doc.setDocumentLayout(QPlainTextDocumentLayout(text_doc))
    text_doc.setUndoRedoEnabled(False)
    text_doc.setDefaultFont(font)
    text_doc.setDocumentMargin(margin)
    return text_doc


class _Owner(Protocol):
    """What the text widgets tell the reader view (ReaderView)."""

    def hovered(self, point: QPoint) -> None: ...
    def released(self, event: QMouseEvent) -> None: ...
    def tooltip(self, event: QEvent) -> bool: ...
    def menu(self, widget: QWidget, point: QPoint) -> None: ...


class _Text:
    """Mouse, tooltips and context menus of either text widget, handed to the reader view."""

    owner: _Owner

    def setup(self, owner: _Owner) -> None:
        self.owner = owner
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.viewport().setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(lambda point: owner.menu(self, point))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.owner.hovered(event.position().toPoint())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        self.owner.released(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            return self.owner.tooltip(event)
        return super().viewportEvent(event)


class RichText(_Text, QTextEdit):
    """A normal text, laid out whole: paragraph and line spacing, headings set apart."""

    def __init__(self, owner: _Owner, parent: QWidget) -> None:
        super().__init__(parent)
        self.setup(owner)
        self.setAcceptRichText(False)

    def scroll_to(self, position: int) -> None:
        """Put a position in the upper third (the scroll bar counts pixels)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)  # also moves keyboard navigation there
        bar = self.verticalScrollBar()
        target = bar.value() + self.cursorRect(cursor).top() - self.viewport().height() // 3
        bar.setValue(max(bar.minimum(), min(bar.maximum(), target)))


class PlainText(_Text, QPlainTextEdit):
    """A big text: only the lines on screen are laid out, so showing, scrolling and resizing stay quick."""

    def __init__(self, owner: _Owner, parent: QWidget) -> None:
        super().__init__(parent)
        self.setup(owner)

    def scroll_to(self, position: int, top: bool = False) -> None:
        """Put a position in the upper third, or on the top line (the scroll bar counts lines)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)  # scrolls it into view, and lays out the lines around it
        bar = self.verticalScrollBar()
        rect = self.cursorRect(cursor)
        above = 0 if top else self.viewport().height() // 3
        lines = round((rect.top() - above) / max(rect.height(), 1))
        bar.setValue(max(bar.minimum(), min(bar.maximum(), bar.value() + lines)))
