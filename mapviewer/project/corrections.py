"""A person's corrections, applied on top of the geoparser's resolutions.

A correction names a span of a document and the place it means (a place id, or None for "not a place").
A span the geoparser found is re-pointed or dropped; a span it did not find is an added mention. The
geoparser's output is never changed: the corrected view is recomputed from it and the corrections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from mapviewer.errors import MapviewerError
from mapviewer.model import Document, Mention, Place, Resolution

__all__ = ["Correction", "CorrectionError", "SpanKey", "apply_corrections"]

SpanKey = tuple[str, int, int]  # (document id, start, end)
PlaceLookup = Callable[[str], Place | None]


class CorrectionError(MapviewerError):
    """A correction that cannot apply: an unknown place, or a span outside its document."""


@dataclass(frozen=True)
class Correction:
    document: str
    start: int
    end: int
    place: str | None  # a place id as the exports give it; None: "not a place"

    @property
    def key(self) -> SpanKey:
        return (self.document, self.start, self.end)


def _overlaps(a: Resolution, start: int, end: int) -> bool:
    return a.mention.start < end and start < a.mention.end


def _form_for(place: Place, previous: str) -> str:
    if place.kind == "bloc":
        return "bloc"
    return "name" if previous == "bloc" else previous


def _repointed(res: Resolution, place: Place) -> Resolution:
    """The geoparser's reading stays first among the alternatives, so a person can go back to it."""
    ranked = [(res.place, res.confidence), *res.alternatives]
    alternatives = tuple((p, c) for p, c in ranked if p.id != place.id)
    mention = replace(res.mention, form=_form_for(place, res.mention.form))
    return replace(
        res,
        mention=mention,
        place=place,
        confidence=1.0,
        alternatives=alternatives,
        literal=None,
        corrected=True,
    )


def check_span(document: Document, correction: Correction) -> None:
    if not (0 <= correction.start < correction.end <= len(document.text)):
        raise CorrectionError(
            f"A correction in {document.title!r} points at characters {correction.start}-{correction.end}, "
            f"outside the document ({len(document.text)} characters)."
        )


def apply_corrections(
    document: Document,
    resolutions: Iterable[Resolution],
    corrections: Iterable[Correction],
    place_of: PlaceLookup,
) -> list[Resolution]:
    """The document's resolutions as the person corrected them, in text order."""
    by_key = {c.key: c for c in corrections if c.document == document.id}
    base = list(resolutions)
    found = {(r.mention.doc_id, r.mention.start, r.mention.end) for r in base}
    added: list[Resolution] = []
    for key, correction in by_key.items():
        if key in found or correction.place is None:
            continue
        check_span(document, correction)
        place = _place(correction, place_of)
        mention = Mention(
            document.id,
            correction.start,
            correction.end,
            document.text[correction.start : correction.end],
            _form_for(place, "name"),
        )
        added.append(
            Resolution(mention, place, 1.0, passage=document.passage_at(correction.start), corrected=True)
        )
    out: list[Resolution] = list(added)
    for res in base:
        if any(_overlaps(res, a.mention.start, a.mention.end) for a in added):
            continue  # the person's span replaces the geoparser's overlapping one
        correction = by_key.get((res.mention.doc_id, res.mention.start, res.mention.end))
        if correction is None:
            out.append(res)
        elif correction.place is not None:
            out.append(_repointed(res, _place(correction, place_of)))
    return sorted(out, key=lambda r: (r.mention.start, r.mention.end))


def _place(correction: Correction, place_of: PlaceLookup) -> Place:
    place = place_of(correction.place) if correction.place else None
    if place is None:
        raise CorrectionError(
            f"A correction names the place {correction.place!r}, which the gazetteer does not know. "
            "Use a place id as the exports give it, such as country:MY or city:1735161."
        )
    return place
