"""`mapviewer extract --project` and `export --project`: the seed with three hand-written corrections."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from mapviewer.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "us-china-trade-talks-kuala-lumpur.txt"


def _run(capsys, *argv):
    code = main(["-q", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _key(m):
    return (m["start"], m["end"])


@pytest.fixture
def seed_project(tmp_path):
    """The minimal hand-written form from the issue, on the seed, with three corrections."""
    text = SEED.read_text("utf-8")
    kl = text.index("Kuala Lumpur")
    gyeongju = text.index("Gyeongju")
    bloc = text.index("the 10-member bloc")
    project = {
        "format": "mapviewer-project",
        "version": 1,
        "documents": [{"id": "a", "source": str(SEED)}],
        "corrections": [
            {"document": "a", "start": kl, "end": kl + len("Kuala Lumpur"), "place": "country:MY"},
            {"document": "a", "start": gyeongju, "end": gyeongju + len("Gyeongju"), "place": None},
            {"document": "a", "start": bloc, "end": bloc + len("the 10-member bloc"), "place": "bloc:ASEAN"},
        ],
    }
    path = tmp_path / "seed.mapviewer"
    path.write_text(json.dumps(project), "utf-8")
    return path, (kl, kl + 12), (gyeongju, gyeongju + 8), (bloc, bloc + 18)


def test_extract_project_shows_exactly_the_three_changes(capsys, seed_project):
    path, kl, gyeongju, bloc = seed_project
    code, out, err = _run(capsys, "extract", SEED)
    assert code == 0, err
    before = {_key(m): m for m in json.loads(out)["mentions"]}
    code, out, err = _run(capsys, "extract", "--project", path)
    assert code == 0, err
    data = json.loads(out)
    assert [d["id"] for d in data["documents"]] == ["a"]
    after = {_key(m): m for m in data["mentions"]}

    assert before[kl]["place_id"].startswith("city:") and after[kl]["place_id"] == "country:MY"
    assert after[kl]["place_name"] == "Malaysia" and after[kl]["corrected"] is True
    assert gyeongju in before and gyeongju not in after
    assert bloc not in before
    assert (after[bloc]["text"], after[bloc]["place_id"], after[bloc]["corrected"]) == (
        "the 10-member bloc",
        "bloc:ASEAN",
        True,
    )
    # Every other mention is as the geoparser had it (the document id aside).
    unchanged = set(before) - {kl, gyeongju}
    assert set(after) == unchanged | {kl, bloc}
    for key in unchanged:
        assert {**after[key], "document": None} == {**before[key], "document": None}
        assert after[key]["corrected"] is False
    # The second "Kuala Lumpur" was not corrected.
    assert (
        sum(1 for m in after.values() if m["text"] == "Kuala Lumpur" and m["place_id"] == "country:MY") == 1
    )


def test_extract_project_csv_and_geojson_say_what_a_person_corrected(capsys, seed_project):
    path, kl, _gyeongju, bloc = seed_project
    code, out, err = _run(capsys, "extract", "--project", path, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    corrected = {(int(r["start"]), int(r["end"])) for r in rows if r["corrected"] == "true"}
    assert corrected == {kl, bloc}
    code, out, err = _run(capsys, "extract", "--project", path, "--format", "geojson")
    features = {f["id"]: f for f in json.loads(out)["features"]}
    asean = [m for m in features["bloc:ASEAN"]["properties"]["mentions"] if m["corrected"]]
    assert [m["text"] for m in asean] == ["the 10-member bloc"]


def test_export_project_writes_the_corrected_map(capsys, seed_project, tmp_path):
    path, *_ = seed_project
    target = tmp_path / "map.html"
    code, _out, err = _run(capsys, "export", "--project", path, "-o", target)
    assert code == 0, err
    page = target.read_text("utf-8")
    payload = json.loads(page.split('type="application/json"', 1)[1].split(">", 1)[1].split("</script>")[0])
    places = {p["id"]: p for p in payload["places"]}
    assert places["country:MY"]["corrected"] == 1
    assert places["bloc:ASEAN"]["corrected"] == 1
    # "Gyeongju" was mentioned twice; one was marked not a place.
    assert sum(p["count"] for p in payload["places"] if p["name"] == "Gyeongju") == 1


def test_a_bad_project_is_an_error_not_a_traceback(capsys, tmp_path):
    path = tmp_path / "broken.mapviewer"
    path.write_text('{"format": "mapviewer-project", "version": 1, "documents": [', "utf-8")
    code, out, err = _run(capsys, "extract", "--project", path)
    assert code == 2 and out == ""
    assert "cannot be opened" in err and "Traceback" not in err


def test_extract_without_paths_or_project_says_what_to_give(capsys):
    with pytest.raises(SystemExit) as info:
        main(["extract"])
    assert info.value.code == 2 and "--project" in capsys.readouterr().err
