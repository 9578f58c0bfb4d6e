/* Moving the view: fit places, and focus one at a useful zoom (a city with its surroundings, a country or
 * bloc fitted to its outline, never the maximum on a blank fill), its popup open once the map is at rest. */
(function (api, core) {
  "use strict";
  // The offline outlines are coarse, so not much past zoom 6; online tiles have the detail for more.
  var ZOOM = { city: 6, county: 6, admin: 5, region: 4, water: 4, country: 4, bloc: 3 };
  var ONLINE = { city: 10, county: 8, admin: 7, region: 5, water: 5, country: 5, bloc: 3 };
  var SETTLE = 60, RETRY = 700, TRIES = 6, GIVE_UP = 15000; // ms without motion = at rest
  var pending = null, timer = null, lastMotion = 0, flyingUntil = 0; // pending: the focus whose popup must open
  function target(e) {
    var place = e.place, bounds = L.latLngBounds([]);
    if (place.kind === "country" || place.kind === "bloc") {
      e.outlines.forEach(function (o) { bounds.extend(o.getBounds()); });
      // Shapes across the antimeridian (Russia, Fiji) would fit the whole world: the marker then.
      if (bounds.isValid() && !(e.marker && bounds.getEast() - bounds.getWest() > 180)) return { bounds: bounds };
    }
    return e.marker ? { center: e.marker.getLatLng(), zoom: (core.data.online ? ONLINE : ZOOM)[place.kind] || 5 } : null;
  }
  function moveTo(t, animate) {
    var options = { padding: [40, 40], maxZoom: 6, animate: animate, duration: 0.8 };
    // A loaded machine can leave gaps between a flight's frames longer than SETTLE: a flight lasts 0.8 s.
    lastMotion = Date.now();
    flyingUntil = animate ? lastMotion + 900 : 0;
    if (t.bounds) core.map[animate ? "flyToBounds" : "fitBounds"](t.bounds, options);
    else core.map[animate ? "flyTo" : "setView"](t.center, t.zoom, options);
    return true;
  }
  // Fits markers only: outlines would let the Aleutians or France's islands stretch a fit round the world.
  api.fit = function (ids, animate) {
    if (!core.map) return false;
    var chosen = ids ? ids.filter(api.has) : core.order.filter(core.isShown), bounds = L.latLngBounds([]);
    var options = { animate: !!animate };
    chosen.forEach(function (id) {
      var p = core.entries[id].place;
      if (typeof p.lat === "number" && typeof p.lon === "number") bounds.extend([p.lat, p.lon]);
    });
    if (!bounds.isValid()) core.map.setView([20, 10], 2, options);
    else if (bounds.getNorthEast().equals(bounds.getSouthWest())) core.map.setView(bounds.getCenter(), 5, options);
    else core.map.fitBounds(bounds, L.extend({ padding: [48, 48], maxZoom: 7 }, options));
    return true;
  };
  api.fitAll = function (animate) { return api.fit(null, animate); };
  // The popup on the marker if it is on screen (spiderfying its cluster rather than zooming in to the
  // maximum), else on the outline; false if the place has neither.
  function openPopupOf(e) {
    var cluster = core.layers.places;
    if (e.marker && cluster.hasLayer(e.marker) && core.map.hasLayer(cluster)) {
      var parent = cluster.getVisibleParent(e.marker);
      var open = function () { if (pending && pending.e === e) e.marker.openPopup(); };
      if (parent === e.marker) return !!e.marker.openPopup();
      if (!e.outlines.length) {
        if (parent) cluster.once("spiderfied", open).getVisibleParent(e.marker).spiderfy();
        else cluster.zoomToShowLayer(e.marker, open);
        return true;
      }
    }
    if (e.outlines.length) core.openOutlinePopup(e.place, e.marker ? e.marker.getLatLng() : e.outlines[0].getBounds().getCenter());
    return e.outlines.length > 0;
  }
  /* Checked again until the popup is open: a resize mid-flight fires a moveend, a cluster's callback can
   * be lost, and a re-clustering at the end of a move closes a popup opened during it. */
  function checkSoon(ms) { if (pending) clearTimeout(timer), (timer = setTimeout(check, ms)); }
  core.cancelPending = function () { pending = null; clearTimeout(timer); };
  function moving() {
    var map = core.map, cluster = core.layers.places;
    return Date.now() - lastMotion < SETTLE || Date.now() < flyingUntil || !!map._animatingZoom || !!(map._panAnim && map._panAnim._inProgress) || !!cluster._inZoomAnimation;
  }
  function check() {
    var p = pending;
    if (!p || Date.now() > p.until) return core.cancelPending();
    if (moving()) return checkSoon(SETTLE + 20);
    if (core.openId === p.id) return core.cancelPending(); // open, and the map is at rest: done
    if (p.tries >= TRIES || !openPopupOf(p.e)) return core.cancelPending();
    p.tries += 1;
    checkSoon(RETRY);
  }
  // Settled: nothing moving, no popup to open or fading in, the chrome laid out for this size (screenshots wait).
  api.settled = function () {
    var s = core.map && core.map.getSize(), popups = document.querySelectorAll(".leaflet-popup");
    return !!s && !pending && !moving() && core.laidOutFor === s.x + "x" + s.y &&
      Array.prototype.every.call(popups, function (n) { return getComputedStyle(n).opacity === "1"; });
  };
  api.focus = function (id, options) {
    if (id === null || id === undefined) return api.closePopup() || true;
    var e = core.map && core.entries[id], t = e && target(e);
    if (!t) return false;
    options = options || {};
    if (!core.isShown(id)) api.showOnly(null); // a place the filter hid is shown again, not lost
    core.cancelPending();
    core.map.closePopup();
    if (options.popup !== false) pending = { id: id, e: e, until: Date.now() + GIVE_UP, tries: 0 };
    if (options.move === false) {
      if (pending && (pending.tries = 1) && openPopupOf(e)) checkSoon(RETRY);
      else core.cancelPending();
      return true;
    }
    moveTo(t, options.animate !== false);
    checkSoon(options.animate !== false ? 1000 : SETTLE + 20); // whatever events the move brings, look again
    return true;
  };
  core.inits.push(function (map) {
    map.on("movestart move zoomstart zoom zoomanim", function () { lastMotion = Date.now(); });
    map.on("moveend zoomend", function () { checkSoon(SETTLE + 20); });
    core.layers.places.on("animationend", function () { checkSoon(SETTLE + 20); });
    map.on("popupopen", function (event) {
      if (pending && pending.id !== event.popup._mvId) core.cancelPending(); // another place was opened
    });
    map.on("popupclose", function (event) {
      // Closed by the reader (the map at rest) rather than by a re-clustering mid-move.
      if (pending && pending.id === event.popup._mvId && !moving()) core.cancelPending();
    });
  });
})(window.mapviewer, window.mapviewer._core);
