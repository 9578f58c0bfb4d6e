"""The main window: documents, reading pane, map and places table, linked every way.

The window holds the project (mapviewer.project.Project, Qt-free) and small controllers that observe it:
linking.py keeps the views in step, fixing.py corrects mentions, opening.py and project_files.py read and
write, exporting.py exports. Work that takes time runs on the worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QFileDialog, QListWidget, QMainWindow, QPushButton, QToolButton, QWidget

from mapviewer import settings as user_settings
from mapviewer.geocoding import geocoded_place
from mapviewer.model import Resolution
from mapviewer.project import SUFFIX, Project
from mapviewer.ui.dialogs import AboutDialog
from mapviewer.ui.exporting import Exporter
from mapviewer.ui.fixing import Fixer
from mapviewer.ui.layout import WindowLayout, splitter, titled
from mapviewer.ui.linking import DOC_ID_ROLE, Linker
from mapviewer.ui.loading import PastedText
from mapviewer.ui.mapview import MapView
from mapviewer.ui.messages import Messages
from mapviewer.ui.opening import Opener
from mapviewer.ui.places_table import PlacesPane
from mapviewer.ui.project_files import ProjectFiles
from mapviewer.ui.reader import ReadingPane
from mapviewer.ui.status import StatusArea
from mapviewer.ui.window_actions import install_actions
from mapviewer.ui.workers import Task, Worker

__all__ = ["DOC_ID_ROLE", "MainWindow"]


class MainWindow(QMainWindow):
    """The viewer. Emits `mapReady` each time the map page is ready, `documentsChanged` after loads."""

    mapReady = Signal()  # noqa: N815
    documentsChanged = Signal()  # noqa: N815
    exportFinished = Signal(str)  # noqa: N815  (path written)
    messageShown = Signal(str)  # noqa: N815  (the text of an error or warning shown to the user)
    projectSaved = Signal(str)  # noqa: N815  (path written)

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings("mapviewer", "mapviewer")
        self.user_settings = user_settings.load()  # tile provider, geocoder (mapviewer/settings.py)
        self.project = Project()
        self.worker = Worker(self)
        self._messages = Messages(self, self.messageShown)
        self.messages = self._messages.boxes  # kept so they stay open (and so tests can read them)
        self.setWindowTitle("mapviewer")
        self.setAcceptDrops(True)
        self.setUnifiedTitleAndToolBarOnMac(True)
        self._build_panes()
        self.status = StatusArea(self, self.cancel_loading)
        self.progress_label, self.progress_bar = self.status.progress_label, self.status.progress_bar
        self.cancel_button, self.counts_label = self.status.cancel_button, self.status.counts_label
        self.network_label = self.status.network_label
        self.opener = Opener(
            self, self.project, self.worker, self._messages, self.status, self.settings, self.documentsChanged
        )
        self.opener.on_actions_changed = self._update_actions
        self.project.place_of = lambda pid: self._geoparser_place(pid)
        self.reader.view.country_names = self.project.country_names  # one dict, filled as documents open
        self.linker = Linker(
            self,
            self.project,
            self.doc_list,
            self.all_button,
            self.reader,
            self.map,
            self.places,
            self.worker,
            self._messages,
            self._tiles,
        )
        self.linker.changed.append(self._update_actions)
        self.fixer = Fixer(
            self,
            self.project,
            self.worker,
            self.map,
            self.reader,
            self.places,
            self._messages,
            self._gazetteer,
        )
        self.opener.core.online = self.fixer.online_geocoder()  # None unless chosen in Settings
        self.exporter = Exporter(
            self,
            self.project,
            self.worker,
            self._messages,
            self.opener.last_dir,
            self.opener.set_last_dir,
            self._tiles,
            self.exportFinished,
        )
        self.files = ProjectFiles(
            self, self.project, self.worker, self._messages, self.opener, self.settings, self.projectSaved
        )
        self.files.reading_title = self._reading_title
        self.project.events.history.connect(lambda _e: self._update_actions())
        install_actions(self)
        self._set_map_online(self.online_tiles_setting())
        self.layout_state = WindowLayout(
            self, self.settings, [self.main_splitter, self.right_splitter, self.top_splitter]
        )
        self.layout_state.restore()
        self._update_actions()
        if self.user_settings.warning:
            self._messages.warn("Settings not used", self.user_settings.warning)

    # -- construction ------------------------------------------------------------------------------
    def _build_panes(self) -> None:
        self.doc_list = QListWidget(self)
        self.doc_list.setObjectName("documents")
        self.doc_list.setWordWrap(True)
        self.doc_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.doc_list.setSpacing(2)
        self.doc_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.all_button = QPushButton("All documents", self)
        self.all_button.setCheckable(True)
        self.all_button.setFlat(True)
        self.all_button.setToolTip("Show the places of every open document on the map and in the table")
        self.all_button.hide()
        self.docs_box = titled(self, "Documents", self.doc_list, header=self.all_button)
        self.reader = ReadingPane(self)
        self.map = MapView(self)
        self.map.setAcceptDrops(False)  # dropped files go to the window, not into the page
        self.map.failed.connect(self._on_map_failed)
        self.show_all_button = QToolButton(self)  # shows the View menu's Show All Places (Ctrl+0)
        self.show_all_button.setAutoRaise(True)
        self.map_box = titled(self, "Map", self.map, margins=(0, 6, 6, 0), header=self.show_all_button)
        self.places = PlacesPane(self)
        self.places_box = titled(self, "Places", self.places, margins=(6, 6, 6, 6))
        self.top_splitter = splitter(
            Qt.Orientation.Horizontal, "readerMapSplitter", (self.reader, 4), (self.map_box, 5)
        )
        self.right_splitter = splitter(
            Qt.Orientation.Vertical, "contentSplitter", (self.top_splitter, 1), (self.places_box, 0)
        )
        # The documents list may be collapsed away; the content may not.
        self.main_splitter = splitter(
            Qt.Orientation.Horizontal,
            "mainSplitter",
            (self.docs_box, 0),
            (self.right_splitter, 1),
            collapsible=True,
        )
        self.main_splitter.setCollapsible(1, False)
        self.setCentralWidget(self.main_splitter)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.layout_state.shown()

    # -- what the controllers ask of the window ----------------------------------------------------
    def _geoparser_place(self, place_id: str):
        geoparser = self.opener.core.geoparser
        # A place an online geocoder found (a correction from the search) is not in the gazetteer.
        return (geoparser.place(place_id) if geoparser is not None else None) or geocoded_place(place_id)

    def _gazetteer(self):
        geoparser = self.opener.core.geoparser
        return geoparser.gazetteer if geoparser is not None else None

    def _tiles(self) -> str | None:
        return self.user_settings.tile_provider if self.online_action_checked() else None

    def online_action_checked(self) -> bool:
        return (
            self.online_action.isChecked() if hasattr(self, "online_action") else self.online_tiles_setting()
        )

    def online_tiles_setting(self) -> bool:
        return self.settings.value("map/onlineTiles", False, type=bool)

    def _reading_title(self) -> str | None:
        doc = self.project.document(self.linker.reading or "")
        return doc.title if doc is not None else None

    def show_document(self, doc_id: str) -> None:
        self.linker.show_document(doc_id)

    # -- opening (the controllers do the work) -----------------------------------------------------
    def start(self, paths: Sequence[Path] | None = None) -> None:
        """Open `paths` (files, folders or a .mapviewer project); with none, offer recovered work or the seeds."""
        if paths:
            projects = [Path(p) for p in paths if Path(p).suffix == SUFFIX]
            if projects:
                self.files.open(projects[0])
            others = [Path(p) for p in paths if Path(p).suffix != SUFFIX]
            if others:
                self.open_paths(others)
        elif not self.files.offer_recovery():
            self.opener.start_seeds()

    def open_paths(self, sources: Sequence[Path | PastedText], remember: bool = True) -> Task:
        return self.opener.open_paths(sources, remember)

    def open_text(self, text: str, title: str | None = None) -> Task:
        return self.opener.open_text(text, title)

    def choose_files(self) -> None:
        self.opener.choose_files()

    def cancel_loading(self) -> None:
        self.opener.cancel_loading()

    @property
    def loading(self) -> bool:
        return self.opener.load_task is not None

    @property
    def _load_task(self):
        return self.opener.load_task

    @property
    def _index_dialog(self):
        return self.opener.index_dialog

    @property
    def _gazetteer_task(self):
        return self.opener.gazetteer_task

    @property
    def _paste_dialog(self):
        return self.opener.paste_dialog

    def recent_files(self) -> list[str]:
        return self.opener.recent_files()

    def _remember(self, paths: list[Path]) -> None:
        self.opener.remember(paths)

    def close_current_document(self) -> None:
        item = self.doc_list.currentItem()
        if item is not None:
            self.project.close_document(item.data(DOC_ID_ROLE))  # undoable: Ctrl+Z opens it again
            self.documentsChanged.emit()

    # -- following (the project decides; these are for menus and tests) ----------------------------
    def show_place(self, place_id: str, origin: str = "app", index: int = 0) -> None:
        self.project.follow(place_id, index, origin)

    def focused_mention(self) -> Resolution | None:
        followed = self.project.followed()
        return followed.resolution if followed is not None else None

    def next_mention(self) -> None:
        self.project.step(+1)

    def previous_mention(self) -> None:
        self.project.step(-1)

    def export_map_html(self, path: Path) -> Task:
        return self.exporter.map_html(path)

    # -- the map -----------------------------------------------------------------------------------
    def _on_map_failed(self, reason: str) -> None:
        self._messages.warn(
            "The map could not be shown",
            f"The map page did not load: {reason}. The documents and places are still "
            "available; try opening the files again.",
        )

    def set_online_tiles(self, online: bool) -> None:
        self.settings.setValue("map/onlineTiles", online)
        self._set_map_online(online)
        if self.project.documents:
            self.linker.render_map()

    def _set_map_online(self, online: bool) -> None:
        provider = self.user_settings.tile_provider
        try:
            self.map.set_online(online, provider)
        except user_settings.SettingsError as exc:
            self._messages.warn("Online tiles are off", f"{exc}. Choose another in View › Settings….")
            online = False
        self.status.show_network(online, provider)

    # -- settings (View > Settings...) -------------------------------------------------------------
    def show_settings(self) -> None:
        from mapviewer.ui.settings import SettingsDialog

        dialog = SettingsDialog(self.user_settings, self)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.chosen()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def apply_settings(self, chosen: user_settings.Settings) -> bool:
        """Save the user's new settings and show their effect; False (with a message) if not saved."""
        try:
            user_settings.save(chosen)
        except user_settings.SettingsError as exc:
            self._messages.warn("Settings not saved", str(exc))
            return False
        changed_tiles = chosen.tile_provider != self.user_settings.tile_provider
        self.user_settings = chosen
        self.opener.core.online = self.fixer.online_geocoder()
        if changed_tiles and self.online_action_checked():
            self.set_online_tiles(True)
        return True

    def save_map_image(self, path: Path | None = None) -> Path | None:
        """The map pane as a PNG (File > Save Map as Image)."""
        if path is None:
            start = str(Path(self.opener.last_dir()) / "map.png")
            name, _ = QFileDialog.getSaveFileName(self, "Save Map as Image", start, "PNG image (*.png)")
            if not name:
                return None
            path = Path(name)
        if not self.map.grab().save(str(path), "PNG"):
            self._messages.warn(
                f"{path.name} could not be saved", "Check the folder exists and may be written."
            )
            return None
        self.statusBar().showMessage(f"Saved the map as {path}", 8000)
        return path

    def show_about(self) -> None:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self._about = dialog

    # -- state of the actions ----------------------------------------------------------------------
    def _update_actions(self) -> None:
        if not hasattr(self, "undo_action"):
            return
        has_docs = bool(self.project.documents)
        for action in (
            self.export_html_action,
            self.export_geojson_action,
            self.export_csv_action,
            self.save_image_action,
            self.save_action,
            self.save_as_action,
            self.export_button,
        ):
            action.setEnabled(has_docs)
        self.close_doc_action.setEnabled(self.doc_list.currentItem() is not None)
        followed = self.project.followed()
        self.prev_action.setEnabled(followed is not None and followed.index > 0)
        self.next_action.setEnabled(followed is not None and followed.index < followed.count - 1)
        self.fix_action.setEnabled(followed is not None)
        history = self.project.history
        self.undo_action.setEnabled(history.can_undo)
        self.redo_action.setEnabled(history.can_redo)
        self.undo_action.setText(f"&Undo {history.undo_label}" if history.can_undo else "&Undo")
        self.redo_action.setText(f"&Redo {history.redo_label}" if history.can_redo else "&Redo")
        self.status.show_counts(self.project)
        self.files.update_title()

    # -- keyboard, drag and drop, closing ----------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.fixer.picking is not None:
            self.fixer.cancel_pick()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start(paths)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.files.may_close():
            event.ignore()  # the prompt is open; it closes the window once answered
            return
        self.layout_state.save()
        if self.opener.load_task is not None:
            self.opener.load_task.cancel()
        self.worker.stop()
        super().closeEvent(event)
