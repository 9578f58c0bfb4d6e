"""Fixing a mention, from the reading pane, the map's popups or the places table (mouse or keyboard).

One menu for all three: the ranked alternatives (described so they can be told apart), a gazetteer search,
"the place is here" on the map, "not a place", and how far the fix reaches (this mention, every mention of
the name in the document, or in every document). Selected words that are no mention can be marked as a
place. Every fix is a project change, so it can be undone, and every view shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCursor, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from mapviewer.errors import MapviewerError
from mapviewer.geocoding import OfflineGeocoder, OnlineGeocoder, is_offline, place_from_raw
from mapviewer.geoparse.describe import describe_place, format_population
from mapviewer.kinds import display_kind
from mapviewer.model import Place
from mapviewer.project import Project
from mapviewer.project.placesearch import Bounds, PlaceSearch
from mapviewer.ui import palette
from mapviewer.ui.mapview import MapView
from mapviewer.ui.messages import Messages
from mapviewer.ui.place_search import OnlineSearch, PlaceSearchDialog
from mapviewer.ui.places_table import ID_ROLE, PlacesPane
from mapviewer.ui.reader import ReadingPane
from mapviewer.ui.workers import Task, Worker

MAX_ALTERNATIVES = 6


@dataclass(frozen=True)
class Target:
    """The span being fixed: a mention, or words that are none yet."""

    doc_id: str
    start: int
    end: int
    words: str


def describe(place: Place, gazetteer, country_names: dict[str, str]) -> str:
    """The geoparser's description; a shorter one while the gazetteer is not open yet."""
    if gazetteer is not None:
        return describe_place(place, gazetteer)
    bits = [palette.kind_label(display_kind(place)).lower()]
    if place.kind == "bloc" and place.members:
        bits.append(f"{len(place.members)} members")
    elif place.kind != "country" and place.country_code:
        bits.append(country_names.get(place.country_code, place.country_code))
    if place.population and place.kind != "bloc":
        bits.append(f"pop. {format_population(place.population)}")
    return f"{place.name} — {', '.join(bits)}"


class Fixer(QObject):
    def __init__(
        self,
        window: QMainWindow,
        project: Project,
        worker: Worker,
        map_view: MapView,
        reader: ReadingPane,
        places: PlacesPane,
        messages: Messages,
        gazetteer: Callable[[], object | None],
    ) -> None:
        super().__init__(window)
        self.window, self.project, self.worker, self.map = window, project, worker, map_view
        self.reader, self.places, self.messages, self._gazetteer = reader, places, messages, gazetteer
        self.scope = "mention"
        self.menu: QMenu | None = None  # the last fix menu shown (tests read it)
        self.dialog: PlaceSearchDialog | None = None
        self.picking: Target | None = None
        self._search: PlaceSearch | None = None
        self._online: tuple[tuple[str, str], OnlineSearch] | None = None
        map_view.fixRequested.connect(lambda d, s, e: self.open_for_span(d, s, e, QCursor.pos()))
        map_view.pointClicked.connect(self.on_map_point)
        for widget in (reader.view, places.view):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        reader.view.customContextMenuRequested.connect(self._reader_menu)
        places.view.customContextMenuRequested.connect(self._table_menu)

    # -- the gazetteer, searched -------------------------------------------------------------------
    def searcher(self) -> PlaceSearch | None:
        gazetteer = self._gazetteer()
        if self._search is None and gazetteer is not None:
            self._search = PlaceSearch(gazetteer)
        return self._search

    def _describe(self, place: Place) -> str:
        return describe(place, self._gazetteer(), self.project.country_names)

    # -- where a menu is asked for -----------------------------------------------------------------
    def _reader_menu(self, pos: QPoint) -> None:
        view = self.reader.view
        if view.doc is None:
            return
        cursor = view.textCursor()
        if cursor.hasSelection():
            self.open_for_selection(view.viewport().mapToGlobal(pos))
            return
        res = view.resolution_at(pos)
        if res is not None:
            self.open_for_span(
                res.mention.doc_id, res.mention.start, res.mention.end, view.viewport().mapToGlobal(pos)
            )

    def _table_menu(self, pos: QPoint) -> None:
        """A row's menu fixes that place's followed mention: the row under the pointer is followed first."""
        index = self.places.view.indexAt(pos)
        place_id = index.data(ID_ROLE) if index.isValid() else None
        followed = self.project.followed()
        if place_id is not None and (followed is None or followed.place_id != place_id):
            self.places.select_place(place_id)
            self.project.follow(place_id, origin="table")
        self.fix_followed(self.places.view.viewport().mapToGlobal(pos))

    def fix_followed(self, global_pos: QPoint | None = None) -> None:
        """The keyboard's way in (Edit > Fix Mention, F2): the followed mention's menu, beside it."""
        followed = self.project.followed()
        if followed is None:
            self.window.statusBar().showMessage(
                "Follow a place first (click a name, a marker or a row).", 6000
            )
            return
        m = followed.resolution.mention
        if global_pos is None:
            view = self.reader.view
            global_pos = view.viewport().mapToGlobal(view.mention_point(followed.resolution) + QPoint(0, 14))
        self.open_for_span(m.doc_id, m.start, m.end, global_pos)

    def selection_target(self) -> Target | None:
        view = self.reader.view
        cursor = view.textCursor()
        if view.doc is None or not cursor.hasSelection():
            return None
        start, end = (view._offsets.to_python(p) for p in (cursor.selectionStart(), cursor.selectionEnd()))
        text = view.doc.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Target(view.doc.id, start, end, text[start:end]) if end > start else None

    def open_for_selection(self, global_pos: QPoint) -> None:
        target = self.selection_target()
        if target is None:
            return
        res = self.project.resolution(target.doc_id, target.start, target.end)
        if res is not None:
            self.open_for_span(target.doc_id, target.start, target.end, global_pos)
            return
        self._popup(self._menu(target, None), global_pos)

    def open_for_span(self, doc_id: str, start: int, end: int, global_pos: QPoint) -> None:
        doc = self.project.document(doc_id)
        if doc is None or not 0 <= start < end <= len(doc.text):
            return
        target = Target(doc_id, start, end, doc.text[start:end])
        self._popup(self._menu(target, self.project.resolution(doc_id, start, end)), global_pos)

    def _popup(self, menu: QMenu, global_pos: QPoint) -> None:
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = menu
        menu.popup(global_pos)

    # -- the menu ----------------------------------------------------------------------------------
    def _menu(self, target: Target, res) -> QMenu:
        menu = QMenu(self.window)
        menu.setObjectName("fixMenu")
        menu.setToolTipsVisible(True)
        if res is not None:
            title = f"“{target.words}” is {self._describe(res.place)}"
            if res.corrected:
                title += "  ✔ (your choice)"
        else:
            title = f"“{target.words}” is not marked as a place"
        menu.addSection(title)
        if res is not None:
            for place, confidence in res.alternatives[:MAX_ALTERNATIVES]:
                action = menu.addAction(f"{self._describe(place)}   {confidence:.0%}")
                action.setToolTip(place.id)
                action.triggered.connect(lambda _c=False, p=place.id: self.apply(target, p))
            if res.alternatives:
                menu.addSeparator()
        search = menu.addAction("Search for Another Place…" if res is not None else "Mark as Place…")
        search.setShortcut(QKeySequence("Ctrl+K") if res is not None else QKeySequence("Ctrl+M"))
        search.triggered.connect(lambda: self.open_search(target))
        pick = menu.addAction("The Place Is Here: Pick It on the Map…")
        pick.triggered.connect(lambda: self.start_pick(target))
        if res is not None:
            not_place = menu.addAction("Not a Place")
            not_place.setShortcut(QKeySequence(Qt.Key.Key_Delete))
            not_place.triggered.connect(lambda: self.apply(target, None))
        if self.project.correction(target.doc_id, target.start, target.end) is not None:
            restore = menu.addAction("Restore the Geoparser's Reading")
            restore.triggered.connect(lambda: self.project.restore(target.doc_id, target.start, target.end))
        self._add_scope(menu, target)
        return menu

    def _add_scope(self, menu: QMenu, target: Target) -> None:
        folded = target.words.casefold()
        in_doc = sum(
            1 for r in self.project.resolutions(target.doc_id) if r.mention.text.casefold() == folded
        )
        in_all = sum(
            1
            for d in self.project.documents
            for r in self.project.resolutions(d.id)
            if r.mention.text.casefold() == folded
        )
        menu.addSection("Apply the fix to")
        group = QActionGroup(menu)
        choices = [
            ("mention", "This mention only"),
            ("document", f"Every “{target.words}” in this document ({max(in_doc, 1)})"),
            ("project", f"Every “{target.words}” in every document ({max(in_all, 1)})"),
        ]
        for key, label in choices:
            action = QAction(label, menu)
            action.setCheckable(True)
            action.setChecked(self.scope == key)
            action.setData(key)
            group.addAction(action)
            menu.addAction(action)
            # Choosing how far reaches keeps the menu open: it opens again where it was.
            action.triggered.connect(lambda _c=False, k=key, m=menu: self._rescope(k, m, target))

    def _rescope(self, scope: str, menu: QMenu, target: Target) -> None:
        self.scope = scope
        pos = menu.pos()
        QTimer.singleShot(
            0,
            lambda: (
                self.open_for_span(target.doc_id, target.start, target.end, pos)
                if self.project.resolution(target.doc_id, target.start, target.end) is not None
                else self._popup(self._menu(target, None), pos)
            ),
        )

    # -- the ways of fixing ------------------------------------------------------------------------
    def apply(self, target: Target, place_id: str | None, scope: str | None = None) -> int:
        try:
            changed = self.project.correct(
                target.doc_id, target.start, target.end, place_id, scope or self.scope
            )
        except MapviewerError as exc:
            self.messages.error("The mention could not be changed", exc)
            return 0
        self.scope = "mention"  # a wide fix is chosen each time, never left armed
        label = self.project.history.undo_label or ""
        self.window.statusBar().showMessage(f"{label}. Undo with Ctrl+Z.", 8000)
        return changed

    def open_search(self, target: Target | None = None) -> PlaceSearchDialog | None:
        target = target or self.selection_target()
        search = self.searcher()
        if target is None or search is None:
            return None
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = PlaceSearchDialog(
            self.window,
            self.worker,
            search.search,
            self._describe,
            target.words,
            self.map_bounds,
            self.scope,
            online=self.online_search(),
        )
        dialog.chosen.connect(lambda place, scope: self.apply(target, place.id, scope))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog
        return dialog

    def online_search(self) -> OnlineSearch | None:
        """The online geocoder chosen in View > Settings (None: offline, the default), kept between
        searches so its rate limit holds across them."""
        chosen = getattr(self.window, "user_settings", None)
        provider, url = (chosen.geocoder, chosen.geocoder_url) if chosen is not None else (None, "")
        if is_offline(provider):
            return None
        if self._online is None or self._online[0] != (provider, url):
            try:
                self._online = ((provider, url), OnlineSearch(OnlineGeocoder(provider, url or None)))
            except MapviewerError as exc:  # a setting that cannot work: say so, search offline
                self.messages.error("The online geocoder cannot be used", exc)
                return None
        return self._online[1]

    def online_geocoder(self):
        """The same geocoder (and rate limit) for opening documents: names the gazetteer lacks."""
        search = self.online_search()
        return search.geocoder if search is not None else None

    def map_bounds(self, answer: Callable[[Bounds | None], None]) -> None:
        """The map's current view, from the page (asynchronously)."""
        js = (
            "(function (mv) { var m = mv && mv.leafletMap && mv.leafletMap(); if (!m) return null;"
            " var b = m.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })"
            "(window.mapviewer)"
        )

        def got(value) -> None:
            answer(Bounds(*value) if isinstance(value, list) and len(value) == 4 else None)

        self.map.run_js(js, got)

    def start_pick(self, target: Target) -> None:
        self.picking = target
        self.map.setFocus()
        self.window.statusBar().showMessage(f"Click the map where “{target.words}” is (Esc cancels).", 30000)

    def cancel_pick(self) -> None:
        if self.picking is not None:
            self.picking = None
            self.window.statusBar().showMessage("Picking on the map cancelled.", 4000)

    def on_map_point(self, lat: float, lon: float) -> None:
        target, search = self.picking, self.searcher()
        if target is None or search is None:
            return
        self.picking = None
        task = Task(lambda _t: self._nearest(search, lat, lon), name="places near a point")
        task.succeeded.connect(lambda found: self._offer_nearest(target, found))
        self.worker.submit(task)

    def _nearest(self, search: PlaceSearch, lat: float, lon: float) -> list[tuple[Place, float | None]]:
        """The places nearest the point, then the region and country that hold it (the geocoder's reverse)."""
        found: list[tuple[Place, float | None]] = list(search.nearest(lat, lon))
        seen = {p.id for p, _ in found}
        for location in OfflineGeocoder(search.gazetteer).reverse((lat, lon), exactly_one=False):
            place = place_from_raw(location.raw)
            if place is not None and place.id not in seen:
                seen.add(place.id)
                found.append((place, None))
        return found

    def _offer_nearest(self, target: Target, found: list[tuple[Place, float | None]]) -> None:
        menu = QMenu(self.window)
        menu.setObjectName("nearestMenu")
        menu.addSection(f"“{target.words}” is…")
        for place, km in found:
            where = f"   {km:.0f} km away" if km is not None and km >= 1 else ""
            action = menu.addAction(self._describe(place) + where)
            action.triggered.connect(lambda _c=False, p=place.id: self.apply(target, p))
        if not found:
            menu.addAction("No gazetteer place near there").setEnabled(False)
        self._popup(menu, QCursor.pos())
