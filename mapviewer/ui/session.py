"""What the window has open: documents, their resolutions, and the lookups the linking needs.

Plain Python (no Qt): the window asks it which mentions a place has, in reading order across documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mapviewer.model import Document, GeoparseResult, Resolution


@dataclass
class Session:
    documents: list[Document] = field(default_factory=list)
    resolutions: dict[str, list[Resolution]] = field(default_factory=dict)  # by document id
    country_names: dict[str, str] = field(default_factory=dict)  # ISO alpha-2 -> gazetteer name

    def add(self, doc: Document, resolutions: list[Resolution]) -> bool:
        """Add a document; False when the same document (same id) is already open."""
        if doc.id in self.resolutions:
            return False
        self.documents.append(doc)
        self.resolutions[doc.id] = sorted(resolutions, key=lambda r: (r.mention.start, r.mention.end))
        return True

    def remove(self, doc_id: str) -> None:
        self.documents = [d for d in self.documents if d.id != doc_id]
        self.resolutions.pop(doc_id, None)

    def has(self, doc_id: str) -> bool:
        return doc_id in self.resolutions

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)

    def result(self) -> GeoparseResult:
        """A snapshot for the core (map, exports): new lists, so later changes do not reach it."""
        return GeoparseResult(
            list(self.documents), [r for d in self.documents for r in self.resolutions[d.id]]
        )

    def mentions_of(self, place_id: str) -> list[Resolution]:
        """Every mention of a place, in reading order: documents as listed, then by offset."""
        return [r for d in self.documents for r in self.resolutions[d.id] if r.place.id == place_id]

    @property
    def mention_count(self) -> int:
        return sum(len(v) for v in self.resolutions.values())

    @property
    def place_count(self) -> int:
        return len({r.place.id for v in self.resolutions.values() for r in v})
