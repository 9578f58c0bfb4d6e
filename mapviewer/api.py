"""The notebook API: parse documents, get the map as a folium.Map, add to it, save it.

    import mapviewer
    result = mapviewer.parse(["article.html", "reports/"])   # or mapviewer.parse_text("...")
    m = mapviewer.folium_map(result)                          # shows inline in Jupyter
    folium.Marker([48.85, 2.35], tooltip="Paris").add_to(m)   # any folium object
    m.save("map.html")                                        # what `mapviewer export` writes

Offline like the rest of mapviewer: the gazetteer is local and the saved page needs no network.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from mapviewer.model import GeoparseResult

if TYPE_CHECKING:
    import folium

__all__ = ["folium_map", "parse", "parse_text"]

PathLike = str | os.PathLike[str]


def _files(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    """Files to read: a folder stands for the supported documents inside it, as for `mapviewer export`."""
    from mapviewer.documents import find_documents

    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    files: list[Path] = []
    for item in items:
        path = Path(item)
        files.extend(find_documents(path) if path.is_dir() else [path])
    return files


def parse(paths: PathLike | Iterable[PathLike]) -> GeoparseResult:
    """Read and geoparse files and folders (text, Markdown, HTML...); a bad file raises a DocumentError."""
    from mapviewer.documents import load_document
    from mapviewer.geoparse import Geoparser

    return Geoparser.open().parse([load_document(path) for path in _files(paths)])


def parse_text(text: str, title: str | None = None) -> GeoparseResult:
    """Geoparse a text given as a string (a pasted article, a notebook cell's output)."""
    from mapviewer.documents import document_from_text
    from mapviewer.geoparse import Geoparser

    return Geoparser.open().parse([document_from_text(text, title=title)])


def folium_map(result: GeoparseResult, tiles: str | None = None) -> folium.Map:
    """The map of `result`: the folium.Map `mapviewer export` writes, offline unless `tiles` names an
    online xyzservices provider ("OpenStreetMap")."""
    from mapviewer.webmap import build_map

    return build_map(result, tiles=tiles)
