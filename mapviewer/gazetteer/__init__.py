"""The offline gazetteer: countries, regions, cities, blocs, seas, built once into a SQLite index.

`open_gazetteer()` opens the index in the user's cache folder, building it first (with progress
reports) when it is missing or its sources have changed, and rebuilding it when it is damaged.
Every failure is a GazetteerError whose message says what to do (CacheError for the cache folder).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
from pathlib import Path

from mapviewer.atomic import remove_stale_temps
from mapviewer.display import display_path
from mapviewer.errors import GazetteerError
from mapviewer.gazetteer import seal
from mapviewer.gazetteer.build import FORMAT, Progress, build_index, sources_fingerprint
from mapviewer.gazetteer.index import Gazetteer
from mapviewer.paths import CACHE_ENV, cache_dir

__all__ = ["Gazetteer", "index_path", "index_is_current", "open_gazetteer"]

log = logging.getLogger(__name__)
_build_lock = threading.Lock()


def index_path() -> Path:
    """Where the index lives; raises CacheError when the cache folder cannot be used."""
    return cache_dir() / f"gazetteer-v{FORMAT}.sqlite"


def _exists_as_file(path: Path) -> bool:
    """False when missing; GazetteerError when something else (a folder, a FIFO) is in the index's place.

    SQLite would wait forever on a FIFO and cannot replace a folder, so neither is opened.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise GazetteerError(
            f"The place index {display_path(path)} cannot be read ({exc.strerror or exc})."
        ) from exc
    if stat.S_ISREG(st.st_mode):
        return True
    what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
    raise GazetteerError(
        f"The place index {display_path(path)} is {what}. Remove it (mapviewer then rebuilds the "
        f"index there) or set {CACHE_ENV} to another folder."
    )


def _stored_fingerprint(path: Path) -> str | None:
    """The sources the index was built from; sqlite3.Error when it cannot be read as an index."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    finally:
        con.close()
    return row[0] if row else None


def _fingerprint_current(path: Path) -> bool:
    try:
        return _stored_fingerprint(path) == sources_fingerprint()
    except sqlite3.Error:
        return False


def index_is_current(path: Path | None = None) -> bool:
    """True when the index exists, was built from the sources installed now and nothing wrote to it since.

    Cheap enough for the UI thread (a stat and one query). Raises GazetteerError when the cache folder or
    the index's place cannot be used.
    """
    path = path or index_path()
    return _exists_as_file(path) and _fingerprint_current(path) and seal.looks_sealed(path)


def open_gazetteer(progress: Progress | None = None, path: Path | None = None) -> Gazetteer:
    """Open the index, building it first when needed (about half a minute, once).

    A damaged index (pages overwritten, a table dropped) is rebuilt, and `progress` hears why.
    """
    path = path or index_path()
    report = progress or (lambda fraction, message: None)
    with _build_lock:
        remove_stale_temps(path)  # left by a build that was killed
        if not _exists_as_file(path):
            build_index(path, progress)
            return Gazetteer(path)
        try:
            stored, problem = _stored_fingerprint(path), None
        except sqlite3.Error as exc:
            stored, problem = None, f"SQLite reports {exc}"
        if problem is None and stored != sources_fingerprint():
            build_index(path, progress)  # new sources, or an index of an older mapviewer
            return Gazetteer(path)
        problem = problem or seal.damage(path)
        if problem is None:
            try:
                return Gazetteer(path)
            except GazetteerError as exc:
                problem = exc.reason
        log.warning("the place index %s is damaged (%s); rebuilding it", path, problem)
        report(0.0, f"The place index was damaged ({problem}); rebuilding it")
        build_index(path, progress)
    return Gazetteer(path)
