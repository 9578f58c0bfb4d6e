"""mapviewer/settings.py: the user's tile provider and geocoder, saved atomically, read back whole."""

from __future__ import annotations

import json

import pytest

from mapviewer import settings
from mapviewer.settings import Settings, SettingsError


@pytest.fixture
def config(tmp_path, monkeypatch):
    folder = tmp_path / "config" / "mapviewer"
    monkeypatch.setenv(settings.CONFIG_ENV, str(folder))
    return folder


def test_no_file_means_the_defaults_and_nothing_is_written(config):
    loaded = settings.load()
    assert loaded == Settings() and loaded.warning is None
    assert loaded.tile_provider == settings.DEFAULT_TILE_PROVIDER
    assert not config.exists()


def test_saved_settings_come_back_and_the_folder_is_made(config):
    chosen = Settings().replace(
        tile_provider="OpenTopoMap", geocoder="nominatim", geocoder_url="http://127.0.0.1:1/"
    )
    written = settings.save(chosen)
    assert written == config / "settings.json"
    assert settings.load() == chosen
    assert sorted(p.name for p in config.iterdir()) == ["settings.json"]  # no temp file left beside it


def test_keys_from_a_newer_version_survive_a_save(config):
    config.mkdir(parents=True)
    (config / "settings.json").write_text(
        json.dumps(
            {"format": "mapviewer-settings", "version": 2, "tile_provider": "CyclOSM", "theme": "dark"}
        ),
        encoding="utf-8",
    )
    loaded = settings.load()
    assert loaded.tile_provider == "CyclOSM" and loaded.warning is None
    settings.save(loaded.replace(geocoder="photon"))
    data = json.loads((config / "settings.json").read_text(encoding="utf-8"))
    assert data["theme"] == "dark" and data["geocoder"] == "photon" and data["tile_provider"] == "CyclOSM"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "mapviewer-settings", "tile_provider": ', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b'["a list"]', "not a mapviewer settings file"),
        (b'{"format": "mapviewer-project"}', "not a mapviewer settings file"),
        (b'{"format": "mapviewer-settings", "tile_provider": 42}', "tile_provider must be text"),
    ],
)
def test_a_damaged_file_gives_the_defaults_a_warning_and_stays_as_it_was(config, content, reason):
    config.mkdir(parents=True)
    path = config / "settings.json"
    path.write_bytes(content)
    loaded = settings.load()
    assert loaded.tile_provider == settings.DEFAULT_TILE_PROVIDER
    assert reason in loaded.warning and str(path) in loaded.warning
    assert path.read_bytes() == content  # kept until the user saves over it


def test_a_folder_in_place_of_the_file_is_a_warning_not_a_crash(config):
    (config / "settings.json").mkdir(parents=True)
    assert "was not used" in settings.load().warning


def test_saving_where_a_file_blocks_the_folder_is_a_settings_error(tmp_path, monkeypatch):
    blocker = tmp_path / "config"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(settings.CONFIG_ENV, str(blocker / "mapviewer"))
    with pytest.raises(SettingsError, match="cannot be saved"):
        settings.save(Settings())
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_tile_hosts_are_the_providers_own():
    assert settings.tile_hosts("Esri.WorldGrayCanvas") == {"server.arcgisonline.com"}
    # {s} in a template: Leaflet's default subdomains a, b, c.
    assert settings.tile_hosts("OpenTopoMap") == {f"{s}.tile.opentopomap.org" for s in "abc"}
    assert "{z}" in settings.tile_url("OpenTopoMap")


def test_the_default_provider_is_not_openstreetmaps_own_servers():
    assert "tile.openstreetmap.org" not in settings.tile_hosts(settings.DEFAULT_TILE_PROVIDER)


def test_unknown_and_keyed_providers_are_refused():
    with pytest.raises(SettingsError, match="unknown tile provider"):
        settings.tile_hosts("No Such Tiles")
    with pytest.raises(SettingsError, match="API key"):
        settings.tile_hosts("Thunderforest.OpenCycleMap")


def test_every_offered_provider_also_builds_a_map_layer_the_view_lets_through():
    from urllib.parse import urlsplit

    from mapviewer.tiles import leaflet_options  # what the exported map and the app's page use

    for name in settings.TILE_PROVIDERS:
        options = leaflet_options(name)
        assert options["attribution"], name
        subdomains = options.get("subdomains") or "abc"
        url = options["url"].replace("{s}", subdomains[0])
        assert urlsplit(url).hostname in settings.tile_hosts(name), name
