"""The offline base map: every country outline countryinfo ships, rounded and cached once per process.

countryinfo's outlines are coarse (about 10,000 points for the world), which is what a world-zoom base
map needs and keeps the exported file small. countryinfo lacks a few outlines (Myanmar, Hungary, Serbia,
Montenegro, Kosovo, Jamaica) and parts of two (Somaliland, northern Cyprus); outlines_extra.json fills
them from Natural Earth's 1:110m countries (public domain), so the world has no holes. Tiny islands
without any outline still get their markers.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

# Three decimals is about 100 m: far below what the coarse source outlines resolve.
_DECIMALS = 3

_EXTRA = Path(__file__).resolve().parent / "outlines_extra.json"

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


@functools.cache
def country_shapes() -> dict[str, Polygons]:
    """ISO alpha-2 -> MultiPolygon coordinates, for every country that has an outline."""
    shapes: dict[str, Polygons] = {}
    for code, info in sorted(_countries().items()):
        polygons = _polygons(info.get("geoJSON") or {})
        if polygons:
            shapes[code] = polygons
    extra = json.loads(_EXTRA.read_text(encoding="utf-8"))
    for code, polygons in extra["add"].items():
        shapes.setdefault(code, polygons)
    for code, polygons in extra["extend"].items():
        if code in shapes:
            shapes[code] = shapes[code] + polygons
    return dict(sorted(shapes.items()))


def country_name(code: str | None) -> str | None:
    """A short common name for an ISO alpha-2 code ("South Korea", not "Korea, Republic of")."""
    if not code:
        return None
    info = _countries().get(code.upper())
    if info and info.get("name"):
        return str(info["name"])
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code.upper()
    return getattr(country, "common_name", None) or country.name
