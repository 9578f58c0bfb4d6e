/* Popups, built when opened from the JSON payload with textContent: a place's mentions by document and
 * passage, the words marked, and (when the app makes them editable) a "Fix..." control per mention. */
(function (api, core) {
  "use strict";
  var el = core.el, plural = core.plural, editable = false, outlinePopup = null;
  var FIRST = 40, MORE = 100; // passages shown at first in all, then per "show more"
  // Every popup's options inherit from these, so chrome.js fits them all at once.
  core.POPUP = L.extend(Object.create(L.Popup.prototype.options), { maxWidth: 380, minWidth: 260, maxHeight: 300,
    autoPanPaddingTopLeft: [24, 100], autoPanPaddingBottomRight: [24, 48] });
  // A passage [doc, start, text] with each mention ([start, end, form index], document offsets) marked.
  function passageItem(group) {
    var passage = core.data.passages[group[0]], spans = group[1];
    var li = el("li", "mv-passage"), text = passage[2], base = passage[1], at = 0;
    var docId = core.data.documents[passage[0]].id;
    spans.forEach(function (span) {
      var start = Math.max(span[0] - base, at), end = Math.min(span[1] - base, text.length);
      if (end <= start) return;
      if (start > at) li.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = li.appendChild(el("mark", null, text.slice(start, end)));
      if (span[2]) mark.title = "named by " + core.data.forms[span[2]];
      if (editable) core.button(li, "mv-fix", "Fix\u2026", function () { core.call(core.fixes, [docId, span[0], span[1]]); }).title = "Correct this mention";
      at = end;
    });
    if (at < text.length) li.appendChild(document.createTextNode(text.slice(at)));
    return li;
  }
  // Shows `initial` passages now and the rest behind a button: a place named 20,000 times opens at once.
  function appendPassages(section, groups, initial) {
    var list = section.appendChild(el("ol", "mv-passages")), shown = 0;
    (function more(n) {
      for (var stop = Math.min(groups.length, shown + n); shown < stop; shown++) list.appendChild(passageItem(groups[shown]));
      var label = "Show " + plural(groups.length - shown, shown ? "more passage" : "passage");
      if (shown < groups.length) core.button(section, "mv-more", label, function (b) { b.remove(); more(MORE); });
    })(initial);
  }
  // Python wrote the first lines and grouped the mentions: place.docs is [[doc, [[passage, spans]]]].
  core.buildPopup = function (place) {
    var root = el("div", "mv-pop"), data = core.data, budget = FIRST;
    root.setAttribute("data-place-id", place.id);
    place.head.forEach(function (line) { root.appendChild(el("div", line[0], line[1])); });
    if (place.members && place.members.length) {
      var members = root.appendChild(el("div", "mv-members"));
      members.appendChild(el("div", "mv-section", place.membersTitle));
      var list = members.appendChild(el("ul", "mv-member-list"));
      place.members.forEach(function (member) {
        var item = list.appendChild(el("li", "mv-member" + (member[2] ? " mv-member-mentioned" : ""), member[1] || member[0]));
        if (member[2]) item.title = "also mentioned in the documents";
      });
    }
    place.docs.forEach(function (doc) {
      var section = root.appendChild(el("section", "mv-doc")), initial = Math.min(budget, doc[1].length);
      section.appendChild(el("div", "mv-doc-title", data.documents[doc[0]].title));
      budget -= initial;
      appendPassages(section, doc[1], initial);
    });
    return root;
  };
  function own(popup, id) { return L.extend(popup, { options: Object.create(core.POPUP), _mvId: id }); }
  core.bindPopup = function (marker, place) {
    own(marker.bindPopup(function () { return core.buildPopup(place); }).getPopup(), place.id);
  };
  core.openOutlinePopup = function (place, latlng) {
    outlinePopup = own(outlinePopup || L.popup(), place.id);
    outlinePopup.setLatLng(latlng).setContent(core.buildPopup(place)).openOn(core.map);
  };
  // A popup's text as the reader reads it: the "Fix..." buttons are controls, not text.
  function readable(node) {
    var copy = node.cloneNode(true);
    copy.querySelectorAll(".mv-fix").forEach(function (b) { b.remove(); });
    return copy.textContent;
  }
  function shownContent() {
    var node = core.openPopup && core.openPopup.getElement();
    return node && node.querySelector(".mv-pop");
  }
  api.popupText = function (id) {
    if ((id === undefined || id === core.openId) && shownContent()) return readable(shownContent());
    return api.has(id) ? readable(core.buildPopup(core.entries[id].place)) : null;
  };
  api.setEditable = function (on) {
    editable = !!on;
    // The open popup is built again, with or without its "Fix..." controls.
    if (shownContent() && api.has(core.openId)) core.openPopup.setContent(core.buildPopup(core.entries[core.openId].place));
    return editable;
  };
  core.inits.push(function (map) {
    map.on("popupopen", function (event) {
      core.openPopup = event.popup;
      core.openId = event.popup._mvId || null;
    });
    map.on("popupclose", function (event) {
      if (core.openPopup === event.popup) core.openPopup = core.openId = null;
    });
  });
})(window.mapviewer, window.mapviewer._core);
