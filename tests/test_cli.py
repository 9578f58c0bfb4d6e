"""The `mapviewer` command: extract and export, with the real geoparser, and its errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mapviewer.cli import COMMANDS, main

REPO = Path(__file__).resolve().parent.parent

TEXT = "Trade talks opened in Kuala Lumpur on Saturday.\nThe leaders meet next in Gyeongju, South Korea.\n"


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _run(capsys, *argv):
    code = main(["-q", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _names(mentions):
    return {m["place_name"] for m in mentions}


def test_extract_json_lists_every_mention(capsys, article):
    code, out, err = _run(capsys, "extract", article)
    assert code == 0, err
    data = json.loads(out)
    assert {"Kuala Lumpur", "Gyeongju", "South Korea"} <= _names(data["mentions"])
    (doc,) = data["documents"]
    for m in data["mentions"]:
        assert m["document"] == doc["id"]
        assert TEXT[m["start"] : m["end"]] == m["text"]
        assert m["passage_start"] <= m["start"] < m["end"] <= m["passage_end"]
        assert m["kind"] in {"country", "city", "admin", "region", "water", "bloc"}
        assert isinstance(m["lat"], float) and isinstance(m["lon"], float)
        assert 0 <= m["confidence"] <= 1
    gyeongju = next(m for m in data["mentions"] if m["text"] == "Gyeongju")
    assert (gyeongju["kind"], gyeongju["country_code"]) == ("city", "KR")
    assert gyeongju["place_id"].startswith("city:")


def test_extract_geojson_to_a_file(capsys, article, tmp_path):
    target = tmp_path / "places.geojson"
    code, out, _ = _run(capsys, "extract", article, "--format", "geojson", "-o", target)
    assert code == 0 and out == ""
    data = json.loads(target.read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    kl = next(f for f in data["features"] if f["properties"]["name"] == "Kuala Lumpur")
    lon, lat = kl["geometry"]["coordinates"]
    assert 100 < lon < 103 and 2 < lat < 4, "[lon, lat] order"
    assert kl["properties"]["mentions"][0]["text"] == "Kuala Lumpur"


def test_extract_csv_has_one_row_per_mention(capsys, article):
    code, out, _ = _run(capsys, "extract", article, "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    json_code, json_out, _ = _run(capsys, "extract", article)
    assert len(rows) == len(json.loads(json_out)["mentions"]) >= 3
    assert {"Kuala Lumpur", "Gyeongju"} <= {r["place_name"] for r in rows}


def test_a_folder_stands_for_its_documents(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("Officials landed in Gyeongju.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Ministers met in Kuala Lumpur.", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    code, out, err = _run(capsys, "extract", tmp_path)
    assert code == 0, err
    data = json.loads(out)
    assert len(data["documents"]) == 2
    assert {"Kuala Lumpur", "Gyeongju"} <= _names(data["mentions"])


def test_standard_input(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("The ship left Kuala Lumpur."))
    code, out, _ = _run(capsys, "extract", "-")
    assert code == 0
    assert "Kuala Lumpur" in _names(json.loads(out)["mentions"])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "does not exist"),
        ("empty.txt", b"   \n", "whitespace"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
    ],
)
def test_bad_files_are_reported_and_the_good_ones_still_processed(
    capsys, tmp_path, article, name, content, message
):
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    code, out, err = _run(capsys, "extract", bad, article)
    assert code == 2
    assert err.startswith("mapviewer: error: ")
    assert message in err.lower() and name in err
    assert "Traceback" not in err
    assert "Kuala Lumpur" in _names(json.loads(out)["mentions"]), "the good file was still processed"


def test_nothing_is_written_when_no_file_is_readable(capsys, tmp_path):
    target = tmp_path / "out.json"
    code, out, err = _run(capsys, "extract", tmp_path / "nope.txt", "-o", target)
    assert code == 2 and out == "" and "does not exist" in err
    assert not target.exists()


def test_export_writes_a_self_contained_map(capsys, article, tmp_path):
    target = tmp_path / "map.html"
    code, _, err = _run(capsys, "export", article, "-o", target)
    assert code == 0, err
    page = target.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "window.mapviewer" in page and "Gyeongju" in page
    assert "tile.openstreetmap.org" not in page


def test_export_with_online_tiles(capsys, article, tmp_path):
    target = tmp_path / "map.html"
    code, _, err = _run(capsys, "export", article, "-o", target, "--tiles", "OpenStreetMap")
    assert code == 0, err
    assert "tile.openstreetmap.org" in target.read_text("utf-8")


def test_export_reports_progress_unless_quiet(capsys, article, tmp_path):
    code = main(["export", str(article), "-o", str(tmp_path / "m.html")])
    _, err = capsys.readouterr()
    assert code == 0
    assert "mapviewer: wrote a map of" in err and "KB" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tiles", "NoSuchProvider"], "unknown tile provider"),
        (["--tiles", "MapBox"], "needs an API key"),
    ],
)
def test_export_rejects_bad_tiles_before_any_work(capsys, article, tmp_path, args, message):
    target = tmp_path / "map.html"
    code, _, err = _run(capsys, "export", article, "-o", target, *args)
    assert code == 2 and message in err
    assert not target.exists()


def test_export_refuses_a_folder_or_a_missing_folder(capsys, article, tmp_path):
    code, _, err = _run(capsys, "export", article, "-o", tmp_path)
    assert code == 2 and "is a folder" in err
    code, _, err = _run(capsys, "export", article, "-o", tmp_path / "no" / "map.html")
    assert code == 2 and "does not exist" in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["extract"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["export", "x.txt"])  # -o is required
    assert info.value.code == 2


def test_commands_are_a_table():
    assert {"extract", "export"} <= set(COMMANDS)


def test_python_dash_m_runs_the_same_command(article):
    proc = subprocess.run(
        [sys.executable, "-m", "mapviewer", "-q", "extract", str(article), "-f", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,  # importable from a checkout even when not installed
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("document,document_title,start,end,text")
    missing = subprocess.run(
        [sys.executable, "-m", "mapviewer", "-q", "extract", str(article.with_name("gone.txt"))],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,  # importable from a checkout even when not installed
    )
    assert missing.returncode == 2
    assert missing.stderr.startswith("mapviewer: error: ")


def test_a_file_name_with_terminal_escapes_never_reaches_stderr_raw(tmp_path):
    from fs_faults import one_clear_line, run_cli

    hostile = tmp_path / "report\x1b]0;owned\x07\x1b[2J\u202etxt.exe.txt"
    hostile.write_text("")  # empty: reported as an error that names the file
    done = run_cli("extract", hostile)
    assert done.returncode == 2
    line = one_clear_line(done.stderr)
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr and "\u202e" not in done.stderr
    assert "report\\x1b]0;owned\\x07\\x1b[2J\\u202etxt.exe.txt" in line


def test_printable_escapes_controls_and_keeps_the_rest():
    from mapviewer.display import display_path, printable

    assert printable("Kuala Lumpur, Malaysia – é") == "Kuala Lumpur, Malaysia – é"
    assert printable("a\tb\rc\nd\x00") == "a\\x09b\\x0dc\\x0ad\\x00"
    assert printable("one\ntwo\x1b", keep_newlines=True) == "one\ntwo\\x1b"
    assert display_path(Path("/tmp/\x9bx")) == "/tmp/\\x9bx"
    assert printable("bad\udcffbyte") == "bad\\udcffbyte"
