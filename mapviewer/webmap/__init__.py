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

from .build import DATA_ELEMENT_ID, build_map, render_html
from .data import TilesError, map_payload, output_kind, passage_bounds

__all__ = [
    "DATA_ELEMENT_ID",
    "TilesError",
    "build_map",
    "map_payload",
    "output_kind",
    "passage_bounds",
    "render_html",
]
