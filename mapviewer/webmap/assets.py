"""Leaflet, markercluster and our own JS/CSS, read from installed packages and inlined into the page.

Inlining (instead of folium's CDN links) is what lets an exported map open with no network.
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# Our own script, by concern, in load order (registry first: the others extend window.mapviewer).
SCRIPTS = ("registry.js", "popups.js", "focus.js", "chrome.js")
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[\w.-]+\.png)\1\)")


def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def _markercluster_dir() -> Path:
    import xstatic.pkg.leaflet_markercluster as markercluster

    return Path(markercluster.BASE_DIR)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _safe_for_tag(code: str, tag: str) -> str:
    # "</script" or "</style" inside inlined code would end the element early.
    return re.sub(rf"</({tag})", r"<\\/\1", code, flags=re.IGNORECASE)


def _inline_images(css: str, base: Path) -> str:
    """Swap Leaflet's relative image URLs for data: URIs so the CSS fetches nothing."""

    def data_uri(match: re.Match[str]) -> str:
        image = (base / match.group(2)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(image).decode("ascii") + ")"

    return _CSS_URL.sub(data_uri, css)


@functools.cache
def scripts() -> tuple[str, ...]:
    """Leaflet, markercluster and our script, in load order, ready to sit inside <script> tags."""
    sources = [
        _read(_leaflet_dir() / "leaflet.js"),
        _read(_markercluster_dir() / "leaflet.markercluster.js"),
        *(_read(_HERE / "js" / name) for name in SCRIPTS),
    ]
    return tuple(_safe_for_tag(_SOURCE_MAP.sub("", code), "script") for code in sources)


@functools.cache
def styles() -> tuple[str, ...]:
    """Leaflet's and markercluster's CSS (images inlined) and ours, ready to sit inside <style> tags."""
    leaflet = _leaflet_dir()
    cluster = _markercluster_dir()
    sources = [
        _inline_images(_read(leaflet / "leaflet.css"), leaflet),
        _read(cluster / "MarkerCluster.css"),
        _read(_HERE / "map.css"),
    ]
    return tuple(_safe_for_tag(css, "style") for css in sources)


@functools.cache
def default_icon_script() -> str:
    """Leaflet's default marker images as data: URIs, so a folium.Marker a notebook adds fetches nothing
    (Leaflet would otherwise derive their URLs from its stylesheet's path)."""
    images = _leaflet_dir() / "images"

    def uri(name: str) -> str:
        return "data:image/png;base64," + base64.b64encode((images / name).read_bytes()).decode("ascii")

    return (
        'L.Icon.Default.imagePath = ""; L.extend(L.Icon.Default.prototype.options, '
        f'{{iconUrl: "{uri("marker-icon.png")}", iconRetinaUrl: "{uri("marker-icon-2x.png")}", '
        f'shadowUrl: "{uri("marker-shadow.png")}"}});'
    )
