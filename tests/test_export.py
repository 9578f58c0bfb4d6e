"""The JSON, GeoJSON and CSV exports, and the atomic file writer under them."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from mapviewer import export
from mapviewer.errors import ExportError, MapviewerError

TEXT = (
    'Officials met in Kuala Lumpur, "Malaysia\'s capital", on Monday.\n'
    "Then they flew to Gyeongju; South Korea hosted APEC, and Chinese officials came too."
)


@pytest.fixture
def result(make_result, places):
    return make_result(
        [
            (
                'Talks, "quoted", and more',
                TEXT,
                [
                    ("Kuala Lumpur", places["kl"]),
                    ("Malaysia", places["malaysia"]),
                    ("Gyeongju", places["gyeongju"]),
                    ("South Korea", places["korea"]),
                    ("Chinese", places["china"], "demonym"),
                ],
            ),
            (
                "Second",
                "China and Malaysia. Europe too.",
                [("China", places["china"]), ("Europe", places["europe"])],
            ),
        ]
    )


def test_records_point_back_into_the_document(result):
    records = export.mention_records(result)
    assert len(records) == len(result.resolutions) == 7
    for record in records:
        doc = result.document(record["document"])
        assert doc.text[record["start"] : record["end"]] == record["text"]
        assert record["passage_start"] <= record["start"] < record["end"] <= record["passage_end"]
        assert doc.text[record["passage_start"] : record["passage_end"]] == record["passage"]
        assert set(record) == set(export.MENTION_FIELDS)
    gyeongju = next(r for r in records if r["text"] == "Gyeongju")
    assert gyeongju["passage"].startswith("Then they flew to Gyeongju")
    assert gyeongju["passage"].endswith("came too.")
    assert (gyeongju["place_id"], gyeongju["kind"], gyeongju["country_code"]) == (
        "city:1842225",
        "city",
        "KR",
    )
    chinese = next(r for r in records if r["text"] == "Chinese")
    assert (chinese["place_id"], chinese["form"]) == ("country:CN", "demonym")


def test_continents_are_exported_as_regions(result):
    europe = next(r for r in export.mention_records(result) if r["text"] == "Europe")
    assert europe["kind"] == "region"
    assert europe["country_code"] is None


def test_json_holds_documents_and_mentions(result):
    data = json.loads(export.to_json(result))
    assert [d["id"] for d in data["documents"]] == ["doc0", "doc1"]
    assert data["mentions"] == export.mention_records(result)


def test_geojson_is_an_rfc7946_feature_collection(result):
    data = json.loads(json.dumps(export.to_geojson(result)))
    assert data["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in data["features"]}
    assert len(by_id) == len(data["features"]) == len(result.places())
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        assert props["count"] == len(props["mentions"])
    # [longitude, latitude]: Kuala Lumpur is at 101.7 E, 3.1 N.
    assert by_id["city:1735161"]["geometry"]["coordinates"] == [101.68653, 3.1412]
    china = by_id["country:CN"]["properties"]
    assert china["count"] == 2
    assert {m["text"] for m in china["mentions"]} == {"Chinese", "China"}
    assert {m["document"] for m in china["mentions"]} == {"doc0", "doc1"}


def test_geojson_bloc_lists_members(make_result, places):
    result = make_result([("t", "ASEAN met.", [("ASEAN", places["asean"])])])
    (feature,) = export.to_geojson(result)["features"]
    assert feature["properties"]["members"] == list(places["asean"].members)
    assert feature["properties"]["kind"] == "bloc"


def test_csv_quotes_commas_quotes_and_newlines(make_result, places):
    text = 'He said, "Kuala Lumpur,\nfine".'
    result = make_result([('Title, with "quotes"', text, [("Kuala Lumpur", places["kl"])])])
    out = export.to_csv(result)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 1
    row = rows[0]
    assert row["document_title"] == 'Title, with "quotes"'
    assert row["text"] == "Kuala Lumpur"
    assert "Kuala Lumpur,\nfine" in row["passage"]
    assert row["place_id"] == "city:1735161"
    assert float(row["lat"]) == pytest.approx(3.1412)
    assert list(rows[0].keys()) == list(export.MENTION_FIELDS)


def test_csv_has_one_row_per_mention_and_empty_cells_for_none(result):
    rows = list(csv.DictReader(io.StringIO(export.to_csv(result), newline="")))
    assert len(rows) == len(result.resolutions)
    europe = next(r for r in rows if r["text"] == "Europe")
    assert europe["country_code"] == ""


def test_write_functions_write_what_to_functions_return(tmp_path, result):
    assert export.write_json(result, tmp_path / "a.json").read_text("utf-8") == export.to_json(result)
    assert json.loads(export.write_geojson(result, tmp_path / "a.geojson").read_text("utf-8")) == (
        export.to_geojson(result)
    )
    assert export.write_csv(result, tmp_path / "a.csv").read_bytes() == export.to_csv(result).encode()
    html = export.write_map_html(result, tmp_path / "map.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "mapviewer-data" in html


# ---- atomic_write ----


def test_atomic_write_text_bytes_and_chunks(tmp_path):
    target = tmp_path / "out.txt"
    export.atomic_write(target, "héllo")
    assert target.read_text("utf-8") == "héllo"
    export.atomic_write(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    export.atomic_write(target, (part for part in ["a", b"b", "c"]))
    assert target.read_bytes() == b"abc"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_crash_mid_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old map")

    def crashing():
        yield "<html>half of the new"
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        export.atomic_write(target, crashing())
    assert target.read_text() == "old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"], "the temporary file is cleaned up"


def test_a_failed_rename_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "data.csv"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match="No space left"):
        export.atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.csv"]


def test_refuses_to_write_over_a_folder(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export.atomic_write(folder, "x")
    assert folder.is_dir() and not any(folder.iterdir())


def test_refuses_to_write_into_a_missing_folder(tmp_path):
    with pytest.raises(ExportError, match="does not exist") as info:
        export.atomic_write(tmp_path / "nowhere" / "map.html", "x")
    assert isinstance(info.value, MapviewerError)
    assert not (tmp_path / "nowhere").exists()


def test_write_map_html_checks_the_target_first(tmp_path, result):
    with pytest.raises(ExportError, match="does not exist"):
        export.write_map_html(result, tmp_path / "missing" / "map.html")


def test_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "shared.html"
    target.write_text("old")
    target.chmod(0o644)
    export.atomic_write(target, "new")
    assert target.stat().st_mode & 0o777 == 0o644


def test_new_file_is_not_private(tmp_path):
    # mkstemp creates 0600 files; an exported map should be as readable as any file the user saves.
    umask = os.umask(0o022)
    try:
        path = export.atomic_write(tmp_path / "new.html", "x")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
