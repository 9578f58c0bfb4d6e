"""Build the map as a folium.Map of folium's own objects, with our small script for what folium cannot do.

folium draws: the offline base map (a GeoJson of every country outline), online tiles when asked for (a
TileLayer from xyzservices), the countries mentioned (a GeoJson shaded by a style function), one
FeatureGroup per bloc, the markers (FastMarkerCluster, folium's MarkerCluster for data-driven markers),
the LayerControl, the title and the legend. Our script (webmap/js/) keeps the id registry the app talks
to, builds popups lazily from the JSON payload with textContent, and focuses places.

Every element gets an id of ours (``map_mapviewer``, ``geo_json_countries``...) instead of folium's random
hex, so the same result renders to the same bytes without rewriting folium's output.
"""

from __future__ import annotations

import html
import re
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.plugins import FastMarkerCluster
from folium.template import Template
from folium.utilities import JsCode

from mapviewer import licences
from mapviewer.model import GeoparseResult
from mapviewer.tiles import leaflet_options

from . import assets, basemap
from .data import map_payload, payload_json, shade_classes, shade_for

DATA_ELEMENT_ID = "mapviewer-data"
# The size of the map's controls, legend and title text; folium's own default (1rem) would be 16px.
FONT_SIZE = "13px"
OFFLINE_MAX_ZOOM = 12  # the outlines are coarse; past this there is nothing more to see
LAND = {"color": "#b9b2a6", "weight": 0.7, "fillColor": "#f7f4ec", "fillOpacity": 1}
COUNTRY_LINE = {"color": "#7f6a5d", "weight": 1, "fillOpacity": 0.85}
COUNTRY_HOVER = {"color": "#3b2f28", "weight": 2.5}
# A few dozen markers only cluster where they overlap; a crowded map clusters neighbours too.
CROWDED = 40
_CLUSTER_ICON = """function (c) {
    var n = c.getChildCount(), size = n < 10 ? 30 : n < 100 ? 36 : 44;
    return L.divIcon({className: "mv-cluster", html: "<div><span>" + Number(n) + "</span></div>",
                      iconSize: [size, size]});
}"""


class _Raw(Element):
    """Markup placed as it is: branca's Element(text) would compile the inlined Leaflet as a template."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class _Control(MacroElement):
    """Our own markup (escaped in Python), made a Leaflet control in a corner of the map by our script."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}{{ this.markup }}{% endmacro %}
        {% macro script(this, kwargs) %}
        window.mapviewer._control({{ this._parent.get_name() }}, {{ this.element_id|tojson }}, {{ this.position|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str, element_id: str, position: str, markup: str):
        super().__init__()
        self._name = name
        self.element_id = element_id
        self.position = position
        self.markup = markup


class _Registry(MacroElement):
    """Hands the Leaflet map, the layers folium made and the JSON payload to our script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.credits|tojson }});
        window.mapviewer._init({{ this._parent.get_name() }}, {
        {%- for key, element in this.layers.items() %}
          {{ key|tojson }}: {{ element.get_name() }},
        {%- endfor %}
        }, {{ this.control.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, layers: dict[str, Any], control: folium.LayerControl, credits: str):
        super().__init__()
        self.control = control
        self._name = "MapviewerRegistry"
        self.layers = layers
        self.credits = credits


def _feature(code: str, shape: Any, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": properties.get("id", code),
        "properties": {"code": code, **properties},
        "geometry": {"type": "MultiPolygon", "coordinates": shape},
    }


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _credits() -> str:
    """The attribution line: outlines, GeoNames (CC BY 4.0) and the ODbL notice, as escaped HTML."""
    sources = {s.name: s for s in licences.DATA_SOURCES}
    parts = [
        "Outlines: countryinfo, Natural Earth",
        f"Places: GeoNames ({sources['GeoNames'].licence})",
        f"Regions: Countries States Cities Database ({sources['Countries States Cities Database'].licence})",
    ]
    return " · ".join(html.escape(p) for p in parts)


def _legend(payload: dict[str, Any], classes: list[tuple[int, int, str]]) -> str:
    """The legend's markup: the kinds on the map, each bloc's colour, marker sizes, country shading."""
    e = html.escape
    rows = ['<div class="mv-legend-head">Places</div>']
    present = {p["kind"] for p in payload["places"]}
    for kind, (label, colour) in payload["kinds"].items():
        if kind not in present:
            continue
        if kind != "bloc":
            rows.append(
                _legend_row(f'<span class="mv-legend-dot" style="background:{colour}"></span>', label)
            )
            continue
        for p in payload["places"]:  # each bloc has its own colour
            if p["kind"] == "bloc":
                swatch = f'<span class="mv-legend-dot" style="background:{e(p["color"])}"></span>'
                rows.append(_legend_row(swatch, f"{short_name_of(p)} (bloc)"))
    counts = [p["count"] for p in payload["places"]]
    if counts and max(counts) > 1:
        big = max(p["size"] for p in payload["places"])
        rows.append(
            '<div class="mv-legend-row mv-legend-sizes"><span class="mv-legend-size" style="width:14px;'
            f'height:14px"></span><span>1</span><span class="mv-legend-size" style="width:{big}px;'
            f'height:{big}px"></span><span>{max(counts)}</span><span class="mv-legend-note">mentions</span></div>'
        )
    if classes:
        rows.append('<div class="mv-legend-head">Country mentions</div>')
        for low, high, colour in classes:
            text = str(low) if low == high else f"{low}–{high}"
            rows.append(
                _legend_row(f'<span class="mv-legend-swatch" style="background:{colour}"></span>', text)
            )
    return (
        '<div class="mv-legend leaflet-control" id="mv-legend">'
        '<button type="button" class="mv-legend-toggle" aria-controls="mv-legend-body" aria-expanded="true"'
        ' title="Show or hide the legend"><span class="mv-legend-toggle-label">Legend</span>'
        '<span class="mv-legend-chevron"></span></button>'
        f'<div class="mv-legend-body" id="mv-legend-body">{"".join(rows)}</div></div>'
    )


def _legend_row(swatch: str, text: str) -> str:
    return f'<div class="mv-legend-row">{swatch}<span>{html.escape(text)}</span></div>'


def short_name_of(place: dict[str, Any]) -> str:
    return place["id"][5:] if place["id"].startswith("bloc:") else place["name"]


def _title(payload: dict[str, Any]) -> str:
    docs = payload["documents"]
    n_places, n_docs = len(payload["places"]), len(docs)
    sub = f"{n_places} place{'s' * (n_places != 1)} in {n_docs} document{'s' * (n_docs != 1)}"
    title = html.escape(payload["title"])
    # Every title on hover, for a set of documents.
    hover = html.escape(" · ".join(d["title"] for d in docs) if n_docs > 1 else payload["title"])
    return (
        f'<div class="mv-title leaflet-control" id="mv-title"><div class="mv-title-text" title="{hover}">'
        f'{title}</div><div class="mv-title-sub">{sub}</div></div>'
    )


def build_map(result: GeoparseResult, tiles: str | None = None) -> folium.Map:
    """The map of `result` as a folium.Map whose page needs no network (unless `tiles` is set).

    Extend it with any folium object; ``m.save(path)`` writes what ``mapviewer export`` writes.
    """
    payload = map_payload(result, tiles=tiles)
    tile_options = leaflet_options(tiles) if tiles else None
    m = folium.Map(tiles=None, location=[20, 0], zoom_start=2, zoom_snap=0.25, font_size=FONT_SIZE)
    # With no tile layer folium leaves the zoom range unset, and markercluster needs a maxZoom.
    m.options.update(minZoom=1, maxZoom=tile_options["maxZoom"] if tile_options else OFFLINE_MAX_ZOOM)
    # Instance lists, so folium's class-level CDN lists stay untouched for anyone else.
    m.default_js, m.default_css = [], []
    root = m.get_root()
    root.title = html.escape(payload["title"])
    # A data: favicon keeps Chromium from asking the file system (or a server) for /favicon.ico.
    root.header.add_child(_Raw('<link rel="icon" href="data:,">'), name="mapviewer_favicon")
    root.header.add_child(
        _Raw(f"<!-- Data credits: {html.escape(licences.attribution())} -->"), name="credits"
    )
    for i, css in enumerate(assets.styles()):
        root.header.add_child(_Raw(f"<style>{css}</style>"), name=f"mapviewer_css_{i}")
    for i, js in enumerate(assets.scripts()):
        root.header.add_child(_Raw(f"<script>{js}</script>"), name=f"mapviewer_js_{i}")
    root.header.add_child(_Raw(f"<script>{assets.default_icon_script()}</script>"), name="mapviewer_icons")

    for name, z_index, events in (("mvLand", 250, False), ("mvBlocFill", 380, False)):
        folium.map.CustomPane(name, z_index=z_index, pointer_events=events).add_to(m)
    for name, z_index in (("mvCountries", 390), ("mvBlocLines", 410)):
        folium.map.CustomPane(name, z_index=z_index, pointer_events=True).add_to(m)

    shapes = basemap.country_shapes()
    outline = JsCode("function (feature, layer) { window.mapviewer._outline(feature, layer); }")
    land = folium.GeoJson(
        _collection([_feature(code, shape) for code, shape in shapes.items()]),
        name="Offline map",
        overlay=False,
        show=tile_options is None,
        style_function=lambda _feature: LAND,
        pane="mvLand",
        interactive=False,
    ).add_to(m)
    layers: dict[str, Any] = {"base:outlines": land}
    if tile_options:
        extra = {"subdomains": tile_options["subdomains"]} if "subdomains" in tile_options else {}
        layers["base:tiles"] = folium.TileLayer(
            tiles=tile_options["url"],
            attr=tile_options["attribution"],
            name=f"{tile_options['name']} (online)",
            max_zoom=tile_options["maxZoom"],
            overlay=False,
            **extra,
        ).add_to(m)

    countries = [p for p in payload["places"] if p["kind"] == "country" and p["cc"] in shapes]
    classes = shade_classes(max((p["count"] for p in countries), default=0))
    features = [
        _feature(p["cc"], shapes[p["cc"]], id=p["id"], fill=shade_for(classes, p["count"])) for p in countries
    ]
    if features:
        layers["countries"] = folium.GeoJson(
            _collection(features),
            name="Countries mentioned",
            style_function=lambda f: {**COUNTRY_LINE, "fillColor": f["properties"]["fill"]},
            highlight_function=lambda _f: COUNTRY_HOVER,
            pane="mvCountries",
            on_each_feature=outline,
        ).add_to(m)

    for place in payload["places"]:
        if place["kind"] != "bloc" or not place.get("members"):
            continue  # a region spanning countries (Kurdistan) is a place, not a bloc layer
        colour = place["color"]
        members = [
            _feature(code, shapes[code], id=f"{place['id']}|{code}", place=place["id"])
            for code, _name, _mentioned in place["members"]
            if code in shapes
        ]
        label = html.escape(f"{short_name_of(place)} members")
        group = folium.FeatureGroup(
            name=f'<span class="mv-swatch-line" style="border-color:{colour}"></span>{label}'
        ).add_to(m)
        if members:
            folium.GeoJson(
                _collection(members),
                control=False,
                style_function=lambda _f, c=colour: {"stroke": False, "fillColor": c, "fillOpacity": 0.16},
                pane="mvBlocFill",
                interactive=False,
            ).add_to(group)
            folium.GeoJson(
                _collection(members),
                control=False,
                style_function=lambda _f, c=colour: {
                    "color": c,
                    "weight": 2,
                    "dashArray": "5 4",
                    "fill": False,
                    "opacity": 0.95,
                },
                pane="mvBlocLines",
                on_each_feature=outline,
            ).add_to(group)
        layers[place["id"]] = group

    rows = [
        [p["lat"], p["lon"], i]
        for i, p in enumerate(payload["places"])
        if isinstance(p["lat"], float | int) and isinstance(p["lon"], float | int)
    ]
    cluster = FastMarkerCluster(
        rows,
        callback="function (row) { return window.mapviewer._marker(row[2]); }",
        name="Places",
        icon_create_function=_CLUSTER_ICON,
        maxClusterRadius=40 if len(rows) > CROWDED else 12,
        showCoverageOnHover=False,
        spiderfyOnMaxZoom=True,
    ).add_to(m)
    cluster.default_js, cluster.default_css = [], []  # markercluster is inlined with Leaflet
    layers["places"] = cluster

    _Control("MapviewerTitle", "mv-title", "topright", _title(payload)).add_to(m)
    control = folium.LayerControl(position="topright", collapsed=False).add_to(m)
    _Control("MapviewerLegend", "mv-legend", "bottomleft", _legend(payload, classes)).add_to(m)
    # The payload goes into the page as it is (branca would lex megabytes of JSON as a template).
    data = f'<script type="application/json" id="{DATA_ELEMENT_ID}">{payload_json(payload)}</script>'
    root.html.add_child(_Raw(data), name="mapviewer_data")
    m.add_child(_Registry(layers, control, _credits()))
    _name_elements(m)
    return m


_NOT_NAME = re.compile(r"[^a-z0-9]+")


def _name_elements(m: folium.Map) -> None:
    """Our ids for every element under the map, in order (``map_mapviewer``, ``geo_json_2``...).

    folium names each element ``<kind>_<uuid hex>``; fixed ids make the page the same bytes every time.
    """
    m._id = "mapviewer"
    stack = [m.get_root()]
    count = 0
    while stack:
        element = stack.pop(0)
        for child in element._children.values():
            if child is not m:
                count += 1
                child._id = str(count)
            stack.append(child)
        for part in ("header", "html", "script"):
            sub = getattr(element, part, None)
            if isinstance(sub, Element) and sub is not element:
                if sub is not m:
                    count += 1
                    sub._id = str(count)
                stack.append(sub)


def render_html(result: GeoparseResult, tiles: str | None = None) -> str:
    """The complete, self-contained HTML page for `result`; the same result gives the same bytes."""
    return build_map(result, tiles=tiles).get_root().render()
