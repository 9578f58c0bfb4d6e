"""Telling a sound gazetteer index from a damaged one, cheaply, before the geoparser trusts it.

After a build the index gets a seal beside it (`<index>.seal`: its size, modification time and SHA-256).
Opening checks the seal:
- size and modification time unchanged: nothing has written to the file since the build (a stat, ~0 ms);
- changed (the file was copied, touched, or written into): the SHA-256 decides (~0.2 s for the 52 MB
  index here, against ~0.5 s for `PRAGMA quick_check`, which also misses damage inside table rows);
- no seal (an index built before seals existed, or copied without it): `PRAGMA quick_check` and the
  schema decide once, then the seal is written.
A damaged index is rebuilt by `open_gazetteer`, which says so. Damage that keeps the size and the
modification time (bit rot under the file system) is not looked for at every start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from pathlib import Path

from mapviewer.atomic import atomic_write
from mapviewer.errors import MapviewerError

TABLES = ("meta", "places", "names", "words", "region_codes")


def seal_path(index: Path) -> Path:
    return index.with_name(index.name + ".seal")


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _read_seal(index: Path) -> dict | None:
    try:
        seal = json.loads(seal_path(index).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return seal if isinstance(seal, dict) else None


def write_seal(index: Path, digest: str | None = None) -> None:
    """Record the index as it is now; a seal that cannot be written only costs a check next time."""
    st = index.stat()
    seal = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest or file_digest(index)}
    with contextlib.suppress(MapviewerError, OSError):
        atomic_write(seal_path(index), json.dumps(seal) + "\n")


def _unchanged(index: Path, seal: dict) -> bool:
    try:
        st = index.stat()
    except OSError:
        return False
    return seal.get("size") == st.st_size and seal.get("mtime_ns") == st.st_mtime_ns


def looks_sealed(index: Path) -> bool:
    """True when the seal says nothing wrote to the index since it was checked (a stat; no reading)."""
    seal = _read_seal(index)
    return seal is not None and _unchanged(index, seal)


def schema_damage(con: sqlite3.Connection) -> str | None:
    """What is missing from an opened index's schema, or None."""
    found = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in TABLES if t not in found]
    return f"the table {missing[0]} is missing" if missing else None


def damage(index: Path) -> str | None:
    """Why the index cannot be trusted, or None when it is sound (see the module's docstring)."""
    seal = _read_seal(index)
    if seal is not None:
        if _unchanged(index, seal):
            return None
        if file_digest(index) == seal.get("sha256"):
            write_seal(index, seal["sha256"])  # copied or touched, not changed: trust it by its stat again
            return None
        return "its contents changed since it was built"
    try:
        con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        try:
            problem = schema_damage(con)
            if problem is None:
                rows = con.execute("PRAGMA quick_check(1)").fetchall()
                if rows != [("ok",)]:
                    problem = f"SQLite reports {rows[0][0]}"
        finally:
            con.close()
    except sqlite3.Error as exc:
        problem = f"SQLite reports {exc}"
    if problem is None:
        write_seal(index)
    return problem
