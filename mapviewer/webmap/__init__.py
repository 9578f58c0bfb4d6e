"""The map page: places found in documents, on an offline Leaflet map, each linked to its passages.

Python API (Qt-free):

- ``build_map(result, tiles=None) -> folium.Map``: the map, no network needed unless ``tiles`` names an
  online xyzservices provider ("OpenStreetMap", "OpenTopoMap"); ``TilesError`` if it is unknown or needs
  an API key.
- ``render_html(result, tiles=None) -> str``: the complete self-contained HTML page (Leaflet, styles,
  outlines and data inlined). The app and ``mapviewer export`` show exactly this page; load it from a
  ``.html`` file (setHtml caps pages at 2 MB). The same result renders to the same bytes (folium's
  random element names become ``map_1``...).

The page's registry, ``window.mapviewer`` (what the app's bridge codes against):

- ``ready``: true once every layer exists; ``onReady(fn)`` calls ``fn(mapviewer)`` then (or at once),
  and a ``mapviewer:ready`` event fires on ``window``.
- ``ids()``: every place id on the map, most mentioned first; ``has(id)``; ``markerIds()``;
  ``outlineIds()`` (countries and blocs with shapes).
- ``place(id)``: ``{id, name, kind, country, countryCode, lat, lon, count, members}`` or null.
- ``focus(id, {animate=true, popup=true, move=true}) -> bool``: fly to the place (a country's or bloc's
  outline, else its marker), open a marker cluster if needed and open its popup (``move: false`` opens
  it without moving the view); false for an unknown id. The popup opens once the map is at rest, and is
  tried again if a resize or re-clustering mid-flight lost it.
- ``onPlaceClick(fn) -> unsubscribe``: ``fn(id, place)`` on every click on a marker or an outline;
  a ``mapviewer:placeclick`` event (``detail.id``) fires on ``window`` too.
- ``openPopupId()``: id of the place whose popup is open, or null; ``popupText(id?)``: the text of that
  popup (or of ``id``'s popup content, built on demand); ``closePopup()``.
- ``layerIds()``: ``"base:outlines"``, ``"base:tiles"`` (with tiles), ``"countries"``, ``"places"``
  and one per bloc (its place id); ``layerVisible(layerId)``, ``setLayerVisible(layerId, bool)``.
- ``fitAll(animate)``: back to the view that fits every place.
- ``leafletMap()``: the Leaflet map object, an escape hatch; prefer the calls above.

The page's chrome fits the map: below 900x600 px (the app's pane) the layer control and the legend fold
into buttons (the legend's is a ``<button>`` with ``aria-expanded``; the reader's choice then holds),
the title ellipsises between the zoom buttons and the layer control, the legend folds while a popup
would lie under it, and popups auto-pan clear of all of them.

With online tiles, a page loaded from file:// in QtWebEngine also needs the
``LocalContentCanAccessRemoteUrls`` setting. Marker and outline elements carry ``data-place-id``. Document text reaches the page only as JSON
(``<script type="application/json" id="mapviewer-data">``) and is shown with ``textContent``.
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
