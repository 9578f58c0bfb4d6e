"""The "Search for another place" dialog: results as you type, typo- and accent-tolerant, each described
so that two places of one name can be told apart, optionally only those inside the map's view.

When the user chose an online geocoder (View > Settings), a button asks it too. Only the button sends
anything: searching as you type stays offline (Nominatim's usage policy forbids autocomplete queries)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer.model import Place
from mapviewer.project.placesearch import Bounds, SearchHit
from mapviewer.ui.workers import Task, Worker

PLACE_ROLE = Qt.ItemDataRole.UserRole + 1


class OnlineSearch:
    """The online geocoder the user chose, as the dialog asks it: name in, (place, address) pairs out."""

    def __init__(self, geocoder, limit: int = 8) -> None:
        self.geocoder, self.limit = geocoder, limit
        self.label, self.where = geocoder.label, geocoder.where

    def search(self, text: str) -> list[tuple[Place, str]]:
        from mapviewer.geocoding import answer_place

        answers = self.geocoder.geocode(text, exactly_one=False, limit=self.limit) or []
        return [(answer_place(a, self.geocoder.name, text), a.address) for a in answers]


SCOPES = (
    ("mention", "This mention only"),
    ("document", "Every mention of this name in the document"),
    ("project", "Every mention of this name in every document"),
)


class PlaceSearchDialog(QDialog):
    """Emits `chosen(place, scope)`; searching runs on the worker thread, the newest query wins."""

    chosen = Signal(object, str)  # Place, scope
    resultsShown = Signal()  # noqa: N815  (after each search's results are listed)

    def __init__(
        self,
        parent: QWidget,
        worker: Worker,
        search: Callable[..., list[SearchHit]],
        describe: Callable[[Place], str],
        words: str,
        bounds: Callable[[Callable], None],
        scope: str = "mention",
        online: OnlineSearch | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose the place")
        self.setMinimumSize(520, 440)
        self.worker, self._search, self.describe, self._ask_bounds = worker, search, describe, bounds
        self._generation = 0
        self._bounds: Bounds | None = None
        intro = QLabel(
            f"Which place does “{words}” name? Type a name; misspellings and missing accents are fine.", self
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.query = QLineEdit(words, self)
        self.query.setPlaceholderText("Search the gazetteer: Kuala Lumpur, Sao Paulo, ASEAN…")
        self.query.setClearButtonEnabled(True)
        self.in_view = QCheckBox("Only places in the map's current view", self)
        self.results = QListWidget(self)
        self.results.setAlternatingRowColors(True)
        self.status = QLabel(" ", self)
        self.status.setStyleSheet("color: palette(placeholder-text);")
        self.online, self.online_button = online, None
        if online is not None:
            self.online_button = QPushButton(f"Search {online.label} Online", self)
            self.online_button.setObjectName("onlineSearch")
            self.online_button.setAutoDefault(False)
            self.online_button.setToolTip(
                f"Sends what you typed to {online.where}; its answers are added below the gazetteer's."
            )
            self.online_button.clicked.connect(self.run_online_search)
        self.scope = QComboBox(self)
        for key, label in SCOPES:
            self.scope.addItem(label, key)
        self.scope.setCurrentIndex(max(0, [k for k, _ in SCOPES].index(scope)))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Use This Place")
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (
            intro,
            self.query,
            self.in_view,
            *([self.online_button] if self.online_button is not None else []),
            self.results,
            self.status,
            QLabel("Apply to:", self),
            self.scope,
            buttons,
        ):
            layout.addWidget(widget)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self._debounce.start())
        self.query.returnPressed.connect(self.accept)
        self.in_view.toggled.connect(self._on_in_view)
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        self.results.currentItemChanged.connect(
            lambda *_: self.ok_button.setEnabled(self.current() is not None)
        )
        self.ok_button.setEnabled(False)
        self.run_search()

    def _on_in_view(self, on: bool) -> None:
        if not on:
            self._bounds = None
            self.run_search()
            return

        def got(bounds: Bounds | None) -> None:
            self._bounds = bounds
            self.run_search()

        self._ask_bounds(got)

    def run_search(self) -> None:
        self._generation += 1
        generation, text, within = self._generation, self.query.text(), self._bounds
        task = Task(lambda _t: self._search(text, limit=15, within=within), name="search places")
        task.succeeded.connect(lambda hits: self._show(hits, generation))
        self.worker.submit(task)
        self.status.setText("Searching…")

    def _show(self, hits: list[SearchHit], generation: int) -> None:
        if generation != self._generation:
            return  # an older query answered late
        self.results.clear()
        for hit in hits:
            text = self.describe(hit.place)
            if hit.name != hit.place.name:
                text += f"   (as “{hit.name}”)"
            item = QListWidgetItem(text)
            item.setData(PLACE_ROLE, hit.place)
            item.setToolTip(hit.place.id)
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
        where = " in the map's view" if self._bounds is not None else ""
        self.status.setText(
            f"{len(hits)} place{'s' * (len(hits) != 1)} found{where}"
            if self.query.text().strip()
            else "Type a place name"
        )
        self.resultsShown.emit()

    def run_online_search(self) -> None:
        """Ask the online geocoder (on the worker thread); its places join the list, marked as its own."""
        text, online = self.query.text().strip(), self.online
        if online is None or not text:
            return
        self._generation += 1
        generation = self._generation
        task = Task(lambda _t: online.search(text), name="search online")
        task.succeeded.connect(lambda found: self._show_online(found, generation))
        task.failed.connect(lambda exc: self._online_failed(exc, generation))
        self.worker.submit(task)
        self.online_button.setEnabled(False)
        self.status.setText(f"Asking {online.label}…")

    def _show_online(self, found: list[tuple[Place, str]], generation: int) -> None:
        self.online_button.setEnabled(True)
        if generation != self._generation:
            return
        for place, address in found:
            item = QListWidgetItem(f"{self.online.label}: {address}")
            item.setData(PLACE_ROLE, place)
            item.setToolTip(f"{address}\nFound by {self.online.where} ({place.id})")
            self.results.addItem(item)
        if found and self.current() is None:
            self.results.setCurrentRow(self.results.count() - len(found))
        self.status.setText(
            f"{self.online.label} found {len(found)} place{'s' * (len(found) != 1)}"
            if found
            else f"{self.online.label} found nothing for “{self.query.text().strip()}”"
        )
        self.resultsShown.emit()

    def _online_failed(self, exc: BaseException, generation: int) -> None:
        self.online_button.setEnabled(True)
        if generation == self._generation:
            self.status.setText(str(exc))  # a GeocodingError says what happened and what to do
            self.resultsShown.emit()

    def current(self) -> Place | None:
        item = self.results.currentItem()
        return item.data(PLACE_ROLE) if item is not None else None

    def accept(self) -> None:
        place = self.current()
        if place is None:
            return
        super().accept()
        self.chosen.emit(place, self.scope.currentData())
