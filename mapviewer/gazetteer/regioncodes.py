"""Which first-level region each GeoNames admin1 code stands for, worked out once when the index is built.

GeoNames files cities under its own admin1 codes ("08" for Ontario) while the regions come from ISO 3166-2
("ON"); the two agree only for some countries (the US among them). Each code goes to the region whose
point lies nearest the middle of the code's towns. The geoparser used to work this out per country while
parsing (4 ms a country: 7 % of LGL's geoparsing time, profiled); the index now stores the answer in
its `region_codes` table.
"""

from __future__ import annotations

import math
import sqlite3

_REGIONS = "SELECT p.id, p.lat, p.lon FROM places p WHERE p.country_code = ? AND p.kind = ?"
_MIDDLES = (
    "SELECT admin1, avg(lat), avg(lon) FROM places "
    "WHERE country_code = ? AND kind = 'city' AND admin1 IS NOT NULL AND admin1 != '' GROUP BY admin1"
)


def write_region_codes(con: sqlite3.Connection) -> None:
    """Fill `region_codes` (country, GeoNames code, the region's places rowid) for every country.

    Runs on the finished, indexed and analysed tables, with the queries the reader used, so every
    country's regions come in the same order and ties fall the same way.
    """
    rowids = dict(con.execute("SELECT id, rowid FROM places WHERE kind = 'admin' AND id LIKE 'admin:%'"))
    countries = [r[0] for r in con.execute("SELECT DISTINCT country_code FROM places WHERE kind = 'admin'")]
    rows = []
    for cc in countries:
        if not cc:
            continue
        for code, region_id in sorted(_vote(con, cc).items()):
            rows.append((cc, code, rowids[region_id]))
    con.executemany("INSERT INTO region_codes VALUES (?, ?, ?)", rows)


def _vote(con: sqlite3.Connection, country_code: str) -> dict[str, str]:
    """GeoNames admin1 code -> the id of its first-level region, for one country."""
    regions = [r for r in con.execute(_REGIONS, (country_code, "admin")) if r[0].startswith("admin:")]
    top = top_level_codes(country_code)
    if any(r[0].removeprefix("admin:") in top for r in regions):
        regions = [r for r in regions if r[0].removeprefix("admin:") in top]  # not France's departments
    if not regions:
        return {}
    middles = {code: (lat, lon) for code, lat, lon in con.execute(_MIDDLES, (country_code,))}
    # Closest pairs first and one code per region: Canberra's code takes the Capital Territory, so New
    # South Wales' code (whose towns' middle also lies near Canberra) gets the state.
    pairs = sorted(
        (_degrees(middle, (lat, lon)), code, n)
        for code, middle in middles.items()
        for n, (_, lat, lon) in enumerate(regions)
    )
    out: dict[str, str] = {}
    taken: set[int] = set()
    for _, code, n in pairs:
        if code not in out and n not in taken:
            out[code] = regions[n][0]
            taken.add(n)
    for _, code, n in pairs:
        out.setdefault(code, regions[n][0])  # more codes than regions: the nearest
    return out


def _degrees(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2)))


def top_level_codes(country_code: str) -> frozenset[str]:
    """ISO 3166-2 codes of a country's first-level subdivisions (pycountry: those without a parent)."""
    import pycountry

    subdivisions = pycountry.subdivisions.get(country_code=country_code) or ()
    return frozenset(s.code for s in subdivisions if not s.parent_code)
