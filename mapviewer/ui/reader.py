"""The reading pane: what is open, a bar that steps through a place's mentions, and the text
(reader_view.ReaderView: every mention highlighted, clickable, and explained on hover).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from operator import attrgetter
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from mapviewer.model import Document, Resolution
from mapviewer.ui import palette
from mapviewer.ui.reader_text import BACKGROUND_BUILD_CHARS, describe_resolution
from mapviewer.ui.reader_view import ReaderView

_place_id = attrgetter("place.id")  # in C: a big text has 200,000 mentions

__all__ = ["BACKGROUND_BUILD_CHARS", "ReaderView", "ReadingPane", "describe_resolution"]


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
        bits.append(f"{n} mention{'s' * (n != 1)} of {len(set(map(_place_id, resolutions)))} places")
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
