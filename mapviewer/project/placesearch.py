"""Find a gazetteer place by what a person types: as-you-type, accent- and typo-tolerant.

    search = PlaceSearch(gazetteer)
    search.search("Kula Lumpur")      # Kuala Lumpur first, though misspelt
    search.search("Sao Paulo")        # São Paulo: accents never matter (names are compared by name_key)
    search.nearest(3.14, 101.69)      # "the place is here": the places nearest a map point

Typed names are compared with every gazetteer name's key: a key that starts with what was typed scores as
a match (so "kuala l" finds Kuala Lumpur while typing), others by rapidfuzz's normalised edit similarity.
Among equally good matches the more important place (a country, a big city) comes first.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from mapviewer.gazetteer.index import _PLACE_COLUMNS, Gazetteer, _place
from mapviewer.gazetteer.names import name_key
from mapviewer.geocoding import importance, nearest
from mapviewer.model import Place

__all__ = ["Bounds", "PlaceSearch", "SearchHit"]

_CUTOFF = 75  # rapidfuzz QRatio below this is another name, not a typo


@dataclass(frozen=True)
class Bounds:
    """A map view: south, west, north, east in degrees (west > east when it spans the antimeridian)."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        if not self.south <= lat <= self.north:
            return False
        if self.west <= self.east:
            return self.west <= lon <= self.east
        return lon >= self.west or lon <= self.east


@dataclass(frozen=True)
class SearchHit:
    place: Place
    name: str  # the name that matched, as the gazetteer writes it
    score: float  # 0-100, how well the name matched what was typed


class PlaceSearch:
    """Thread-safe; the name list loads on the first search (about half a second)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._keys: list[str] | None = None
        self._lock = threading.Lock()
        self._con = sqlite3.connect(f"file:{gazetteer.path}?mode=ro", uri=True, check_same_thread=False)

    def _names(self) -> list[str]:
        with self._lock:
            if self._keys is None:
                rows = self._con.execute("SELECT key FROM names").fetchall()
                self._keys = list(dict.fromkeys(key for (key,) in rows))
            return self._keys

    def _places_named(self, keys: Iterable[str]) -> list[tuple[str, Place, str]]:
        """(key, place, written name) for every place one of these keys names."""
        keys = list(dict.fromkeys(keys))
        found = []
        for i in range(0, len(keys), 400):
            chunk = keys[i : i + 400]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._con.execute(
                    f"SELECT {_PLACE_COLUMNS}, n.key, n.surface FROM names n JOIN places p ON p.rowid = n.place "
                    f"WHERE n.key IN ({marks})",
                    chunk,
                ).fetchall()
            found.extend((row[-2], _place(row[:-2]), row[-1]) for row in rows)
        return found

    def search(self, text: str, limit: int = 12, within: Bounds | None = None) -> list[SearchHit]:
        """The places whose names best match `text`, best first; `within` keeps those inside a view."""
        query = name_key(text or "")
        if len(query) < 2:
            return []
        scores: dict[str, float] = {}
        with self._lock:
            prefixed = self._con.execute(
                "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ? LIMIT 100",
                (query, query + "\uffff"),
            ).fetchall()
        for (key,) in prefixed:
            # A name being typed: the closer to complete, the better.
            scores[key] = 90.0 + 10.0 * len(query) / len(key)
        for key, score, _ in process.extract(
            query, self._names(), scorer=fuzz.QRatio, limit=60, score_cutoff=_CUTOFF
        ):
            scores[key] = max(scores.get(key, 0.0), float(score))
        best: dict[str, SearchHit] = {}
        for key, place, surface in self._places_named(scores):
            if within is not None and not within.contains(place.lat, place.lon):
                continue
            hit = SearchHit(
                place, surface if key != name_key(place.name) else place.name, round(scores[key], 1)
            )
            if place.id not in best or hit.score > best[place.id].score:
                best[place.id] = hit
        ranked = sorted(
            best.values(), key=lambda h: (-(h.score + importance(h.place)), h.place.name, h.place.id)
        )
        return ranked[:limit]

    def nearest(self, lat: float, lon: float, limit: int = 8) -> list[tuple[Place, float]]:
        """The gazetteer places nearest a point, with their distance in km (the offline geocoder's own)."""
        return nearest(self.gazetteer, lat, lon, limit)
