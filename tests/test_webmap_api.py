"""The notebook API: mapviewer.parse / parse_text / folium_map, a folium.Map of folium's own objects that
saves to what `mapviewer export` writes and loads offline in a real Chromium (QtWebEngine)."""

from __future__ import annotations

import folium
import pytest
from folium.plugins import MarkerCluster

import mapviewer
from mapviewer.cli import main
from mapviewer.paths import seed_documents


@pytest.fixture(scope="module")
def seed_result():
    return mapviewer.parse(seed_documents())


def test_folium_map_is_made_of_foliums_objects(seed_result):
    m = mapviewer.folium_map(seed_result)
    assert isinstance(m, folium.Map)
    children = list(m._children.values())
    for kind in (folium.GeoJson, MarkerCluster, folium.FeatureGroup, folium.LayerControl):
        assert any(isinstance(c, kind) for c in children), kind.__name__
    assert "<iframe" in m._repr_html_(), "Jupyter shows it inline"


def test_saved_map_is_what_export_writes(seed_result, tmp_path):
    saved = tmp_path / "saved.html"
    mapviewer.folium_map(seed_result).save(str(saved))
    exported = tmp_path / "exported.html"
    assert main(["export", *map(str, seed_documents()), "-o", str(exported), "-q"]) == 0
    assert saved.read_bytes() == exported.read_bytes()


def test_parse_takes_folders_and_text(tmp_path):
    (tmp_path / "a.txt").write_text("Officials met in Kuala Lumpur, Malaysia.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The delegation flew on to Tokyo.", encoding="utf-8")
    folder = mapviewer.parse(tmp_path)
    assert len(folder.documents) == 2
    assert {"country:MY", "country:JP"} <= {r.place.id for r in folder.resolutions} | {
        f"country:{r.place.country_code}" for r in folder.resolutions
    }
    text = mapviewer.parse_text("Officials met in Kuala Lumpur, Malaysia.", title="Note")
    assert text.documents[0].title == "Note"
    assert "country:MY" in {r.place.id for r in text.resolutions}


def test_saved_map_loads_offline_with_every_marker(browser, seed_result, tmp_path):
    """Issue 11, must show 1: offline, every seed marker, no request outside the file, no console error,
    the same places as `mapviewer export` (and a folium object a notebook added)."""
    m = mapviewer.folium_map(seed_result)
    folium.Marker([48.85, 2.35], tooltip="Paris, added in a notebook").add_to(m)
    saved = tmp_path / "notebook.html"
    m.save(str(saved))
    browser.load(saved)
    ids = browser.call("mapviewer.ids()")
    assert set(ids) == {r.place.id for r in seed_result.resolutions}
    assert browser.call("mapviewer.markerIds()") == ids, "every place has its marker"
    clustered = browser.call("mapviewer._core.layers.places.getLayers().length")
    assert clustered == len(ids), "every marker is in folium's MarkerCluster"
    assert (
        browser.call("document.querySelectorAll('.leaflet-marker-icon[src^=\"data:image/png\"]').length") == 1
    )
    browser.qtbot.wait(300)  # time for any late request or error
    assert browser.page.errors() == []
    assert browser.foreign_requests() == []

    exported = tmp_path / "exported.html"
    assert main(["export", *map(str, seed_documents()), "-o", str(exported), "-q"]) == 0
    browser.interceptor.urls.clear()
    browser.load(exported)
    assert browser.call("mapviewer.ids()") == ids, "the same places as mapviewer export"
    assert browser.page.errors() == []
    assert browser.foreign_requests() == []
