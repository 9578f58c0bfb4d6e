"""Which first-level region a city lies in, and what kind of region it is.

GeoNames files cities under its own admin1 codes ("08" for Ontario) while the regions come from ISO 3166-2
("ON"); the two agree only for some countries (the US among them). `RegionMap` ties them together per
country by pairing each GeoNames code with the region point nearest the middle of the code's towns.
"""

from __future__ import annotations

import json
import math
import threading
from functools import lru_cache
from importlib import resources as importlib_resources

from mapviewer.gazetteer import Gazetteer
from mapviewer.model import Place


class RegionMap:
    """GeoNames admin1 code -> the first-level region place, per country, computed once per country."""

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
            if found is None:
                found = self._by_country[country_code] = self._vote(country_code)
            return found

    def _vote(self, country_code: str) -> dict[str, Place]:
        regions = [p for p in self.gazetteer.places_in(country_code, "admin") if p.id.startswith("admin:")]
        top = top_level_codes(country_code)
        if any(r.id.removeprefix("admin:") in top for r in regions):
            regions = [r for r in regions if r.id.removeprefix("admin:") in top]  # not France's departments
        if not regions:
            return {}
        middles = {
            code: (lat, lon) for code, (lat, lon, _) in self.gazetteer.admin1_middles(country_code).items()
        }
        # Each code goes to the region whose point lies nearest the middle of the code's towns, closest
        # pairs first and one code per region: Canberra's code takes the Capital Territory, so New South
        # Wales' code (whose towns' middle also lies near Canberra) gets the state.
        pairs = sorted(
            (_degrees(middle, (r.lat, r.lon)), code, n)
            for code, middle in middles.items()
            for n, r in enumerate(regions)
        )
        out: dict[str, Place] = {}
        taken: set[int] = set()
        for _, code, n in pairs:
            if code not in out and n not in taken:
                out[code] = regions[n]
                taken.add(n)
        for _, code, n in pairs:
            out.setdefault(code, regions[n])  # more codes than regions: the nearest
        return out


def _degrees(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2)))


@lru_cache(maxsize=256)
def top_level_codes(country_code: str) -> frozenset[str]:
    """ISO 3166-2 codes of a country's first-level subdivisions (pycountry: those without a parent)."""
    import pycountry

    subdivisions = pycountry.subdivisions.get(country_code=country_code) or ()
    return frozenset(s.code for s in subdivisions if not s.parent_code)


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
