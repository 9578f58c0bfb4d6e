"""`mapviewer extract --explain`: why each name a document holds is, or is not, a place."""

from __future__ import annotations

from collections.abc import Iterable

from mapviewer.geoparse import Explanation, Geoparser
from mapviewer.model import Document

_VERDICTS = {"place": "place", "person": "person", "other": "not a place"}


def explain_documents(geoparser: Geoparser, documents: Iterable[Document]) -> str:
    """One block per document, one line per name the recognizer weighed, in text order."""
    blocks = []
    for document in documents:
        lines = [f"{document.title or document.id}"]
        for e in geoparser.explain(document):
            lines.append(explain_line(geoparser, e))
        if len(lines) == 1:
            lines.append("  (no name in it matches a place name)")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def explain_line(geoparser: Geoparser, e: Explanation) -> str:
    head = f"  {e.start:>6}-{e.end:<6} {e.text!r:<28} {_VERDICTS.get(e.verdict, e.verdict):<12}"
    why = f"[{e.rule}] {e.why}"
    if e.resolution is None:
        return f"{head} {why}"
    res = e.resolution
    said = f"-> {geoparser.describe(res.place)} ({res.confidence:.0%}, by {res.resolved_by})"
    if res.literal is not None:
        said += f", literally {res.literal.name}"
    return f"{head} {why}\n{'':17}{said}"
