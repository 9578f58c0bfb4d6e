"""Opening documents from the window: files, folders, pasted text, drops, recent files.

Reading and geoparsing run on the worker thread (loading.py) with progress and Cancel; what they found is
added to the project, which tells every view.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu, QProgressDialog

from mapviewer.project import Project
from mapviewer.ui import collector
from mapviewer.ui.dialogs import PasteTextDialog
from mapviewer.ui.loading import BIG_TEXT_CHARS, DocumentLoader, LoadOutcome, PastedText, supported_suffixes
from mapviewer.ui.messages import Messages
from mapviewer.ui.status import StatusArea
from mapviewer.ui.workers import Task, Worker

MAX_RECENT = 10


class Opener:
    def __init__(
        self,
        window: QMainWindow,
        project: Project,
        worker: Worker,
        messages: Messages,
        status: StatusArea,
        settings: QSettings,
        loaded_signal,
    ) -> None:
        self.window, self.project, self.worker = window, project, worker
        self.messages, self.status, self.settings = messages, status, settings
        self.loaded_signal = loaded_signal  # documentsChanged
        self.core = DocumentLoader()
        self.load_task: Task | None = None
        self.gazetteer_task: Task | None = None
        self.index_dialog: QProgressDialog | None = None
        self.paste_dialog: PasteTextDialog | None = None
        self.recent_menu: QMenu | None = None
        self.on_actions_changed = lambda: None

    # -- asking the user ---------------------------------------------------------------------------
    def choose_files(self) -> None:
        patterns = " ".join(f"*{s}" for s in supported_suffixes())
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Open Files", self.last_dir(), f"Documents ({patterns});;All files (*)"
        )
        if names:
            self.set_last_dir(Path(names[0]).parent)
            self.open_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Open Folder", self.last_dir())
        if folder:
            self.set_last_dir(Path(folder))
            self.open_paths([Path(folder)])

    def last_dir(self) -> str:
        return str(self.settings.value("lastDirectory", str(Path.home())))

    def set_last_dir(self, folder: Path) -> None:
        self.settings.setValue("lastDirectory", str(folder))

    def paste_text(self) -> None:
        clipboard = QApplication.clipboard().text() if QApplication.clipboard() else ""
        dialog = PasteTextDialog(self.window, clipboard)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self.open_text(dialog.text, dialog.title))
        dialog.open()
        self.paste_dialog = dialog

    def open_text(self, text: str, title: str | None = None) -> Task:
        return self.open_paths([PastedText(text, title)], remember=False)

    def start_seeds(self) -> None:
        from mapviewer.paths import seed_documents

        self.open_paths(seed_documents(), remember=False)

    # -- the work ----------------------------------------------------------------------------------
    def ensure_gazetteer(self) -> None:
        if self.core.geoparser is None and self.gazetteer_task is None:
            self._open_gazetteer()

    def open_paths(self, sources: Sequence[Path | PastedText], remember: bool = True) -> Task:
        """Read and geoparse files, folders or pasted texts on the worker thread; returns the task."""
        self.ensure_gazetteer()
        task = Task(lambda t: self.core.load(t, list(sources), remember), name="load")
        return self.run_loading(task, self._on_loaded, "The documents could not be opened")

    def run_loading(self, task: Task, on_done, failure: str) -> Task:
        """Run a load-like task with the status bar's progress and Cancel."""
        task.progressed.connect(self.status.progress)
        task.succeeded.connect(on_done)
        task.failed.connect(lambda exc: self.messages.error(failure, exc))
        task.cancelled.connect(
            lambda: self.window.statusBar().showMessage("Opening cancelled; nothing was added.", 6000)
        )
        task.ended.connect(lambda: self._load_ended(task))
        self.load_task = task
        self.status.start_progress("Opening…")
        self.on_actions_changed()
        return self.worker.submit(task)

    def _open_gazetteer(self) -> None:
        from mapviewer.errors import GazetteerError
        from mapviewer.gazetteer import index_is_current

        task = Task(self.core.ensure_geoparser, name="gazetteer")
        self.gazetteer_task = task
        task.ended.connect(lambda: setattr(self, "gazetteer_task", None))
        try:
            building = not index_is_current()
        except GazetteerError:
            building = False  # an unusable cache: the task fails with the same message, shown below
        if building:
            dialog = QProgressDialog(
                "Building the place index (first launch only)…", "Cancel", 0, 1000, self.window
            )
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
            self.index_dialog = dialog
            dialog.show()
        task.failed.connect(lambda exc: self.messages.error("The place index could not be opened", exc))
        task.cancelled.connect(
            lambda: self.window.statusBar().showMessage(
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
        if self.index_dialog is dialog:
            self.index_dialog = None

    def cancel_loading(self) -> None:
        if self.load_task is not None:
            self.load_task.cancel()
            self.status.cancelling()

    def _load_ended(self, task: Task) -> None:
        if self.load_task is task:
            self.load_task = None
            self.status.end_progress()
        self.on_actions_changed()

    def _on_loaded(self, outcome: LoadOutcome) -> None:
        # Every view takes a big text's mentions in now: the collector waits (see collector.py).
        with collector.paused(any(len(doc.text) > BIG_TEXT_CHARS for doc, _ in outcome.loaded)):
            self._take_loaded(outcome)

    def _take_loaded(self, outcome: LoadOutcome) -> None:
        self.project.country_names.update(outcome.country_names)
        if self.core.geoparser is not None:
            self.window.reader.view.describe_place = self.core.geoparser.describe
        added = [doc for doc, resolutions in outcome.loaded if self.project.add_document(doc, resolutions)]
        duplicates = len(outcome.loaded) - len(added)
        self.remember(outcome.remember)
        if added:
            # New documents are looked at afresh: the map must not fly back to a place followed before.
            self.project.unfollow()
            # One new document is read alone; several are looked at together.
            self.project.set_view(added[0].id if len(added) == 1 else None)
            self.window.show_document(added[0].id)
        note = []
        if added:
            note.append(f"Opened {len(added)} document{'s' * (len(added) != 1)}")
        if duplicates:
            note.append(f"{duplicates} already open")
        if note:
            self.window.statusBar().showMessage("; ".join(note) + ".", 6000)
        # What reading a document noticed (bad bytes replaced, a page with no article...): one message.
        warned = "\n\n".join(f"{doc.title}:\n{text}" for doc in added for text in doc.warnings[:8])
        if outcome.errors:
            self.messages.file_errors(outcome.errors, opened=len(added))
            if warned:
                box = self.messages.boxes[-1]
                box.setInformativeText(f"{box.informativeText()}\n\nOpened with warnings:\n{warned}")
        elif warned:
            self.messages.warn("Opened, with a warning", warned)
        self.loaded_signal.emit()

    # -- recent files ------------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def remember(self, paths: list[Path]) -> None:
        if not paths:
            return
        recent = self.recent_files()
        for path in paths:
            text = str(path)
            if text in recent:
                recent.remove(text)
            recent.insert(0, text)
        self.settings.setValue("recentFiles", recent[:MAX_RECENT])
        self.rebuild_recent_menu()

    def rebuild_recent_menu(self) -> None:
        fill_recent_menu(
            self.recent_menu,
            self.recent_files(),
            lambda p: self.open_paths([Path(p)]),
            lambda: (self.settings.setValue("recentFiles", []), self.rebuild_recent_menu()),
        )


def fill_recent_menu(menu: QMenu | None, recent: list[str], open_one, clear) -> None:
    """Numbered entries (a literal "&" in a name stays one), then "Clear Menu"."""
    if menu is None:
        return
    menu.clear()
    for i, text in enumerate(recent):
        name = Path(text).name.replace("&", "&&")
        action = menu.addAction(f"&{i + 1} {name}" if i < 9 else name)
        action.setStatusTip(text)
        action.triggered.connect(lambda _c=False, p=text: open_one(p))
    if recent:
        menu.addSeparator()
        menu.addAction("Clear Menu", clear)
    menu.setEnabled(bool(recent))
