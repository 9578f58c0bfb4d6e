"""The offline gazetteer index: what it holds, how fast it opens, and that it rebuilds when sources change."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from fs_faults import one_clear_line, run_cli, tmpfs

from mapviewer.errors import CacheError, GazetteerError
from mapviewer.gazetteer import Gazetteer, index_is_current, index_path, open_gazetteer, seal
from mapviewer.paths import CACHE_ENV


def test_index_holds_every_kind_of_place():
    gz = open_gazetteer()
    stats = gz.stats()
    assert stats["country"] >= 240
    assert stats["city"] >= 200_000  # GeoNames down to 500 inhabitants
    assert stats["admin"] >= 5000
    assert stats["bloc"] >= 12
    assert stats["region"] + stats["water"] >= 100


def test_names_find_their_places():
    gz = open_gazetteer()
    ids = {p.id for p, _ in gz.lookup("Kuala Lumpur")}
    assert "city:1735161" in ids
    assert {p.id for p, _ in gz.lookup("South China Sea")} == {"region:south-china-sea"}
    assert "bloc:ASEAN" in {p.id for p, _ in gz.lookup("ASEAN")}
    assert "country:US" in {p.id for p, _ in gz.lookup("U.S.")}
    # Abbreviations match only as written: "us" is a pronoun.
    assert "country:US" not in {p.id for p, _ in gz.lookup("us")}
    assert "admin:US-TX" in {p.id for p, _ in gz.lookup("Texas")}


def test_blocs_know_their_members():
    gz = open_gazetteer()
    asean = gz.place("bloc:ASEAN")
    assert set(asean.members) >= {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"}
    assert len(gz.place("bloc:APEC").members) == 21


def test_the_index_knows_which_region_each_geonames_code_stands_for():
    """Built once with the index: GeoNames' own codes tied to the ISO regions, by where their towns lie."""
    gz = open_gazetteer()
    assert gz.region_codes("CA")["08"].id == "admin:CA-ON"  # GeoNames files Ontario's towns under 08
    assert gz.region_codes("US")["TX"].id == "admin:US-TX"
    australia = gz.region_codes("AU")
    # Canberra's code takes the Capital Territory, so New South Wales' code gets the state.
    assert (australia["01"].id, australia["02"].id) == ("admin:AU-ACT", "admin:AU-NSW")
    assert all(p.id.count("-") == 1 for p in gz.region_codes("FR").values())  # regions, not departments
    assert gz.region_codes("AQ") == {}


def test_a_built_index_is_opened_not_rebuilt():
    open_gazetteer().close()
    built = index_path().stat().st_mtime_ns
    open_gazetteer().close()  # how fast: bench/speed.py measures it
    assert index_path().stat().st_mtime_ns == built


def test_index_rebuilds_when_a_source_changes(tmp_path, monkeypatch, small_index_env):
    import mapviewer.gazetteer.build as build

    path = tmp_path / "index.sqlite"
    assert not index_is_current(path)
    messages = []
    gz = open_gazetteer(lambda fraction, message: messages.append((fraction, message)), path=path)
    assert messages and messages[-1][0] == 1.0
    assert index_is_current(path)
    gz.close()
    monkeypatch.setattr(build, "FORMAT", build.FORMAT + 1000)
    assert not index_is_current(path)
    assert index_path().name.startswith("gazetteer-")


def test_a_cancelled_build_leaves_nothing_behind(tmp_path, small_index_env):
    from mapviewer.gazetteer.build import build_index

    class Cancelled(Exception):
        pass

    def cancel_midway(fraction, message):
        if fraction > 0.2:
            raise Cancelled

    path = tmp_path / "index.sqlite"
    try:
        build_index(path, cancel_midway)
    except Cancelled:
        pass
    else:
        raise AssertionError("the build was not cancelled")
    assert list(tmp_path.iterdir()) == []


# ---- an unusable cache folder, a damaged index ----

DOC_TEXT = "Trade talks opened in Kuala Lumpur on Saturday.\n"


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(DOC_TEXT)
    return path


def test_a_file_in_place_of_the_cache_folder_is_one_clear_line(tmp_path, doc):
    cache = tmp_path / "cache"
    cache.write_text("not a folder")
    done = run_cli("extract", doc, env={CACHE_ENV: str(cache)})
    assert done.returncode == 2
    assert "cache folder" in one_clear_line(done.stderr) and CACHE_ENV in done.stderr
    assert cache.read_text() == "not a folder"


def test_the_app_gets_a_typed_error_for_an_unusable_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.write_text("x")
    monkeypatch.setenv(CACHE_ENV, str(cache))
    with pytest.raises(CacheError, match="cannot be used") as info:
        open_gazetteer()
    assert isinstance(info.value, GazetteerError)
    with pytest.raises(CacheError):
        index_is_current()


def test_a_read_only_cache_folder_is_one_clear_line(tmp_path, doc, small_index_env):
    with tmpfs(tmp_path / "cache", read_only=True) as cache:
        done = run_cli("extract", doc, env={CACHE_ENV: str(cache)})
        assert done.returncode == 2
        assert "cannot be written" in one_clear_line(done.stderr)
        assert list(cache.iterdir()) == []


def test_a_full_disk_while_building_is_one_clear_line_and_leaves_nothing(tmp_path, doc, small_index_env):
    with tmpfs(tmp_path / "cache", size="1m") as cache:
        done = run_cli("extract", doc, env={CACHE_ENV: str(cache)})
        assert done.returncode == 2
        assert "the disk is full" in one_clear_line(done.stderr)
        assert list(cache.iterdir()) == [], "the half-built index was removed"


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_folder_or_fifo_in_place_of_the_index_fails_at_once(tmp_path, doc, kind):
    cache = tmp_path / "cache"
    cache.mkdir()
    index = cache / index_path_name()
    if kind == "folder":
        index.mkdir()
    else:
        os.mkfifo(index)
    done = run_cli("extract", doc, env={CACHE_ENV: str(cache)}, timeout=120)
    assert done.returncode == 2
    assert "Remove it" in one_clear_line(done.stderr)
    assert [p.name for p in cache.iterdir()] == [index.name], "no temporary index left behind"


def index_path_name() -> str:
    return index_path().name


def _copy_index(folder: Path) -> Path:
    folder.mkdir()
    copy = folder / index_path().name
    shutil.copyfile(open_gazetteer().path, copy)
    return copy


def test_a_dropped_table_is_detected(tmp_path):
    copy = _copy_index(tmp_path / "cache")
    assert seal.damage(copy) is None  # copied, not changed: the hash or the quick check says so
    con = sqlite3.connect(copy)
    con.execute("DROP TABLE words")
    con.commit()
    con.close()
    assert seal.damage(copy) == "its contents changed since it was built"
    seal.seal_path(copy).unlink()  # with no seal, the schema check finds it
    assert seal.damage(copy) == "the table words is missing"
    with pytest.raises(GazetteerError, match="the table words is missing"):
        Gazetteer(copy)


def test_overwritten_pages_are_detected_rebuilt_and_reported(tmp_path, doc, small_index_env):
    index = open_gazetteer().path  # a small real index, sealed by its build
    index_bytes = index.read_bytes()
    rng = random.Random(7)
    pages = len(index_bytes) // 4096
    with open(index, "r+b") as f:
        for page in rng.sample(range(1, pages), 10):
            f.seek(page * 4096)
            f.write(rng.randbytes(4096))
    assert seal.damage(index) is not None
    done = run_cli("extract", doc)  # the environment names the small index's folder and cities
    assert done.returncode == 0, done.stderr
    assert (
        "The place index was damaged (its contents changed since it was built); rebuilding it" in done.stderr
    )
    assert "Kuala Lumpur" in {m["place_name"] for m in json.loads(done.stdout)["mentions"]}
    assert seal.damage(index) is None and index_is_current(index)
    assert sorted(p.name for p in index.parent.iterdir()) == [index.name, seal.seal_path(index).name]
