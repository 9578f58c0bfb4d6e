"""Exports of a geoparse result: the map as one HTML file, and its mentions as JSON, GeoJSON and CSV.

`mapviewer extract` and `mapviewer export` (and the app) all write through here, so the formats agree.
Every file is written atomically (mapviewer/atomic.py): a crash mid-write leaves the previous file as it
was, and a device or FIFO given as the output is written into, never replaced.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mapviewer.atomic import atomic_write, check_target
from mapviewer.licences import attribution
from mapviewer.model import GeoparseResult, Resolution

__all__ = [
    "MENTION_FIELDS",
    "atomic_write",
    "csv_chunks",
    "geojson_chunks",
    "json_chunks",
    "mention_records",
    "to_csv",
    "to_geojson",
    "to_json",
    "write_csv",
    "write_geojson",
    "write_json",
    "write_map_html",
]

# One record per mention; the CSV columns, in order.
MENTION_FIELDS = (
    "document",
    "document_title",
    "start",
    "end",
    "text",
    "form",
    "place_id",
    "place_name",
    "kind",
    "country_code",
    "lat",
    "lon",
    "confidence",
    "corrected",  # true when a person chose the place (a correction or an added mention)
    "passage_start",
    "passage_end",
    "passage",
)

# RFC 7946 suggests six decimals (about 10 cm) as plenty.
_COORD_DECIMALS = 6


def _mention_record(result: GeoparseResult, res: Resolution) -> dict[str, Any] | None:
    from mapviewer.webmap.data import output_kind, passage_bounds

    try:
        doc = result.document(res.mention.doc_id)
    except KeyError:
        return None
    p_start, p_end = passage_bounds(doc, res)
    place = res.place
    return {
        "document": doc.id,
        "document_title": doc.title,
        "start": res.mention.start,
        "end": res.mention.end,
        "text": res.mention.text,
        "form": res.mention.form,
        "place_id": place.id,
        "place_name": place.name,
        "kind": output_kind(place),
        "country_code": place.country_code,
        "lat": round(place.lat, _COORD_DECIMALS),
        "lon": round(place.lon, _COORD_DECIMALS),
        "confidence": round(res.confidence, 4),
        "corrected": res.corrected,
        "passage_start": p_start,
        "passage_end": p_end,
        "passage": doc.text[p_start:p_end],
    }


def mention_records(result: GeoparseResult) -> list[dict[str, Any]]:
    """One flat record per mention, in document order (the rows of the CSV, the mentions of the JSON)."""
    records = []
    for res in result.resolutions:
        record = _mention_record(result, res)
        if record is not None:
            records.append(record)
    return records


def json_chunks(result: GeoparseResult) -> Iterator[str]:
    """`to_json`'s text piece by piece, one mention at a time, so a big result is never one string."""
    documents = [{"id": d.id, "title": d.title, "source": d.source, "date": d.date} for d in result.documents]
    yield '{\n  "documents": ' + _nested(documents, 1) + ',\n  "mentions": ['
    first = True
    for res in result.resolutions:
        record = _mention_record(result, res)
        if record is not None:
            yield ("\n    " if first else ",\n    ") + _nested(record, 2)
            first = False
    yield "]\n}\n" if first else "\n  ]\n}\n"


def _nested(value: Any, level: int, indent: int = 2) -> str:
    # JSON text never holds a raw newline inside a string, so re-indenting its lines is safe.
    return json.dumps(value, ensure_ascii=False, indent=indent).replace("\n", "\n" + " " * (indent * level))


def to_json(result: GeoparseResult) -> str:
    """The documents and every mention, as `mapviewer extract --format json` prints them."""
    return "".join(json_chunks(result))


_PLACE_KEYS = ("place_id", "place_name", "kind", "country_code", "lat", "lon")


def _feature_mentions(result: GeoparseResult, resolutions: list[Resolution]) -> Iterator[dict[str, Any]]:
    """A place's mentions as its feature lists them (the place's own fields left out)."""
    for res in resolutions:
        record = _mention_record(result, res)
        if record is not None:
            yield {k: v for k, v in record.items() if k not in _PLACE_KEYS}


def _features(result: GeoparseResult, mentions_as=list) -> Iterator[dict[str, Any]]:
    """One feature per distinct place; `mentions_as` receives the iterator of its mentions (a list by
    default; the streaming writer keeps it an iterator, so a place named 20,000 times is never one list)."""
    from mapviewer.webmap.data import output_kind

    for pm in result.places():
        place = pm.place
        count = sum(1 for res in pm.resolutions if _has_document(result, res))
        properties: dict[str, Any] = {
            "id": place.id,
            "name": place.name,
            "kind": output_kind(place),
            "country_code": place.country_code,
            "count": count,
            "mentions": mentions_as(_feature_mentions(result, pm.resolutions)),
        }
        if place.members:
            properties["members"] = list(place.members)
        yield {
            "type": "Feature",
            "id": place.id,
            # RFC 7946: positions are [longitude, latitude].
            "geometry": {
                "type": "Point",
                "coordinates": [round(place.lon, _COORD_DECIMALS), round(place.lat, _COORD_DECIMALS)],
            },
            "properties": properties,
        }


def _has_document(result: GeoparseResult, res: Resolution) -> bool:
    try:
        result.document(res.mention.doc_id)
    except KeyError:
        return False
    return True


def to_geojson(result: GeoparseResult) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: one Point per distinct place, its mentions in the properties, and
    an `attribution` member (a foreign member, RFC 7946 section 6.1) crediting the data."""
    return {"type": "FeatureCollection", "attribution": attribution(), "features": list(_features(result))}


def geojson_chunks(result: GeoparseResult) -> Iterator[str]:
    """The text of `to_geojson` (indent 1, as files are written) one feature at a time."""
    yield '{\n "type": "FeatureCollection",\n "attribution": ' + json.dumps(attribution(), ensure_ascii=False)
    yield ',\n "features": ['
    first = True
    for feature in _features(result, mentions_as=_Later):
        yield "\n  " if first else ",\n  "
        yield from _feature_text(feature)
        first = False
    yield "]\n}\n" if first else "\n ]\n}\n"


class _Later(list):
    """A feature's mentions still to be written: stands in the feature as one marker element while the
    rest of the feature is dumped, then each mention is dumped in its place."""

    _MARK = "\x00mentions\x00"

    def __init__(self, mentions: Iterator[dict[str, Any]]):
        super().__init__([self._MARK])
        self.mentions = mentions


def _feature_text(feature: dict[str, Any]) -> Iterator[str]:
    """`_nested(feature, 2, indent=1)` with its mentions written one at a time."""
    later = feature["properties"]["mentions"]
    if not feature["properties"]["count"]:
        feature["properties"]["mentions"] = []
        yield _nested(feature, 2, indent=1)
        return
    text = _nested(feature, 2, indent=1)
    mark = json.dumps(_Later._MARK)
    head, _, tail = text.rpartition(mark)  # only members (country codes) come after it
    indent = head[head.rindex("\n") + 1 :]  # the marker's line holds only its indentation
    yield head
    for n, mention in enumerate(later.mentions):
        yield (",\n" + indent if n else "") + _nested_at(mention, indent)
    yield tail


def _nested_at(value: Any, indent: str) -> str:
    """`value` dumped with indent 1, its lines after the first starting with `indent`."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + indent)


def to_csv(result: GeoparseResult) -> str:
    """One row per mention with the MENTION_FIELDS columns; text with commas, quotes or newlines is quoted,
    and text a spreadsheet would run as a formula starts with a quote (see _FORMULA_STARTS)."""
    return "".join(csv_chunks(result))


def csv_chunks(result: GeoparseResult) -> Iterator[str]:
    """`to_csv`'s text row by row."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=MENTION_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for res in result.resolutions:
        record = _mention_record(result, res)
        if record is not None:
            writer.writerow({k: _csv_value(v) for k, v in record.items()})
        if out.tell() > 1 << 16:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)" in an article
# would become a live link, "@SUM(...)" a call); OWASP's CSV-injection advice is to prefix such text
# cells with a quote, which spreadsheets show as text. Numbers (a negative longitude) are left alone.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_map_html(result: GeoparseResult, path: str | os.PathLike[str], tiles: str | None = None) -> Path:
    """The map as one self-contained HTML file (online tiles only if `tiles` names a provider)."""
    from mapviewer.webmap import render_html

    check_target(path)  # fail before the (longer) rendering
    return atomic_write(path, render_html(result, tiles=tiles))


def write_geojson(result: GeoparseResult, path: str | os.PathLike[str]) -> Path:
    return atomic_write(path, geojson_chunks(result))


def write_csv(result: GeoparseResult, path: str | os.PathLike[str]) -> Path:
    return atomic_write(path, csv_chunks(result))


def write_json(result: GeoparseResult, path: str | os.PathLike[str]) -> Path:
    return atomic_write(path, json_chunks(result))
