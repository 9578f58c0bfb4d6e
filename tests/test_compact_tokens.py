"""A big text's tokens are held as offsets (mapviewer.geoparse.tokens): the geoparser must decide the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapviewer.documents import load_document
from mapviewer.geoparse import Geoparser, tokens
from mapviewer.geoparse.recognize import Token, tokenize

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def geoparser():
    return Geoparser.open()


def _readings(geoparser, document):
    return [
        (r.mention.start, r.mention.end, r.mention.text, r.place.id, r.confidence, r.alternatives, r.rule)
        for r in geoparser.parse_document(document)
    ]


def test_compact_tokens_are_the_list_tokens():
    text = "Officials in Kuala Lumpur's old town met U.S. envoys, then flew to St. Louis. The end."
    plain = tokenize(text)
    compact = tokens.CompactTokens(text, ((t.start, t.end) for t in plain), Token)
    assert isinstance(plain, list)
    assert list(compact) == plain
    assert len(compact) == len(plain)
    assert [compact[n] for n in range(-len(plain), len(plain))] == plain + plain
    assert compact[2:5] == plain[2:5] and compact[-3:] == plain[-3:] and compact[5:2] == []
    with pytest.raises(IndexError):
        compact[len(plain)]
    assert [t.text for t in plain[:4]] == ["Officials", "in", "Kuala", "Lumpur"]


def test_the_geoparser_reads_a_document_the_same_through_compact_tokens(geoparser, monkeypatch):
    documents = [load_document(path) for path in sorted(SEEDS.glob("*.txt"))]
    assert documents
    as_list = [_readings(geoparser, d) for d in documents]
    assert sum(map(len, as_list)) > 20
    monkeypatch.setattr(tokens, "COMPACT_FROM", 0)  # every text is "big"
    assert isinstance(tokenize("Paris"), tokens.CompactTokens)
    assert [_readings(geoparser, d) for d in documents] == as_list
