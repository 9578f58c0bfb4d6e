"""The offline gazetteer is a geopy geocoder: geocode, reverse, geopy's wrappers, and never a request."""

from __future__ import annotations

import subprocess
import sys

import pytest
from geopy.distance import geodesic
from geopy.exc import GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from mapviewer.gazetteer import open_gazetteer
from mapviewer.geocoding import OfflineGeocoder, place_from_raw


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder(open_gazetteer())


def test_it_is_a_geopy_geocoder_returning_locations(geocoder):
    assert isinstance(geocoder, Geocoder)
    location = geocoder.geocode("Kuala Lumpur", timeout=3)
    assert isinstance(location, Location)
    assert location.address == "Kuala Lumpur, Kuala Lumpur, Malaysia"
    assert geodesic(location.point, (3.139, 101.687)).km < 5
    assert (location.raw["id"], location.raw["kind"], location.raw["country_code"]) == (
        "city:1735161",
        "city",
        "MY",
    )
    assert location.raw["provider"] == "offline"


def test_raw_data_gives_back_the_gazetteer_place(geocoder):
    location = geocoder.geocode("ASEAN")
    place = place_from_raw(location.raw)
    assert place == geocoder.gazetteer.place(location.raw["id"])
    assert "MY" in place.members
    # An online geocoder's answer is no gazetteer place.
    assert place_from_raw({"place_id": 1, "osm_type": "way"}) is None


def test_a_qualifier_narrows_the_answer(geocoder):
    assert geocoder.geocode("Paris").raw["country_code"] == "FR"
    texas = geocoder.geocode("Paris, Texas")
    assert (texas.raw["country_code"], texas.raw["admin1"]) == ("US", "TX")
    assert "Texas" in texas.address
    assert geocoder.geocode("Paris, Qwxzzy") is None  # a qualifier naming nothing fits nothing


def test_many_answers_and_none(geocoder):
    answers = geocoder.geocode("Springfield", exactly_one=False, limit=5)
    assert len(answers) == 5 and all(a.raw["country_code"] for a in answers)
    assert len({a.raw["id"] for a in answers}) == 5
    assert geocoder.geocode("Qwxzzy") is None
    assert geocoder.geocode("", exactly_one=False) == []


def test_reverse_gives_the_nearest_places_then_what_holds_the_point(geocoder):
    found = geocoder.reverse((3.14, 101.69), exactly_one=False)
    ids = [location.raw["id"] for location in found]
    assert ids[0] == "city:1735161"  # Kuala Lumpur
    assert "country:MY" in ids and ids.index("country:MY") > 0
    assert geocoder.reverse("3.14, 101.69").raw["id"] == "city:1735161"
    # Far out at sea no city is close enough to say which country holds the point.
    ocean = geocoder.reverse((-40.0, -120.0), exactly_one=False)
    assert all(location.raw["kind"] != "country" for location in ocean)


def test_geopys_rate_limiter_wraps_it(geocoder):
    geocode = RateLimiter(geocoder.geocode, min_delay_seconds=0)
    assert geocode("Kuala Lumpur").raw["id"] == "city:1735161"


def test_it_never_makes_a_request(geocoder):
    """Its HTTP adapter refuses, so even geopy's own request path cannot reach the network."""
    with pytest.raises(GeocoderUnavailable, match="makes no requests"):
        geocoder._call_geocoder("http://127.0.0.1:9/search?q=Paris", lambda answer: answer)


def test_the_gazetteer_no_longer_imports_the_geoparser():
    """The adapter moved to mapviewer.geocoding, which ended the gazetteer <-> geoparse cycle."""
    code = (
        "import sys, mapviewer.gazetteer, mapviewer.gazetteer.index;"
        "print(sorted(m for m in sys.modules if m.startswith(('mapviewer.geoparse', 'mapviewer.geocoding'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
