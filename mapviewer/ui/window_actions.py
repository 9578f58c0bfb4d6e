"""The window's actions, menus and toolbar, in one place; each action calls one method of a controller."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle, QToolBar, QToolButton, QWidget

SP = QStyle.StandardPixmap
KEYS = QKeySequence.StandardKey


def make_action(
    window: QMainWindow, text: str, slot: Callable, shortcut=None, icon=None, tip: str = ""
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, list):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            action.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    if tip:
        action.setStatusTip(tip)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def install_actions(w) -> None:
    """Create the window's actions as attributes of `w` (the MainWindow), then its menus and toolbar."""
    a = make_action
    w.new_project_action = a(
        w, "&New Project", w.files.new, KEYS.New, None, "Close everything and start afresh"
    )
    w.open_project_action = a(
        w,
        "Open &Project…",
        w.files.choose_open,
        "Ctrl+Shift+P",
        None,
        "Open a .mapviewer project: documents and corrections",
    )
    w.save_action = a(
        w,
        "&Save Project",
        w.files.save,
        KEYS.Save,
        SP.SP_DialogSaveButton,
        "Save the documents and your corrections as a project",
    )
    w.save_as_action = a(
        w, "Save Project &As…", w.files.save_as, KEYS.SaveAs, None, "Save the project to a new file"
    )
    w.open_action = a(
        w,
        "&Open Files…",
        w.opener.choose_files,
        KEYS.Open,
        SP.SP_DialogOpenButton,
        "Open text, Markdown or HTML files",
    )
    w.open_folder_action = a(
        w,
        "Open &Folder…",
        w.opener.choose_folder,
        "Ctrl+Shift+O",
        SP.SP_DirOpenIcon,
        "Open every readable file in a folder",
    )
    w.paste_action = a(
        w,
        "&Paste Text as Document…",
        w.opener.paste_text,
        "Ctrl+Shift+V",
        SP.SP_FileDialogDetailedView,
        "Paste text and find the places it names",
    )
    w.close_doc_action = a(
        w, "&Close Document", w.close_current_document, KEYS.Close, None, "Close the document being read"
    )
    w.export_html_action = a(
        w,
        "Export &Map as HTML…",
        w.exporter.choose_html,
        "Ctrl+E",
        SP.SP_DialogSaveButton,
        "Save the map as a web page that works offline",
    )
    w.export_geojson_action = a(
        w,
        "Export Places as &GeoJSON…",
        w.exporter.choose_geojson,
        "Ctrl+Shift+E",
        None,
        "Save the places and their mentions as GeoJSON",
    )
    w.export_csv_action = a(
        w,
        "Export Places as &CSV…",
        w.exporter.choose_csv,
        None,
        None,
        "Save the places and their mentions as a CSV table",
    )
    w.save_image_action = a(
        w, "Save Map as &Image…", w.save_map_image, None, None, "Save the map pane as a PNG"
    )
    w.quit_action = a(w, "&Quit", w.close, "Ctrl+Q", None, "Quit mapviewer")
    w.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    w.undo_action = a(
        w, "&Undo", w.project.undo, ["Ctrl+Z"], None, "Undo the last correction or closed document"
    )
    w.redo_action = a(w, "&Redo", w.project.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], None, "Redo the step undone")
    w.fix_action = a(
        w,
        "Fi&x Mention…",
        w.fixer.fix_followed,
        ["F2"],
        None,
        "Choose another place for the followed mention, or mark it not a place",
    )
    w.mark_action = a(
        w,
        "&Mark Selection as Place…",
        w.fixer.open_search,
        "Ctrl+M",
        None,
        "The selected words name a place the geoparser missed",
    )
    w.filter_action = a(
        w, "&Filter Places", w.places.focus_filter, KEYS.Find, None, "Type to filter the places table"
    )
    w.next_action = a(
        w,
        "&Next Mention",
        lambda: w.project.step(+1),
        KEYS.FindNext,
        SP.SP_ArrowForward,
        "Next mention of the selected place",
    )
    w.prev_action = a(
        w,
        "&Previous Mention",
        lambda: w.project.step(-1),
        KEYS.FindPrevious,
        SP.SP_ArrowBack,
        "Previous mention of the selected place",
    )
    w.show_all_action = a(
        w,
        "Show &All Places",
        w.linker.show_all,
        "Ctrl+0",
        None,
        "Let go of the followed place and fit the map to every place shown",
    )
    w.show_all_action.setIconText("Show All")
    w.show_all_button.setDefaultAction(w.show_all_action)
    w.online_action = QAction("&Online Tiles", w)
    w.online_action.setCheckable(True)
    w.online_action.setChecked(w.online_tiles_setting())
    w.online_action.setStatusTip(
        "Show map tiles under the map from the provider chosen in Settings; the map then fetches them "
        "from the internet"
    )
    w.online_action.toggled.connect(w.set_online_tiles)
    w.settings_action = a(w, "&Settings…", w.show_settings, None, None, "The tile provider and geocoder")
    w.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    w.about_action = a(w, "&About mapviewer", w.show_about, None, None, "Data sources and licences")
    w.about_action.setMenuRole(QAction.MenuRole.AboutRole)
    w.doc_list.addAction(w.close_doc_action)
    w.reader.view.addAction(w.fix_action)
    w.places.view.addAction(w.fix_action)
    for action in (w.fix_action, w.mark_action):
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    _menus(w)
    _toolbar(w)


def _menus(w) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    for action in (w.new_project_action, w.open_project_action):
        file_menu.addAction(action)
    w.files.recent_menu = file_menu.addMenu("Recent Pro&jects")
    for action in (w.save_action, w.save_as_action):
        file_menu.addAction(action)
    file_menu.addSeparator()
    file_menu.addAction(w.open_action)
    file_menu.addAction(w.open_folder_action)
    w.recent_menu = w.opener.recent_menu = file_menu.addMenu("Open &Recent")
    for action in (w.paste_action, w.close_doc_action):
        file_menu.addAction(action)
    file_menu.addSeparator()
    for action in (w.export_html_action, w.export_geojson_action, w.export_csv_action, w.save_image_action):
        file_menu.addAction(action)
    file_menu.addSeparator()
    file_menu.addAction(w.quit_action)
    w.opener.rebuild_recent_menu()
    w.files.rebuild_recent_menu()

    edit_menu = bar.addMenu("&Edit")
    for action in (
        w.undo_action,
        w.redo_action,
        None,
        w.fix_action,
        w.mark_action,
        None,
        w.filter_action,
        None,
        w.prev_action,
        w.next_action,
    ):
        edit_menu.addSeparator() if action is None else edit_menu.addAction(action)

    view_menu = bar.addMenu("&View")
    view_menu.addAction(w.show_all_action)
    view_menu.addSeparator()
    for title, pane in (("Documents", w.docs_box), ("Map", w.map_box), ("Places Table", w.places_box)):
        toggle = QAction(f"{title} Pane", w)
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.toggled.connect(pane.setVisible)
        view_menu.addAction(toggle)
    view_menu.addSeparator()
    base = QMenu("&Base Map", w)
    group = QActionGroup(base)
    offline = base.addAction("Country Outlines (offline)")
    for action in (offline, w.online_action):
        action.setCheckable(True)
        group.addAction(action)
        base.addAction(action)
    offline.setChecked(not w.online_action.isChecked())
    view_menu.addMenu(base)
    view_menu.addSeparator()
    view_menu.addAction(w.settings_action)

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(w.about_action)


def _toolbar(w) -> None:
    toolbar = QToolBar("Main", w)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(18, 18))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (w.open_action, w.open_folder_action, w.paste_action):
        toolbar.addAction(action)
    toolbar.addSeparator()
    export_menu = QMenu(w)
    for action in (w.export_html_action, w.export_geojson_action, w.export_csv_action):
        export_menu.addAction(action)
    button = QToolButton(w)
    button.setIcon(w.style().standardIcon(SP.SP_DialogSaveButton))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    button.setMenu(export_menu)
    button.setDefaultAction(w.export_html_action)
    button.setText("Export")
    button.setToolTip("Export the map as HTML (Ctrl+E), or the places as GeoJSON or CSV")
    w.export_button = button
    toolbar.addWidget(button)
    toolbar.addSeparator()
    for action in (w.undo_action, w.redo_action, None, w.prev_action, w.next_action):
        toolbar.addSeparator() if action is None else toolbar.addAction(action)
    spacer = QWidget(w)
    spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred)
    toolbar.addWidget(spacer)
    toolbar.addAction(w.about_action)
    w.addToolBar(toolbar)
    w.toolbar = toolbar
    for action, text in (
        (w.prev_action, "Previous"),
        (w.next_action, "Next"),
        (w.export_html_action, "Export"),
        (w.paste_action, "Paste Text"),
        (w.open_action, "Open"),
        (w.open_folder_action, "Open Folder"),
        (w.about_action, "About"),
        (w.undo_action, "Undo"),
        (w.redo_action, "Redo"),
    ):
        action.setIconText(text)
