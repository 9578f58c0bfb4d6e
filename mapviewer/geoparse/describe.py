"""Say what a place is, in a few words a person can tell namesakes apart by.

describe_place(kuala_lumpur_territory, gazetteer)  ->  "Kuala Lumpur - federal territory, Malaysia"
describe_place(london_ontario, gazetteer)          ->  "London - city, Ontario, Canada, pop. 346 k"
"""

from __future__ import annotations

import threading
import weakref

from mapviewer.gazetteer import Gazetteer
from mapviewer.geoparse.regions import RegionMap, region_types
from mapviewer.model import Place

# The generic word in a body of water's name says what it is: "Gulf of Aden", "Lake Victoria".
_WATER_WORDS = (
    "ocean",
    "sea",
    "gulf",
    "bay",
    "strait",
    "straits",
    "channel",
    "canal",
    "lake",
    "river",
    "sound",
)

_region_maps: weakref.WeakKeyDictionary[Gazetteer, RegionMap] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def region_map(gazetteer: Gazetteer) -> RegionMap:
    """One RegionMap per open gazetteer, shared by every caller."""
    with _lock:
        found = _region_maps.get(gazetteer)
        if found is None:
            found = _region_maps[gazetteer] = RegionMap(gazetteer)
        return found


def describe_place(place: Place, gazetteer: Gazetteer) -> str:
    """ "Name - kind, region, country, pop. N": the parts that are known, in that order."""
    parts = [place_kind(place)]
    region = region_map(gazetteer).region_of(place)
    if region is not None and region.name != place.name:
        parts.append(region.name)
    elif region is not None and place.kind == "city":
        parts.append(f"{region.name} {region_kind(region)}")  # "Mexico City, Mexico City federal entity"
    if place.kind == "bloc":
        if place.members:
            parts.append(f"{len(place.members)} members")
    elif place.kind != "country" and place.country_code:
        country = gazetteer.place(f"country:{place.country_code}")
        parts.append(country.name if country else place.country_code)
    if place.population > 0 and place.kind in ("city", "country", "admin"):
        parts.append(f"pop. {format_population(place.population)}")
    return f"{place.name} - {', '.join(parts)}"


def place_kind(place: Place) -> str:
    """ "capital", "city", "town", "state", "county", "sea", "bloc" ..."""
    if place.kind == "city":
        if place.capital_of:
            return "capital"
        if place.population >= 100_000:
            return "city"
        return "town" if place.population >= 5_000 else "village"
    if place.kind == "admin":
        if place.id.startswith("county:"):
            return place.name.rsplit(" ", 1)[-1].lower() if " " in place.name else "county"
        return region_kind(place)
    if place.kind == "water":
        words = place.name.lower().split()
        for word in (words[0], words[-1]) if words else ():
            if word in _WATER_WORDS:
                return "strait" if word == "straits" else word
        return "body of water"
    return place.kind  # country, region, continent, bloc


def region_kind(place: Place) -> str:
    if place.country_code and place.id.startswith("admin:"):
        kind = region_types(place.country_code).get(place.id.removeprefix("admin:"))
        if kind:
            return kind
    return "region"


def format_population(population: int) -> str:
    """ "1.8 M", "346 k", "4,200": rounded as a person would say it."""
    if population >= 1_000_000:
        return f"{population / 1_000_000:.1f} M"
    if population >= 10_000:
        return f"{round(population / 1000)} k"
    return f"{population:,}"
