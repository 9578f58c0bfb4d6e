/* mapviewer's registry: the places, outlines and layers folium drew, known by our ids (a Place.id such as
 * "city:1735161"), and the calls the app makes on window.mapviewer (documented in webmap/__init__.py).
 * Document text reaches the page only as JSON and is shown with textContent, never as markup. */
(function () {
  "use strict";
  var core = { map: null, data: null, entries: {}, order: [], layers: {}, shown: null, openId: null,
    openPopup: null, clicks: [], mapClicks: [], fixes: [], readyCallbacks: [], inits: [] };
  core.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  };
  // A button whose click stays in the popup (it neither closes it nor reaches the map).
  core.button = function (parent, className, text, onClick) {
    var button = parent.appendChild(core.el("button", className, text));
    button.type = "button";
    button.addEventListener("click", function (event) { event.stopPropagation(); onClick(button); });
    return button;
  };
  core.plural = function (n, one) { return n + " " + (n === 1 ? one : one + "s"); };
  core.call = function (fns, args) {
    fns.slice().forEach(function (fn) {
      try { fn.apply(null, args); } catch (err) { console.warn("mapviewer: a subscriber failed:", err); }
    });
  };
  core.isShown = function (id) { return core.shown === null || core.shown[id] === true; };
  // The payload, read once: folium's layers call _marker and _outline before _init runs.
  core.load = function () {
    if (core.data) return core.data;
    core.data = JSON.parse(document.getElementById("mapviewer-data").textContent);
    core.data.places.forEach(function (place) {
      core.entries[place.id] = { place: place, marker: null, outlines: [] };
      core.order.push(place.id);
    });
    return core.data;
  };
  core.clicked = function (id) { core.call(core.clicks, [id, api.place(id)]); };
  function tooltip(place) {
    return function () { return core.el("span", null, place.name + " · " + core.plural(place.count, "mention")); };
  }
  function idsWhere(test) { return core.order.filter(function (id) { return test(core.entries[id]); }); }
  var api = { ready: false, version: 2, _core: core };
  api.ids = function () { return core.order.slice(); };
  api.has = function (id) { return Object.prototype.hasOwnProperty.call(core.entries, id); };
  api.place = function (id) {
    var p = api.has(id) && core.entries[id].place;
    if (!p) return null;
    var members = (p.members || []).map(function (m) { return m[0]; });
    return { id: p.id, name: p.name, kind: p.kind, country: p.country || null, countryCode: p.cc || null,
      lat: p.lat, lon: p.lon, count: p.count, members: members, blocs: p.blocs || [] };
  };
  api.outlineIds = function () { return idsWhere(function (e) { return e.outlines.length > 0; }); };
  api.markerIds = function () { return idsWhere(function (e) { return !!e.marker; }); };
  api.shownIds = function () { return core.order.filter(core.isShown); };
  api.onPlaceClick = function (fn) {
    core.clicks.push(fn);
    return function () { core.clicks = core.clicks.filter(function (f) { return f !== fn; }); };
  };
  api.onMapClick = function (fn) { core.mapClicks.push(fn); };
  api.onFixRequest = function (fn) { core.fixes.push(fn); };
  api.onReady = function (fn) { return api.ready ? fn(api) : core.readyCallbacks.push(fn); };
  api.openPopupId = function () { return core.openId; };
  api.closePopup = function () { core.cancelPending(); if (core.map) core.map.closePopup(); };
  api.layerIds = function () { return Object.keys(core.layers); };
  api.layerVisible = function (id) { return !!(core.layers[id] && core.map && core.map.hasLayer(core.layers[id])); };
  api.setLayerVisible = function (id, visible) {
    return !!(core.layers[id] && core.map) && !!core.map[visible ? "addLayer" : "removeLayer"](core.layers[id]);
  };
  api.leafletMap = function () { return core.map; };
  // Only these places' markers and outlines stay on the map (null: all); a bloc's layer goes with it.
  api.showOnly = function (ids) {
    if (!core.map) return false;
    core.shown = ids ? {} : null;
    (ids || []).forEach(function (id) { core.shown[String(id)] = true; });
    var add = [], remove = [], cluster = core.layers.places, countries = core.layers.countries;
    core.order.forEach(function (id) {
      var e = core.entries[id], keep = core.isShown(id);
      if (e.marker && keep !== cluster.hasLayer(e.marker)) (keep ? add : remove).push(e.marker);
      if (core.layers[id]) api.setLayerVisible(id, keep);
      else if (countries) e.outlines.forEach(function (o) { countries[keep ? "addLayer" : "removeLayer"](o); });
    });
    cluster.removeLayers(remove).addLayers(add);
    if (core.openId !== null && !core.isShown(core.openId)) api.closePopup();
    return true;
  };
  // FastMarkerCluster's callback: the marker for places[index], with its id, tooltip and lazy popup.
  api._marker = function (index) {
    var place = core.load().places[index], size = place.size;
    // Python drew the dot (colour, count); no document text is in it.
    var icon = L.divIcon({ className: "mv-marker mv-kind-" + place.kind, html: place.dot, iconSize: [size, size] });
    var marker = L.marker([place.lat, place.lon], { icon: icon, keyboard: true, riseOnHover: true, alt: place.name });
    marker.on("add", function () {
      var node = marker.getElement(); node.dataset.placeId = place.id; node.setAttribute("aria-label", place.name);
    });
    marker.bindTooltip(tooltip(place), { direction: "top", offset: [0, -size / 2] });
    core.bindPopup(marker, place);
    marker.on("click", function () { core.clicked(place.id); });
    core.entries[place.id].marker = marker;
    return marker;
  };
  // GeoJson's onEachFeature for mentioned countries and bloc members: the outline joins its place.
  api._outline = function (feature, layer) {
    core.load();
    var e = core.entries[feature.properties.place || feature.id];
    if (!e) return;
    e.outlines.push(layer);
    layer.on("add", function () { layer.getElement().setAttribute("data-place-id", e.place.id); });
    layer.bindTooltip(tooltip(e.place), { sticky: true });
    layer.on("click", function (event) { core.clicked(e.place.id), core.openOutlinePopup(e.place, event.latlng); });
  };
  api._init = function (map, layers, control) {
    core.load();
    core.map = map, core.layers = layers, core.control = control;
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.on("click", function (event) { core.call(core.mapClicks, [event.latlng.lat, event.latlng.lng]); });
    core.inits.forEach(function (init) { init(map); });
    api.fitAll(false);
    api.ready = true;
    core.call(core.readyCallbacks.splice(0), [api]);
  };
  window.mapviewer = api;
})();
