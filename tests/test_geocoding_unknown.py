"""The geoparser's hook for online geocoding: the place-like names after "in", "near", "at" it left unresolved."""

from __future__ import annotations

import pytest

from mapviewer.geoparse import Geoparser
from mapviewer.model import Document


@pytest.fixture(scope="module")
def geoparser():
    return Geoparser.open()


def unknown(geoparser, text: str) -> list[str]:
    found: list = []
    resolutions = geoparser.parse_document(Document(id="d", text=text, title="t"), unknown=found)
    resolved = {(r.mention.start, r.mention.end) for r in resolutions}
    assert not any((s.start, s.end) in resolved for s in found)
    assert all(text[s.start : s.end] == s.text for s in found)
    return [s.text for s in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ministers met at Heathrow on Monday.", ["Heathrow"]),  # a small namesake in Florida, unsupported
        ("They walked near the Champs-Elysées in Paris.", ["Champs-Elysées"]),
        ("At Heathrow, officials waited.", ["Heathrow"]),  # the capitalised cue opens the sentence
        ("Talks in Kuala Lumpur and in Paris.", []),  # the gazetteer's places are never asked about
        ("Heathrow said nothing. The Champs-Elysées was closed.", []),  # no cue, no question
        ("He spoke at President Obama's house.", []),  # a person after the cue
        ("They met at noon, Heathrow was busy.", []),
    ],
)
def test_place_like_names_the_gazetteer_lacks(geoparser, text, expected):
    assert unknown(geoparser, text) == expected


def test_without_the_hook_parsing_is_unchanged(geoparser):
    doc = Document(id="d", text="Ministers met at Heathrow, then in Kuala Lumpur.", title="t")
    assert geoparser.parse_document(doc) == geoparser.parse_document(doc, unknown=[])
