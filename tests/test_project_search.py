"""Searching the gazetteer by what a person types: typos, missing accents, half-typed names, a map view."""

from __future__ import annotations

import pytest

from mapviewer.project.placesearch import Bounds, PlaceSearch


@pytest.fixture(scope="module")
def search():
    from mapviewer.gazetteer import open_gazetteer

    return PlaceSearch(open_gazetteer())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Kula Lumpur", ("Kuala Lumpur", "MY")),
        ("Sao Paulo", ("São Paulo", "BR")),
        ("gyeongu", ("Gyeongju", "KR")),
        ("Malaysa", ("Malaysia", "MY")),
        ("ASEAN", ("Association of Southeast Asian Nations", None)),
        ("Ontario", ("Ontario", "CA")),
    ],
)
def test_typos_and_missing_accents_find_the_place_first(search, typed, expected):
    best = search.search(typed)[0].place
    assert (best.name, best.country_code) == expected


def test_a_half_typed_name_already_finds_it(search):
    assert "city:1735161" in [h.place.id for h in search.search("kuala l", limit=3)]


def test_the_map_view_narrows_the_search(search):
    north_america = Bounds(south=41.0, west=-96.0, north=57.0, east=-74.0)
    hits = search.search("London", within=north_america)
    assert hits and all(north_america.contains(h.place.lat, h.place.lon) for h in hits)
    assert (hits[0].place.name, hits[0].place.country_code) == ("London", "CA")
    assert all(h.score >= 75 for h in search.search("Lndn"))  # near misses only, never noise


def test_nearest_places_to_a_map_point(search):
    nearest = search.nearest(3.14, 101.69)
    assert nearest[0][0].name == "Kuala Lumpur" and nearest[0][1] < 2
    assert len(nearest) == 8 and all(distance < 20 for _p, distance in nearest)
