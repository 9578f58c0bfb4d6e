"""The offline gazetteer: countries, regions, cities, blocs, seas, built once into a SQLite index.

`open_gazetteer()` opens the index in the user's cache folder, building it first (with progress
reports) when it is missing or its sources have changed.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from mapviewer.gazetteer.build import FORMAT, Progress, build_index, sources_fingerprint
from mapviewer.gazetteer.index import Gazetteer
from mapviewer.paths import cache_dir

__all__ = ["Gazetteer", "index_path", "index_is_current", "open_gazetteer"]

_build_lock = threading.Lock()


def index_path() -> Path:
    return cache_dir() / f"gazetteer-v{FORMAT}.sqlite"


def index_is_current(path: Path | None = None) -> bool:
    """True when the index exists and was built from the sources installed now."""
    path = path or index_path()
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == sources_fingerprint()


def open_gazetteer(progress: Progress | None = None, path: Path | None = None) -> Gazetteer:
    """Open the index, building it first when needed (about half a minute, once)."""
    path = path or index_path()
    with _build_lock:
        if not index_is_current(path):
            build_index(path, progress)
    return Gazetteer(path)
