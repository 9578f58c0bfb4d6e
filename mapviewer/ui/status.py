"""The status bar: progress with Cancel while documents open, the counts, and whether the map is offline."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QPushButton

from mapviewer.project import Project


class StatusArea:
    def __init__(self, window: QMainWindow, cancel) -> None:
        status = window.statusBar()
        self.progress_label = QLabel(window)
        self.progress_bar = QProgressBar(window)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setFixedWidth(180)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", window)
        self.cancel_button.clicked.connect(cancel)
        self.counts_label = QLabel(window)
        self.network_label = QLabel(window)
        for widget in self._progress_widgets():
            status.addPermanentWidget(widget)
            widget.hide()
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.network_label)

    def _progress_widgets(self):
        return (self.progress_label, self.progress_bar, self.cancel_button)

    def start_progress(self, text: str) -> None:
        self.progress_label.setText(text)
        self.progress_bar.setValue(0)
        self.cancel_button.setEnabled(True)
        for widget in self._progress_widgets():
            widget.show()

    def progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(int(fraction * 1000))
        if message:
            self.progress_label.setText(message)

    def cancelling(self) -> None:
        self.progress_label.setText("Cancelling…")
        self.cancel_button.setEnabled(False)

    def end_progress(self) -> None:
        for widget in self._progress_widgets():
            widget.hide()

    def show_counts(self, project: Project) -> None:
        docs, mentions, places = len(project.documents), project.mention_count, project.place_count
        corrected = len(project.corrections)
        text = (
            f"{docs} document{'s' * (docs != 1)}  ·  {mentions} mention{'s' * (mentions != 1)}"
            f"  ·  {places} place{'s' * (places != 1)}"
        )
        if corrected:
            text += f"  ·  {corrected} correction{'s' * (corrected != 1)}"
        self.counts_label.setText(text)

    def show_network(self, online: bool, provider: str | None = None) -> None:
        self.network_label.setText("  ·  Online tiles" if online else "  ·  Offline map")
        self.network_label.setToolTip(
            f"The map fetches {provider or 'online'} tiles from the internet (View › Base Map › Online Tiles)."
            if online
            else "Nothing is sent to the network; turn on View › Online Tiles for a detailed background."
        )
