"""The exported map in a real Chromium (QtWebEngine, offscreen): registry, popups, clicks, no network, no XSS.

Each test loads an exported file the way the app does (from a file, not setHtml), records every URL the
page asks for with a request interceptor, and every console message with a page subclass.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import SIZE, Browser
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import (
    QWebEngineSettings,
)

from mapviewer.export import write_map_html

pytestmark = pytest.mark.gui

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# What the geoparser issue lists for the seed article.
SEED_COUNTRIES = ["MY", "JP", "KR", "US", "CN", "LA", "MM", "BR", "ZA", "AU", "CA"]
SEED_BLOCS = ["bloc:ASEAN", "bloc:APEC"]
SEED_CITIES = ["Kuala Lumpur", "Gyeongju"]


@pytest.fixture(scope="session")
def seed_result():
    from mapviewer.geoparse import geoparse_paths
    from mapviewer.paths import seed_documents

    return geoparse_paths(seed_documents())


@pytest.fixture(scope="session")
def seed_map(seed_result, tmp_path_factory) -> Path:
    return write_map_html(seed_result, tmp_path_factory.mktemp("seed") / "seed-map.html")


def _id_named(browser: Browser, name: str, kind: str) -> str:
    places = browser.call("mapviewer.ids().map(mapviewer.place)")
    matches = [p["id"] for p in places if p["name"] == name and p["kind"] == kind]
    assert matches, f"{name} ({kind}) is on the map"
    return matches[0]


def _passages_naming(result, surface: str) -> list[str]:
    """The sentences (from the geoparse result, not the page) whose mention reads `surface`."""
    from mapviewer.webmap import passage_bounds

    out = []
    for res in result.resolutions:
        if res.mention.text == surface:
            doc = result.document(res.mention.doc_id)
            start, end = passage_bounds(doc, res)
            out.append(doc.text[start:end])
    return out


def test_seed_map_has_the_expected_places(browser, seed_map):
    browser.load(seed_map)
    ids = set(browser.call("mapviewer.ids()"))
    for code in SEED_COUNTRIES:
        assert f"country:{code}" in ids
    for bloc in SEED_BLOCS:
        assert bloc in ids
    for city in SEED_CITIES:
        _id_named(browser, city, "city")
    markers = set(browser.call("mapviewer.markerIds()"))
    assert ids == markers, "every place has a marker"
    outlines = set(browser.call("mapviewer.outlineIds()"))
    # Every seed country has an outline (Myanmar from Natural Earth), and so do the blocs.
    assert {f"country:{c}" for c in SEED_COUNTRIES} | set(SEED_BLOCS) <= outlines
    layers = set(browser.call("mapviewer.layerIds()"))
    assert {"base:outlines", "countries", "places", *SEED_BLOCS} <= layers
    assert browser.page.errors() == []
    assert browser.foreign_requests() == []


def test_focusing_gyeongju_opens_its_passages(browser, seed_map, seed_result):
    browser.load(seed_map)
    gyeongju = _id_named(browser, "Gyeongju", "city")
    assert browser.call(f"mapviewer.focus({json.dumps(gyeongju)})") is True
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == gyeongju, timeout=10_000)
    sentences = _passages_naming(seed_result, "Gyeongju")
    assert sentences, "the geoparser found Gyeongju in the seed"
    shown = browser.call("mapviewer.popupText()")
    for sentence in sentences:
        assert sentence in shown
    assert "in Gyeongju, South Korea" in shown
    marks = browser.call(
        "[...document.querySelectorAll('.leaflet-popup-content mark')].map(m => m.textContent)"
    )
    assert marks and set(marks) == {"Gyeongju"}, "the mention is highlighted, nothing else"
    assert browser.call(f"mapviewer.popupText({json.dumps(gyeongju)})") == shown
    visible = browser.call("[...document.querySelectorAll('.leaflet-popup-content')].map(e => e.textContent)")
    assert shown in visible, "popupText() reads the popup on screen"
    assert browser.call("mapviewer.focus('city:does-not-exist')") is False
    assert browser.page.errors() == []
    assert browser.foreign_requests() == []


def test_country_popup_lists_every_name_it_goes_by(browser, seed_map, seed_result):
    browser.load(seed_map)
    assert browser.call("mapviewer.focus('country:CN', {animate: false})") is True
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == "country:CN", timeout=10_000)
    marks = set(
        browser.call("[...document.querySelectorAll('.leaflet-popup-content mark')].map(m => m.textContent)")
    )
    found = {r.mention.text for r in seed_result.resolutions if r.place.id == "country:CN"}
    assert marks == found
    assert {"China", "Chinese"} <= marks


def test_bloc_popup_lists_its_members(browser, seed_map, seed_result):
    browser.load(seed_map)
    text = browser.call("mapviewer.popupText('bloc:ASEAN')")
    for member in ("Malaysia", "Laos", "Myanmar", "Vietnam", "Indonesia"):
        assert member in text
    asean = next(r.place for r in seed_result.resolutions if r.place.id == "bloc:ASEAN")
    assert f"{len(asean.members)} members" in text
    members = browser.call("[...document.querySelectorAll('.mv-member')].length")
    assert members == 0, "popupText builds the content without opening a popup"


def test_clicks_on_markers_and_outlines_reach_the_hook(browser, seed_map):
    browser.load(seed_map)
    browser.js("window.__clicks = []; mapviewer.onPlaceClick(function (id) { __clicks.push(id); });")

    def click_at(point):
        QTest.mouseClick(browser.view.focusProxy(), Qt.MouseButton.LeftButton, pos=QPoint(*point))

    # A real mouse click on Brazil's marker (its element carries the place id).
    rect = browser.call(
        "(r => [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)])("
        "document.querySelector('.mv-marker[data-place-id=\"country:BR\"]').getBoundingClientRect())"
    )
    click_at(rect)
    browser.qtbot.waitUntil(lambda: browser.call("__clicks") == ["country:BR"], timeout=5_000)
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == "country:BR", timeout=5_000)

    # A click on Canada's outline, far from its marker, in Quebec.
    browser.call("mapviewer.closePopup()")
    # A closed popup fades out for a moment; wait until it no longer covers the map.
    browser.qtbot.waitUntil(lambda: browser.call("document.querySelectorAll('.leaflet-popup').length") == 0)
    point = browser.call(
        "(p => [Math.round(p.x), Math.round(p.y)])(mapviewer.leafletMap().latLngToContainerPoint([52, -72]))"
    )
    click_at(point)
    browser.qtbot.waitUntil(lambda: browser.call("__clicks").count("country:CA") == 1, timeout=5_000)
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == "country:CA", timeout=5_000)
    assert browser.page.errors() == []


def test_bloc_layers_switch_off_and_on(browser, seed_map):
    browser.load(seed_map)
    count = "document.querySelectorAll('path[data-place-id=\"bloc:ASEAN\"]').length"
    assert browser.call("mapviewer.layerVisible('bloc:ASEAN')") is True
    assert browser.call(count) > 0
    assert browser.call("mapviewer.setLayerVisible('bloc:ASEAN', false)") is True
    assert browser.call("mapviewer.layerVisible('bloc:ASEAN')") is False
    assert browser.call(count) == 0
    browser.call("mapviewer.setLayerVisible('bloc:ASEAN', true)")
    assert browser.call(count) > 0


def test_online_tiles_are_requested_only_when_asked_for(browser, seed_result, tmp_path):
    path = write_map_html(seed_result, tmp_path / "tiles.html", tiles="OpenStreetMap")
    # As the app would for tiles: a file:// page may not fetch remote URLs otherwise. The interceptor
    # still blocks them here; the test only checks that they are asked for.
    remote = QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls
    browser.page.settings().setAttribute(remote, True)
    browser.load(path)
    assert browser.call("mapviewer.layerVisible('base:tiles')") is True
    browser.qtbot.waitUntil(lambda: len(browser.foreign_requests()) > 0, timeout=10_000)
    assert all(u.startswith("https://tile.openstreetmap.org/") for u in browser.foreign_requests())


HOSTILE_TEXT = (
    "Officials met in Kuala Lumpur, where <script>window.__pwned = 'script'</script> was read aloud. "
    "Then a delegate wrote <img src=x onerror=\"window.__pwned = 'img'\"> on the board in Malaysia. "
    "Someone typed </script><script>window.__pwned = 'close'</script> near Japan. "
    "Quotes ' \" ` and <b>bold</b> stayed text in China. "
    "The summit moved to <script>Gyeongju</script> in South Korea."
)


def _hostile_result():
    from mapviewer.documents import document_from_text
    from mapviewer.geoparse import Geoparser

    doc = document_from_text(
        HOSTILE_TEXT, title="<script>window.__pwned = 'title'</script> Hostile \"report\""
    )
    return Geoparser.open().parse([doc])


def test_hostile_document_runs_nothing_and_shows_its_text(browser, tmp_path):
    result = _hostile_result()
    found = {r.place.name for r in result.resolutions}
    assert {"Kuala Lumpur", "Gyeongju"} <= found, "places are found around and inside the payloads"
    path = write_map_html(result, tmp_path / "hostile.html")
    browser.load(path)
    ids = browser.call("mapviewer.ids()")
    texts = {}
    for place_id in ids:
        assert browser.call(f"mapviewer.focus({json.dumps(place_id)}, {{animate: false, move: false}})")
        browser.qtbot.waitUntil(
            lambda pid=place_id: browser.call("mapviewer.openPopupId()") == pid, timeout=5_000
        )
        texts[place_id] = browser.call(f"mapviewer.popupText({json.dumps(place_id)})")
    # An image of our own that fails to load, made last: once its onerror has run, an <img> the document
    # had smuggled in (made earlier, loading the same way) would have run its own.
    browser.js(
        "(i => { i.onerror = () => { window.__sentinel = true; }; i.src = 'sentinel-x'; })(new Image()); 0"
    )
    browser.qtbot.waitUntil(lambda: browser.call("window.__sentinel === true"), timeout=10_000)

    assert browser.call("typeof window.__pwned") == "undefined", "no script from the document ran"
    assert (
        browser.call("document.querySelectorAll('.leaflet-popup-content *:is(img, script, b)').length") == 0
    )
    gyeongju = _id_named(browser, "Gyeongju", "city")
    assert "<script>Gyeongju</script> in South Korea" in texts[gyeongju]
    kl = _id_named(browser, "Kuala Lumpur", "city")
    assert "<script>window.__pwned = 'script'</script>" in texts[kl]
    malaysia = texts.get("country:MY", "")
    assert "<img src=x onerror=\"window.__pwned = 'img'\">" in malaysia
    title = browser.call("document.querySelector('.mv-title-text').textContent")
    assert title == "<script>window.__pwned = 'title'</script> Hostile \"report\""
    assert browser.page.errors() == []
    fetched = [u for u in browser.foreign_requests() if not u.endswith("/sentinel-x")]
    assert fetched == [], "nothing was fetched (an <img src=x> would have been)"


def test_screenshot_of_the_seed_map(browser, seed_map):
    """Saves tests/artifacts/map-seed.png (copied by hand to docs/screenshots/ once looked at)."""
    browser.load(seed_map)
    gyeongju = _id_named(browser, "Gyeongju", "city")
    # East and Southeast Asia, where the seed's story is; the popup opens over the sea north of Korea.
    browser.js("mapviewer.leafletMap().setView([22, 112], 3.5, {animate: false}); 0")
    browser.call(f"mapviewer.focus({json.dumps(gyeongju)}, {{move: false}})")
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == gyeongju, timeout=10_000)
    browser.settle()  # the popup's pan and fade have finished
    ARTIFACTS.mkdir(exist_ok=True)
    image = browser.view.grab().toImage()
    assert (image.width(), image.height()) == SIZE
    target = ARTIFACTS / "map-seed.png"
    assert image.save(str(target))
    # A blank or failed render is one colour; a drawn map has land, sea, shading, markers and text.
    colours = {image.pixel(x, y) for x in range(0, SIZE[0], 16) for y in range(0, SIZE[1], 16)}
    assert len(colours) > 40


# -- the map's chrome fits the map: the app's pane is about 690x540, an exported page fills a window -----
SMALL = (690, 540)
# [left, top, right, bottom] of the first element matching a selector, in page pixels (null if none).
BOX = "(s => (n => n && (r => [r.left, r.top, r.right, r.bottom])(n.getBoundingClientRect()))(document.querySelector(s)))"
LEGEND_EXPANDED = "document.querySelector('.mv-legend-toggle').getAttribute('aria-expanded')"
CHROME = [
    ".mv-title",
    ".leaflet-control-zoom",
    ".leaflet-control-layers",
    ".mv-legend",
    ".leaflet-control-attribution",
]


def _box(browser: Browser, selector: str):
    return browser.call(f"{BOX}({json.dumps(selector)})")


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _resize(browser: Browser, size: tuple[int, int]) -> None:
    browser.view.resize(*size)
    browser.qtbot.waitUntil(
        lambda: browser.call("mapviewer.leafletMap().getSize()") == {"x": size[0], "y": size[1]}
    )
    browser.settle()  # the chrome is laid out again on Leaflet's resize event


def _click(browser: Browser, selector: str) -> None:
    left, top, right, bottom = _box(browser, selector)
    point = QPoint(round((left + right) / 2), round((top + bottom) / 2))
    QTest.mouseClick(browser.view.focusProxy(), Qt.MouseButton.LeftButton, pos=point)


def _assert_popup_clear(browser: Browser, size: tuple[int, int]) -> None:
    """The open popup lies inside the map, under no control, and its text is not cut off sideways."""
    popup = _box(browser, ".leaflet-popup-content-wrapper")
    assert popup, "a popup is open"
    assert popup[0] >= 0 and popup[1] >= 0 and popup[2] <= size[0] and popup[3] <= size[1], popup
    for selector in CHROME:
        box = _box(browser, selector)
        assert box and not _overlap(popup, box), f"the popup is clear of {selector}"
    content = browser.call(
        "(n => [n.scrollWidth, n.clientWidth])(document.querySelector('.leaflet-popup-content'))"
    )
    assert content[0] <= content[1], "no text runs out of the popup's side"


def test_map_text_is_13px_not_foliums_16(browser, seed_map):
    browser.load(seed_map)
    for selector in (".leaflet-container", ".leaflet-control-layers", ".mv-legend-row", ".mv-legend-toggle"):
        size = browser.call(f"getComputedStyle(document.querySelector({json.dumps(selector)})).fontSize")
        assert size == "13px", (selector, size)


def test_a_small_map_folds_its_chrome_and_keeps_the_popup_clear(browser, seed_map):
    """Saves tests/artifacts/map-seed-small.png: the seed map at the app's pane size, Kuala Lumpur open."""
    browser.view.resize(*SMALL)
    browser.load(seed_map)
    assert browser.call(LEGEND_EXPANDED) == "false", "the legend is a button on a small map"
    assert browser.call("document.getElementById('mv-legend-body').hidden") is True
    assert browser.call("document.querySelector('.leaflet-control-layers-expanded')") is None, (
        "layers fold too"
    )
    title = _box(browser, ".mv-title")
    assert title[0] >= 0 and title[2] <= SMALL[0]
    for selector in (".leaflet-control-zoom", ".leaflet-control-layers"):
        assert not _overlap(title, _box(browser, selector)), f"the title is clear of {selector}"
    assert browser.call("document.querySelector('.mv-title-text').title").startswith("US-China trade talks")

    # The reader can open the legend (a real click on a real button) and fold it again.
    _click(browser, ".mv-legend-toggle")
    browser.qtbot.waitUntil(lambda: browser.call(LEGEND_EXPANDED) == "true")
    assert browser.call("document.getElementById('mv-legend-body').hidden") is False
    legend = _box(browser, ".mv-legend")
    assert legend[1] >= title[3], "an open legend stays below the title"
    _click(browser, ".mv-legend-toggle")
    browser.qtbot.waitUntil(lambda: browser.call(LEGEND_EXPANDED) == "false")

    kl = _id_named(browser, "Kuala Lumpur", "city")
    assert browser.call(f"mapviewer.focus({json.dumps(kl)})") is True
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == kl, timeout=10_000)
    browser.settle()  # the popup's pan and fade
    _assert_popup_clear(browser, SMALL)
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.view.grab().toImage().save(str(ARTIFACTS / "map-seed-small.png"))
    assert browser.page.errors() == []


def test_the_legend_follows_the_map_size_until_the_reader_chooses(browser, seed_map):
    browser.load(seed_map)
    assert browser.call(LEGEND_EXPANDED) == "true", "expanded on a large map"
    assert browser.call("!!document.querySelector('.leaflet-control-layers-expanded')") is True
    _resize(browser, SMALL)
    assert browser.call(LEGEND_EXPANDED) == "false"
    assert browser.call("document.querySelector('.leaflet-control-layers-expanded')") is None
    _resize(browser, SIZE)
    assert browser.call(LEGEND_EXPANDED) == "true"
    assert browser.call("mapviewer.layerIds().every(mapviewer.layerVisible)") is True, (
        "layers survive the fold"
    )
    _click(browser, ".mv-legend-toggle")  # the reader closes it: it stays closed at any size
    browser.qtbot.waitUntil(lambda: browser.call(LEGEND_EXPANDED) == "false")
    _resize(browser, SMALL)
    _resize(browser, SIZE)
    assert browser.call(LEGEND_EXPANDED) == "false"


def test_the_legend_folds_while_a_popup_would_lie_under_it(browser, seed_map):
    browser.load(seed_map)
    kl = _id_named(browser, "Kuala Lumpur", "city")
    legend = _box(browser, ".mv-legend")
    # Kuala Lumpur's marker in the middle of the expanded legend: its popup opens right over it.
    target = [round((legend[0] + legend[2]) / 2), round((legend[1] + legend[3]) / 2)]
    browser.js(
        "(m => { m.setView([3.15, 101.7], 5, {animate: false});"
        f" var p = m.latLngToContainerPoint([3.15, 101.7]); m.panBy([p.x - {target[0]}, p.y - {target[1]}],"
        " {animate: false}); })(mapviewer.leafletMap()); 0"
    )
    assert browser.call(f"mapviewer.focus({json.dumps(kl)}, {{move: false}})") is True
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == kl, timeout=10_000)
    browser.settle()
    assert browser.call(LEGEND_EXPANDED) == "false"
    _assert_popup_clear(browser, SIZE)
    browser.call("mapviewer.closePopup()")
    browser.qtbot.waitUntil(lambda: browser.call(LEGEND_EXPANDED) == "true", timeout=5_000)


def test_focus_opens_the_popup_when_the_map_is_resized_mid_flight(browser, seed_map):
    browser.load(seed_map)
    kl = _id_named(browser, "Kuala Lumpur", "city")
    browser.js("mapviewer.fitAll(false); 0")
    start = browser.call("mapviewer.leafletMap().getCenter()")
    assert browser.call(f"mapviewer.focus({json.dumps(kl)})") is True
    # The fly-to lasts 0.8 s; a splitter drag resizes the page through it, once it is under way.
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.leafletMap().getCenter()") != start)
    for size in (SMALL, (1000, 700), SMALL):
        browser.view.resize(*size)
        browser.qtbot.waitUntil(
            lambda size=size: browser.call("mapviewer.leafletMap().getSize()") == {"x": size[0], "y": size[1]}
        )
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == kl, timeout=10_000)
    browser.settle()
    assert browser.call("mapviewer.openPopupId()") == kl, "and it stays open"
    _assert_popup_clear(browser, SMALL)
    assert browser.page.errors() == []


def test_focus_opens_the_popup_even_if_the_cluster_never_calls_back(browser, seed_map):
    browser.load(seed_map)
    gyeongju = _id_named(browser, "Gyeongju", "city")
    browser.js("mapviewer.fitAll(false); 0")
    # markercluster's zoomToShowLayer can lose its callback when the map moves under it: make it so once.
    browser.js(
        "(() => { var c; mapviewer.leafletMap().eachLayer(l => { if (l.zoomToShowLayer) c = l; });"
        " var original = c.zoomToShowLayer; c.zoomToShowLayer = function (layer) {"
        " c.zoomToShowLayer = original; return original.call(this, layer, function () {}); }; })(); 0"
    )
    assert browser.call(f"mapviewer.focus({json.dumps(gyeongju)})") is True
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == gyeongju, timeout=10_000)


def test_a_popup_the_reader_closes_stays_closed(browser, seed_map):
    browser.load(seed_map)
    assert browser.call("mapviewer.focus('country:BR', {animate: false})") is True
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == "country:BR", timeout=10_000)
    browser.settle()
    _click(browser, ".leaflet-popup-close-button")
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") is None, timeout=5_000)
    browser.settle()  # nothing is left to reopen it
    assert browser.call("mapviewer.openPopupId()") is None


# -- the page API the app follows the reader with: focus at a useful zoom, showOnly, fit, clicks, fixes --
def _zoom(browser: Browser) -> float:
    return browser.call("mapviewer.leafletMap().getZoom()")


def _in_view(browser: Browser, lat: float, lon: float) -> bool:
    return browser.call(f"mapviewer.leafletMap().getBounds().contains([{lat}, {lon}])")


def test_focus_shows_a_city_with_its_surroundings_not_the_maximum_zoom(browser, seed_map):
    browser.load(seed_map)
    maximum = browser.call("mapviewer.leafletMap().getMaxZoom()")
    for name in ("Gyeongju", "Kuala Lumpur"):
        city = _id_named(browser, name, "city")
        assert browser.call(f"mapviewer.focus({json.dumps(city)}, {{animate: false}})") is True
        browser.qtbot.waitUntil(lambda c=city: browser.call("mapviewer.openPopupId()") == c, timeout=10_000)
        zoom = _zoom(browser)
        assert 5 <= zoom <= 7 < maximum, (name, zoom)
        # Surroundings: the whole country's outline (and then some) is on screen around the city.
        country = browser.call(f"mapviewer.place({json.dumps(city)}).countryCode")
        assert (
            browser.call(f"document.querySelectorAll('path[data-place-id=\"country:{country}\"]').length") > 0
        )
    # From far in, a focus comes back out to the useful zoom rather than staying in the blank fill.
    browser.js("mapviewer.leafletMap().setZoom(mapviewer.leafletMap().getMaxZoom(), {animate: false}); 0")
    gyeongju = _id_named(browser, "Gyeongju", "city")
    browser.call(f"mapviewer.focus({json.dumps(gyeongju)}, {{animate: false}})")
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == gyeongju, timeout=10_000)
    assert _zoom(browser) <= 7
    assert browser.call("mapviewer.focus(null)") is True
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") is None, timeout=5_000)
    assert browser.page.errors() == []


def test_focus_fits_a_country_or_bloc_to_its_outline(browser, seed_map):
    browser.load(seed_map)
    browser.js("mapviewer.leafletMap().setView([0, -60], 3, {animate: false}); 0")
    assert browser.call("mapviewer.focus('country:MY', {animate: false})") is True
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == "country:MY", timeout=10_000)
    # Peninsular Malaysia and Sabah (Borneo) both in view, not the whole world.
    assert _in_view(browser, 3.1, 101.7) and _in_view(browser, 5.9, 116.1)
    assert not _in_view(browser, 35.7, 139.7), "Tokyo is not in a fit of Malaysia"
    assert browser.call("mapviewer.focus('bloc:ASEAN', {animate: false})") is True
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == "bloc:ASEAN", timeout=10_000)
    for lat, lon in ((21.0, 105.8), (-6.2, 106.8), (16.8, 96.2)):  # Hanoi, Jakarta, Yangon
        assert _in_view(browser, lat, lon)
    assert browser.page.errors() == []


def test_show_only_keeps_those_places_and_their_bloc_layers(browser, seed_map):
    browser.load(seed_map)
    kl = _id_named(browser, "Kuala Lumpur", "city")
    every = browser.call("mapviewer.ids()")
    outlines = "id => document.querySelectorAll('path[data-place-id=\"' + id + '\"]').length"
    assert browser.call(f"mapviewer.showOnly({json.dumps([kl, 'country:MY', 'bloc:ASEAN'])})") is True
    assert browser.call("mapviewer.shownIds()") == [i for i in every if i in {kl, "country:MY", "bloc:ASEAN"}]
    assert browser.call(f"({outlines})('country:JP')") == 0
    assert browser.call(f"({outlines})('country:MY')") > 0
    assert browser.call("mapviewer.layerVisible('bloc:ASEAN')") is True
    assert browser.call("mapviewer.layerVisible('bloc:APEC')") is False
    browser.call("mapviewer.fit(null, false)")
    markers = browser.call("[...document.querySelectorAll('.mv-marker')].map(n => n.dataset.placeId)")
    assert set(markers) <= {kl, "country:MY", "bloc:ASEAN"} and kl in markers
    assert not _in_view(browser, 38.9, -77.0), "the fit is to what is shown, not to Washington"
    assert browser.call("mapviewer.showOnly(null)") is True
    assert browser.call("mapviewer.shownIds()") == every
    assert browser.call(f"({outlines})('country:JP')") > 0
    assert browser.call("mapviewer.layerVisible('bloc:APEC')") is True
    assert browser.page.errors() == []


def test_fit_shows_the_places_asked_for(browser, seed_map):
    browser.load(seed_map)
    assert browser.call("mapviewer.fit(['country:MY', 'country:JP'], false)") is True
    for place in ("country:MY", "country:JP"):
        p = browser.call(f"mapviewer.place('{place}')")
        assert _in_view(browser, p["lat"], p["lon"])
    brazil = browser.call("mapviewer.place('country:BR')")
    assert not _in_view(browser, brazil["lat"], brazil["lon"])
    assert browser.call("mapviewer.fit(null, false)") is True
    for place in browser.call("mapviewer.ids().map(mapviewer.place)"):
        assert _in_view(browser, place["lat"], place["lon"]), place["id"]


def test_a_click_on_the_map_reports_where(browser, seed_map):
    browser.load(seed_map)
    browser.js("window.__points = []; mapviewer.onMapClick((lat, lon) => __points.push([lat, lon])); 0")
    # The South Pacific, far from any marker.
    browser.js("mapviewer.leafletMap().setView([-30, -130], 3, {animate: false}); 0")
    point = browser.call(
        "(p => [Math.round(p.x), Math.round(p.y)])(mapviewer.leafletMap().latLngToContainerPoint([-30, -130]))"
    )
    QTest.mouseClick(browser.view.focusProxy(), Qt.MouseButton.LeftButton, pos=QPoint(*point))
    browser.qtbot.waitUntil(lambda: len(browser.call("__points")) == 1, timeout=5_000)
    lat, lon = browser.call("__points")[0]
    assert abs(lat + 30) < 1 and abs(lon + 130) < 1


def test_editable_popups_offer_fix_on_each_mention(browser, seed_map, seed_result):
    browser.load(seed_map)
    china = "country:CN"
    browser.js("window.__fixes = []; mapviewer.onFixRequest((d, s, e) => __fixes.push([d, s, e])); 0")
    browser.call(f"mapviewer.focus('{china}', {{animate: false}})")
    browser.qtbot.waitUntil(lambda: browser.call("mapviewer.openPopupId()") == china, timeout=10_000)
    plain = browser.call("mapviewer.popupText()")
    assert browser.call("document.querySelectorAll('.leaflet-popup .mv-fix').length") == 0, "not by default"
    assert browser.call("mapviewer.setEditable(true)") is True
    marks = browser.call("document.querySelectorAll('.leaflet-popup mark').length")
    fixes = browser.call("[...document.querySelectorAll('.leaflet-popup .mv-fix')].map(b => b.textContent)")
    assert marks > 1 and fixes == ["Fix…"] * marks, "one Fix... per mention"
    assert browser.call("mapviewer.popupText()") == plain, "the buttons are not part of the text"
    browser.settle()  # the popup's fade-in
    _click(browser, ".leaflet-popup .mv-fix")
    browser.qtbot.waitUntil(lambda: len(browser.call("__fixes")) == 1, timeout=5_000)
    doc_id, start, end = browser.call("__fixes")[0]
    first = browser.call("document.querySelector('.leaflet-popup mark').textContent")
    doc = seed_result.document(doc_id)
    assert doc.text[start:end] == first
    assert any(
        r.mention.doc_id == doc_id
        and (r.mention.start, r.mention.end) == (start, end)
        and r.place.id == china
        for r in seed_result.resolutions
    ), "the offsets are the mention's own"
    assert browser.call("mapviewer.openPopupId()") == china, "the popup stays open"
    assert browser.call("mapviewer.setEditable(false)") is False
    assert browser.call("document.querySelectorAll('.leaflet-popup .mv-fix').length") == 0
    assert browser.page.errors() == []


def test_a_countrys_popup_names_its_mentioned_blocs(browser, seed_map):
    browser.load(seed_map)
    text = browser.call("mapviewer.popupText('country:MY')")
    assert "Member of APEC, ASEAN" in text or "Member of ASEAN, APEC" in text
    assert set(browser.call("mapviewer.place('country:MY').blocs")) == {"ASEAN", "APEC"}


def test_the_title_of_a_set_names_no_one_document_and_leaves_the_layer_list_clear(browser, tmp_path):
    from mapviewer.documents import document_from_text
    from mapviewer.geoparse import Geoparser

    docs = [
        document_from_text(
            f"Report {i}: officials met in Kuala Lumpur, Malaysia, then Tokyo.", title=f"Report {i}"
        )
        for i in range(3)
    ]
    path = write_map_html(Geoparser.open().parse(docs), tmp_path / "set.html")
    for size in (SIZE, SMALL):
        browser.view.resize(*size)
        browser.load(path)
        assert browser.call("document.querySelector('.mv-title-text').textContent") == "3 documents"
        title, layers = _box(browser, ".mv-title"), _box(browser, ".leaflet-control-layers")
        assert not _overlap(title, layers), "the layer list is below the title, not under it"
        assert title[0] >= 0 and title[2] <= size[0]
        if size == SIZE:
            assert browser.call("!!document.querySelector('.leaflet-control-layers-expanded')") is True
