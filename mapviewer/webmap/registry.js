/* mapviewer: draws the map from the JSON payload and keeps an id -> layer registry on window.mapviewer.
 *
 * Every place, outline and layer is known by the id the Python side chose (a Place.id such as
 * "city:1735161"), never by folium's generated variable names. Text from documents is only ever set
 * with textContent / createTextNode, so a document cannot inject markup or script into the page.
 * The contract the app codes against is documented in mapviewer/webmap/__init__.py.
 */
(function () {
  "use strict";

  var KINDS = {
    city: { label: "City", color: "#6741d9" },
    admin: { label: "State or province", color: "#c2255c" },
    country: { label: "Country", color: "#1864ab" },
    region: { label: "Region", color: "#b35c00" },
    water: { label: "Sea or strait", color: "#0b7285" },
    bloc: { label: "Bloc or organisation", color: "#2b8a3e" },
  };
  var KIND_ORDER = ["city", "admin", "country", "region", "water", "bloc"];
  // Country shading ramp (ColorBrewer OrRd); classes take evenly spaced colours from it.
  var SHADE_RAMP = ["#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"];
  var MAX_CLASSES = 6;
  var BLOC_COLORS = ["#2b8a3e", "#1c7ed6", "#ae3ec9", "#e8590c", "#0c8599", "#c2255c"];
  var FIRST_PASSAGES = 40; // a popup first shows this many passages in all, then "show more" buttons
  var MORE_PASSAGES = 100;
  var CROWDED = 40; // more markers than this and clustering gathers near neighbours, not just overlaps

  var map = null;
  var data = null;
  var entries = {}; // place id -> {place, marker, outlines: [layer], popup}
  var order = []; // place ids, most mentioned first
  var layers = {}; // layer id -> {layer, label}
  var subscribers = [];
  var readyCallbacks = [];
  var cluster = null;
  var outlinePopup = null;
  var openId = null;
  var openPopup = null; // the popup on screen (a closing one can linger in the DOM while it fades)
  var autopanning = false; // an opening popup is panning the map into view
  var shown = null; // null: every place; else {id: true} of the places showOnly() keeps
  var editable = false; // the app's popups offer "Fix..." on each mention
  var fixSubscribers = [];
  var mapClickSubscribers = [];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }

  function kindOf(place) {
    return KINDS[place.kind] ? place.kind : "region";
  }

  function placeColor(place) {
    return place.blocColor || KINDS[kindOf(place)].color;
  }

  /* ---------- popups, built lazily from the payload ---------- */

  // Appends `text` to `parent`, wrapping each [start, end) span (relative offsets, sorted) in <mark>.
  function appendHighlighted(parent, text, spans, onMark) {
    var at = 0;
    spans.forEach(function (span) {
      var start = Math.max(span[0], at);
      var end = Math.min(span[1], text.length);
      if (end <= start) return;
      if (start > at) parent.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = el("mark", null, text.slice(start, end));
      if (span[2] && span[2] !== "name") mark.title = "named by " + span[2];
      parent.appendChild(mark);
      if (onMark) onMark(span, parent);
      at = end;
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // The place's mentions grouped by document, then by passage (one passage may name it twice).
  function groupMentions(place) {
    var byDoc = [];
    var docSlots = {};
    var passageSlots = {};
    place.m.forEach(function (m) {
      var passage = data.passages[m[0]];
      var docIndex = passage[0];
      var slot = docSlots[docIndex];
      if (slot === undefined) {
        slot = docSlots[docIndex] = byDoc.length;
        byDoc.push({ doc: data.documents[docIndex], docIndex: docIndex, passages: [] });
      }
      var group = passageSlots[m[0]];
      if (!group) {
        group = passageSlots[m[0]] = { passage: passage, spans: [] };
        byDoc[slot].passages.push(group);
      }
      group.spans.push([m[1] - passage[1], m[2] - passage[1], data.forms[m[3]] || "name"]);
    });
    byDoc.sort(function (a, b) {
      return a.docIndex - b.docIndex;
    });
    byDoc.forEach(function (d) {
      d.passages.forEach(function (g) {
        g.spans.sort(function (a, b) {
          return a[0] - b[0];
        });
      });
    });
    return byDoc;
  }

  // The distinct words the documents use for the place ("China", "Chinese", "Beijing"), with counts.
  function surfaceForms(place) {
    var counts = {};
    var names = [];
    place.m.forEach(function (m) {
      var passage = data.passages[m[0]];
      var text = passage[2].slice(m[1] - passage[1], m[2] - passage[1]);
      if (!text) return;
      if (!(text in counts)) {
        counts[text] = 0;
        names.push(text);
      }
      counts[text] += 1;
    });
    return names.map(function (name) {
      return { text: name, count: counts[name] };
    });
  }

  // A "Fix..." button after the mention: the app asks which place the words really name.
  function fixButton(docId, start, end) {
    var button = el("button", "mv-fix", "Fix\u2026");
    button.type = "button";
    button.title = "Correct this mention";
    button.setAttribute("data-doc-id", docId);
    button.setAttribute("data-start", String(start));
    button.setAttribute("data-end", String(end));
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      fixSubscribers.slice().forEach(function (fn) {
        try {
          fn(docId, start, end);
        } catch (err) {
          console.warn("mapviewer: a fix subscriber failed:", err);
        }
      });
    });
    return button;
  }

  function passageItem(group) {
    var li = el("li", "mv-passage");
    var offset = group.passage[1];
    var docId = data.documents[group.passage[0]].id;
    var onMark = editable
      ? function (span, parent) {
          parent.appendChild(fixButton(docId, span[0] + offset, span[1] + offset));
        }
      : null;
    appendHighlighted(li, group.passage[2], group.spans, onMark);
    return li;
  }

  // Shows `initial` passages now and the rest behind a button, so a place named 20,000 times still
  // opens its popup at once.
  function appendPassages(section, groups, initial) {
    var list = el("ol", "mv-passages");
    section.appendChild(list);
    var shown = 0;
    function showMore(n) {
      var stop = Math.min(groups.length, shown + n);
      for (; shown < stop; shown++) list.appendChild(passageItem(groups[shown]));
      if (shown < groups.length) {
        var more = groups.length - shown;
        var button = el("button", "mv-more", "Show " + plural(more, shown ? "more passage" : "passage"));
        button.type = "button";
        button.addEventListener("click", function (event) {
          event.stopPropagation();
          button.remove();
          showMore(MORE_PASSAGES);
        });
        section.appendChild(button);
      }
    }
    showMore(initial);
  }

  function buildPopup(place) {
    var root = el("div", "mv-pop");
    root.setAttribute("data-place-id", place.id);
    root.appendChild(el("div", "mv-pop-name", place.name));
    var meta = [KINDS[kindOf(place)].label];
    if (place.country && place.kind !== "country") meta.push(place.country);
    if (place.cc && place.kind === "country") meta.push(place.cc);
    root.appendChild(el("div", "mv-pop-meta", meta.join(" · ")));

    var groups = groupMentions(place);
    root.appendChild(
      el(
        "div",
        "mv-pop-count",
        plural(place.count, "mention") + " in " + plural(groups.length, "document"),
      ),
    );
    var forms = surfaceForms(place);
    if (forms.length > 1 || (forms.length === 1 && forms[0].text !== place.name)) {
      var named = forms.map(function (f) {
        return f.count > 1 ? f.text + " (" + f.count + ")" : f.text;
      });
      root.appendChild(el("div", "mv-pop-forms", "Named as: " + named.join(", ")));
    }

    if (place.members && place.members.length) {
      var members = el("div", "mv-members");
      members.appendChild(el("div", "mv-section", plural(place.members.length, "member")));
      var list = el("ul", "mv-member-list");
      place.members.forEach(function (member) {
        var mentioned = entries["country:" + member[0]];
        var item = el("li", mentioned ? "mv-member mv-member-mentioned" : "mv-member", member[1] || member[0]);
        if (mentioned) item.title = "also mentioned in the documents";
        list.appendChild(item);
      });
      members.appendChild(list);
      root.appendChild(members);
    }

    var budget = FIRST_PASSAGES;
    groups.forEach(function (group) {
      var section = el("section", "mv-doc");
      section.appendChild(el("div", "mv-doc-title", group.doc.title));
      var initial = Math.min(budget, group.passages.length);
      budget -= initial;
      appendPassages(section, group.passages, initial);
      root.appendChild(section);
    });
    return root;
  }

  // Sizes and auto-pan paddings for a large map; layoutChrome() fits them to the map's size and keeps an
  // opening popup clear of the title, the layer control, the legend button and the attribution.
  var POPUP_OPTIONS = {
    maxWidth: 380,
    minWidth: 260,
    maxHeight: 300,
    autoPanPaddingTopLeft: [24, 100],
    autoPanPaddingBottomRight: [24, 48],
  };

  /* ---------- layers ---------- */

  function markerSize(count, maxCount) {
    var t = maxCount > 1 ? Math.sqrt((count - 1) / (maxCount - 1)) : 0;
    return Math.round(14 + 20 * t);
  }

  function shortCount(n) {
    if (n < 1000) return String(n);
    return n < 10000 ? (n / 1000).toFixed(1).replace(/\.0$/, "") + "k" : Math.round(n / 1000) + "k";
  }

  function makeMarker(place, maxCount) {
    var size = markerSize(place.count, maxCount);
    var kind = kindOf(place);
    var label = size >= 22 && place.count > 1 ? shortCount(place.count) : "";
    var icon = L.divIcon({
      className: "mv-marker mv-kind-" + kind,
      html: '<div class="mv-dot"></div>',
      iconSize: [size, size],
    });
    var marker = L.marker([place.lat, place.lon], {
      icon: icon,
      keyboard: true,
      riseOnHover: true,
      alt: place.name,
    });
    marker.on("add", function () {
      var node = marker.getElement();
      if (!node) return;
      node.setAttribute("data-place-id", place.id);
      node.setAttribute("aria-label", place.name);
      var dot = node.firstChild;
      dot.style.background = placeColor(place);
      dot.textContent = label;
      // Sized so three characters ("648", "12k") fit inside the circle.
      dot.style.fontSize = Math.max(9, Math.min(size / 2.6, (size - 10) / (0.68 * label.length))) + "px";
    });
    marker.bindTooltip(
      function () {
        return el("span", null, place.name + " · " + plural(place.count, "mention"));
      },
      { direction: "top", offset: [0, -size / 2] },
    );
    marker.bindPopup(function () {
      return buildPopup(place);
    }, POPUP_OPTIONS);
    marker.getPopup()._mvId = place.id;
    marker.on("click", function () {
      fire(place.id);
    });
    return marker;
  }

  function shapeFeature(code) {
    var shape = data.shapes[code];
    if (!shape) return null;
    return { type: "Feature", properties: { code: code }, geometry: { type: "MultiPolygon", coordinates: shape } };
  }

  function openOutlinePopup(place, latlng) {
    if (!outlinePopup) outlinePopup = L.popup(POPUP_OPTIONS);
    outlinePopup._mvId = place.id;
    outlinePopup.setLatLng(latlng).setContent(buildPopup(place)).openOn(map);
  }

  function tagElement(layer, id) {
    layer.on("add", function () {
      var node = layer.getElement && layer.getElement();
      if (node) node.setAttribute("data-place-id", id);
    });
  }

  // Classes of mention counts for the country shading: roughly even steps on a log scale.
  function rampColor(t) {
    var x = Math.max(0, Math.min(1, t)) * (SHADE_RAMP.length - 1);
    var i = Math.min(SHADE_RAMP.length - 2, Math.floor(x));
    var a = parseInt(SHADE_RAMP[i].slice(1), 16);
    var b = parseInt(SHADE_RAMP[i + 1].slice(1), 16);
    var f = x - i;
    var rgb = [16, 8, 0].map(function (shift) {
      var ca = (a >> shift) & 255;
      var cb = (b >> shift) & 255;
      return Math.round(ca + (cb - ca) * f);
    });
    return "rgb(" + rgb.join(",") + ")";
  }

  function shadeClasses(maxCount) {
    var n = Math.min(MAX_CLASSES, Math.max(1, maxCount));
    var lows = [];
    for (var i = 0; i < n; i++) {
      var low = Math.max(1, Math.round(Math.exp((Math.log(maxCount) * i) / n)));
      if (!lows.length || low > lows[lows.length - 1]) lows.push(low);
    }
    return lows.map(function (low, j) {
      var high = j + 1 < lows.length ? lows[j + 1] - 1 : maxCount;
      // The lightest ramp colours vanish on the land colour, so classes start a little way in.
      var t = lows.length === 1 ? 0.55 : 0.2 + (0.8 * j) / (lows.length - 1);
      var color = rampColor(t);
      return { low: low, high: high, color: color };
    });
  }

  function shadeFor(classes, count) {
    for (var i = classes.length - 1; i >= 0; i--) if (count >= classes[i].low) return classes[i].color;
    return classes[0].color;
  }

  function addPane(name, zIndex) {
    var pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
    return name;
  }

  function register(id, layer, label) {
    layers[id] = { layer: layer, label: label };
  }

  function buildLayers() {
    var landPane = addPane("mvLand", 250);
    var blocFillPane = addPane("mvBlocFill", 380);
    var countryPane = addPane("mvCountries", 390);
    var blocLinePane = addPane("mvBlocLines", 410);
    var baseLayers = {};
    var overlays = {};

    // Offline base map: every outline, no interaction, over the sea-coloured map background.
    var land = L.geoJSON(
      {
        type: "FeatureCollection",
        features: Object.keys(data.shapes).map(shapeFeature),
      },
      {
        pane: landPane,
        interactive: false,
        style: { color: "#b9b2a6", weight: 0.7, fillColor: "#f7f4ec", fillOpacity: 1 },
        attribution: "Outlines: countryinfo, Natural Earth",
      },
    );
    register("base:outlines", land, "Offline outlines");
    baseLayers["Offline map"] = land;
    var baseLayer = land;
    if (data.tiles) {
      var tileOptions = { attribution: data.tiles.attribution, maxZoom: data.tiles.maxZoom || 18 };
      if (data.tiles.subdomains) tileOptions.subdomains = data.tiles.subdomains;
      var tiles = L.tileLayer(data.tiles.url, tileOptions);
      register("base:tiles", tiles, data.tiles.name);
      baseLayers[data.tiles.name + " (online)"] = tiles;
      baseLayer = tiles;
    }
    baseLayer.addTo(map);

    var maxCount = 1;
    var maxCountryCount = 0;
    data.places.forEach(function (place) {
      maxCount = Math.max(maxCount, place.count);
      if (place.kind === "country" && place.cc && data.shapes[place.cc]) {
        maxCountryCount = Math.max(maxCountryCount, place.count);
      }
    });

    // Countries mentioned, shaded by how often.
    var classes = maxCountryCount ? shadeClasses(maxCountryCount) : [];
    var countries = L.featureGroup();
    data.places.forEach(function (place) {
      if (place.kind !== "country" || !place.cc) return;
      var feature = shapeFeature(place.cc);
      if (!feature) return;
      var fill = shadeFor(classes, place.count);
      var base = { pane: countryPane, color: "#7f6a5d", weight: 1, fillColor: fill, fillOpacity: 0.85 };
      var outline = L.geoJSON(feature, { pane: countryPane, style: base });
      outline.on("click", function (event) {
        fire(place.id);
        openOutlinePopup(place, event.latlng);
      });
      outline.on("mouseover", function () {
        outline.setStyle({ weight: 2.5, color: "#3b2f28" });
      });
      outline.on("mouseout", function () {
        outline.setStyle({ weight: 1, color: "#7f6a5d" });
      });
      outline.bindTooltip(
        function () {
          return el("span", null, place.name + " · " + plural(place.count, "mention"));
        },
        { sticky: true },
      );
      outline.eachLayer(function (l) {
        tagElement(l, place.id);
      });
      countries.addLayer(outline);
      entry(place).outlines.push(outline);
    });
    register("countries", countries, "Countries mentioned");
    overlays["Countries mentioned"] = countries;
    countries.addTo(map);

    // One switchable layer per bloc: its members outlined together.
    var blocIndex = 0;
    data.places.forEach(function (place) {
      if (!place.members || !place.members.length) return;
      var color = BLOC_COLORS[blocIndex++ % BLOC_COLORS.length];
      place.blocColor = color;
      var features = place.members.map(function (m) {
        return shapeFeature(m[0]);
      });
      features = features.filter(Boolean);
      var group = L.featureGroup();
      if (features.length) {
        var collection = { type: "FeatureCollection", features: features };
        L.geoJSON(collection, {
          pane: blocFillPane,
          interactive: false,
          style: { stroke: false, fillColor: color, fillOpacity: 0.16 },
        }).addTo(group);
        var lines = L.geoJSON(collection, {
          pane: blocLinePane,
          style: { color: color, weight: 2, dashArray: "5 4", fill: false, opacity: 0.95 },
        });
        lines.on("click", function (event) {
          fire(place.id);
          openOutlinePopup(place, event.latlng);
        });
        lines.eachLayer(function (l) {
          tagElement(l, place.id);
        });
        lines.addTo(group);
        entry(place).outlines.push(lines);
      }
      var label = shortName(place) + " members";
      register(place.id, group, label);
      var swatch = '<span class="mv-swatch-line" style="border-color:' + color + '"></span>';
      overlays[swatch + escapeText(label)] = group;
      group.addTo(map);
    });

    // Markers, clustered once they crowd.
    var markerCount = data.places.filter(function (p) {
      return typeof p.lat === "number" && typeof p.lon === "number";
    }).length;
    cluster = L.markerClusterGroup({
      // A few dozen markers only cluster where they overlap; a crowded map clusters neighbours too.
      maxClusterRadius: markerCount > CROWDED ? 40 : 12,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: function (c) {
        var n = c.getChildCount();
        var size = n < 10 ? 30 : n < 100 ? 36 : 44;
        return L.divIcon({
          className: "mv-cluster",
          html: "<div><span>" + Number(n) + "</span></div>",
          iconSize: [size, size],
        });
      },
    });
    var markers = [];
    data.places.forEach(function (place) {
      var e = entry(place);
      if (typeof place.lat !== "number" || typeof place.lon !== "number") return;
      e.marker = makeMarker(place, maxCount);
      markers.push(e.marker);
    });
    cluster.addLayers(markers);
    register("places", cluster, "Places");
    overlays["Places"] = cluster;
    cluster.addTo(map);

    // A lone base layer would be a radio button with no choice.
    layerLists = { bases: Object.keys(baseLayers).length > 1 ? baseLayers : {}, overlays: overlays };
    addLegend(classes, maxCount);
    addTitle();
    layoutChrome();
  }

  // Layer-control labels are HTML in Leaflet; ours are escaped before they get there.
  function escapeText(text) {
    var span = el("span", null, text);
    return span.innerHTML;
  }

  // Blocs are known by their short names ("ASEAN"), which the id carries.
  function shortName(place) {
    return place.id.indexOf("bloc:") === 0 ? place.id.slice(5) : place.name;
  }

  function entry(place) {
    var e = entries[place.id];
    if (!e) {
      e = entries[place.id] = { place: place, marker: null, outlines: [] };
      order.push(place.id);
    }
    return e;
  }

  /* ---------- title and legend ---------- */

  function addTitle() {
    var box = el("div", "mv-title leaflet-control");
    var text = el("div", "mv-title-text", data.title);
    text.title = data.title; // the whole title on hover, when the box is too narrow for it
    box.appendChild(text);
    var docs = data.documents.length;
    box.appendChild(
      el("div", "mv-title-sub", plural(order.length, "place") + " in " + plural(docs, "document")),
    );
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    map.getContainer().appendChild(box);
    titleBox = box;
  }

  function addLegend(classes, maxCount) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = el("div", "mv-legend leaflet-control");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var button = el("button", "mv-legend-toggle");
      button.type = "button";
      button.appendChild(el("span", "mv-legend-toggle-label", "Legend"));
      button.appendChild(el("span", "mv-legend-chevron"));
      button.setAttribute("aria-controls", "mv-legend-body");
      button.title = "Show or hide the legend";
      box.appendChild(button);
      var body = el("div", "mv-legend-body");
      body.id = "mv-legend-body";
      box.appendChild(body);
      var present = {};
      data.places.forEach(function (p) {
        present[kindOf(p)] = true;
      });
      body.appendChild(el("div", "mv-legend-head", "Places"));
      function addRow(kind, color, label) {
        var row = el("div", "mv-legend-row");
        var dot = el("span", "mv-legend-dot mv-kind-" + kind);
        dot.style.background = color;
        row.appendChild(dot);
        row.appendChild(el("span", null, label));
        body.appendChild(row);
      }
      KIND_ORDER.forEach(function (kind) {
        if (!present[kind]) return;
        if (kind !== "bloc") return addRow(kind, KINDS[kind].color, KINDS[kind].label);
        // Each bloc has its own colour, shared by its marker and its members' dashed outlines.
        data.places.forEach(function (p) {
          if (kindOf(p) === "bloc") addRow("bloc", placeColor(p), shortName(p) + " (bloc)");
        });
      });
      if (maxCount > 1) {
        var sizes = el("div", "mv-legend-row mv-legend-sizes");
        [1, maxCount].forEach(function (n) {
          var s = markerSize(n, maxCount);
          var dot = el("span", "mv-legend-size");
          dot.style.width = dot.style.height = s + "px";
          sizes.appendChild(dot);
          sizes.appendChild(el("span", null, String(n)));
        });
        sizes.appendChild(el("span", "mv-legend-note", "mentions"));
        body.appendChild(sizes);
      }
      if (classes.length) {
        body.appendChild(el("div", "mv-legend-head", "Country mentions"));
        classes.forEach(function (c) {
          var row = el("div", "mv-legend-row");
          var swatch = el("span", "mv-legend-swatch");
          swatch.style.background = c.color;
          row.appendChild(swatch);
          row.appendChild(el("span", null, c.low === c.high ? String(c.low) : c.low + "–" + c.high));
          body.appendChild(row);
        });
      }
      legend = {
        box: box,
        button: button,
        body: body,
        expanded: true,
        userChoice: null,
        autoCollapsed: false,
      };
      button.addEventListener("click", function () {
        // The reader's choice holds from now on, whatever the map's size or an open popup.
        legend.userChoice = !legend.expanded;
        legend.autoCollapsed = false;
        setLegendExpanded(legend.userChoice);
        layoutChrome();
      });
      return box;
    };
    control.addTo(map);
  }

  function setLegendExpanded(expanded) {
    if (!legend) return;
    legend.expanded = expanded;
    legend.body.hidden = !expanded;
    legend.button.setAttribute("aria-expanded", expanded ? "true" : "false");
    if (expanded) L.DomUtil.removeClass(legend.box, "mv-legend-collapsed");
    else L.DomUtil.addClass(legend.box, "mv-legend-collapsed");
  }

  // Expanded on a large map, a button on a small one, unless the reader chose; folded while it would
  // cover the open popup.
  function legendWanted() {
    if (legend.autoCollapsed) return false;
    return legend.userChoice !== null ? legend.userChoice : !compact;
  }

  /* ---------- chrome that fits the map's size ---------- */

  // Narrower or shorter than this (the app's map pane), the layer control and legend fold into buttons.
  var COMPACT_WIDTH = 900;
  var COMPACT_HEIGHT = 600;
  var GAP = 10; // Leaflet's margin around controls
  var compact = null;
  var layerLists = null; // {bases, overlays} for the layer control
  var layerControl = null;
  var titleBox = null;
  var legend = null; // {box, button, body, expanded, userChoice, autoCollapsed}

  // A node's box in map-container pixels.
  function boxOf(node) {
    var c = map.getContainer().getBoundingClientRect();
    var r = node.getBoundingClientRect();
    return { left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top };
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function clamp(x, low, high) {
    return Math.max(low, Math.min(high, x));
  }

  function setLayerControl(collapsed) {
    if (layerControl) layerControl.remove();
    layerControl = L.control.layers(layerLists.bases, layerLists.overlays, {
      collapsed: collapsed,
      position: "topright",
    });
    layerControl.addTo(map);
  }

  // The title sits between the zoom buttons and the layer control, centred when there is room and
  // ellipsised (whole title on hover) when there is not.
  function layoutTitle(size) {
    var left = GAP;
    var right = size.x - GAP;
    if (map.zoomControl && map.zoomControl.getContainer()) {
      left = Math.max(left, boxOf(map.zoomControl.getContainer()).right + GAP);
    }
    if (layerControl) right = Math.min(right, boxOf(layerControl.getContainer()).left - GAP);
    var room = right - left;
    titleBox.style.display = room < 90 ? "none" : "";
    if (room < 90) return;
    titleBox.style.maxWidth = room + "px";
    var width = titleBox.offsetWidth;
    titleBox.style.left = Math.round(clamp(size.x / 2, left + width / 2, right - width / 2)) + "px";
  }

  function eachPopup(fn) {
    order.forEach(function (id) {
      var marker = entries[id].marker;
      if (marker && marker.getPopup()) fn(marker.getPopup());
    });
    if (outlinePopup) fn(outlinePopup);
  }

  // Popups fit between the chrome at the top (title, zoom buttons, layer control) and at the bottom
  // (legend button, attribution), and are never wider or taller than the map leaves room for.
  function layoutPopups(size) {
    var top = GAP;
    var chrome = [titleBox, map.zoomControl && map.zoomControl.getContainer()];
    if (layerControl) chrome.push(layerControl.getContainer());
    chrome.forEach(function (node) {
      if (node && node.offsetParent !== null) top = Math.max(top, boxOf(node).bottom);
    });
    // An expanded legend folds away when a popup would cover it, so only its button counts.
    var bottom = legend ? legend.button.offsetHeight + 12 + GAP : 0;
    if (map.attributionControl && map.attributionControl.getContainer()) {
      var attribution = map.attributionControl.getContainer();
      bottom = Math.max(bottom, attribution.offsetHeight);
    }
    var side = compact ? 12 : 24;
    var topLeft = [side, Math.round(top + 8)];
    var bottomRight = [side, Math.round(bottom + 8)];
    // The popup's frame around its content: margins, border, close button and tip.
    var maxHeight = Math.round(clamp(size.y - topLeft[1] - bottomRight[1] - 70, 120, 300));
    var maxWidth = Math.round(clamp(size.x - 2 * side - 48, 160, 380));
    var minWidth = Math.min(260, maxWidth);
    var options = {
      maxWidth: maxWidth,
      minWidth: minWidth,
      maxHeight: maxHeight,
      autoPanPaddingTopLeft: topLeft,
      autoPanPaddingBottomRight: bottomRight,
    };
    var changed = Object.keys(options).some(function (key) {
      return String(options[key]) !== String(POPUP_OPTIONS[key]);
    });
    if (!changed) return;
    L.extend(POPUP_OPTIONS, options);
    eachPopup(function (popup) {
      L.extend(popup.options, options);
    });
    if (openPopup && openPopup.isOpen()) openPopup.update();
  }

  function layoutLegend(size, top) {
    if (!legend) return;
    setLegendExpanded(legendWanted());
    // Scrolls rather than running under the title or off the top of a short map.
    var room = size.y - top - legend.button.offsetHeight - 2 * GAP - 16;
    legend.body.style.maxHeight = Math.max(60, Math.round(room)) + "px";
  }

  function layoutChrome() {
    if (!map || !layerLists) return;
    var size = map.getSize();
    var wasCompact = compact;
    compact = size.x < COMPACT_WIDTH || size.y < COMPACT_HEIGHT;
    if (compact !== wasCompact) {
      setLayerControl(compact);
      var container = map.getContainer();
      if (compact) L.DomUtil.addClass(container, "mv-compact");
      else L.DomUtil.removeClass(container, "mv-compact");
    }
    layoutTitle(size);
    var top = titleBox && titleBox.style.display !== "none" ? boxOf(titleBox).bottom : GAP;
    layoutLegend(size, top);
    layoutPopups(size);
  }

  // Folds the legend while the open popup would lie under it (controls sit above every map pane).
  function checkLegendOverlap() {
    if (!legend || !legend.expanded || !openPopup) return;
    var node = openPopup.getElement();
    if (!node || !node.offsetParent) return;
    var frame = node.querySelector(".leaflet-popup-content-wrapper") || node;
    if (overlaps(boxOf(frame), boxOf(legend.box))) {
      legend.autoCollapsed = true;
      setLegendExpanded(false);
    }
  }

  /* ---------- view and focus ---------- */

  function isShown(id) {
    return shown === null || shown[id] === true;
  }

  // The bounds of these places' markers (every shown place for null); outlines would let Alaska's
  // Aleutians or France's islands stretch a fit round the world.
  function boundsOf(ids) {
    var bounds = L.latLngBounds([]);
    var list = ids === null || ids === undefined ? order.filter(isShown) : ids;
    list.forEach(function (id) {
      var e = entries[id];
      var p = e && e.place;
      if (p && typeof p.lat === "number" && typeof p.lon === "number") bounds.extend([p.lat, p.lon]);
    });
    return bounds;
  }

  function fitIds(ids, animate) {
    var list = ids === null || ids === undefined ? order.filter(isShown) : ids.filter(api.has);
    var options = { animate: !!animate };
    if (list.length === 1) {
      var target = focusTarget(entries[list[0]]);
      if (target) return moveTo(target, !!animate);
    }
    var bounds = boundsOf(list);
    if (!bounds.isValid()) map.setView([20, 10], 2, options);
    else if (bounds.getNorthEast().equals(bounds.getSouthWest())) map.setView(bounds.getCenter(), 5, options);
    else map.fitBounds(bounds, L.extend({ padding: [48, 48], maxZoom: 7 }, options));
    return true;
  }

  function fitAll(animate) {
    fitIds(null, animate);
  }

  // A city with its surroundings: the offline outlines are coarse, so not much past zoom 6 (online
  // tiles have the detail for more). Never the map's maximum on a blank fill.
  var FOCUS_ZOOM = { city: 6, admin: 5, region: 4, water: 4, country: 4, bloc: 3 };
  var TILE_FOCUS_ZOOM = { city: 10, admin: 7, region: 5, water: 5, country: 5, bloc: 3 };

  function focusZoom(place) {
    var zooms = data.tiles ? TILE_FOCUS_ZOOM : FOCUS_ZOOM;
    return zooms[kindOf(place)] || 5;
  }

  function focusTarget(e) {
    var place = e.place;
    if (e.outlines.length && (place.kind === "country" || place.kind === "bloc")) {
      var bounds = L.latLngBounds([]);
      e.outlines.forEach(function (o) {
        bounds.extend(o.getBounds());
      });
      // Shapes across the antimeridian (Russia, Fiji) would fit the whole world: use the marker then.
      var wide = bounds.isValid() && bounds.getEast() - bounds.getWest() > 180;
      if (bounds.isValid() && !(wide && e.marker)) return { bounds: bounds };
    }
    if (e.marker) return { center: e.marker.getLatLng(), zoom: focusZoom(place) };
    return null;
  }

  function moveTo(target, animate) {
    noteMotion();
    if (target.bounds) {
      var options = { padding: [40, 40], maxZoom: 6, animate: animate, duration: 0.8 };
      if (animate) map.flyToBounds(target.bounds, options);
      else map.fitBounds(target.bounds, options);
    } else if (animate) {
      map.flyTo(target.center, target.zoom, { duration: 0.8 });
    } else {
      map.setView(target.center, target.zoom, { animate: false });
    }
    return true;
  }

  // Opens the place's popup on its marker if the marker is on screen (spiderfying its cluster rather
  // than zooming in to the map's maximum), else on its outline; false if it has neither.
  function openPopupOf(e) {
    if (e.marker && cluster && cluster.hasLayer(e.marker) && map.hasLayer(cluster)) {
      var parent = cluster.getVisibleParent(e.marker);
      if (parent === e.marker) {
        e.marker.openPopup();
        return true;
      }
      if (parent && parent.spiderfy && !e.outlines.length) {
        cluster.once("spiderfied", function () {
          if (pending && pending.e === e) e.marker.openPopup();
        });
        parent.spiderfy();
        return true;
      }
      if (!parent && !e.outlines.length) {
        cluster.zoomToShowLayer(e.marker, function () {
          if (pending && pending.e === e) e.marker.openPopup();
        });
        return true;
      }
    }
    if (e.outlines.length) {
      var at = e.marker ? e.marker.getLatLng() : e.outlines[0].getBounds().getCenter();
      openOutlinePopup(e.place, at);
      return true;
    }
    return false;
  }

  /* The popup a focus() asked for is opened once the map is at rest, and checked again until it is open:
   * a moveend can come mid-flight (a resize fires one), a cluster's callback can be lost when the map
   * moves under it, and a popup opened mid-flight closes when its marker is re-clustered at the end. */
  var SETTLE_MS = 60; // this long without a move or zoom event and the map is at rest
  var RETRY_MS = 700;
  var FOCUS_TRIES = 6;
  var FOCUS_GIVE_UP_MS = 15000;
  var pending = null; // {id, e, until, tries}: the focus() whose popup must end up open
  var pendingTimer = null;
  var lastMotion = 0;

  function noteMotion() {
    lastMotion = Date.now();
  }

  function checkSoon(ms) {
    if (!pending) return;
    clearTimeout(pendingTimer);
    pendingTimer = setTimeout(checkPending, ms);
  }

  function cancelPending() {
    pending = null;
    clearTimeout(pendingTimer);
  }

  function mapMoving() {
    return (
      Date.now() - lastMotion < SETTLE_MS ||
      !!map._animatingZoom ||
      !!(map._panAnim && map._panAnim._inProgress) ||
      !!(cluster && cluster._inZoomAnimation)
    );
  }

  function checkPending() {
    var p = pending;
    if (!p) return;
    if (Date.now() > p.until) return cancelPending();
    if (mapMoving()) return checkSoon(SETTLE_MS + 20);
    if (openId === p.id) return cancelPending(); // open, and the map is at rest: done
    if (p.tries >= FOCUS_TRIES || !openPopupOf(p.e)) return cancelPending();
    p.tries += 1;
    checkSoon(RETRY_MS);
  }

  function focus(id, options) {
    if (!map) return false;
    if (id === null || id === undefined) {
      cancelPending();
      map.closePopup();
      return true;
    }
    var e = entries[id];
    if (!e) return false;
    options = options || {};
    var animate = options.animate !== false;
    var target = focusTarget(e);
    if (!target) return false;
    if (!isShown(id)) showOnly(null); // a place the filter hid is shown again rather than lost
    cancelPending();
    map.closePopup();
    if (options.popup !== false) {
      pending = { id: id, e: e, until: Date.now() + FOCUS_GIVE_UP_MS, tries: 0 };
    }
    if (options.move === false) {
      if (pending) {
        pending.tries = 1;
        if (openPopupOf(e)) checkSoon(RETRY_MS);
        else cancelPending();
      }
      return true;
    }
    moveTo(target, animate);
    // Whatever events the move brings (or fails to bring), look again once it should be over.
    checkSoon(animate ? 1000 : SETTLE_MS + 20);
    return true;
  }

  // Only these places' markers and outlines stay on the map (null: all); a bloc's layer goes with it.
  function showOnly(ids) {
    if (!map) return false;
    if (ids === null || ids === undefined) shown = null;
    else {
      shown = {};
      ids.forEach(function (id) {
        shown[String(id)] = true;
      });
    }
    var add = [];
    var remove = [];
    order.forEach(function (id) {
      var e = entries[id];
      var keep = isShown(id);
      if (e.marker) {
        var has = cluster.hasLayer(e.marker);
        if (keep && !has) add.push(e.marker);
        if (!keep && has) remove.push(e.marker);
      }
      if (layers[id]) {
        // A bloc: its whole layer follows.
        if (keep) map.addLayer(layers[id].layer);
        else map.removeLayer(layers[id].layer);
      } else {
        e.outlines.forEach(function (outline) {
          var group = layers.countries.layer;
          if (keep && !group.hasLayer(outline)) group.addLayer(outline);
          if (!keep && group.hasLayer(outline)) group.removeLayer(outline);
        });
      }
    });
    if (remove.length) cluster.removeLayers(remove);
    if (add.length) cluster.addLayers(add);
    if (openId !== null && !isShown(openId)) api.closePopup();
    return true;
  }

  /* ---------- the hook the app subscribes to ---------- */

  function fire(id) {
    var info = api.place(id);
    subscribers.slice().forEach(function (fn) {
      try {
        fn(id, info);
      } catch (err) {
        console.warn("mapviewer: a place-click subscriber failed:", err);
      }
    });
    window.dispatchEvent(new CustomEvent("mapviewer:placeclick", { detail: { id: id } }));
  }

  // A popup's text as the reader reads it: the "Fix..." buttons are controls, not text.
  function readableText(node) {
    var copy = node.cloneNode(true);
    copy.querySelectorAll(".mv-fix").forEach(function (b) {
      b.remove();
    });
    return copy.textContent;
  }

  function publicPlace(place) {
    return {
      id: place.id,
      name: place.name,
      kind: place.kind,
      country: place.country || null,
      countryCode: place.cc || null,
      lat: place.lat,
      lon: place.lon,
      count: place.count,
      members: (place.members || []).map(function (m) {
        return m[0];
      }),
    };
  }

  var api = {
    ready: false,
    version: 1,
    ids: function () {
      return order.slice();
    },
    has: function (id) {
      return Object.prototype.hasOwnProperty.call(entries, id);
    },
    place: function (id) {
      var e = entries[id];
      return e ? publicPlace(e.place) : null;
    },
    outlineIds: function () {
      return order.filter(function (id) {
        return entries[id].outlines.length > 0;
      });
    },
    markerIds: function () {
      return order.filter(function (id) {
        return !!entries[id].marker;
      });
    },
    focus: focus,
    showOnly: showOnly,
    shownIds: function () {
      return order.filter(isShown);
    },
    fit: function (ids, animate) {
      return map ? fitIds(ids, animate) : false;
    },
    onMapClick: function (fn) {
      mapClickSubscribers.push(fn);
    },
    setEditable: function (on) {
      editable = !!on;
      // The open popup is built again, with or without its "Fix..." buttons.
      if (openPopup && openPopup.isOpen() && openId && entries[openId]) {
        openPopup.setContent(buildPopup(entries[openId].place));
      }
      return editable;
    },
    onFixRequest: function (fn) {
      fixSubscribers.push(fn);
    },
    onPlaceClick: function (fn) {
      subscribers.push(fn);
      return function () {
        subscribers = subscribers.filter(function (f) {
          return f !== fn;
        });
      };
    },
    onReady: function (fn) {
      if (api.ready) fn(api);
      else readyCallbacks.push(fn);
    },
    openPopupId: function () {
      return openId;
    },
    popupText: function (id) {
      if (id === undefined || (id === openId && openPopup)) {
        var node = openPopup && openPopup.getElement() && openPopup.getElement().querySelector(".mv-pop");
        if (node) return readableText(node);
        if (id === undefined) return null;
      }
      var e = entries[id];
      return e ? readableText(buildPopup(e.place)) : null;
    },
    closePopup: function () {
      cancelPending();
      if (map) map.closePopup();
    },
    layerIds: function () {
      return Object.keys(layers);
    },
    layerVisible: function (layerId) {
      var l = layers[layerId];
      return !!(l && map && map.hasLayer(l.layer));
    },
    setLayerVisible: function (layerId, visible) {
      var l = layers[layerId];
      if (!l || !map) return false;
      if (visible) map.addLayer(l.layer);
      else map.removeLayer(l.layer);
      return true;
    },
    fitAll: function (animate) {
      if (map) fitAll(animate);
    },
    // Escape hatch for the app and tests: the Leaflet map itself (prefer the calls above).
    leafletMap: function () {
      return map;
    },
    _init: function (leafletMap, dataElementId) {
      map = leafletMap;
      data = JSON.parse(document.getElementById(dataElementId).textContent);
      map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
      map.on("popupopen", function (event) {
        openPopup = event.popup;
        openId = event.popup._mvId || null;
        if (pending && pending.id !== openId) cancelPending(); // another place was opened since
        if (!autopanning) checkLegendOverlap();
      });
      map.on("popupclose", function (event) {
        if (openPopup === event.popup) {
          openPopup = null;
          openId = null;
        }
        // Closed by the reader (the map at rest) rather than by a re-clustering mid-move.
        if (pending && pending.id === event.popup._mvId && !mapMoving()) cancelPending();
        if (legend && legend.autoCollapsed && !openPopup) {
          legend.autoCollapsed = false;
          setLegendExpanded(legendWanted());
        }
      });
      map.on("autopanstart", function () {
        autopanning = true;
      });
      map.on("movestart move zoomstart zoom zoomanim", noteMotion);
      map.on("moveend zoomend", function () {
        autopanning = false;
        if (openPopup) checkLegendOverlap();
        checkSoon(SETTLE_MS + 20);
      });
      map.on("resize", layoutChrome);
      map.on("click", function (event) {
        var lat = event.latlng.lat;
        var lon = event.latlng.lng;
        mapClickSubscribers.slice().forEach(function (fn) {
          try {
            fn(lat, lon);
          } catch (err) {
            console.warn("mapviewer: a map-click subscriber failed:", err);
          }
        });
      });
      buildLayers();
      cluster.on("animationend", function () {
        checkSoon(SETTLE_MS + 20);
      });
      fitAll(false);
      api.ready = true;
      readyCallbacks.splice(0).forEach(function (fn) {
        try {
          fn(api);
        } catch (err) {
          console.warn("mapviewer: a ready callback failed:", err);
        }
      });
      window.dispatchEvent(new CustomEvent("mapviewer:ready"));
    },
  };

  window.mapviewer = api;
})();
