"""The offline gazetteer index: what it holds, how fast it opens, and that it rebuilds when sources change."""

from __future__ import annotations

from mapviewer.gazetteer import index_is_current, index_path, open_gazetteer


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
