"""describe_place: what a place is, so a reader can tell namesakes apart."""

from __future__ import annotations

import pytest

from mapviewer.documents import document_from_text
from mapviewer.geoparse import Geoparser
from mapviewer.geoparse.describe import describe_place, format_population


@pytest.fixture(scope="module")
def parser():
    return Geoparser.open()


def _place(parser, name, kind, country_code):
    found = [p for p, _ in parser.gazetteer.lookup(name) if p.kind == kind and p.country_code == country_code]
    assert found, f"{name} ({kind}, {country_code}) is not in the gazetteer"
    return max(found, key=lambda p: p.population)


def test_a_federal_territory_says_so(parser):
    territory = next(p for p, _ in parser.gazetteer.lookup("Kuala Lumpur") if p.kind == "admin")
    assert describe_place(territory, parser.gazetteer) == "Kuala Lumpur - federal territory, Malaysia"


def test_namesake_cities_name_their_region_and_country(parser):
    gaz = parser.gazetteer
    assert describe_place(_place(parser, "London", "city", "CA"), gaz).startswith(
        "London - city, Ontario, Canada, pop."
    )
    assert describe_place(_place(parser, "London", "city", "GB"), gaz).startswith(
        "London - capital, England, United Kingdom, pop."
    )
    # GeoNames' code for New South Wales differs from ISO's; the towns' middle ties them together.
    assert ", New South Wales, Australia" in describe_place(_place(parser, "Sydney", "city", "AU"), gaz)
    assert ", Nova Scotia, Canada" in describe_place(_place(parser, "Sydney", "city", "CA"), gaz)
    assert ", Bavaria, Germany" in describe_place(_place(parser, "Munich", "city", "DE"), gaz)


def test_states_counties_seas_and_blocs(parser):
    gaz = parser.gazetteer
    assert describe_place(gaz.place("admin:US-TX"), gaz) == "Texas - state, United States"
    assert describe_place(gaz.place("admin:CA-ON"), gaz) == "Ontario - province, Canada"
    county = next(p for p, _ in gaz.lookup("Laurel County") if p.id.startswith("county:"))
    assert describe_place(county, gaz) == "Laurel County - county, Kentucky, United States"
    sea = next(p for p, _ in gaz.lookup("South China Sea"))
    assert describe_place(sea, gaz) == "South China Sea - sea"
    asean = gaz.place("bloc:ASEAN")
    assert describe_place(asean, gaz).startswith(f"{asean.name} - bloc, {len(asean.members)} members")
    assert describe_place(gaz.place("country:GE"), gaz).startswith("Georgia - country, pop.")


def test_population_reads_as_a_person_says_it():
    assert format_population(1_782_500) == "1.8 M"
    assert format_population(346_765) == "347 k"
    assert format_population(4_213) == "4,213"


def test_the_hover_names_what_each_runner_up_is(parser):
    pytest.importorskip("PySide6")
    from mapviewer.ui.reader import describe_resolution

    doc = document_from_text("Flights to London were cancelled.")
    res = next(r for r in parser.parse_document(doc) if r.mention.text == "London")
    assert res.alternatives
    text = describe_resolution(res, {}, parser.describe)
    runner_up = res.alternatives[0][0]
    assert "Also possible:" in text
    assert describe_place(runner_up, parser.gazetteer).split(" - ")[1].split(",")[0] in text


def test_the_hover_calls_a_us_county_a_county():
    pytest.importorskip("PySide6")
    from mapviewer.model import Mention, Place, Resolution
    from mapviewer.ui.reader import describe_resolution

    county = Place("county:US-06037", "Los Angeles County", "admin", 34.3, -118.2, "US")
    res = Resolution(Mention("doc", 0, 18, "Los Angeles County"), county, 0.9)
    assert "· County" in describe_resolution(res, {"US": "United States"})
