"""The JSON the page draws from: places, their mentions as offsets into shared passages, and outlines.

Document text reaches the page only through this JSON (parsed with JSON.parse, shown with textContent),
never as markup. Passages are stored once and mentions point into them, so a sentence that names three
places costs its text once.
"""

from __future__ import annotations

import json
import math
from typing import Any

from mapviewer.errors import MapviewerError
from mapviewer.model import Document, GeoparseResult, Resolution

from . import basemap

PAYLOAD_VERSION = 1
FORMS = ("name", "abbreviation", "demonym", "metonym", "bloc")
# How far a mention's context reaches when the geoparser gave it no passage.
_CONTEXT_CHARS = 160

# Keeping '<', '>' and '&' out of the JSON text means no "</script>" or "<!--" can end its element early;
# U+2028/2029 are escaped for old JS parsers that treat them as line ends.
_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


class TilesError(MapviewerError):
    """The online tile layer asked for is unknown or needs an API key."""


def output_kind(kind: str) -> str:
    """The kind shown and exported: continents are regions to a reader."""
    return "region" if kind == "continent" else kind


def passage_bounds(doc: Document, res: Resolution) -> tuple[int, int]:
    """The sentence around a mention: the geoparser's passage, else the document's, else a window."""
    passage = res.passage or doc.passage_at(res.mention.start)
    if passage is not None and passage.start <= res.mention.start and res.mention.end <= passage.end:
        return passage.start, passage.end
    text = doc.text
    start = max(0, res.mention.start - _CONTEXT_CHARS)
    end = min(len(text), res.mention.end + _CONTEXT_CHARS)
    # Widen to whole words so the context does not start or end mid-word.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def map_title(documents: list[Document]) -> str:
    """The documents' titles as one line: all of them for up to three, else the first two and a count."""
    titles = [d.title.strip() or d.id for d in documents]
    if not titles:
        return "No documents"
    if len(titles) <= 3:
        return " · ".join(titles)
    return f"{titles[0]} · {titles[1]} · and {len(titles) - 2} more documents"


def resolve_tiles(name: str) -> dict[str, Any]:
    """An xyzservices provider by name ("OpenStreetMap", "CartoDB.Positron") as Leaflet tile options."""
    import xyzservices

    query = "OpenStreetMap Mapnik" if name.strip().lower() == "openstreetmap" else name
    try:
        provider = xyzservices.providers.query_name(query)
    except ValueError:
        raise TilesError(
            f"unknown tile layer {name!r}: use an xyzservices provider name such as 'OpenStreetMap'"
        ) from None
    if provider.requires_token():
        raise TilesError(f"tile layer {provider.name!r} needs an API key; pick one that does not")
    options: dict[str, Any] = {
        "name": provider.name,
        "url": provider.build_url(fill_subdomain=False, scale_factor=""),
        "attribution": provider.get("html_attribution") or provider.get("attribution", ""),
        "maxZoom": provider.get("max_zoom", 18),
    }
    if provider.get("subdomains"):
        options["subdomains"] = provider["subdomains"]
    return options


def _coord(value: float) -> float | None:
    return round(value, 5) if math.isfinite(value) else None


def map_payload(result: GeoparseResult, tiles: str | None = None) -> dict[str, Any]:
    """Everything the page needs, as plain JSON-ready data (see registry.js for how it is read)."""
    doc_index = {doc.id: i for i, doc in enumerate(result.documents)}
    passages: list[list[Any]] = []
    passage_ids: dict[tuple[int, int, int], int] = {}
    form_ids = {form: i for i, form in enumerate(FORMS)}

    places: list[dict[str, Any]] = []
    for pm in result.places():
        place = pm.place
        mentions: list[list[int]] = []
        for res in pm.resolutions:
            m = res.mention
            d = doc_index.get(m.doc_id)
            if d is None:
                continue  # a resolution whose document is not in the result cannot be shown
            doc = result.documents[d]
            start, end = passage_bounds(doc, res)
            key = (d, start, end)
            p = passage_ids.get(key)
            if p is None:
                p = passage_ids[key] = len(passages)
                passages.append([d, start, doc.text[start:end]])
            mentions.append([p, m.start, m.end, form_ids.get(m.form, 0)])
        entry: dict[str, Any] = {
            "id": place.id,
            "name": place.name,
            "kind": output_kind(place.kind),
            "cc": place.country_code,
            "country": basemap.country_name(place.country_code),
            "lat": _coord(place.lat),
            "lon": _coord(place.lon),
            "count": len(mentions),
            "m": mentions,
        }
        corrected = sum(1 for res in pm.resolutions if res.corrected)
        if corrected:
            entry["corrected"] = corrected  # mentions a person pointed here
        if place.members:
            entry["members"] = [[code, basemap.country_name(code)] for code in place.members]
        places.append(entry)

    return {
        "version": PAYLOAD_VERSION,
        "title": map_title(result.documents),
        "documents": [{"id": d.id, "title": d.title.strip() or d.id} for d in result.documents],
        "forms": list(FORMS),
        "passages": passages,
        "places": places,
        "shapes": basemap.country_shapes(),
        "tiles": resolve_tiles(tiles) if tiles else None,
    }


def payload_json(payload: dict[str, Any]) -> str:
    """JSON safe to place verbatim inside <script type="application/json">."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_ESCAPES)
