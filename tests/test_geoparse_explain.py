"""Each recognition decision names its rule, and `mapviewer extract --explain` says why."""

from __future__ import annotations

import pytest

from mapviewer.cli import main
from mapviewer.documents import document_from_text
from mapviewer.geoparse import Geoparser
from mapviewer.geoparse.recognize import RULE_WHY, RULES


@pytest.fixture(scope="module")
def parser():
    return Geoparser.open()


def test_rules_are_a_table_of_named_explained_rules():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names)) >= 10
    assert all(rule.why and rule.verdict in ("person", "other") for rule in RULES)
    assert all(name in RULE_WHY for name in names)


def test_each_resolution_records_its_rules(parser):
    doc = document_from_text("The festival moved from Paris, Texas, to Dallas. Beijing has warned Tokyo.")
    found = {r.mention.text: r for r in parser.parse_document(doc)}
    assert found["Paris"].rule == "qualified" and found["Paris"].resolved_by == "qualifier"
    assert found["Beijing"].resolved_by == "metonym"
    assert all(r.rule in RULE_WHY for r in found.values())


def test_explain_names_the_rule_for_places_and_non_places(parser):
    doc = document_from_text("Senator Marco Rubio met officials in Kuala Lumpur. We will post a comment.")
    explained = {e.text: e for e in parser.explain(doc)}
    assert explained["Kuala Lumpur"].verdict == "place"
    assert explained["Kuala Lumpur"].resolution.place.country_code == "MY"
    assert (explained["Marco"].verdict, explained["Marco"].rule) == ("person", "title-before")
    assert (explained["Rubio"].verdict, explained["Rubio"].rule) == ("person", "name-goes-on")
    assert explained["We"].verdict == "other"
    assert all(e.why for e in explained.values())


def test_extract_explain_prints_why(tmp_path, capsys):
    path = tmp_path / "note.txt"
    path.write_text(
        "Trade Representative Jamieson Greer flew to Kuala Lumpur. We will post.", encoding="utf-8"
    )
    assert main(["extract", "--explain", "-q", str(path)]) == 0
    out = capsys.readouterr().out
    lines = {line.split("'")[1]: line for line in out.splitlines() if line.count("'") >= 2}
    assert "place" in lines["Kuala Lumpur"] and "Malaysia" in out
    assert "not a place" in lines["We"]
    assert "person" in lines["Greer"] and "[unknown-name-before]" in lines["Greer"]
