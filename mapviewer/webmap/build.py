"""Assemble the folium map: a bare folium.Map whose layers, popups and registry come from our JSON + JS.

folium gives the page skeleton and the Leaflet map object; everything with an id (markers, outlines,
bloc layers) is drawn by registry.js from the JSON payload, so ids are ours and not folium's random names.
Those random names (``map_<32 hex>``) are renumbered after rendering, so the same result always renders
to the same bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from mapviewer.model import GeoparseResult

from . import assets
from .data import map_payload, payload_json

DATA_ELEMENT_ID = "mapviewer-data"
# The size of the map's controls, legend and title text; folium's own default (1rem) would be 16px.
FONT_SIZE = "13px"
# A 32-digit hex run: folium's element ids (uuid4().hex), renamed only if they belong to the page's elements.
_HEX_ID = re.compile(r"(?<![0-9A-Za-z])([0-9a-f]{32})(?![0-9A-Za-z])")


class _Registry(MacroElement):
    """Hands the Leaflet map and the JSON payload to registry.js once folium has created the map."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.element_id }}">{{ this.json }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        window.mapviewer._init({{ this._parent.get_name() }}, "{{ this.element_id }}");
        {% endmacro %}
        """
    )

    def __init__(self, json_text: str):
        super().__init__()
        self._name = "MapviewerRegistry"
        self.element_id = DATA_ELEMENT_ID
        self.json = json_text


def build_map(result: GeoparseResult, tiles: str | None = None) -> folium.Map:
    """The map of `result` as a folium.Map whose rendered page needs no network (unless `tiles` is set)."""
    payload = map_payload(result, tiles=tiles)
    m = folium.Map(tiles=None, location=[20, 0], zoom_start=2, zoom_snap=0.25, font_size=FONT_SIZE)
    # With no tile layer folium leaves the zoom range unset, and markercluster needs a maxZoom.
    m.options.update(minZoom=1, maxZoom=12 if tiles is None else 18)
    # Instance lists, so folium's class-level CDN lists stay untouched for anyone else.
    m.default_js = []
    m.default_css = []
    root = m.get_root()
    root.title = html.escape(payload["title"])
    # A data: favicon keeps Chromium from asking the file system (or a server) for /favicon.ico.
    root.header.add_child(Element('<link rel="icon" href="data:,">'), name="mapviewer_favicon")
    for i, css in enumerate(assets.styles()):
        root.header.add_child(Element(f"<style>{css}</style>"), name=f"mapviewer_css_{i}")
    for i, js in enumerate(assets.scripts()):
        root.header.add_child(Element(f"<script>{js}</script>"), name=f"mapviewer_js_{i}")
    m.add_child(_Registry(payload_json(payload)))
    return m


def _elements(root: Element) -> Iterator[Element]:
    """Every element of a rendered page: the figure, its header/html/script parts and all children."""
    stack, seen = [root], set()
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen.add(id(element))
        yield element
        stack.extend(element._children.values())
        for part in ("header", "html", "script"):
            child = getattr(element, part, None)
            if isinstance(child, Element):
                stack.append(child)


def stable_names(page: str, root: Element) -> str:
    """`page` with each of folium's random element ids (``map_<32 hex>``) renamed ``map_1``, ``map_2``...

    Numbered in order of first appearance, every occurrence alike (HTML ids and JS variables), so a page
    renders to the same bytes every time. Only the ids of `root`'s elements are touched: a 32-digit hex
    string in a document's text is left as it is.
    """
    ids = {getattr(element, "_id", None) for element in _elements(root)}
    numbers: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        hex_id = match.group(1)
        if hex_id not in ids:
            return hex_id
        return numbers.setdefault(hex_id, str(len(numbers) + 1))

    return _HEX_ID.sub(renumber, page)


def render_html(result: GeoparseResult, tiles: str | None = None) -> str:
    """The complete, self-contained HTML page for `result`; the same result gives the same bytes."""
    root = build_map(result, tiles=tiles).get_root()
    return stable_names(root.render(), root)
