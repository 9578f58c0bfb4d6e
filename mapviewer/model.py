"""The data that flows through mapviewer: document -> passages -> mentions -> resolutions -> places.

Later stages point back into earlier ones by offsets and ids, never by copied text, so a marker can
always find the exact passage that named it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

# "site": a place only an online geocoder knew (an airport, a street, a landmark).
PlaceKind = Literal["country", "city", "admin", "region", "water", "bloc", "continent", "site"]
# How a mention names its place: "Malaysia" (name), "US" (abbreviation), "Chinese" (demonym),
# "Washington has warned" (metonym: a capital standing for its government), "ASEAN" (bloc).
NameForm = Literal["name", "abbreviation", "demonym", "metonym", "bloc"]
PassageKind = Literal["heading", "paragraph", "sentence"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of a document's text; headings, paragraphs and sentences are all passages."""

    start: int
    end: int
    kind: PassageKind


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded text. `text` is never rewritten after loading: every offset points into it."""

    id: str
    text: str
    title: str
    source: str | None = None  # file path, or None for pasted text
    date: str | None = None  # ISO 8601 date when known
    encoding: str | None = None  # how the bytes were decoded, when read from a file
    paragraphs: tuple[Passage, ...] = ()
    sentences: tuple[Passage, ...] = ()
    author: str | None = None  # from a page's or file's metadata
    site: str | None = None  # the web site a page was saved from
    # What the reader should know about how the text was read (replaced bytes, no article found...).
    warnings: tuple[str, ...] = ()

    def passage_at(self, offset: int) -> Passage | None:
        """The sentence (or heading) that contains `offset` (sentences are in text order)."""
        index = bisect_right(self.sentences, offset, key=lambda passage: passage.start) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. `id` is stable across runs and is what maps and bridges use."""

    id: str  # "country:CN", "admin:US-TX", "city:1735161", "bloc:ASEAN", "region:south-china-sea"
    name: str
    kind: PlaceKind
    lat: float
    lon: float
    country_code: str | None = None  # ISO 3166-1 alpha-2, None for blocs and seas
    population: int = 0
    members: tuple[str, ...] = ()  # ISO alpha-2 codes of a bloc's members
    admin1: str | None = None  # first-level region code ("TX", "14") for cities and admins
    capital_of: str | None = None  # ISO alpha-2 of the country whose capital this city is


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names a place."""

    doc_id: str
    start: int
    end: int
    text: str
    form: NameForm = "name"


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention tied to one place, with how sure we are and the runners-up."""

    mention: Mention
    place: Place
    confidence: float
    alternatives: tuple[tuple[Place, float], ...] = ()
    passage: Passage | None = None  # the sentence (or heading) the mention sits in
    # The place the words literally name when it differs from `place`: "Washington has warned" stands
    # for the United States (place) but literally names Washington, D.C. (literal).
    literal: Place | None = None
    # Which rules decided it (mapviewer.geoparse.recognize.RULE_WHY says what each means): why the words
    # are a place ("place", "qualified", "one-sense", ...) and why this reading ("importance",
    # "context", "qualifier", "metonym", "only-reading").
    rule: str = ""
    resolved_by: str = ""
    # True when a person chose this place (a correction or an added mention), not the geoparser.
    corrected: bool = False


@dataclass
class PlaceMentions:
    """A distinct place with every resolution that points to it, in document order."""

    place: Place
    resolutions: list[Resolution] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.resolutions)


@dataclass
class GeoparseResult:
    """Everything found in a set of documents."""

    documents: list[Document]
    resolutions: list[Resolution]

    def places(self) -> list[PlaceMentions]:
        """Distinct places, most mentioned first (ties by name)."""
        by_id: dict[str, PlaceMentions] = {}
        for res in self.resolutions:
            by_id.setdefault(res.place.id, PlaceMentions(res.place)).resolutions.append(res)
        return sorted(by_id.values(), key=lambda pm: (-pm.count, pm.place.name))

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)
