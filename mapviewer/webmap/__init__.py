"""The map page: places found in documents, on an offline Leaflet map, each linked to its passages.

Python API (Qt-free):

- ``build_map(result, tiles=None) -> folium.Map``: a map of folium's own objects (GeoJson base map and
  country shading, TileLayer when ``tiles`` names an online xyzservices provider, one FeatureGroup per
  bloc, FastMarkerCluster, LayerControl, title and legend) that needs no network; extend it with any
  folium object. ``TilesError`` if ``tiles`` is unknown or needs an API key.
- ``render_html(result, tiles=None) -> str``: that map's page, ``build_map(...).get_root().render()``,
  self-contained (Leaflet, styles, outlines and data inlined). The app and ``mapviewer export`` show
  exactly this page. Every element has an id of ours, so the same result renders to the same bytes.

The page's registry, ``window.mapviewer`` (webmap/js/, what the app's bridge codes against):

- ``ready``; ``onReady(fn)`` calls ``fn(mapviewer)`` once every layer exists (or at once).
- ``ids()`` (most mentioned first), ``has(id)``, ``markerIds()``, ``outlineIds()``, ``shownIds()``;
  ``place(id)``: ``{id, name, kind, country, countryCode, lat, lon, count, members, blocs}`` or null.
- ``focus(id, {animate=true, popup=true, move=true}) -> bool``: a city with its surroundings, a country
  or bloc fitted to its outline, its popup opened once the map is at rest; ``focus(null)`` closes it.
- ``showOnly(ids|null)``: only these places' markers and outlines (bloc layers follow); null shows all.
- ``fit(ids|null, animate)``: the view fits these places (null: all shown); ``fitAll(animate)``.
- ``onPlaceClick(fn(id, place))``, ``onMapClick(fn(lat, lon))``; ``setEditable(bool)`` and
  ``onFixRequest(fn(docId, start, end))``: editable popups have a "Fix..." control on each mention.
- ``openPopupId()``, ``popupText(id?)``, ``closePopup()``; ``layerIds()`` (``"base:outlines"``,
  ``"base:tiles"``, ``"countries"``, ``"places"``, one per bloc), ``layerVisible``, ``setLayerVisible``.
- ``leafletMap()``: the Leaflet map object, an escape hatch; prefer the calls above.

Below 900x600 px the layer list and legend fold into buttons; the legend folds while a popup is open.
Document text reaches the page only as JSON (``<script type="application/json" id="mapviewer-data">``)
and is shown with ``textContent``. With online tiles, a file:// page in QtWebEngine also needs the
``LocalContentCanAccessRemoteUrls`` setting.
"""

from __future__ import annotations

import importlib

from mapviewer.tiles import TilesError

# Names and the module each comes from: imported on first use, so that asking for a passage's bounds or a
# kind (export, the CLI's JSON) does not load folium and its templates (0.8 s).
_LAZY = {
    "DATA_ELEMENT_ID": "build",
    "build_map": "build",
    "render_html": "build",
    "map_payload": "data",
    "output_kind": "data",
    "passage_bounds": "data",
}

__all__ = ["TilesError", *_LAZY]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value
