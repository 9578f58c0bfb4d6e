"""The offline gazetteer as a geopy geocoder, so it stands beside geopy's online ones behind one interface.

    geocoder = OfflineGeocoder(open_gazetteer())
    geocoder.geocode("Paris, Texas")              # a geopy Location; raw["id"] == "city:4717560"
    geocoder.geocode("Georgia", exactly_one=False)
    geocoder.reverse((3.14, 101.69))              # Kuala Lumpur: the gazetteer place nearest the point

It answers like `geopy.geocoders.Nominatim` (a Location, a list of them, or None), so callers and geopy's
wrappers (RateLimiter) need not know which one they hold. Its HTTP adapter refuses every request: whatever
calls it, nothing leaves the machine.
"""

from __future__ import annotations

import math
from dataclasses import asdict, fields

from geopy.adapters import BaseSyncAdapter
from geopy.distance import great_circle
from geopy.exc import GeocoderUnavailable
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from mapviewer.gazetteer.index import _PLACE_COLUMNS, Gazetteer, _place
from mapviewer.geoparse.recognize import qualifies
from mapviewer.geoparse.resolve import prior
from mapviewer.model import Place

__all__ = ["OFFLINE", "OfflineGeocoder", "importance", "nearest", "place_from_raw"]

OFFLINE = "offline"  # the provider name of the gazetteer, as `--provider` and the settings spell it
_KIND_WEIGHT = {"country": 9.0, "bloc": 7.0, "continent": 7.0, "admin": 6.0, "water": 5.0, "region": 5.0}
_NEAR_KINDS = ("city", "admin", "water", "region")
_CONTAINED_KM = 25.0  # a point this close to a city is taken to lie in the city's region and country
_PLACE_FIELDS = frozenset(f.name for f in fields(Place))


class _NoNetwork(BaseSyncAdapter):
    """The adapter of a geocoder that must never make a request."""

    def get_text(self, url, *, timeout, headers):
        raise GeocoderUnavailable(f"the offline geocoder makes no requests (asked for {url})")

    def get_json(self, url, *, timeout, headers):
        return self.get_text(url, timeout=timeout, headers=headers)


def importance(place: Place) -> float:
    """0-9: countries and blocs first, then by population (a city of 10 M scores 7)."""
    if place.kind in _KIND_WEIGHT:
        return _KIND_WEIGHT[place.kind]
    return min(8.0, math.log10(place.population + 1))


def nearest(gazetteer: Gazetteer, lat: float, lon: float, limit: int = 8) -> list[tuple[Place, float]]:
    """The cities, regions and seas nearest a point, with their distance in km, near and big first.

    Countries are left out: a country's centre says little about whether it holds the point."""
    found: list[tuple[Place, float]] = []
    kinds = ",".join(f"'{k}'" for k in _NEAR_KINDS)
    for radius in (0.25, 1.0, 4.0, 15.0):  # degrees: widen until there are enough candidates
        lon_radius = radius / max(0.1, math.cos(math.radians(lat)))
        rows = gazetteer._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ? "
            f"AND p.kind IN ({kinds})",
            (lat - radius, lat + radius, lon - lon_radius, lon + lon_radius),
        )
        if len(rows) >= limit or radius == 15.0:
            found = [(p, great_circle((lat, lon), (p.lat, p.lon)).km) for p in map(_place, rows)]
            break
    # Near and big beats near and tiny: a hamlet 2 km away should not hide the city 5 km away.
    found.sort(key=lambda pd: (pd[1] / (1.0 + importance(pd[0])), pd[0].id))
    return found[:limit]


def place_from_raw(raw: object) -> Place | None:
    """The Place an offline Location's raw data describes (None for another provider's answer)."""
    if not isinstance(raw, dict) or raw.get("provider") != OFFLINE:
        return None
    values = {k: v for k, v in raw.items() if k in _PLACE_FIELDS}
    values["members"] = tuple(values.get("members") or ())
    return Place(**values)


class OfflineGeocoder(Geocoder):
    """The gazetteer answering geopy's `geocode` and `reverse`; `timeout` is accepted and never waited on."""

    def __init__(self, gazetteer: Gazetteer, *, timeout=DEFAULT_SENTINEL, user_agent: str | None = None):
        super().__init__(timeout=timeout, user_agent=user_agent, adapter_factory=_NoNetwork)
        self.gazetteer = gazetteer

    def geocode(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL, limit: int | None = None):
        """Places named `query`, best first; ", State" or ", Country" after the name narrows them."""
        name, *rest = [part.strip() for part in str(query or "").split(",")]
        if not name:
            return None if exactly_one else []
        candidates = self.gazetteer.lookup(name)
        if rest:
            qualifier = tuple(
                (p, f) for p, f in self.gazetteer.lookup(rest[0]) if p.kind in ("country", "admin", "region")
            )
            candidates = tuple(c for c in candidates if qualifies(c[0], qualifier))
        ranked = sorted(candidates, key=lambda c: (-prior(*c), c[0].id))
        return self._answer([place for place, _ in ranked[: limit or None]], exactly_one)

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL, limit: int = 8):
        """The gazetteer places nearest a point, nearest first, then the region and country that hold it.

        `query` is anything geopy's Point takes: (lat, lon), "lat, lon" or a Point."""
        point = query if isinstance(query, Point) else Point(query)
        near = nearest(self.gazetteer, point.latitude, point.longitude, limit)
        places = [p for p, _ in near]
        closest_city = next((p for p, km in near if p.kind == "city" and km <= _CONTAINED_KM), None)
        if closest_city is not None and closest_city.country_code:
            holders = []
            if closest_city.admin1:
                holders.append(self.gazetteer.admin_of(closest_city.country_code, closest_city.admin1))
            holders.append(self.gazetteer.place(f"country:{closest_city.country_code}"))
            places += [h for h in holders if h is not None and h not in places]
        return self._answer(places, exactly_one)

    def _answer(self, places: list[Place], exactly_one: bool):
        locations = [self._location(place) for place in places]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def _location(self, place: Place) -> Location:
        parts = [place.name]
        if place.kind in ("city", "admin") and place.admin1 and place.country_code:
            admin = self.gazetteer.admin_of(place.country_code, place.admin1)
            if admin is not None and admin.id != place.id:
                parts.append(admin.name)
        if place.country_code and place.kind != "country":
            country = self.gazetteer.place(f"country:{place.country_code}")
            if country is not None:
                parts.append(country.name)
        # Raw data is plain JSON, as an online geocoder's is: the place's fields, and who answered.
        raw = {**asdict(place), "members": list(place.members), "provider": OFFLINE}
        return Location(", ".join(parts), Point(place.lat, place.lon), raw=raw)
