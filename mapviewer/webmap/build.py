"""Assemble the folium map: a bare folium.Map whose layers, popups and registry come from our JSON + JS.

folium gives the page skeleton and the Leaflet map object; everything with an id (markers, outlines,
bloc layers) is drawn by registry.js from the JSON payload, so ids are ours and not folium's random names.
"""

from __future__ import annotations

import html

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from mapviewer.model import GeoparseResult

from . import assets
from .data import map_payload, payload_json

DATA_ELEMENT_ID = "mapviewer-data"


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
    m = folium.Map(tiles=None, location=[20, 0], zoom_start=2, zoom_snap=0.25)
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


def render_html(result: GeoparseResult, tiles: str | None = None) -> str:
    """The complete, self-contained HTML page for `result`."""
    return build_map(result, tiles=tiles).get_root().render()
