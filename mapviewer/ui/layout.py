"""The window's panes: titled boxes in named splitters whose sizes are remembered between runs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget


def splitter(orientation, name: str, *panes: tuple[QWidget, int], collapsible: bool = False) -> QSplitter:
    """A named splitter (its state is saved by name) holding panes with their stretch factors."""
    split = QSplitter(orientation)
    split.setObjectName(name)
    for index, (pane, stretch) in enumerate(panes):
        split.addWidget(pane)
        split.setStretchFactor(index, stretch)
    split.setChildrenCollapsible(collapsible)
    return split


def titled(parent: QWidget, title: str, widget: QWidget, margins=(6, 6, 0, 6), header: QWidget | None = None):
    """A pane with a bold title above it (and an optional control beside the title)."""
    box = QWidget(parent)
    label = QLabel(title, box)
    font = label.font()
    font.setWeight(font.Weight.DemiBold)
    label.setFont(font)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(*margins)
    layout.setSpacing(4)
    if header is None:
        layout.addWidget(label)
    else:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addStretch(1)
        row.addWidget(header)
        layout.addLayout(row)
    layout.addWidget(widget, 1)
    return box


class WindowLayout:
    """Restores and saves the window's geometry and its splitters' sizes."""

    def __init__(self, window: QMainWindow, settings: QSettings, splitters: list[QSplitter]) -> None:
        self.window, self.settings, self.splitters = window, settings, splitters
        self.needs_default_sizes = False

    def restore(self) -> None:
        window, settings = self.window, self.settings
        geometry = settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
            screen = QApplication.primaryScreen()
            available = screen.availableGeometry().size() if screen else QSize(1440, 900)
            window.resize(min(1440, int(available.width() * 0.92)), min(900, int(available.height() * 0.92)))
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        restored = True
        for split in self.splitters:
            saved = settings.value(f"splitters/{split.objectName()}")
            if not (isinstance(saved, QByteArray) and split.restoreState(saved)):
                restored = False
        self.needs_default_sizes = not restored

    def shown(self) -> None:
        if self.needs_default_sizes:  # sized now, when the window knows its real size
            self.needs_default_sizes = False
            self.default_sizes()

    def default_sizes(self) -> None:
        main, right, top = self.splitters
        width, height = main.width(), main.height()
        docs = max(170, min(230, int(width * 0.125)))
        rest = width - docs
        main.setSizes([docs, rest])
        reader = int(rest * 0.43)
        top.setSizes([reader, rest - reader])
        table = max(190, int(height * 0.29))
        right.setSizes([height - table, table])

    def save(self) -> None:
        self.settings.setValue("window/geometry", self.window.saveGeometry())
        self.settings.setValue("window/state", self.window.saveState())
        for split in self.splitters:
            self.settings.setValue(f"splitters/{split.objectName()}", split.saveState())
        self.settings.sync()
