"""Online geocoders against a real HTTP server on 127.0.0.1 speaking Nominatim's JSON: what is sent,
how politely, what is remembered, and how each failure reads; then must-show 2 through the CLI
(`mapviewer geocode`, `mapviewer extract --geocoder`), and nothing requested by default."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from geocoding_server import Failure, NominatimServer

from mapviewer import __version__
from mapviewer.cli import main
from mapviewer.geocoding import (
    GeocoderBadAnswer,
    GeocoderConfigError,
    GeocoderOffline,
    GeocoderRateLimitedError,
    GeocoderRefused,
    OnlineGeocoder,
    answer_place,
    geocoder_for,
)
from mapviewer.geocoding.cache import CACHE_ENV, GeocodeCache


@pytest.fixture
def cache_file(tmp_path, monkeypatch):
    """The geocoding cache, in the test's own folder: every test starts with nothing remembered."""
    path = tmp_path / "geocoding.json"
    monkeypatch.setenv(CACHE_ENV, str(path))
    return path


def test_geocode_asks_the_server_and_reads_its_answer(nominatim, cache_file):
    geocoder = OnlineGeocoder("nominatim", nominatim.url)
    location = geocoder.geocode("Heathrow")
    assert location.address.startswith("London Heathrow Airport")
    assert (round(location.latitude, 2), round(location.longitude, 2)) == (51.47, -0.46)
    place = answer_place(location, "nominatim", "Heathrow")
    assert (place.id, place.kind, place.country_code) == ("nominatim:way/900001", "site", "GB")
    (request,) = nominatim.requests
    assert request.path == "/search" and request.query["q"] == "Heathrow"
    assert request.query["addressdetails"] == "1"  # so the answer says which country
    user_agent = request.headers["User-Agent"]
    assert user_agent.startswith(f"mapviewer/{__version__} ") and "geopy/" in user_agent


def test_a_second_identical_question_is_answered_from_the_disk_cache(nominatim, cache_file):
    first = OnlineGeocoder("nominatim", nominatim.url).geocode("Heathrow")
    assert geocoder_for("nominatim", nominatim.url).geocode("Qwxzzy") is None  # a miss is remembered too
    assert len(nominatim.requests) == 2
    data = json.loads(cache_file.read_text("utf-8"))
    assert data["format"] == "mapviewer-geocode-cache" and len(data["answers"]) == 2
    again = OnlineGeocoder("nominatim", nominatim.url)  # a new process would start like this
    assert again.geocode("Heathrow") == first and again.geocode("Qwxzzy") is None
    assert len(nominatim.requests) == 2 and again.requests == 0
    # Another server is another question.
    with NominatimServer() as other:
        OnlineGeocoder("nominatim", other.url).geocode("Heathrow")
        assert len(other.requests) == 1


def test_requests_are_at_least_a_second_apart(nominatim, cache_file):
    geocoder = OnlineGeocoder("nominatim", nominatim.url)
    for name in ("Heathrow", "Champs-Elysées", "Qwxzzy"):
        geocoder.geocode(name)
    assert len(nominatim.requests) == 3
    assert all(gap >= 1.0 for gap in nominatim.gaps()), nominatim.gaps()


def test_reverse_asks_what_is_at_a_point(nominatim, cache_file):
    geocoder = OnlineGeocoder("nominatim", nominatim.url)
    assert geocoder.reverse((51.468, -0.455)).raw["osm_id"] == 900001
    assert geocoder.reverse((0.0, 0.0)) is None  # Nominatim's {"error": ...}: nothing there
    assert [r.path for r in nominatim.requests] == ["/reverse", "/reverse"]


@pytest.mark.parametrize(
    ("failure", "error", "words"),
    [
        (Failure(429, "slow down", {"Retry-After": "30"}), GeocoderRateLimitedError, "try again in 30 s"),
        (Failure(403, "blocked"), GeocoderRefused, "refused the request"),
        (Failure(200, "<html>not json</html>"), GeocoderBadAnswer, "answered with an error"),
        (Failure(200, '{"unexpected": true}'), GeocoderBadAnswer, "cannot read"),
        (Failure(500, "oops"), GeocoderBadAnswer, "answered with an error"),
    ],
)
def test_failures_are_typed_errors_with_clear_messages_and_are_not_cached(
    nominatim, cache_file, failure, error, words
):
    nominatim.failure = failure
    geocoder = OnlineGeocoder("nominatim", nominatim.url, min_delay_seconds=0)
    with pytest.raises(error, match=words) as caught:
        geocoder.geocode("Heathrow")
    assert f"Nominatim at {nominatim.url}" in str(caught.value)
    if isinstance(caught.value, GeocoderRateLimitedError):
        assert caught.value.retry_after == 30
    nominatim.failure = None
    assert geocoder.geocode("Heathrow") is not None  # asked again: a failure is never remembered
    assert len(nominatim.requests) == 2


def test_an_unreachable_server_reads_as_offline(cache_file):
    with NominatimServer() as gone:
        url = gone.url
    with pytest.raises(GeocoderOffline, match="cannot be reached.*offline"):
        OnlineGeocoder("nominatim", url).geocode("Heathrow")


def test_configuration_errors_say_what_to_do(monkeypatch):
    monkeypatch.delenv("MAPVIEWER_GEOCODER_KEY", raising=False)
    with pytest.raises(GeocoderConfigError, match="no geopy geocoder; known ones: .*nominatim"):
        OnlineGeocoder("nominatimm")
    with pytest.raises(GeocoderConfigError, match="MAPVIEWER_GEOCODER_KEY"):
        OnlineGeocoder("geonames")
    with pytest.raises(GeocoderConfigError, match="base URL"):
        OnlineGeocoder("nominatim", "ftp://example.org")
    with pytest.raises(GeocoderConfigError, match="cannot be pointed at another server"):
        OnlineGeocoder("baidu", "http://127.0.0.1:1", api_key="k")
    with pytest.raises(GeocoderConfigError, match="offline geocoder takes no URL"):
        geocoder_for("offline", "http://127.0.0.1:1")
    monkeypatch.setenv("MAPVIEWER_GEOCODER_KEY", "someone")
    assert OnlineGeocoder("geonames").label == "GeoNames"  # built, nothing sent


def test_any_geopy_provider_by_name_can_point_at_a_local_server(nominatim, cache_file):
    """Photon speaks another dialect: the stand-in has no answer for it, but the request is Photon's."""
    geocoder = OnlineGeocoder("photon", nominatim.url, min_delay_seconds=0)
    with pytest.raises(GeocoderBadAnswer):
        geocoder.geocode("Heathrow")  # our server says 404 to Photon's /api
    assert nominatim.requests[0].path == "/api" and nominatim.requests[0].query["q"] == "Heathrow"


def test_a_damaged_cache_file_is_not_trusted_and_is_replaced(nominatim, tmp_path):
    path = tmp_path / "geocoding.json"
    path.write_text("{ not json", encoding="utf-8")
    geocoder = OnlineGeocoder("nominatim", nominatim.url, cache=GeocodeCache(path))
    assert geocoder.geocode("Heathrow") is not None and len(nominatim.requests) == 1
    assert len(json.loads(path.read_text("utf-8"))["answers"]) == 1


# -- the command line (must-show 2) ---------------------------------------------------------------

ARTICLE = (
    "Trade ministers met at Heathrow on Monday before flying to Kuala Lumpur. "
    "Later they walked near the Champs-Elysées in Paris, and talks in Kuala Lumpur resumed."
)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _run(capsys, *args) -> str:
    assert main(["extract", "-q", *args]) == 0
    return capsys.readouterr().out


def _extract(capsys, *args) -> list[dict]:
    return json.loads(_run(capsys, *args))["mentions"]


def test_nothing_leaves_the_machine_by_default(article, tmp_path):
    """extract and geocode with no provider open no socket at all (an audit hook watches every connect)."""
    script = textwrap.dedent(
        f"""
        import sys
        connects = []
        sys.addaudithook(lambda event, args: connects.append(args) if event == "socket.connect" else None)
        from mapviewer.cli import main
        codes = [main(["extract", "-q", {str(article)!r}, "-o", {str(tmp_path / "out.json")!r}]),
                 main(["geocode", "-q", "Heathrow"]), main(["geocode", "-q", "--reverse", "51.47, -0.45"])]
        print(codes, connects)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[0, 0, 0] []"


def test_geocode_answers_offline_and_from_a_named_provider(nominatim, cache_file, capsys):
    assert main(["geocode", "Kuala Lumpur", "--format", "json"]) == 0
    offline = json.loads(capsys.readouterr().out)
    assert offline[0]["id"] == "city:1735161" and offline[0]["provider"] == "offline"
    assert nominatim.requests == []

    assert main(["geocode", "Heathrow", "--provider", "nominatim", "--url", nominatim.url, "-f", "json"]) == 0
    (answer,) = json.loads(capsys.readouterr().out)
    assert answer["id"] == "nominatim:way/900001" and answer["country_code"] == "GB"
    assert answer["provider"] == "nominatim" and answer["kind"] == "site"
    assert nominatim.searched() == ["Heathrow"]

    assert main(["geocode", "Qwxzzy", "--provider", "nominatim", "--url", nominatim.url]) == 1
    assert "no place found for 'Qwxzzy' (nominatim)" in capsys.readouterr().err


def test_extract_asks_the_geocoder_only_for_names_the_gazetteer_lacks(nominatim, cache_file, article, capsys):
    plain = _extract(capsys, str(article))
    assert nominatim.requests == []  # no --geocoder, no request
    assert "Heathrow" not in [m["text"] for m in plain]

    mentions = _extract(capsys, str(article), "--geocoder", "nominatim", "--geocoder-url", nominatim.url)
    by_text = {m["text"]: m for m in mentions}
    assert by_text["Heathrow"]["place_id"] == "nominatim:way/900001"  # marked as the provider's
    assert by_text["Heathrow"]["country_code"] == "GB" and by_text["Heathrow"]["kind"] == "site"
    assert by_text["Champs-Elysées"]["place_id"] == "nominatim:way/900002"
    assert (
        by_text["Paris"]["place_id"].startswith("city:")
        and by_text["Kuala Lumpur"]["place_id"] == "city:1735161"
    )
    # Asked once per name, and never for a name the gazetteer has (Kuala Lumpur, Paris).
    assert nominatim.searched() == ["Heathrow", "Champs-Elysées"]
    assert all(gap >= 1.0 for gap in nominatim.gaps()), nominatim.gaps()  # as the nominatim saw them arrive
    assert all(r.headers["User-Agent"].startswith(f"mapviewer/{__version__}") for r in nominatim.requests)
    # The rest is what the offline run found.
    assert [m for m in mentions if not m["place_id"].startswith("nominatim:")] == plain

    again = _extract(capsys, str(article), "--geocoder", "nominatim", "--geocoder-url", nominatim.url)
    assert again == mentions and len(nominatim.requests) == 2  # the second run: all from the cache


def test_extract_geojson_and_csv_mark_the_providers_places(nominatim, cache_file, article, capsys):
    online = ("--geocoder", "nominatim", "--geocoder-url", nominatim.url)
    features = json.loads(_run(capsys, str(article), "-f", "geojson", *online))["features"]
    heathrow = next(f for f in features if f["properties"]["name"] == "London Heathrow Airport")
    assert heathrow["id"] == "nominatim:way/900001"
    assert heathrow["geometry"]["coordinates"] == [-0.455072, 51.467991]
    assert "nominatim:way/900002" in _run(capsys, str(article), "-f", "csv", *online)
    assert len(nominatim.requests) == 2  # the CSV run asked nothing new


def test_a_failing_geocoder_is_one_clear_error(nominatim, cache_file, article, capsys):
    nominatim.failure = Failure(429, "slow down", {"Retry-After": "20"})
    assert (
        main(["extract", "-q", str(article), "--geocoder", "nominatim", "--geocoder-url", nominatim.url]) == 2
    )
    err = capsys.readouterr().err
    assert (
        err.strip()
        == f"mapviewer: error: Nominatim at {nominatim.url} says too many requests: try again in 20 s."
    )
    assert main(["geocode", "x", "--provider", "nosuch"]) == 2
    assert "'nosuch' is no geopy geocoder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["extract", str(article), "--geocoder-url", nominatim.url])  # a URL alone names no provider
    assert "--geocoder-url needs --geocoder NAME" in capsys.readouterr().err


def test_a_place_found_online_is_known_again_by_its_id(nominatim, cache_file):
    """A correction naming a geocoded place finds it again (from the cache) where the gazetteer cannot."""
    from mapviewer.geocoding import geocoded_place, with_geocoded

    OnlineGeocoder("nominatim", nominatim.url).geocode("Heathrow")
    place = geocoded_place("nominatim:way/900001")
    assert (place.name, place.kind, place.country_code) == ("London Heathrow Airport", "site", "GB")
    assert geocoded_place("nominatim:way/1") is None and geocoded_place("city:1735161") is None
    lookup = with_geocoded(lambda pid: None)
    assert lookup("nominatim:way/900001") == place and lookup("photon:x") is None
