"""The geoparser on the bundled seed article: what an analyst must see, and what must not be a place."""

from __future__ import annotations

import pytest

from mapviewer.documents import load_document
from mapviewer.geoparse import Geoparser
from mapviewer.paths import seed_documents


@pytest.fixture(scope="module")
def seed_result():
    parser = Geoparser.open()
    return parser.parse([load_document(seed_documents()[0])])


def _by_id(result):
    return {pm.place.id: pm for pm in result.places()}


def _surfaces(pm):
    return {r.mention.text for r in pm.resolutions}


@pytest.mark.parametrize(
    ("place_id", "country"),
    [
        ("country:MY", "MY"),
        ("country:JP", "JP"),
        ("country:KR", "KR"),
        ("country:US", "US"),
        ("country:CN", "CN"),
        ("country:LA", "LA"),
        ("country:MM", "MM"),
        ("country:BR", "BR"),
        ("country:ZA", "ZA"),
        ("country:AU", "AU"),
        ("country:CA", "CA"),
    ],
)
def test_seed_countries_found(seed_result, place_id, country):
    places = _by_id(seed_result)
    assert place_id in places
    assert places[place_id].place.country_code == country


def test_seed_cities_resolve_to_the_right_country(seed_result):
    places = {pm.place.name: pm.place for pm in seed_result.places() if pm.place.kind == "city"}
    assert places["Kuala Lumpur"].country_code == "MY"
    assert places["Gyeongju"].country_code == "KR"


def test_seed_blocs_found(seed_result):
    places = _by_id(seed_result)
    assert "bloc:ASEAN" in places
    assert "bloc:APEC" in places
    assert "TL" in places["bloc:ASEAN"].place.members  # Timor-Leste joined on 26 October 2025


def test_seed_countries_found_by_all_their_names(seed_result):
    places = _by_id(seed_result)
    assert {"US", "Washington", "United States"} <= _surfaces(places["country:US"])
    assert {"China", "Chinese", "Beijing"} <= _surfaces(places["country:CN"])
    assert "Brazilian" in _surfaces(places["country:BR"])
    assert "South African" in _surfaces(places["country:ZA"])


PEOPLE = [
    "Trump",
    "Xi",
    "Jinping",
    "Bessent",
    "Greer",
    "He Lifeng",
    "Lifeng",
    "Rubio",
    "Lula",
    "Ramaphosa",
    "Li Qiang",
    "Takaichi",
    "Albanese",
    "Carney",
    "Modi",
    "Jamieson",
    "Scott",
    "Marco",
    "Narendra",
]


def test_seed_people_are_not_places(seed_result):
    surfaces = {r.mention.text for r in seed_result.resolutions}
    for person in PEOPLE:
        assert person not in surfaces, f"{person!r} was taken for a place"
    assert "Post" not in surfaces and "Comment" not in surfaces


def test_seed_mentions_point_into_the_text(seed_result):
    document = seed_result.documents[0]
    for res in seed_result.resolutions:
        m = res.mention
        assert document.text[m.start : m.end] == m.text
        assert res.passage is not None and res.passage.start <= m.start < m.end <= res.passage.end
        assert 0.0 < res.confidence <= 1.0


def test_washington_the_government_and_washington_the_city(seed_result):
    text = seed_result.documents[0].text
    readings = {}
    for res in seed_result.resolutions:
        if res.mention.text == "Washington":
            context = text[res.mention.start - 20 : res.mention.end + 15]
            readings[context] = res
    acting = [r for c, r in readings.items() if "has warned" in c or "continues" in c or "by Washington" in c]
    assert len(acting) == 3
    for res in acting:  # "Washington has warned": the US government
        assert res.place.id == "country:US" and res.mention.form == "metonym"
        assert res.literal is not None and res.literal.admin1 == "DC"
    (departure,) = [r for c, r in readings.items() if "departure from" in c]
    assert departure.place.admin1 == "DC" and departure.place.kind == "city"  # the city itself
