"""The map page as HTML (no browser): self-contained, offline, and hostile text kept as data."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import folium
import pytest
from folium.plugins import MarkerCluster

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


def test_our_script_is_small_and_split_by_concern():
    from mapviewer.webmap import assets

    folder = Path(assets.__file__).parent / "js"
    lines = sum(len((folder / name).read_text().splitlines()) for name in assets.SCRIPTS)
    assert set(assets.SCRIPTS) == {p.name for p in folder.glob("*.js")}
    assert lines < 400, lines


def test_folium_cdn_defaults_are_left_alone_for_other_maps(small):
    before = list(folium.Map.default_js)
    build_map(small)
    assert folium.Map.default_js == before
    assert any("cdn.jsdelivr.net" in url for _, url in folium.Map.default_js)


def test_tiles_are_opt_in(small):
    assert "tile.openstreetmap.org" not in render_html(small)
    assert not any(isinstance(c, folium.TileLayer) for c in build_map(small)._children.values())
    m = build_map(small, tiles="OpenStreetMap")
    (tiles,) = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert tiles.tiles.startswith("https://tile.openstreetmap.org/")
    assert "OpenStreetMap" in tiles.options["attribution"]
    assert _payload_from_page(m.get_root().render())["online"] is True


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
    assert ["MY", "Malaysia", True] in asean["members"] and ["VN", "Vietnam", False] in asean["members"]
    # Mentions point into stored passages: the highlighted text is exactly the mention.
    for place in payload["places"]:
        spans = [(p, span) for _doc, groups in place["docs"] for p, group in groups for span in group]
        assert len(spans) == place["count"]
        for p_index, (start, end, _form) in spans:
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


def _geojson(m: folium.Map, name: str) -> folium.GeoJson:
    return next(c for c in m._children.values() if isinstance(c, folium.GeoJson) and c.layer_name == name)


def test_the_map_is_made_of_foliums_objects(small):
    m = build_map(small)
    kinds = {type(c) for c in m._children.values()}
    assert {folium.GeoJson, folium.FeatureGroup, folium.LayerControl} <= kinds
    assert any(isinstance(c, MarkerCluster) for c in m._children.values())
    blocs = [c for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert [b.layer_name.rsplit(">", 1)[-1] for b in blocs] == ["ASEAN members"]
    assert _geojson(m, "Offline map").overlay is False, "the offline outlines are the base layer"
    countries = _geojson(m, "Countries mentioned")
    assert {f["id"] for f in countries.data["features"]} == {"country:MY", "country:CN", "country:MM"}
    # A notebook can add its own folium objects and save: what it adds is in the page.
    folium.Marker([48.85, 2.35], tooltip="Paris, added in a notebook").add_to(m)
    assert "Paris, added in a notebook" in m.get_root().render()


def test_a_region_spanning_countries_is_not_a_bloc_layer(make_result, places):
    from mapviewer.model import Place

    kurdistan = Place("region:kurdistan", "Kurdistan", "region", 36.5, 44.0, members=("TR", "IQ", "IR", "SY"))
    result = make_result(
        [
            (
                "Kurds",
                "Kurdish fighters. ASEAN met.",
                [("Kurdish", kurdistan, "demonym"), ("ASEAN", places["asean"])],
            )
        ]
    )
    page = render_html(result)
    assert "Kurdistan members" not in page and "ASEAN members" in page
    layers = re.search(r"window\.mapviewer\._init\(map_mapviewer, \{(.*?)\}", page, flags=re.DOTALL).group(1)
    assert '"bloc:ASEAN"' in layers and "kurdistan" not in layers


def test_countries_are_named_as_the_table_names_them(make_result):
    from mapviewer.gazetteer.sources import country_display_name
    from mapviewer.model import Place

    bloc = Place("bloc:TEST", "Test bloc", "bloc", 45.0, 20.0, members=("MK", "SZ", "CZ", "XK"))
    payload = map_payload(make_result([("B", "Test bloc.", [("Test bloc", bloc)])]))
    members = {code: name for code, name, _mentioned in payload["places"][0]["members"]}
    assert members == {"MK": "North Macedonia", "SZ": "Eswatini", "CZ": "Czechia", "XK": "Kosovo"}
    assert all(members[code] == country_display_name(code) for code in members)


def test_kinds_labels_and_colours_come_from_python(make_result, places):
    from mapviewer.kinds import KINDS
    from mapviewer.model import Place

    county = Place("county:US-KY-laurel", "Laurel County", "admin", 37.1, -84.1, "US", admin1="KY")
    payload = map_payload(
        make_result([("C", "Laurel County, Texas.", [("Laurel County", county), ("Texas", places["texas"])])])
    )
    assert payload["kinds"] == {kind: list(v) for kind, v in KINDS.items()}
    by_id = {p["id"]: p for p in payload["places"]}
    assert by_id["county:US-KY-laurel"]["kind"] == "county" and KINDS["county"][0] == "County"
    assert by_id["admin:US-TX"]["kind"] == "admin"
    assert by_id["admin:US-TX"]["color"] == KINDS["admin"][1]


def test_a_countrys_popup_data_names_its_mentioned_blocs(small):
    by_id = {p["id"]: p for p in map_payload(small)["places"]}
    assert by_id["country:MY"]["blocs"] == ["ASEAN"]
    assert "blocs" not in by_id["country:CN"]


def test_the_page_credits_its_data(small):
    page = render_html(small)
    assert "GeoNames (CC BY 4.0)" in page
    assert "Countries States Cities Database (ODbL 1.0)" in page


def test_base_map_has_the_world_outlines(small):
    shapes = {
        f["id"]: f["geometry"]["coordinates"]
        for f in _geojson(build_map(small), "Offline map").data["features"]
    }
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
    # The text is in the JSON; only the title is in the markup too (the page's and the title box's), escaped.
    assert "<img" not in outside and "<script>__pwned" not in outside
    assert (
        outside.count("__pwned") == 2
        and outside.count("&lt;img src=x onerror=&quot;__pwned=4&quot;&gt;") == 2
    )
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
    assert map_payload(make_result(docs))["title"] == "5 documents", (
        "no one document's title stands for a set"
    )
    page = render_html(make_result(docs))
    assert 'title="Article 0 · Article 1 · Article 2 · Article 3 · Article 4"' in page


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
    assert not re.search(r"_[0-9a-f]{32}\b", first), "no random folium names"
    # The map's name is ours, in its <div> and in the script that creates and hands it over.
    assert '<div class="folium-map" id="map_mapviewer"' in first
    assert "var map_mapviewer = L.map(" in first and "window.mapviewer._init(map_mapviewer," in first
    other = render_html(make_result([("Other", "Texas.", [("Texas", places["texas"])])]))
    assert 'id="map_mapviewer"' in other


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


def test_a_big_payload_is_encoded_in_pieces_to_the_same_safe_json():
    """payload_json encodes long lists a batch at a time (so a worker rendering a big map lets the window
    draw); what the page reads must be exactly what one json.dumps would give, and still script-safe."""
    from mapviewer.webmap.data import payload_json

    hostile = "</script><!-- & \u2028 \u2029 'quoted' \"text\""
    spans = [[i, i + 5, i % 3] for i in range(0, 25_000, 10)]  # one place named 2,500 times in one document
    payload = {
        "version": 3,
        "passages": [[0, i, f"{hostile} {i}"] for i in range(2_345)],
        "places": [
            {"id": "city:1", "docs": [[0, [[p, spans] for p in range(3)]]]},
            {"id": "city:2", "docs": []},
        ],
        "empty": [],
        "online": False,
    }
    text = payload_json(payload)
    assert json.loads(text) == payload
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    one_call = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        one_call = one_call.replace(char, escape)
    assert text == one_call
