"""The map page as HTML (no browser): self-contained, offline, and hostile text kept as data."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import folium
import pytest

from mapviewer.webmap import DATA_ELEMENT_ID, TilesError, build_map, map_payload, render_html

# URLs that may appear in the page because they are never fetched: Leaflet's attribution link, the SVG
# namespace, and a bug link in a CSS comment.
HARMLESS_URLS = {
    "https://leafletjs.com",
    "http://www.w3.org/2000/svg",
    "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
}
HOSTILE = (
    "Kuala Lumpur said <script>__pwned = 1</script> and </script><script>__pwned = 2"
    '</script> then <img src=x onerror="__pwned = 3"> and \'single\' "double" `back` quotes, '
    "<!-- comment --> & \u2028 line \u2029 separators, <script>Gyeongju</script> in a tag."
)


def _urls(page: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>)\\]+", page))


def _payload_from_page(page: str) -> dict:
    match = re.search(
        rf'<script type="application/json" id="{DATA_ELEMENT_ID}">(.*?)</script>', page, flags=re.DOTALL
    )
    assert match, "the data element is in the page"
    return json.loads(match.group(1))


@pytest.fixture
def hostile(make_result, places):
    return make_result(
        [
            (
                '<img src=x onerror="__pwned=4"> Title',
                HOSTILE,
                [("Kuala Lumpur", places["kl"]), ("Gyeongju", places["gyeongju"])],
            )
        ]
    )


@pytest.fixture
def small(make_result, places):
    return make_result(
        [
            (
                "Trade talks",
                "Talks in Kuala Lumpur, Malaysia. ASEAN met. Chinese and China. Myanmar too. Texas. Europe.",
                [
                    ("Kuala Lumpur", places["kl"]),
                    ("Malaysia", places["malaysia"]),
                    ("ASEAN", places["asean"]),
                    ("Chinese", places["china"], "demonym"),
                    ("China", places["china"]),
                    ("Myanmar", places["myanmar"]),
                    ("Texas", places["texas"]),
                    ("Europe", places["europe"]),
                ],
            )
        ]
    )


def test_page_fetches_nothing_from_the_network(small):
    page = render_html(small)
    assert _urls(page) <= HARMLESS_URLS
    assert not re.search(r"<script[^>]*\bsrc=", page), "every script is inline"
    assert not re.search(r"<link[^>]*stylesheet", page), "every style is inline"
    assert "url(images/" not in page, "Leaflet's CSS images are inlined as data: URIs"
    assert "sourceMappingURL" not in page


def test_leaflet_and_markercluster_are_inlined(small):
    page = render_html(small)
    assert 'version="1.9.3"' in page or "1.9.3" in page
    assert "MarkerClusterGroup" in page
    assert "window.mapviewer" in page


def test_folium_cdn_defaults_are_left_alone_for_other_maps(small):
    before = list(folium.Map.default_js)
    build_map(small)
    assert folium.Map.default_js == before
    assert any("cdn.jsdelivr.net" in url for _, url in folium.Map.default_js)


def test_tiles_are_opt_in(small):
    assert "tile.openstreetmap.org" not in render_html(small)
    page = render_html(small, tiles="OpenStreetMap")
    payload = _payload_from_page(page)
    assert payload["tiles"]["url"].startswith("https://tile.openstreetmap.org/")
    assert "OpenStreetMap" in payload["tiles"]["attribution"]


@pytest.mark.parametrize("name", ["NoSuchTiles", "MapBox"])
def test_unknown_or_keyed_tiles_are_refused(small, name):
    with pytest.raises(TilesError):
        render_html(small, tiles=name)


def test_payload_lists_each_place_once_with_its_mentions(small):
    payload = map_payload(small)
    by_id = {p["id"]: p for p in payload["places"]}
    assert len(by_id) == len(payload["places"]) == 7
    china = by_id["country:CN"]
    assert china["count"] == 2 and china["kind"] == "country" and china["cc"] == "CN"
    assert by_id["continent:EU"]["kind"] == "region"
    assert by_id["city:1735161"]["country"] == "Malaysia"
    asean = by_id["bloc:ASEAN"]
    assert ["MY", "Malaysia"] in asean["members"] and ["MM", "Myanmar"] in asean["members"]
    # Mentions point into stored passages: the highlighted text is exactly the mention.
    for place in payload["places"]:
        for p_index, start, end, _form in place["m"]:
            _doc, p_start, p_text = payload["passages"][p_index]
            assert p_text[start - p_start : end - p_start] in {
                "Kuala Lumpur",
                "Malaysia",
                "ASEAN",
                "Chinese",
                "China",
                "Myanmar",
                "Texas",
                "Europe",
            }


def test_passages_are_stored_once(small):
    payload = map_payload(small)
    texts = [p[2] for p in payload["passages"]]
    assert len(texts) == len(set(texts))
    assert "Chinese and China." in texts


def test_base_map_has_the_world_outlines(small):
    shapes = map_payload(small)["shapes"]
    assert len(shapes) > 150
    # Myanmar, Hungary, Serbia come from Natural Earth: countryinfo has none for them.
    for code in ("CN", "US", "KR", "MY", "BR", "ZA", "AU", "CA", "JP", "LA", "MM", "HU", "RS", "XK"):
        assert code in shapes
    lon, lat = shapes["CN"][0][0][0]
    assert 70 < lon < 140 and 15 < lat < 55, "outlines are [lon, lat]"
    assert all(len(str(v).split(".")[-1]) <= 3 for v in shapes["KR"][0][0][0]), "rounded to 3 decimals"


def test_hostile_text_never_appears_as_markup(hostile):
    page = render_html(hostile)
    body_data = page.split(f'id="{DATA_ELEMENT_ID}">', 1)[1].split("</script>", 1)[0]
    for needle in ("<script", "</script", "<img", "<!--", "\u2028", "\u2029"):
        assert needle not in body_data
    outside = re.sub(r"<title>.*?</title>", "", page.replace(body_data, ""), flags=re.DOTALL)
    assert "__pwned" not in outside, "the text is only in the JSON (and the escaped <title>)"
    payload = _payload_from_page(page)
    texts = [p[2] for p in payload["passages"]]
    assert any("<script>__pwned = 1</script>" in t for t in texts), "text survives exactly"
    assert payload["documents"][0]["title"] == '<img src=x onerror="__pwned=4"> Title'


def test_page_title_is_escaped(hostile):
    page = render_html(hostile)
    title = re.search(r"<title>(.*?)</title>", page, flags=re.DOTALL).group(1)
    assert "<img" not in title
    assert html.unescape(title) == '<img src=x onerror="__pwned=4"> Title'


def test_titles_of_many_documents_are_summarised(make_result, places):
    docs = [(f"Article {i}", "Kuala Lumpur.", [("Kuala Lumpur", places["kl"])]) for i in range(5)]
    assert map_payload(make_result(docs))["title"] == "Article 0 · Article 1 · and 3 more documents"


def test_empty_result_still_renders(make_result):
    payload = _payload_from_page(render_html(make_result([])))
    assert payload["places"] == [] and payload["title"] == "No documents"


def test_the_core_does_not_import_qt():
    code = (
        "import sys, mapviewer.webmap, mapviewer.export, mapviewer.cli\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(_repo()))


def _repo():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent


def test_the_same_result_renders_to_the_same_bytes(small, make_result, places):
    first = render_html(small)
    assert render_html(small).encode() == first.encode()
    assert not re.search(r"_[0-9a-f]{32}\b", first), "no random folium names are left"
    # The map's name is the same in its <div> and in the script that creates and hands it over.
    name = re.search(r'<div class="folium-map" id="(map_\d+)"', first).group(1)
    assert name == "map_1"
    assert f"var {name} = L.map(" in first and f"window.mapviewer._init({name}," in first
    # Other results get the same names too: exports of different documents differ only in their data.
    other = render_html(make_result([("Other", "Texas.", [("Texas", places["texas"])])]))
    assert 'id="map_1"' in other


def test_renaming_leaves_hex_strings_in_documents_alone(make_result, places):
    digest = "map_0123456789abcdef0123456789abcdef"
    result = make_result(
        [(f"Log {digest}", f"Kuala Lumpur, build {digest}.", [("Kuala Lumpur", places["kl"])])]
    )
    page = render_html(result)
    payload = _payload_from_page(page)
    assert digest in payload["passages"][0][2] and digest in payload["documents"][0]["title"]
    assert digest in re.search(r"<title>(.*?)</title>", page).group(1)


def test_map_text_is_13px(small):
    page = render_html(small)
    assert ".leaflet-container { font-size: 13px; }" in page
    assert "font-size: 1rem" not in page, "folium's 16px default would override map.css"
