/* The chrome fits the map: below 900x600 px (the app's pane) the layer list and legend fold into buttons
 * (the reader's own choice for the legend then holds), and popups auto-pan clear of the controls. */
(function (api, core) {
  "use strict";
  var compact = null, legend = { box: null, expanded: true, choice: null, folded: false };
  // folium draws the title and legend markup; this makes each a Leaflet control in its corner.
  api._control = function (map, elementId, position) {
    var node = document.getElementById(elementId);
    L.DomEvent.disableClickPropagation(node).disableScrollPropagation(node);
    L.extend(L.control({ position: position }), { onAdd: function () { return node; } }).addTo(map);
  };
  function boxOf(node) {
    var c = core.map.getContainer().getBoundingClientRect(), r = node.getBoundingClientRect();
    return { left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top };
  }
  function setExpanded(expanded) {
    if (!legend.box) return;
    legend.expanded = expanded;
    legend.body.hidden = !expanded;
    legend.button.setAttribute("aria-expanded", String(expanded));
    L.DomUtil[expanded ? "removeClass" : "addClass"](legend.box, "mv-legend-collapsed");
  }
  function wanted() { return !legend.folded && (legend.choice !== null ? legend.choice : !compact); }
  function layout() {
    var map = core.map, size = map.getSize(), was = compact, top = 10, o = core.POPUP;
    compact = size.x < 900 || size.y < 600;
    if (compact !== was) {
      core.control.remove(); // Leaflet reads `collapsed` when the control is added
      core.control.options.collapsed = compact;
      core.control.addTo(map);
      L.DomUtil[compact ? "addClass" : "removeClass"](map.getContainer(), "mv-compact");
    }
    setExpanded(wanted());
    var button = legend.box ? legend.button.offsetHeight + 22 : 0;
    // Popups open clear of the controls at the top and of the legend button and credits at the bottom.
    document.querySelectorAll(".leaflet-top .leaflet-control").forEach(function (node) {
      if (node.offsetParent !== null) top = Math.max(top, boxOf(node).bottom);
    });
    var bottom = Math.max(button, map.attributionControl.getContainer().offsetHeight), side = compact ? 12 : 24;
    o.autoPanPaddingTopLeft = [side, Math.round(top + 8)];
    o.autoPanPaddingBottomRight = [side, Math.round(bottom + 8)];
    o.maxHeight = Math.round(Math.max(120, Math.min(300, size.y - top - bottom - 86)));
    o.minWidth = Math.min(260, (o.maxWidth = Math.round(Math.max(160, Math.min(380, size.x - 2 * side - 48)))));
    if (core.openPopup && core.openPopup.isOpen()) core.openPopup.update();
    core.laidOutFor = size.x + "x" + size.y;
  }
  core.inits.push(function (map) {
    legend.box = document.getElementById("mv-legend");
    if (legend.box) {
      legend.button = legend.box.querySelector(".mv-legend-toggle");
      legend.body = legend.box.querySelector(".mv-legend-body");
      legend.button.addEventListener("click", function () {
        legend.choice = !legend.expanded; // the reader's choice holds from now on
        legend.folded = false;
        layout();
      });
    }
    map.on("resize", layout);
    // The legend folds to its button while a popup is open, so it never covers one.
    map.on("popupopen popupclose", function () {
      setTimeout(function () { // after every handler: another popup may be opening in this one's place
        legend.folded = !!core.openPopup;
        setExpanded(wanted());
      }, 0);
    });
    layout();
  });
})(window.mapviewer, window.mapviewer._core);
