"""Exports from the window: the map as HTML, the places as GeoJSON or CSV, written on the worker thread.

They hold what the project holds: the person's corrections included, marked as such.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from mapviewer.project import Project
from mapviewer.ui.messages import Messages
from mapviewer.ui.workers import Task, Worker


def _export_module():
    from mapviewer import export

    return export


class Exporter:
    def __init__(
        self,
        window: QMainWindow,
        project: Project,
        worker: Worker,
        messages: Messages,
        last_dir: Callable[[], str],
        set_last_dir: Callable[[Path], None],
        tiles: Callable[[], str | None],  # the tile provider while online tiles are on, else None
        finished,
    ) -> None:
        self.window, self.project, self.worker, self.messages = window, project, worker, messages
        self.last_dir, self.set_last_dir, self.tiles, self.finished = (
            last_dir,
            set_last_dir,
            tiles,
            finished,
        )

    def choose_html(self) -> None:
        self._choose("Export Map as HTML", "map.html", "Web page (*.html)", self.map_html)

    def choose_geojson(self) -> None:
        self._choose("Export Places as GeoJSON", "places.geojson", "GeoJSON (*.geojson *.json)", self.geojson)

    def choose_csv(self) -> None:
        self._choose("Export Places as CSV", "places.csv", "CSV table (*.csv)", self.csv)

    def _choose(self, title: str, default_name: str, filters: str, export: Callable) -> None:
        if not self.project.documents:
            self.messages.show(
                QMessageBox.Icon.Information,
                "Nothing to export",
                "Open a document first; the export holds the places it names.",
            )
            return
        start = str(Path(self.last_dir()) / default_name)
        name, _ = QFileDialog.getSaveFileName(self.window, title, start, filters)
        if name:
            self.set_last_dir(Path(name).parent)
            export(Path(name))

    def map_html(self, path: Path) -> Task:
        tiles = self.tiles()
        return self._export(path, lambda result, p: _export_module().write_map_html(result, p, tiles=tiles))

    def geojson(self, path: Path) -> Task:
        return self._export(path, lambda result, p: _export_module().write_geojson(result, p))

    def csv(self, path: Path) -> Task:
        return self._export(path, lambda result, p: _export_module().write_csv(result, p))

    def _export(self, path: Path, write: Callable) -> Task:
        result = self.project.result()
        task = Task(lambda _t: write(result, path) or path, name=f"export {path.name}")
        task.succeeded.connect(lambda _r: self._done(path))
        task.failed.connect(lambda exc: self.messages.error(f"{path.name} could not be written", exc))
        self.window.statusBar().showMessage(f"Writing {path}…")
        return self.worker.submit(task)

    def _done(self, path: Path) -> None:
        self.window.statusBar().showMessage(f"Saved {path}", 8000)
        self.finished.emit(str(path))
