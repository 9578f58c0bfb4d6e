"""The offline gazetteer behind geopy's geocoder interface, so it can stand beside geopy's online ones.

    geocoder = OfflineGeocoder(open_gazetteer())
    geocoder.geocode("Paris, Texas")            # geopy.location.Location, raw = our Place
    geocoder.geocode("Georgia", exactly_one=False)

It answers like `geopy.geocoders.Nominatim.geocode` (a Location, a list of them, or None), so callers and
geopy's wrappers (RateLimiter) need not know which one they hold; unlike them it never touches the network.
"""

from __future__ import annotations

from geopy.location import Location
from geopy.point import Point

from mapviewer.gazetteer.index import Gazetteer
from mapviewer.model import Place

__all__ = ["OfflineGeocoder"]


class OfflineGeocoder:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def geocode(self, query: str, *, exactly_one: bool = True, limit: int | None = None):
        """Places named `query`, best first; ", State" or ", Country" after the name narrows them."""
        from mapviewer.geoparse.recognize import qualifies
        from mapviewer.geoparse.resolve import prior

        name, *rest = [part.strip() for part in (query or "").split(",")]
        if not name:
            return None if exactly_one else []
        candidates = self.gazetteer.lookup(name)
        qualifier = ()
        if rest:
            qualifier = tuple(
                (p, f) for p, f in self.gazetteer.lookup(rest[0]) if p.kind in ("country", "admin", "region")
            )
            narrowed = tuple(c for c in candidates if qualifies(c[0], qualifier))
            candidates = narrowed or ()
        ranked = sorted(candidates, key=lambda c: (-prior(*c), c[0].id))
        locations = [self._location(place) for place, _ in ranked[: limit or None]]
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
        return Location(", ".join(parts), Point(place.lat, place.lon), raw=place)
