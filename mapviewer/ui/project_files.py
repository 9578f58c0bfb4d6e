"""File > New / Open / Save / Save As project, recent projects, the title bar's unsaved mark, the prompt on
close, and autosave to a recovery file that is offered back after a crash."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from mapviewer.errors import MapviewerError
from mapviewer.geocoding import with_geocoded
from mapviewer.project import SUFFIX, Project, ProjectError, read_project, recovery_path
from mapviewer.project.file import geoparse_project_file, project_to_json, restore_view
from mapviewer.ui.messages import Messages
from mapviewer.ui.opening import MAX_RECENT, Opener, fill_recent_menu
from mapviewer.ui.workers import Cancelled, Task, Worker

AUTOSAVE_MS = 30_000
FILTER = f"mapviewer project (*{SUFFIX})"


class ProjectFiles:
    def __init__(
        self,
        window: QMainWindow,
        project: Project,
        worker: Worker,
        messages: Messages,
        opener: Opener,
        settings: QSettings,
        saved_signal,
    ) -> None:
        self.window, self.project, self.worker, self.messages = window, project, worker, messages
        self.opener, self.settings, self.saved_signal = opener, settings, saved_signal
        self.recent_menu: QMenu | None = None
        self.reading_title: Callable[[], str | None] = lambda: None
        self.prompt: QMessageBox | None = None
        self._leaving = False
        self.recovery_dir = Path(settings.fileName()).parent / "recovery"
        self.timer = QTimer(window)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        project.events.dirty.connect(lambda _e: self.update_title())

    # -- the title bar -----------------------------------------------------------------------------
    def update_title(self) -> None:
        name = self.project.path.stem if self.project.path else "Untitled project"
        reading = self.reading_title()
        parts = [f"{name}[*]"] + ([reading] if reading else []) + ["mapviewer"]
        self.window.setWindowTitle(" — ".join(parts))
        self.window.setWindowModified(self.project.dirty and bool(self.project.documents))

    # -- new, open, save ---------------------------------------------------------------------------
    def new(self) -> None:
        self.confirm_discard(lambda: (self.project.reset(), self._forget_recovery(), self.update_title()))

    def choose_open(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open Project", self.opener.last_dir(), FILTER)
        if name:
            self.opener.set_last_dir(Path(name).parent)
            self.confirm_discard(lambda: self.open(Path(name)))

    def open(self, path: Path | None, recovered_from: Path | None = None) -> Task:
        """Read, geoparse and show a project; a bad file gives a message and changes nothing.
        With `recovered_from`, the work autosaved for `path` (None: an untitled project) is read instead."""
        self.opener.ensure_gazetteer()
        source = recovered_from or path
        name = (path or source).name

        def load(task: Task):
            project_file = read_project(source)
            geoparser = self.opener.core.geoparser
            if geoparser is None:
                raise Cancelled  # the index was not built (cancelled or failed, already reported)
            parsed = geoparse_project_file(
                project_file, geoparser, lambda f, m: (task.check_cancelled(), task.progress(f, m))
            )
            names = {}
            for _doc, resolutions in parsed:
                for res in resolutions:
                    cc = res.place.country_code
                    if cc and cc not in names:
                        country = geoparser.place(f"country:{cc}")
                        names[cc] = country.name if country else cc
            return project_file, parsed, names

        task = Task(load, name="open project")
        return self.opener.run_loading(
            task,
            lambda out: self._opened(path, name, out, recovered_from is not None),
            f"The project {name} could not be opened",
        )

    def _opened(self, path: Path | None, name: str, outcome, recovered: bool) -> None:
        project_file, parsed, names = outcome
        self.project.place_of = with_geocoded(self.opener.core.geoparser.place)
        try:
            self.project.reset(parsed, project_file.corrections, path)
        except MapviewerError as exc:  # a correction that cannot apply: nothing was changed
            self.messages.error(f"The project {name} could not be opened", exc)
            return
        self.project.country_names.update(names)
        if self.project.documents:
            self.window.show_document(self.project.documents[0].id)
        restore_view(self.project, project_file.view)
        if recovered:
            self.project.mark_unsaved()  # recovered work is unsaved until saved
        elif path is not None:
            self.remember(path)
        self.update_title()
        if project_file.warnings:
            self.messages.show(
                QMessageBox.Icon.Information,
                "Some documents were not where the project says",
                "\n".join(project_file.warnings),
            )
        self.window.documentsChanged.emit()

    def save(self) -> bool:
        if self.project.path is None:
            return self.save_as()
        return self.write(self.project.path)

    def save_as(self) -> bool:
        start = str(self.project.path or Path(self.opener.last_dir()) / f"project{SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(self.window, "Save Project As", start, FILTER)
        if not name:
            return False
        path = Path(name) if name.endswith(SUFFIX) else Path(name + SUFFIX)
        return self.write(path)

    def write(self, path: Path) -> bool:
        """Save now (atomically, on this thread: the user waits for "saved" and the file is small)."""
        from mapviewer.project import write_project

        try:
            write_project(self.project, path)
        except ProjectError as exc:
            self.messages.error(f"{path.name} could not be saved", exc)
            return False
        self._forget_recovery()
        self.remember(path)
        self.update_title()
        self.window.statusBar().showMessage(f"Saved the project to {path}", 8000)
        self.saved_signal.emit(str(path))
        return True

    # -- unsaved work ------------------------------------------------------------------------------
    def confirm_discard(self, then: Callable[[], None]) -> None:
        """Run `then` once unsaved work is saved or given up; ask first when there is some."""
        if not (self.project.dirty and self.project.documents):
            then()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Save your changes?",
            "This project has changes that are not saved.",
            parent=self.window,
        )
        box.setInformativeText("Save them to a project file, or discard them?")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(button: int) -> None:
            choice = QMessageBox.StandardButton(button)
            self.prompt = None
            if (
                choice == QMessageBox.StandardButton.Save
                and self.save()
                or choice == QMessageBox.StandardButton.Discard
            ):
                then()

        box.finished.connect(answered)
        self.prompt = box
        box.open()

    def may_close(self) -> bool:
        """closeEvent asks: True closes now; False means a prompt is open and will close the window itself."""
        if self._leaving or not (self.project.dirty and self.project.documents):
            return True
        self.confirm_discard(self._leave)
        return False

    def _leave(self) -> None:
        self._leaving = True
        self._forget_recovery()
        self.window.close()

    def autosave(self) -> Path | None:
        """Write unsaved work to the recovery file (never over the project itself)."""
        if not (self.project.dirty and self.project.documents):
            return None
        text = project_to_json(self.project)
        target = recovery_path(self.recovery_dir, self.project.path)
        self.recovery_dir.mkdir(parents=True, exist_ok=True)
        original = str(self.project.path or "")

        def write(_task: Task) -> Path:
            from mapviewer.export import atomic_write

            atomic_write(target, text)
            atomic_write(target.with_suffix(".origin"), original)
            return target

        self.worker.submit(Task(write, name="autosave"))
        self.settings.setValue("project/recovery", str(target))
        return target

    def _forget_recovery(self) -> None:
        target = recovery_path(self.recovery_dir, self.project.path)
        for path in (target, target.with_suffix(".origin")):
            path.unlink(missing_ok=True)
        self.settings.remove("project/recovery")

    def offer_recovery(self) -> bool:
        """After a crash: offer the work the last session autosaved. True when a recovery file exists."""
        saved = self.settings.value("project/recovery", "")
        path = Path(str(saved)) if saved else None
        if path is None or not path.exists():
            return False
        origin_file = path.with_suffix(".origin")
        origin = origin_file.read_text("utf-8").strip() if origin_file.exists() else ""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Recover unsaved work?",
            "mapviewer closed without saving your last changes.",
            parent=self.window,
        )
        box.setInformativeText("They were kept in a recovery file. Open them again?")
        box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Discard)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(button: int) -> None:
            self.prompt = None
            if QMessageBox.StandardButton(button) == QMessageBox.StandardButton.Open:
                self.open(Path(origin) if origin else None, recovered_from=path)
            else:
                path.unlink(missing_ok=True)
                origin_file.unlink(missing_ok=True)
                self.settings.remove("project/recovery")
                self.opener.start_seeds()

        box.finished.connect(answered)
        self.prompt = box
        box.open()
        return True

    # -- recent projects ---------------------------------------------------------------------------
    def recent(self) -> list[str]:
        value = self.settings.value("recentProjects", [])
        return [str(v) for v in ([value] if isinstance(value, str) else value or [])]

    def remember(self, path: Path) -> None:
        recent = [p for p in self.recent() if p != str(path)]
        self.settings.setValue("recentProjects", [str(path), *recent][:MAX_RECENT])
        self.rebuild_recent_menu()

    def rebuild_recent_menu(self) -> None:
        fill_recent_menu(
            self.recent_menu,
            self.recent(),
            lambda p: self.confirm_discard(lambda: self.open(Path(p))),
            lambda: (self.settings.setValue("recentProjects", []), self.rebuild_recent_menu()),
        )
