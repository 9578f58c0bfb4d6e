"""Exports of a geoparse result: the map as one HTML file, and its mentions as JSON, GeoJSON and CSV.

`mapviewer extract` and `mapviewer export` (and the app) all write through here, so the formats agree.
Every file is written atomically: a crash mid-write leaves the previous file as it was.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mapviewer.errors import ExportError
from mapviewer.model import GeoparseResult, Resolution

__all__ = [
    "MENTION_FIELDS",
    "atomic_write",
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

Chunks = str | bytes | Iterable[str | bytes]


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
        "kind": output_kind(place.kind),
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


def to_json(result: GeoparseResult) -> str:
    """The documents and every mention, as `mapviewer extract --format json` prints them."""
    payload = {
        "documents": [
            {"id": d.id, "title": d.title, "source": d.source, "date": d.date} for d in result.documents
        ],
        "mentions": mention_records(result),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_geojson(result: GeoparseResult) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: one Point per distinct place, its mentions in the properties."""
    from mapviewer.webmap.data import output_kind

    place_keys = ("place_id", "place_name", "kind", "country_code", "lat", "lon")
    features = []
    for pm in result.places():
        place = pm.place
        mentions = []
        for res in pm.resolutions:
            record = _mention_record(result, res)
            if record is not None:
                mentions.append({k: v for k, v in record.items() if k not in place_keys})
        properties: dict[str, Any] = {
            "id": place.id,
            "name": place.name,
            "kind": output_kind(place.kind),
            "country_code": place.country_code,
            "count": len(mentions),
            "mentions": mentions,
        }
        if place.members:
            properties["members"] = list(place.members)
        features.append(
            {
                "type": "Feature",
                "id": place.id,
                # RFC 7946: positions are [longitude, latitude].
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(place.lon, _COORD_DECIMALS), round(place.lat, _COORD_DECIMALS)],
                },
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def to_csv(result: GeoparseResult) -> str:
    """One row per mention with the MENTION_FIELDS columns; text with commas, quotes or newlines is quoted."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=MENTION_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for record in mention_records(result):
        writer.writerow({k: _csv_value(v) for k, v in record.items()})
    return out.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else value


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name to write, such as {path / 'map.html'}")
    folder = path.parent
    if not folder.exists():
        raise ExportError(f"cannot write {path}: the folder {folder} does not exist; create it first")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: {folder} is not a folder")


def _new_file_mode(path: Path) -> int:
    # mkstemp makes files private (0600); a replaced file keeps its mode, a new one gets the usual one.
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | os.PathLike[str], data: Chunks) -> Path:
    """Write `data` (text is UTF-8) to `path` so that readers see the old file or the new one, never half.

    The data goes to a temporary file in the same folder, is flushed to disk, then renamed over `path`;
    if anything fails first, the temporary file is removed and `path` is untouched.
    """
    target = Path(path)
    _check_target(target)
    chunks: Iterable[str | bytes] = [data] if isinstance(data, str | bytes) else data
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise
    _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, so failure is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_map_html(result: GeoparseResult, path: str | os.PathLike[str], tiles: str | None = None) -> Path:
    """The map as one self-contained HTML file (online tiles only if `tiles` names a provider)."""
    from mapviewer.webmap import render_html

    _check_target(Path(path))  # fail before the (longer) rendering
    return atomic_write(path, render_html(result, tiles=tiles))


def write_geojson(result: GeoparseResult, path: str | os.PathLike[str]) -> Path:
    return atomic_write(path, json.dumps(to_geojson(result), ensure_ascii=False, indent=1) + "\n")


def write_csv(result: GeoparseResult, path: str | os.PathLike[str]) -> Path:
    return atomic_write(path, to_csv(result))


def write_json(result: GeoparseResult, path: str | os.PathLike[str]) -> Path:
    return atomic_write(path, to_json(result))
