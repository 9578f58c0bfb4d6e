"""The table of places: name, kind, country, mentions, confidence, with a filter box and sorting."""

from __future__ import annotations

import html
from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from mapviewer.kinds import display_kind
from mapviewer.model import PlaceMentions
from mapviewer.ui import palette

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_confidence, _corrected = attrgetter("confidence"), attrgetter("corrected")


@dataclass(frozen=True)
class PlaceRow:
    place_id: str
    name: str
    kind: str
    country: str
    mentions: int
    confidence: float  # mean over the place's mentions
    corrected: int = 0  # mentions a person pointed here

    @classmethod
    def from_place(cls, pm: PlaceMentions, country_names: dict[str, str]) -> PlaceRow:
        place = pm.place
        if place.kind == "country":
            country = place.name
        elif place.kind == "bloc":
            country = f"{len(place.members)} members" if place.members else ""
        else:
            cc = place.country_code or ""
            country = country_names.get(cc, cc)
        # map/attrgetter/sum run in C: a big text's 200,000 mentions in milliseconds, not a quarter second
        mean = sum(map(_confidence, pm.resolutions)) / pm.count if pm.count else 0.0
        corrected = sum(map(_corrected, pm.resolutions))
        # The kind the map shows (a US county is a county): mapviewer.kinds.display_kind.
        return cls(place.id, place.name, display_kind(place), country, pm.count, mean, corrected)


class PlacesModel(QAbstractTableModel):
    COLUMNS = ("Place", "Kind", "Country", "Mentions", "Confidence")
    NAME, KIND, COUNTRY, MENTIONS, CONFIDENCE = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[PlaceRow] = []
        self._swatches: dict[str, QPixmap] = {}

    def set_rows(self, rows: list[PlaceRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, place_id: str) -> int:
        for i, row in enumerate(self._rows):
            if row.place_id == place_id:
                return i
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section >= self.MENTIONS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _swatch(self, kind: str) -> QPixmap:
        if kind not in self._swatches:
            pix = QPixmap(12, 12)
            pix.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pix)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.strong(kind))
            painter.drawEllipse(1, 1, 10, 10)
            painter.end()
            self._swatches[kind] = pix
        return self._swatches[kind]

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{row.name}  ✔" if row.corrected else row.name,
                palette.kind_label(row.kind),
                row.country,
                str(row.mentions),
                f"{row.confidence:.0%}",
            )[col]
        if role == SORT_ROLE:
            return (
                row.name.casefold(),
                palette.kind_label(row.kind),
                row.country.casefold(),
                row.mentions,
                row.confidence,
            )[col]
        if role == ID_ROLE:
            return row.place_id
        if role == Qt.ItemDataRole.DecorationRole and col == self.KIND:
            return self._swatch(row.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.MENTIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.CONFIDENCE and row.confidence < 0.5:
            return QColor("#a33")  # doubtful resolutions stand out
        if row.corrected and col in (self.NAME, self.MENTIONS):
            if role == Qt.ItemDataRole.ForegroundRole:
                return palette.REVIEWED  # a person chose this place for some of its mentions
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
        if role == Qt.ItemDataRole.ToolTipRole:
            reviewed = (
                f"\n✔ {row.corrected} mention{'s' * (row.corrected != 1)} chosen by you"
                if row.corrected
                else ""
            )
            return html.escape(
                f"{row.name} ({palette.kind_label(row.kind)}) · id {row.place_id}{reviewed}"
            ).join(("<p style='white-space:pre'>", "</p>"))
        return None


class PlacesFilter(QSortFilterProxyModel):
    """Sorts by the typed sort role; the filter matches name, kind or country, ignoring case."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)


class PlacesPane(QWidget):
    """Filter box over the table; emits `placeSelected(id)` when the user selects a row."""

    placeSelected = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlacesModel(self)
        self.proxy = PlacesFilter(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter places by name, kind or country (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(PlacesModel.MENTIONS, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(PlacesModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PlacesModel.COUNTRY, QHeaderView.ResizeMode.Stretch)
        for col in (PlacesModel.KIND, PlacesModel.MENTIONS, PlacesModel.CONFIDENCE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)
        self._quiet = False
        self._shown: tuple[list[PlaceMentions], dict[str, str]] | None = None

    def set_places(self, places: list[PlaceMentions], country_names: dict[str, str]) -> None:
        """Show these places; the same list again (the project keeps it until a change) is already shown."""
        shown = (places, dict(country_names))
        if self._shown is not None and self._shown[0] is places and self._shown[1] == shown[1]:
            return
        self._shown = shown
        current = self.selected_place()
        self._quiet = True
        try:
            self.model.set_rows([PlaceRow.from_place(pm, country_names) for pm in places])
            if current:
                self.select_place(current)
        finally:
            self._quiet = False

    def selected_place(self) -> str | None:
        index = self.view.selectionModel().currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_place(self, place_id: str) -> None:
        """Select and show a place's row without announcing it (the caller already knows)."""
        row = self.model.row_of(place_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the filter: show it rather than pretend
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        was_quiet, self._quiet = self._quiet, True
        try:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.view.selectionModel().setCurrentIndex(index, flags)
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._quiet = was_quiet

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        self.placeSelected.emit(current.data(ID_ROLE))
