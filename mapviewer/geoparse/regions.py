"""Which first-level region a city lies in, and what kind of region it is.

GeoNames files cities under its own admin1 codes ("08" for Ontario) while the regions come from ISO 3166-2
("ON"); the two agree only for some countries (the US among them). `RegionMap` ties them together per
country as the index matched them when it was built (each GeoNames code with the region point nearest the
middle of the code's towns: mapviewer.gazetteer.regioncodes).
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from importlib import resources as importlib_resources

from mapviewer.gazetteer import Gazetteer
from mapviewer.model import Place


class RegionMap:
    """GeoNames admin1 code -> the first-level region place, per country, read once per country."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._by_country: dict[str, dict[str, Place]] = {}
        self._lock = threading.Lock()

    def region_of(self, place: Place) -> Place | None:
        """The first-level region (state, province, ...) a city or county lies in."""
        if not place.country_code or not place.admin1 or place.kind not in ("city", "admin"):
            return None
        if place.kind == "admin" and place.id.startswith("admin:"):
            return None  # a first-level region is its own region
        direct = self.gazetteer.admin_of(place.country_code, place.admin1)
        if direct is not None and (place.country_code == "US" or place.kind == "admin"):
            return direct
        return self.regions(place.country_code).get(place.admin1, direct)

    def regions(self, country_code: str) -> dict[str, Place]:
        with self._lock:
            found = self._by_country.get(country_code)
            if found is None:  # matched when the index was built (mapviewer.gazetteer.regioncodes)
                found = self._by_country[country_code] = self.gazetteer.region_codes(country_code)
            return found


@lru_cache(maxsize=256)
def region_types(country_code: str) -> dict[str, str]:
    """ISO 3166-2 code -> the kind of region ("state", "federal territory", "province"), as
    countrystatecity-countries files it."""
    folder = importlib_resources.files("countrystatecity_countries").joinpath(
        "data", "by-country", country_code
    )
    path = folder.joinpath("states.json")
    try:
        states = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for s in states:
        code = s.get("iso3166_2") or f"{s.get('country_code')}-{s.get('state_code')}"
        if s.get("type"):
            out[code] = str(s["type"])
    return out


AdminKey = tuple[str | None, str | None]


def plain_key(place: Place) -> AdminKey:
    """A place's first-level region as written in its record (GeoNames' code for cities)."""
    return (place.country_code, place.admin1)


class RegionKeys:
    """One key per first-level region for cities and regions alike: Ontario (ISO "ON") and London,
    Ontario (GeoNames "08") share ("CA", "08"), so a named province supports its towns."""

    def __init__(self, regions: RegionMap):
        self.regions = regions
        self._inverse: dict[str, dict[str, str]] = {}

    def __call__(self, place: Place) -> AdminKey:
        if place.kind != "admin":
            return (place.country_code, place.admin1)
        cc = place.country_code
        if not cc or cc == "US" or not place.id.startswith("admin:"):
            return (cc, place.admin1)
        inverse = self._inverse.get(cc)
        if inverse is None:
            inverse = {}
            for code, region in sorted(self.regions.regions(cc).items()):
                inverse.setdefault(region.id, code)
            self._inverse[cc] = inverse
        return (cc, inverse.get(place.id, place.admin1))
