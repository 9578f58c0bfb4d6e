"""The main window: documents, reading pane, map and places table, linked every way.

The window holds what is open (a Session) and asks the core for everything else on the worker thread:
reading and geoparsing files, rendering the map page, writing exports.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mapviewer.errors import MapviewerError
from mapviewer.model import Document, Resolution
from mapviewer.ui.dialogs import AboutDialog, PasteTextDialog
from mapviewer.ui.loading import DocumentLoader, LoadOutcome, PastedText, supported_suffixes
from mapviewer.ui.mapview import MapView
from mapviewer.ui.places_table import PlacesPane
from mapviewer.ui.reader import ReadingPane
from mapviewer.ui.session import Session
from mapviewer.ui.workers import Task, Worker

log = logging.getLogger(__name__)

MAX_RECENT = 10
ONLINE_TILES = "OpenStreetMap"
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class MainWindow(QMainWindow):
    """The viewer. Emits `mapReady` each time the map page is ready, `documentsChanged` after loads."""

    mapReady = Signal()  # noqa: N815
    documentsChanged = Signal()  # noqa: N815
    exportFinished = Signal(str)  # noqa: N815  (path written)
    messageShown = Signal(str)  # noqa: N815  (the text of an error or warning shown to the user)

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings("mapviewer", "mapviewer")
        self.session = Session()
        self.worker = Worker(self)
        self._core = DocumentLoader()
        self._render_generation = 0
        self._rendered_generation = 0
        self._load_task: Task | None = None
        self._gazetteer_task: Task | None = None
        self._index_dialog: QProgressDialog | None = None
        self._focus_place: str | None = None
        self._focus_index = 0
        self._current_doc: str | None = None
        self.messages: list[QMessageBox] = []  # kept so they stay open (and so tests can read them)
        self.started = time.perf_counter()

        self.setWindowTitle("mapviewer")
        self.setAcceptDrops(True)
        self.setUnifiedTitleAndToolBarOnMac(True)
        self._build_panes()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        self._restore_layout()
        self._update_counts()

    # -- construction ------------------------------------------------------------------------------
    def _build_panes(self) -> None:
        self.doc_list = QListWidget(self)
        self.doc_list.setObjectName("documents")
        self.doc_list.setWordWrap(True)
        self.doc_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.doc_list.setSpacing(2)
        self.doc_list.currentItemChanged.connect(self._on_document_selected)
        self.doc_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        docs_box = self._titled("Documents", self.doc_list)

        self.reader = ReadingPane(self)
        self.reader.mentionActivated.connect(self._on_mention_clicked)
        self.reader.previousRequested.connect(self.previous_mention)
        self.reader.nextRequested.connect(self.next_mention)

        self.map = MapView(self)
        self.map.setAcceptDrops(False)  # dropped files go to the window, not into the page
        self.map.placeClicked.connect(self._on_marker_clicked)
        self.map.ready.connect(self._on_map_ready)
        self.map.failed.connect(self._on_map_failed)
        self.map.set_online(self._online_tiles_setting())
        map_box = self._titled("Map", self.map, margins=(0, 6, 6, 0))

        self.places = PlacesPane(self)
        self.places.placeSelected.connect(self._on_table_selected)
        places_box = self._titled("Places", self.places, margins=(6, 6, 6, 6))

        self.top_splitter = _splitter(
            Qt.Orientation.Horizontal, "readerMapSplitter", (self.reader, 4), (map_box, 5)
        )
        self.right_splitter = _splitter(
            Qt.Orientation.Vertical, "contentSplitter", (self.top_splitter, 1), (places_box, 0)
        )
        # The documents list may be collapsed away; the content may not.
        self.main_splitter = _splitter(
            Qt.Orientation.Horizontal,
            "mainSplitter",
            (docs_box, 0),
            (self.right_splitter, 1),
            collapsible=True,
        )
        self.main_splitter.setCollapsible(1, False)
        self.setCentralWidget(self.main_splitter)

    def _titled(self, title: str, widget: QWidget, margins=(6, 6, 0, 6)) -> QWidget:
        box = QWidget(self)
        label = QLabel(title, box)
        font = label.font()
        font.setWeight(font.Weight.DemiBold)
        label.setFont(font)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(*margins)
        layout.setSpacing(4)
        layout.addWidget(label)
        layout.addWidget(widget, 1)
        return box

    def _action(self, text: str, slot: Callable, shortcut=None, icon=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(
                f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                if shortcut is not None
                else tip
            )
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.open_action = self._action(
            "&Open Files…",
            self.choose_files,
            QKeySequence.StandardKey.Open,
            sp.SP_DialogOpenButton,
            "Open text, Markdown or HTML files",
        )
        self.open_folder_action = self._action(
            "Open &Folder…",
            self.choose_folder,
            "Ctrl+Shift+O",
            sp.SP_DirOpenIcon,
            "Open every readable file in a folder",
        )
        self.paste_action = self._action(
            "&Paste Text as Document…",
            self.paste_text,
            "Ctrl+Shift+V",
            sp.SP_FileDialogDetailedView,
            "Paste text and find the places it names",
        )
        self.close_doc_action = self._action(
            "&Close Document",
            self.close_current_document,
            QKeySequence.StandardKey.Close,
            None,
            "Close the document being read",
        )
        self.export_html_action = self._action(
            "Export &Map as HTML…",
            self.choose_export_html,
            "Ctrl+E",
            sp.SP_DialogSaveButton,
            "Save the map as a web page that works offline",
        )
        self.export_geojson_action = self._action(
            "Export Places as &GeoJSON…",
            self.choose_export_geojson,
            "Ctrl+Shift+E",
            None,
            "Save the places and their mentions as GeoJSON",
        )
        self.export_csv_action = self._action(
            "Export Places as &CSV…",
            self.choose_export_csv,
            None,
            None,
            "Save the places and their mentions as a CSV table",
        )
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q", None, "Quit mapviewer")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.filter_action = self._action(
            "&Filter Places",
            self.places.focus_filter,
            QKeySequence.StandardKey.Find,
            None,
            "Type to filter the places table",
        )
        self.next_action = self._action(
            "&Next Mention",
            self.next_mention,
            QKeySequence.StandardKey.FindNext,
            sp.SP_ArrowForward,
            "Next mention of the selected place",
        )
        self.prev_action = self._action(
            "&Previous Mention",
            self.previous_mention,
            QKeySequence.StandardKey.FindPrevious,
            sp.SP_ArrowBack,
            "Previous mention of the selected place",
        )
        self.online_action = QAction("&Online Tiles (OpenStreetMap)", self)
        self.online_action.setCheckable(True)
        self.online_action.setChecked(self._online_tiles_setting())
        self.online_action.setStatusTip(
            "Show OpenStreetMap tiles under the map; the map then fetches tiles from the internet"
        )
        self.online_action.toggled.connect(self.set_online_tiles)
        self.about_action = self._action(
            "&About mapviewer", self.show_about, None, None, "Data sources and licences"
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.doc_list.addAction(self.close_doc_action)

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.open_folder_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addAction(self.paste_action)
        file_menu.addAction(self.close_doc_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_html_action)
        file_menu.addAction(self.export_geojson_action)
        file_menu.addAction(self.export_csv_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self._rebuild_recent_menu()

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.filter_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.prev_action)
        edit_menu.addAction(self.next_action)

        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.online_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.open_action)
        toolbar.addAction(self.open_folder_action)
        toolbar.addAction(self.paste_action)
        toolbar.addSeparator()
        export_menu = QMenu(self)
        export_menu.addAction(self.export_html_action)
        export_menu.addAction(self.export_geojson_action)
        export_menu.addAction(self.export_csv_action)
        export_button = QToolButton(self)
        export_button.setText("Export")
        export_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        export_button.setMenu(export_menu)
        export_button.setDefaultAction(self.export_html_action)
        export_button.setText("Export")
        export_button.setToolTip("Export the map as HTML (Ctrl+E), or the places as GeoJSON or CSV")
        self.export_button = export_button
        toolbar.addWidget(export_button)
        toolbar.addSeparator()
        toolbar.addAction(self.prev_action)
        toolbar.addAction(self.next_action)
        spacer = QWidget(self)
        spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addAction(self.about_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        self.prev_action.setIconText("Previous")
        self.next_action.setIconText("Next")
        self.export_html_action.setIconText("Export")
        self.paste_action.setIconText("Paste Text")
        self.open_action.setIconText("Open")
        self.open_folder_action.setIconText("Open Folder")
        self.about_action.setIconText("About")
        self._update_actions()

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.progress_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setFixedWidth(180)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.counts_label = QLabel(self)
        self.network_label = QLabel(self)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            status.addPermanentWidget(widget)
            widget.hide()
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.network_label)
        self._update_network_label()

    # -- settings ----------------------------------------------------------------------------------
    def _online_tiles_setting(self) -> bool:
        return self.settings.value("map/onlineTiles", False, type=bool)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            pass
        else:
            screen = QApplication.primaryScreen()
            available = screen.availableGeometry().size() if screen else QSize(1440, 900)
            self.resize(min(1440, int(available.width() * 0.92)), min(900, int(available.height() * 0.92)))
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        restored = True
        for splitter in (self.main_splitter, self.right_splitter, self.top_splitter):
            saved = self.settings.value(f"splitters/{splitter.objectName()}")
            if not (isinstance(saved, QByteArray) and splitter.restoreState(saved)):
                restored = False
        self._needs_default_sizes = not restored

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._needs_default_sizes:  # sized now, when the window knows its real size
            self._needs_default_sizes = False
            self._default_splitter_sizes()

    def _default_splitter_sizes(self) -> None:
        width, height = self.main_splitter.width(), self.main_splitter.height()
        docs = max(170, min(230, int(width * 0.125)))
        rest = width - docs
        self.main_splitter.setSizes([docs, rest])
        reader = int(rest * 0.43)
        self.top_splitter.setSizes([reader, rest - reader])
        table = max(190, int(height * 0.29))
        self.right_splitter.setSizes([height - table, table])

    def _save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        for splitter in (self.main_splitter, self.right_splitter, self.top_splitter):
            self.settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        self.settings.sync()

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _remember(self, paths: list[Path]) -> None:
        if not paths:
            return
        recent = self.recent_files()
        for path in paths:
            text = str(path)
            if text in recent:
                recent.remove(text)
            recent.insert(0, text)
        self.settings.setValue("recentFiles", recent[:MAX_RECENT])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for i, text in enumerate(recent):
            name = Path(text).name.replace("&", "&&")  # a literal "&", not a keyboard mnemonic
            label = f"&{i + 1} {name}" if i < 9 else name
            action = self.recent_menu.addAction(label)
            action.setStatusTip(text)
            action.triggered.connect(lambda _c=False, p=text: self.open_paths([Path(p)]))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Menu", self._clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    def _clear_recent(self) -> None:
        self.settings.setValue("recentFiles", [])
        self._rebuild_recent_menu()

    # -- opening -----------------------------------------------------------------------------------
    def start(self, paths: Sequence[Path] | None = None) -> None:
        """Open `paths`, or the seed documents when there are none."""
        if paths:
            self.open_paths([Path(p) for p in paths])
        else:
            from mapviewer.paths import seed_documents

            self.open_paths(seed_documents(), remember=False)

    def choose_files(self) -> None:
        patterns = " ".join(f"*{s}" for s in supported_suffixes())
        names, _ = QFileDialog.getOpenFileNames(
            self, "Open Files", self._last_dir(), f"Documents ({patterns});;All files (*)"
        )
        if names:
            self._set_last_dir(Path(names[0]).parent)
            self.open_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open Folder", self._last_dir())
        if folder:
            self._set_last_dir(Path(folder))
            self.open_paths([Path(folder)])

    def _last_dir(self) -> str:
        return str(self.settings.value("lastDirectory", str(Path.home())))

    def _set_last_dir(self, folder: Path) -> None:
        self.settings.setValue("lastDirectory", str(folder))

    def paste_text(self) -> None:
        clipboard = QApplication.clipboard().text() if QApplication.clipboard() else ""
        dialog = PasteTextDialog(self, clipboard)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self.open_text(dialog.text, dialog.title))
        dialog.open()
        self._paste_dialog = dialog

    def open_text(self, text: str, title: str | None = None) -> Task:
        return self.open_paths([PastedText(text, title)], remember=False)

    def open_paths(self, sources: Sequence[Path | PastedText], remember: bool = True) -> Task:
        """Read and geoparse files, folders or pasted texts on the worker thread; returns the task."""
        if self._core.geoparser is None and self._gazetteer_task is None:
            self._open_gazetteer()
        task = Task(lambda t: self._core.load(t, list(sources), remember), name="load")
        task.progressed.connect(self._on_load_progress)
        task.succeeded.connect(self._on_loaded)
        task.failed.connect(lambda exc: self._show_error("The documents could not be opened", exc))
        task.cancelled.connect(
            lambda: self.statusBar().showMessage("Opening cancelled; nothing was added.", 6000)
        )
        task.ended.connect(lambda: self._load_ended(task))
        self._load_task = task
        self._show_progress("Opening…")
        self._update_actions()
        return self.worker.submit(task)

    def _open_gazetteer(self) -> None:
        from mapviewer.errors import GazetteerError
        from mapviewer.gazetteer import index_is_current

        task = Task(self._core.ensure_geoparser, name="gazetteer")
        self._gazetteer_task = task
        task.ended.connect(lambda: setattr(self, "_gazetteer_task", None))
        try:
            building = not index_is_current()
        except GazetteerError:
            building = False  # an unusable cache: the task fails with the same message, shown below
        if building:
            dialog = QProgressDialog("Building the place index (first launch only)…", "Cancel", 0, 1000, self)
            dialog.setWindowTitle("mapviewer: first launch")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setMinimumWidth(420)
            dialog.canceled.connect(task.cancel)
            dialog.canceled.connect(self.cancel_loading)
            task.progressed.connect(
                lambda f, m: (dialog.setValue(int(f * 1000)), dialog.setLabelText(m or dialog.labelText()))
            )
            task.ended.connect(lambda: self._close_index_dialog(dialog))
            self._index_dialog = dialog
            dialog.show()
        task.failed.connect(lambda exc: self._show_error("The place index could not be opened", exc))
        task.cancelled.connect(
            lambda: self.statusBar().showMessage(
                "Building the place index was cancelled: places cannot be found until it is built. "
                "Open a file to build it again.",
                15000,
            )
        )
        self.worker.submit(task)

    def _close_index_dialog(self, dialog: QProgressDialog) -> None:
        # Closing a QProgressDialog emits canceled(): cut that wire first, or it cancels the loading
        # that is waiting for the index.
        dialog.canceled.disconnect()
        dialog.close()
        dialog.deleteLater()
        if self._index_dialog is dialog:
            self._index_dialog = None

    def cancel_loading(self) -> None:
        if self._load_task is not None:
            self._load_task.cancel()
            self.progress_label.setText("Cancelling…")
            self.cancel_button.setEnabled(False)

    @property
    def loading(self) -> bool:
        return self._load_task is not None

    def _load_ended(self, task: Task) -> None:
        if self._load_task is task:
            self._load_task = None
            self._hide_progress()
        self._update_actions()

    def _on_load_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(int(fraction * 1000))
        if message:
            self.progress_label.setText(message)

    def _on_loaded(self, outcome: LoadOutcome) -> None:
        self.session.country_names.update(outcome.country_names)
        self.reader.view.country_names = self.session.country_names
        if self._core.geoparser is not None:
            self.reader.view.describe_place = self._core.geoparser.describe
        added: list[Document] = []
        for doc, resolutions in outcome.loaded:
            if self.session.add(doc, resolutions):
                added.append(doc)
        duplicates = len(outcome.loaded) - len(added)
        for doc in added:
            item = QListWidgetItem(doc.title or "Untitled")
            item.setData(DOC_ID_ROLE, doc.id)
            item.setToolTip(_plain_tooltip(doc.source or "Pasted text"))
            self.doc_list.addItem(item)
        self._remember(outcome.remember)
        if added:
            self._refresh_after_change(select=added[0].id)
        note = []
        if added:
            note.append(f"Opened {len(added)} document{'s' * (len(added) != 1)}")
        if duplicates:
            note.append(f"{duplicates} already open")
        if note:
            self.statusBar().showMessage("; ".join(note) + ".", 6000)
        if outcome.errors:
            self._show_file_errors(outcome.errors, opened=len(added))
        self.documentsChanged.emit()

    def close_current_document(self) -> None:
        item = self.doc_list.currentItem()
        if item is None:
            return
        doc_id = item.data(DOC_ID_ROLE)
        self.session.remove(doc_id)
        self.doc_list.takeItem(self.doc_list.row(item))
        if self._focus_place and not self.session.mentions_of(self._focus_place):
            self._focus_place = None
        self._refresh_after_change(select=None)
        self.documentsChanged.emit()

    def _refresh_after_change(self, select: str | None) -> None:
        result = self.session.result()
        self.places.set_places(result.places(), self.session.country_names)
        self._update_counts()
        if select is not None:
            self.select_document(select)
        elif self.doc_list.currentItem() is None and self.doc_list.count():
            self.doc_list.setCurrentRow(0)
        elif not self.doc_list.count():
            self._current_doc = None
            self.reader.set_document(None, [])
            self.setWindowTitle("mapviewer")
        self._update_navigation()
        self._render_map()
        self._update_actions()

    # -- the map -----------------------------------------------------------------------------------
    def _render_map(self) -> None:
        self._render_generation += 1
        generation = self._render_generation
        result = self.session.result()
        tiles = ONLINE_TILES if self.online_action.isChecked() else None

        def render(task: Task) -> str | None:
            if generation != self._render_generation:
                return None  # a newer render is queued: skip this one
            from mapviewer.webmap import render_html

            return render_html(result, tiles=tiles)

        task = Task(render, name="render map")
        task.succeeded.connect(lambda html: self._show_map(html, generation))
        task.failed.connect(lambda exc: self._show_error("The map could not be drawn", exc))
        self.worker.submit(task)

    def _show_map(self, html: str | None, generation: int) -> None:
        if html is None or generation != self._render_generation:
            return
        self._rendered_generation = generation
        try:
            self.map.show_html(html)
        except OSError as exc:
            self._show_error("The map could not be shown", exc)

    def _on_map_ready(self) -> None:
        if self._rendered_generation == 1:
            elapsed = time.perf_counter() - self.started
            self.statusBar().showMessage(f"Map ready {elapsed:.1f} s after the window opened", 4000)
        self.mapReady.emit()

    def _on_map_failed(self, reason: str) -> None:
        self._show_message(
            QMessageBox.Icon.Warning,
            "The map could not be shown",
            f"The map page did not load: {reason}. The documents and places are still "
            "available; try opening the files again.",
        )

    def set_online_tiles(self, online: bool) -> None:
        self.settings.setValue("map/onlineTiles", online)
        self.map.set_online(online)
        self._update_network_label()
        if self.session.documents:
            self._render_map()

    def _update_network_label(self) -> None:
        online = self.online_action.isChecked()
        self.network_label.setText("  ·  Online tiles" if online else "  ·  Offline map")
        self.network_label.setToolTip(
            "The map fetches OpenStreetMap tiles from the internet (View › Online Tiles)."
            if online
            else "Nothing is sent to the network; turn on View › Online Tiles for a detailed background."
        )

    # -- linking -----------------------------------------------------------------------------------
    def _on_marker_clicked(self, place_id: str) -> None:
        self.show_place(place_id, origin="map")

    def _on_table_selected(self, place_id: str) -> None:
        self.show_place(place_id, origin="table")

    def _on_mention_clicked(self, res: Resolution) -> None:
        mentions = self.session.mentions_of(res.place.id)
        index = next((i for i, r in enumerate(mentions) if r is res), 0)
        self.show_place(res.place.id, origin="reader", index=index)

    def show_place(self, place_id: str, origin: str = "app", index: int = 0) -> None:
        """Show a place everywhere except where the user pointed at it."""
        mentions = self.session.mentions_of(place_id)
        if not mentions:
            return
        self._focus_place = place_id
        self._focus_index = max(0, min(index, len(mentions) - 1))
        if origin != "map":
            self.map.focus_place(place_id)
        if origin != "table":
            self.places.select_place(place_id)
        self._show_focused_mention(scroll=origin != "reader")

    def next_mention(self) -> None:
        self._step(+1)

    def previous_mention(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if self._focus_place is None:
            return
        mentions = self.session.mentions_of(self._focus_place)
        new = self._focus_index + delta
        if 0 <= new < len(mentions):
            self._focus_index = new
            self._show_focused_mention(scroll=True)

    def focused_mention(self) -> Resolution | None:
        if self._focus_place is None:
            return None
        mentions = self.session.mentions_of(self._focus_place)
        return mentions[self._focus_index] if self._focus_index < len(mentions) else None

    def _show_focused_mention(self, scroll: bool) -> None:
        res = self.focused_mention()
        if res is not None and res.mention.doc_id != self._current_doc:
            self.select_document(res.mention.doc_id)
        self.reader.view.show_mention(res, scroll=scroll)
        self._update_navigation()

    def _update_navigation(self) -> None:
        res = self.focused_mention()
        if res is None:
            self.reader.set_navigation(None, 0, 0, 0)
        else:
            mentions = self.session.mentions_of(res.place.id)
            docs = len({r.mention.doc_id for r in mentions})
            self.reader.set_navigation(res, self._focus_index, len(mentions), docs)
        self._update_actions()

    # -- documents list ----------------------------------------------------------------------------
    def select_document(self, doc_id: str) -> None:
        for row in range(self.doc_list.count()):
            if self.doc_list.item(row).data(DOC_ID_ROLE) == doc_id:
                if self.doc_list.currentRow() != row:
                    self.doc_list.setCurrentRow(row)
                else:
                    self._show_document(doc_id)
                return

    def _on_document_selected(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self._show_document(current.data(DOC_ID_ROLE))

    def _show_document(self, doc_id: str) -> None:
        doc = self.session.document(doc_id)
        if doc is None:
            return
        if doc_id != self._current_doc or self.reader.view.doc is not doc:
            self._current_doc = doc_id
            self.reader.set_document(doc, self.session.resolutions[doc_id])
            self.setWindowTitle(f"{doc.title} — mapviewer")
        focused = self.focused_mention()
        if focused is not None and focused.mention.doc_id == doc_id:
            self.reader.view.show_mention(focused, scroll=True)
        self._update_actions()

    # -- exports -----------------------------------------------------------------------------------
    def choose_export_html(self) -> None:
        self._choose_export("Export Map as HTML", "map.html", "Web page (*.html)", self.export_map_html)

    def choose_export_geojson(self) -> None:
        self._choose_export(
            "Export Places as GeoJSON", "places.geojson", "GeoJSON (*.geojson *.json)", self.export_geojson
        )

    def choose_export_csv(self) -> None:
        self._choose_export("Export Places as CSV", "places.csv", "CSV table (*.csv)", self.export_csv)

    def _choose_export(self, title: str, default_name: str, filters: str, export: Callable) -> None:
        if not self.session.documents:
            self._show_message(
                QMessageBox.Icon.Information,
                "Nothing to export",
                "Open a document first; the export holds the places it names.",
            )
            return
        start = str(Path(self._last_dir()) / default_name)
        name, _ = QFileDialog.getSaveFileName(self, title, start, filters)
        if name:
            self._set_last_dir(Path(name).parent)
            export(Path(name))

    def export_map_html(self, path: Path) -> Task:
        tiles = ONLINE_TILES if self.online_action.isChecked() else None
        return self._export(path, lambda result, p: _export_module().write_map_html(result, p, tiles=tiles))

    def export_geojson(self, path: Path) -> Task:
        return self._export(path, lambda result, p: _export_module().write_geojson(result, p))

    def export_csv(self, path: Path) -> Task:
        return self._export(path, lambda result, p: _export_module().write_csv(result, p))

    def _export(self, path: Path, write: Callable) -> Task:
        result = self.session.result()
        task = Task(lambda _t: write(result, path) or path, name=f"export {path.name}")
        task.succeeded.connect(lambda _r: self._on_exported(path))
        task.failed.connect(lambda exc: self._show_error(f"{path.name} could not be written", exc))
        self.statusBar().showMessage(f"Writing {path}…")
        return self.worker.submit(task)

    def _on_exported(self, path: Path) -> None:
        self.statusBar().showMessage(f"Saved {path}", 8000)
        self.exportFinished.emit(str(path))

    # -- messages ----------------------------------------------------------------------------------
    def _show_error(self, title: str, exc: BaseException) -> None:
        if isinstance(exc, MapviewerError):
            text = str(exc)
        elif isinstance(exc, OSError):
            text = (
                f"{exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}. "
                "Check the location exists and you may write there, then try again."
            )
        else:
            text = f"Something unexpected went wrong ({type(exc).__name__}: {exc})."
        self._show_message(QMessageBox.Icon.Warning, title, text)

    def _show_file_errors(self, errors: list[tuple[str, str]], opened: int) -> None:
        count = len(errors)
        if count == 1:
            title = f"{errors[0][0]} could not be opened"
            text = errors[0][1]
        else:
            title = f"{count} files could not be opened"
            text = "\n".join(f"• {message}" for _name, message in errors[:8])
            if count > 8:
                text += f"\n… and {count - 8} more (see Details)."
        if opened:
            text += f"\n\nThe other {opened} document{'s' * (opened != 1)} opened normally."
        box = self._show_message(QMessageBox.Icon.Warning, title, text)
        if count > 8:
            box.setDetailedText("\n".join(f"{name}: {message}" for name, message in errors))

    def _show_message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        """A window-modal message that does not block the event loop (work in progress keeps going)."""
        box = QMessageBox(icon, title, title, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names and messages are never markup
        box.setInformativeText(text)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, b=box: self.messages.remove(b) if b in self.messages else None)
        self.messages.append(box)
        self.statusBar().showMessage(title, 8000)
        box.open()
        self.messageShown.emit(f"{title}\n{text}")
        return box

    def show_about(self) -> None:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self._about = dialog

    # -- status ------------------------------------------------------------------------------------
    def _show_progress(self, text: str) -> None:
        self.progress_label.setText(text)
        self.progress_bar.setValue(0)
        self.cancel_button.setEnabled(True)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.show()

    def _hide_progress(self) -> None:
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.hide()

    def _update_counts(self) -> None:
        docs = len(self.session.documents)
        mentions = self.session.mention_count
        places = self.session.place_count
        self.counts_label.setText(
            f"{docs} document{'s' * (docs != 1)}  ·  {mentions} mention{'s' * (mentions != 1)}"
            f"  ·  {places} place{'s' * (places != 1)}"
        )

    def _update_actions(self) -> None:
        has_docs = bool(self.session.documents)
        for action in (self.export_html_action, self.export_geojson_action, self.export_csv_action):
            action.setEnabled(has_docs)
        if hasattr(self, "export_button"):
            self.export_button.setEnabled(has_docs)
        self.close_doc_action.setEnabled(self.doc_list.currentItem() is not None)
        mentions = self.session.mentions_of(self._focus_place) if self._focus_place else []
        self.prev_action.setEnabled(bool(mentions) and self._focus_index > 0)
        self.next_action.setEnabled(bool(mentions) and self._focus_index < len(mentions) - 1)

    # -- drag and drop -----------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # -- closing -----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._save_layout()
        if self._load_task is not None:
            self._load_task.cancel()
        self.worker.stop()
        super().closeEvent(event)


def _splitter(orientation, name: str, *panes: tuple[QWidget, int], collapsible: bool = False) -> QSplitter:
    """A named splitter (its state is saved by name) holding panes with their stretch factors."""
    splitter = QSplitter(orientation)
    splitter.setObjectName(name)
    for index, (pane, stretch) in enumerate(panes):
        splitter.addWidget(pane)
        splitter.setStretchFactor(index, stretch)
    splitter.setChildrenCollapsible(collapsible)
    return splitter


def _plain_tooltip(text: str) -> str:
    """Tooltips guess whether text is HTML; wrap escaped text so a name like "<b>.txt" shows as written."""
    return f"<p style='white-space:pre'>{html.escape(text)}</p>"


def _export_module():
    from mapviewer import export

    return export
