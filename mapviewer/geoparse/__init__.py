"""Geoparsing: documents in, resolved place mentions out, with no network.

parser = Geoparser.open()            # opens (or first builds) the offline gazetteer
result = parser.parse([document])    # GeoparseResult: every mention, every distinct place
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mapviewer.gazetteer import Gazetteer, open_gazetteer
from mapviewer.gazetteer.build import Progress
from mapviewer.geoparse.describe import describe_place
from mapviewer.geoparse.recognize import RULE_WHY, Decision, Recognizer, Span
from mapviewer.geoparse.regions import RegionKeys, RegionMap
from mapviewer.geoparse.resolve import resolve_spans
from mapviewer.model import Document, GeoparseResult, Mention, Place, Resolution

__all__ = ["Explanation", "Geoparser", "geoparse_paths"]

# The gazetteer's finer name kinds, as a Mention reports them ("Korea" is a name of South Korea).
_NAME_FORMS = {"alias": "name", "postal": "abbreviation"}


@dataclass(frozen=True)
class Explanation:
    """Why a name is or is not a place: the verdict ("place", "person", "other"), the rule and its meaning."""

    start: int
    end: int
    text: str
    verdict: str
    rule: str
    why: str
    resolution: Resolution | None  # for a place: what it was resolved to, and by which rule


class Geoparser:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.region_key = RegionKeys(RegionMap(gazetteer))
        self.recognizer = Recognizer(gazetteer, self.region_key)
        self._country = lru_cache(maxsize=512)(lambda code: gazetteer.place(f"country:{code}"))

    @classmethod
    def open(cls, progress: Progress | None = None) -> Geoparser:
        return cls(open_gazetteer(progress))

    def parse_document(self, document: Document, unknown: list | None = None) -> list[Resolution]:
        """`unknown`, when given, receives the place-like names after "in", "near" or "at" that no
        resolution covers: names the gazetteer lacks, or has only for places the document does not mean."""
        return self._parse(document, None, unknown)

    def explain(self, document: Document) -> list[Explanation]:
        """Every name the recognizer weighed, in text order, with the rule that settled it."""
        decisions: list[Decision] = []
        resolutions = {(r.mention.start, r.mention.end): r for r in self._parse(document, decisions)}
        out = []
        for d in sorted(decisions, key=lambda d: (d.span.start, d.span.end)):
            res = resolutions.get((d.span.start, d.span.end))
            verdict, rule = d.verdict, d.rule
            if verdict == "place" and res is None:
                verdict, rule = "other", "unsupported"
            out.append(
                Explanation(d.span.start, d.span.end, d.span.text, verdict, rule, RULE_WHY.get(rule, ""), res)
            )
        return out

    def _parse(
        self, document: Document, decisions: list[Decision] | None, unknown: list | None = None
    ) -> list[Resolution]:
        text = document.text
        starts = frozenset(p.start for p in document.sentences)
        cued: list[Span] | None = [] if unknown is not None else None
        spans = self.recognizer.recognise(text, starts, decisions, cued)
        resolutions = []
        for choice in resolve_spans(text, spans, self._country, self.region_key):
            span = choice.span
            form = _NAME_FORMS.get(choice.form, choice.form)
            mention = Mention(document.id, span.start, span.end, span.text, form)
            resolutions.append(
                Resolution(
                    mention=mention,
                    place=choice.place,
                    confidence=choice.confidence,
                    alternatives=choice.alternatives,
                    passage=document.passage_at(span.start),
                    literal=choice.literal,
                    rule=span.rule,
                    resolved_by=choice.rule,
                )
            )
        if cued:
            found = [(r.mention.start, r.mention.end) for r in resolutions]
            unknown.extend(c for c in cued if not any(s < c.end and c.start < e for s, e in found))
        return resolutions

    def parse(self, documents: Iterable[Document]) -> GeoparseResult:
        documents = list(documents)
        resolutions: list[Resolution] = []
        for document in documents:
            resolutions.extend(self.parse_document(document))
        return GeoparseResult(documents, resolutions)

    def place(self, place_id: str) -> Place | None:
        return self.gazetteer.place(place_id)

    def describe(self, place: Place) -> str:
        """What a place is, for a person telling namesakes apart ("London - city, Ontario, Canada")."""
        return describe_place(place, self.gazetteer)


def geoparse_paths(paths: Iterable[str | Path], progress: Progress | None = None) -> GeoparseResult:
    """Load files and geoparse them; bad files raise the typed errors of mapviewer.errors."""
    from mapviewer.documents import load_document

    documents = [load_document(Path(p)) for p in paths]
    return Geoparser.open(progress).parse(documents)
