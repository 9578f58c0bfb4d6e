"""The gazetteer as the geoparser sees it: name -> candidate places, id -> place, from the SQLite index."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from mapviewer.display import display_path
from mapviewer.errors import GazetteerError
from mapviewer.gazetteer.names import name_key
from mapviewer.gazetteer.seal import schema_damage
from mapviewer.model import Place

_PLACE_COLUMNS = (
    "p.id, p.name, p.kind, p.lat, p.lon, p.country_code, p.admin1, p.population, p.members, p.capital_of"
)


def _place(row) -> Place:
    pid, name, kind, lat, lon, cc, admin1, population, members, capital_of = row
    return Place(
        id=pid,
        name=name,
        kind=kind,
        lat=lat,
        lon=lon,
        country_code=cc,
        admin1=admin1,
        population=population or 0,
        members=tuple(members.split(",")) if members else (),
        capital_of=capital_of,
    )


class Words(NamedTuple):
    """What the recognizer knows about words: their Zipf frequency (case folded), the share of their uses
    written in lower case ("reading" 0.94, "berlin" 0.06), given names and surnames."""

    zipf: dict[str, float]
    lower_share: dict[str, float]
    given_names: frozenset[str]
    surnames: frozenset[str]


class Gazetteer:
    """Read-only view of a built index; safe to share between threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            problem = schema_damage(self._con)
        except sqlite3.Error as exc:
            problem = f"SQLite reports {exc}"
        if problem is not None:
            with contextlib.suppress(AttributeError, sqlite3.Error):
                self._con.close()
            raise GazetteerError(
                f"The place index {display_path(self.path)} cannot be opened: {problem}.", reason=problem
            )
        self._lock = threading.Lock()
        self.lookup = lru_cache(maxsize=200_000)(self._lookup)
        self._words: Words | None = None

    def close(self) -> None:
        self._con.close()

    def _query(self, sql: str, args: tuple = ()) -> list:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def _lookup(self, surface: str) -> tuple[tuple[Place, str], ...]:
        """Places a written name can mean, each with how it names them ("name", "demonym", ...).

        Case-sensitive names (abbreviations, demonyms) match only as written: "US" but not "us".
        """
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, n.form, n.surface, n.case_sensitive FROM names n "
            "JOIN places p ON p.rowid = n.place WHERE n.key = ?",
            (name_key(surface),),
        )
        found: dict[str, tuple[Place, str]] = {}
        for row in rows:
            form, written, case_sensitive = row[-3:]
            if case_sensitive and written.replace(" ", "") != surface.replace(" ", ""):
                continue
            if form == "alias" and written.casefold() != surface.casefold() and not surface.isascii():
                continue  # "La Niña" is no spelling of Nenagh: accents are only forgiven on main names
            place = _place(row[:-3])
            if place.id not in found or found[place.id][1] != "name":
                found[place.id] = (place, form)
        return tuple(found.values())

    def place(self, place_id: str) -> Place | None:
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id = ?", (place_id,))
        return _place(rows[0]) if rows else None

    def admin_of(self, country_code: str, admin1: str) -> Place | None:
        """The first-level region a place lies in (GeoNames admin1 codes match ISO 3166-2 for the US and some others)."""
        return self.place(f"admin:{country_code}-{admin1}")

    def places_in(self, country_code: str, kind: str) -> list[Place]:
        """Every place of one kind in a country (for per-country derivations such as region codes)."""
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.country_code = ? AND p.kind = ?",
            (country_code, kind),
        )
        return [_place(r) for r in rows]

    def region_codes(self, country_code: str) -> dict[str, Place]:
        """GeoNames admin1 code -> the first-level region it stands for, as the build matched them
        (mapviewer.gazetteer.regioncodes)."""
        rows = self._query(
            f"SELECT r.code, {_PLACE_COLUMNS} FROM region_codes r JOIN places p ON p.rowid = r.region "
            "WHERE r.country_code = ? ORDER BY r.code",
            (country_code,),
        )
        return {row[0]: _place(row[1:]) for row in rows}

    def words(self) -> Words:
        """Frequency and lower-case share of English words, given names and surnames."""
        if self._words is None:
            rows = self._query("SELECT word, zipf, lower_share, given FROM words")
            self._words = Words(
                {w: z for w, z, _, _ in rows if z},
                {w: s for w, _, s, _ in rows if s is not None},
                frozenset(w for w, _, _, g in rows if g == 1),
                frozenset(w for w, _, _, g in rows if g == 2),
            )
        return self._words

    def stats(self) -> dict[str, int]:
        counts = dict(self._query("SELECT kind, count(*) FROM places GROUP BY kind"))
        counts["names"] = self._query("SELECT count(*) FROM names")[0][0]
        return counts
