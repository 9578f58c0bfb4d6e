"""The offline gazetteer answers like a geopy geocoder."""

from __future__ import annotations

from geopy.distance import geodesic
from geopy.location import Location

from mapviewer.gazetteer import open_gazetteer
from mapviewer.gazetteer.geocoder import OfflineGeocoder


def test_geocode_returns_a_geopy_location():
    location = OfflineGeocoder(open_gazetteer()).geocode("Kuala Lumpur")
    assert isinstance(location, Location)
    assert location.address == "Kuala Lumpur, Kuala Lumpur, Malaysia"
    assert geodesic(location.point, (3.139, 101.687)).km < 5
    assert location.raw.id == "city:1735161"


def test_a_qualifier_narrows_the_answer():
    geocoder = OfflineGeocoder(open_gazetteer())
    assert geocoder.geocode("Paris").raw.country_code == "FR"
    texas = geocoder.geocode("Paris, Texas")
    assert (texas.raw.country_code, texas.raw.admin1) == ("US", "TX")
    assert "Texas" in texas.address


def test_many_answers_and_none():
    geocoder = OfflineGeocoder(open_gazetteer())
    answers = geocoder.geocode("Springfield", exactly_one=False, limit=5)
    assert len(answers) == 5 and all(a.raw.country_code for a in answers)
    assert geocoder.geocode("Qwxzzy") is None
    assert geocoder.geocode("", exactly_one=False) == []
