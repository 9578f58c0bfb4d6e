"""The views observe the project: the documents list, the reading pane, the map and the places table.

A click anywhere asks the project to follow a place (or to look at a document); the project's events then
move every view, and the one the user pointed at stays where it is. No view tells another what to show.
"""

from __future__ import annotations

import html
import importlib
import json
import threading
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMainWindow, QPushButton

from mapviewer.project import Event, Project
from mapviewer.ui import collector
from mapviewer.ui.mapview import MapView
from mapviewer.ui.messages import Messages
from mapviewer.ui.places_table import ID_ROLE, PlacesPane
from mapviewer.ui.reader import ReadingPane
from mapviewer.ui.workers import Task, Worker

DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
BIG_RESULT_MENTIONS = 20_000  # the map of more is rendered with the collector waiting (collector.py)


def plain_tooltip(text: str) -> str:
    """Tooltips guess whether text is HTML; wrap escaped text so a name like "<b>.txt" shows as written."""
    return f"<p style='white-space:pre'>{html.escape(text)}</p>"


class Linker(QObject):
    """Keeps the views in step with the project; `reading` is the document in the reading pane."""

    def __init__(
        self,
        window: QMainWindow,
        project: Project,
        doc_list: QListWidget,
        all_button: QPushButton,
        reader: ReadingPane,
        map_view: MapView,
        places: PlacesPane,
        worker: Worker,
        messages: Messages,
        tiles: Callable[[], str | None],
    ) -> None:
        super().__init__(window)
        self.window, self.project, self.doc_list, self.all_button = window, project, doc_list, all_button
        self.reader, self.map, self.places, self.worker = reader, map_view, places, worker
        self.messages, self.tiles = messages, tiles
        self.reading: str | None = None
        self.changed: list[Callable[[], None]] = []  # called after anything the actions depend on
        self._render_generation = self._rendered_generation = 0
        self._quiet = False
        self.started = time.perf_counter()
        # folium and its templates take up to a second to import: import them now on a thread of their
        # own, so that neither the first map title nor the first render waits for it on the UI thread.
        threading.Thread(
            target=importlib.import_module,
            args=("mapviewer.webmap.build",),
            name="import-webmap",
            daemon=True,
        ).start()
        events = project.events
        events.documents.connect(self._on_documents)
        events.corrections.connect(self._on_corrections)
        events.follow.connect(self._on_follow)
        events.view.connect(self._on_view)
        reader.mentionActivated.connect(lambda res: project.follow_mention(res, origin="reader"))
        reader.previousRequested.connect(lambda: project.step(-1))
        reader.nextRequested.connect(lambda: project.step(+1))
        map_view.placeClicked.connect(lambda pid: project.follow(pid, origin="map"))
        map_view.ready.connect(self._on_map_ready)
        places.placeSelected.connect(lambda pid: project.follow(pid, origin="table"))
        doc_list.currentItemChanged.connect(self._on_document_selected)
        all_button.clicked.connect(lambda: project.set_view(None))
        places.filter_edit.textChanged.connect(lambda _text: self._show_scope_on_map(animate=True))

    def _notify(self) -> None:
        for callback in self.changed:
            callback()

    # -- the project changed -----------------------------------------------------------------------
    def _on_documents(self, event: Event) -> None:
        removed = set(event.removed)
        for row in reversed(range(self.doc_list.count())):
            if self.doc_list.item(row).data(DOC_ID_ROLE) in removed:
                self.doc_list.takeItem(row)
        listed = {self.doc_list.item(r).data(DOC_ID_ROLE) for r in range(self.doc_list.count())}
        self._quiet = True
        try:
            for doc_id in event.added:
                doc = self.project.document(doc_id)
                if doc is not None and doc_id not in listed:
                    item = QListWidgetItem(doc.title or "Untitled")
                    item.setData(DOC_ID_ROLE, doc.id)
                    item.setToolTip(plain_tooltip(doc.source or "Pasted text"))
                    self.doc_list.addItem(item)
        finally:
            self._quiet = False
        if self.reading in removed or self.project.document(self.reading or "") is None:
            self.reading = None
            if self.doc_list.count():
                self.doc_list.setCurrentRow(0)
            else:
                self.reader.set_document(None, [])
        self.all_button.setVisible(len(self.project.documents) > 1)
        self.refresh_places()
        self.render_map()
        self._notify()

    def _on_corrections(self, _event: Event) -> None:
        if self.reading is not None:
            bar = self.reader.view.verticalScrollBar()
            position = bar.value()
            self._show_reading(force=True)
            bar.setValue(position)  # a correction must not lose the reader's place
        self.refresh_places()
        self.render_map()
        self._notify()

    def _on_follow(self, event: Event) -> None:
        followed, origin = event.followed, event.origin
        if followed is None:
            self.reader.view.show_mention(None)
            self.reader.set_navigation(None, 0, 0, 0)
            self.map.forget_focus()
            self.map.run_js("window.mapviewer && window.mapviewer.closePopup()")
            self._notify()
            return
        res = followed.resolution
        doc_id = res.mention.doc_id
        if doc_id != self.reading:
            self.show_document(doc_id)
            if self.project.view is not None and self.project.view != doc_id:
                self.project.set_view(doc_id)
        if origin != "map":
            self.map.focus_place(followed.place_id)
        if origin != "table":
            self.places.select_place(followed.place_id)
        self.reader.view.show_mention(res, scroll=origin != "reader")
        self.reader.set_navigation(res, followed.index, followed.count, followed.documents)
        self._notify()

    def _on_view(self, event: Event) -> None:
        doc_id = event.document
        self.all_button.setChecked(doc_id is None)
        if doc_id is not None and doc_id != self.reading:
            self.show_document(doc_id)
        self.refresh_places()
        self._show_scope_on_map(animate=True)
        self._notify()

    # -- the user pointed at a document ------------------------------------------------------------
    def _on_document_selected(self, current: QListWidgetItem | None, _previous) -> None:
        if current is None or self._quiet:
            return
        doc_id = current.data(DOC_ID_ROLE)
        self.show_document(doc_id)
        self.project.set_view(doc_id)

    def show_document(self, doc_id: str) -> None:
        """Put a document in the reading pane (and select it in the list, quietly)."""
        if self.project.document(doc_id) is None:
            return
        self.reading = doc_id
        self._quiet = True
        try:
            for row in range(self.doc_list.count()):
                if self.doc_list.item(row).data(DOC_ID_ROLE) == doc_id and self.doc_list.currentRow() != row:
                    self.doc_list.setCurrentRow(row)
        finally:
            self._quiet = False
        self._show_reading()
        self._notify()

    def _show_reading(self, force: bool = False) -> None:
        doc = self.project.document(self.reading or "")
        if doc is None:
            return
        if force or self.reader.view.doc is not doc:
            removed = [
                (c.start, c.end) for c in self.project.corrections if c.document == doc.id and c.place is None
            ]
            self.reader.set_document(doc, self.project.resolutions(doc.id), removed)
        followed = self.project.followed()
        if followed is not None and followed.resolution.mention.doc_id == doc.id:
            self.reader.view.show_mention(followed.resolution, scroll=not force)
            self.reader.set_navigation(
                followed.resolution, followed.index, followed.count, followed.documents
            )

    def refresh_places(self) -> None:
        self.places.set_places(self.project.places(self.project.view), self.project.country_names)

    # -- the map -----------------------------------------------------------------------------------
    def render_map(self) -> None:
        self._render_generation += 1
        generation = self._render_generation
        result = self.project.result()
        tiles = self.tiles()

        def render(_task: Task) -> str | None:
            if generation != self._render_generation:
                return None  # a newer render is queued: skip this one
            from mapviewer.webmap import render_html

            with collector.paused(len(result.resolutions) > BIG_RESULT_MENTIONS):
                return render_html(result, tiles=tiles)

        task = Task(render, name="render map")
        task.succeeded.connect(lambda page: self._show_map(page, generation))
        task.failed.connect(lambda exc: self.messages.error("The map could not be drawn", exc))
        self.worker.submit(task)

    def _show_map(self, page: str | None, generation: int) -> None:
        if page is None or generation != self._render_generation or not shiboken6.isValid(self.map):
            return  # stale, or the window is gone
        self._rendered_generation = generation
        try:
            self.map.show_html(page)
        except OSError as exc:
            self.messages.error("The map could not be shown", exc)

    def _on_map_ready(self) -> None:
        if self._rendered_generation == 1:
            elapsed = time.perf_counter() - self.started
            self.window.statusBar().showMessage(f"Map ready {elapsed:.1f} s after the window opened", 4000)
        self._show_scope_on_map(animate=False)
        self.window.mapReady.emit()

    def shown_place_ids(self) -> list[str] | None:
        """The places the map shows: the table's rows (the document looked at, the filter typed), or
        None for every place (all documents, no filter)."""
        if self.project.view is None and not self.places.filter_edit.text().strip():
            return None
        proxy = self.places.proxy
        return [proxy.index(row, 0).data(ID_ROLE) for row in range(proxy.rowCount())]

    def _show_scope_on_map(self, animate: bool) -> None:
        """The map shows what the table lists and fits it, unless a place is followed (the map then
        shows that place). A page without showOnly/fit shows every place and fits them all."""
        shown = self.shown_place_ids()
        ids = json.dumps(shown)
        fit = "false" if self.project.followed() is not None else "true"
        self.map.run_js(
            f"(function (mv, ids, animate) {{ if (!mv) return; if (mv.showOnly) mv.showOnly(ids);"
            f" if (!{fit}) return; if (mv.fit) mv.fit(ids, animate);"
            f" else if (mv.fitAll) mv.fitAll(animate); }})(window.mapviewer, {ids}, {json.dumps(animate)})"
        )
        self._show_title(shown)

    def _show_title(self, shown: list[str] | None) -> None:
        """The map's title box names what is looked at: the document read alone, or the set. The page
        is rendered with every document, so the window tells it (as text, never markup)."""
        # The package first, as the import thread does: importing mapviewer.webmap.data directly while
        # that thread is inside mapviewer.webmap deadlocks the two imports, and Python then hands one of
        # them a half-initialised module (KeyError or ImportError on the UI thread).
        importlib.import_module("mapviewer.webmap")
        from mapviewer.webmap.data import map_title

        doc = self.project.document(self.project.view or "")
        docs = [doc] if doc is not None else list(self.project.documents)
        every = len(self.project.place_ids(doc.id if doc is not None else None))
        count = every if shown is None else len(shown)
        places = f"{count} of {every} places" if count != every else f"{count} place{'s' * (count != 1)}"
        title = {
            "title": map_title(docs),
            "hover": " · ".join(d.title.strip() or d.id for d in docs),
            "sub": f"{places} in {len(docs)} document{'s' * (len(docs) != 1)}",
        }
        self.map.run_js(
            "(function (mv, t) { if (mv && mv.setTitle) return mv.setTitle(t);"
            " var box = document.getElementById('mv-title'); if (!box) return;"
            " var text = box.querySelector('.mv-title-text'), sub = box.querySelector('.mv-title-sub');"
            " if (text) { text.textContent = t.title; text.title = t.hover; }"
            f" if (sub) sub.textContent = t.sub; }})(window.mapviewer, {json.dumps(title)})"
        )

    @property
    def map_is_current(self) -> bool:
        """The page on screen is the latest render and is ready (tests and screenshots wait on it)."""
        return self._rendered_generation == self._render_generation and self.map.is_ready

    def show_all(self) -> None:
        """Every place of the documents looked at, in view (the map's "show all")."""
        self.project.unfollow()
        self._show_scope_on_map(animate=True)
