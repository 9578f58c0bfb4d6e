"""The user's choices that are not window layout: the online tile provider and the online geocoder.

Qt-free, so the CLI and the app read the same file: `settings.json` in the user's config folder
(`MAPVIEWER_CONFIG_DIR` overrides it, as the tests do), written atomically. A missing file means the
defaults; a damaged one means the defaults plus a warning, and the damaged file is kept until the user
saves new settings over it.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapviewer import tiles
from mapviewer.atomic import atomic_write
from mapviewer.display import display_path
from mapviewer.errors import MapviewerError

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_TILE_PROVIDER",
    "TILE_PROVIDERS",
    "Settings",
    "SettingsError",
    "config_dir",
    "load",
    "save",
    "settings_path",
    "tile_hosts",
    "tile_url",
]

CONFIG_ENV = "MAPVIEWER_CONFIG_DIR"
FILE_NAME = "settings.json"
FORMAT = "mapviewer-settings"

# Tile providers offered in the Settings dialog (xyzservices names, none needs an API key), each with
# world coverage. OpenStreetMap's own servers are not the default: their tile usage policy asks apps
# to use other providers for anything but light use (https://operations.osmfoundation.org/policies/tiles/).
TILE_PROVIDERS: dict[str, str] = {
    "Esri.WorldGrayCanvas": "Esri light grey canvas (quiet, suits shaded countries)",
    "Esri.WorldStreetMap": "Esri streets",
    "Esri.WorldImagery": "Esri satellite imagery",
    "OpenTopoMap": "OpenTopoMap (topographic)",
    "OpenStreetMap.HOT": "OpenStreetMap humanitarian style (OSM France servers)",
    "CyclOSM": "CyclOSM (OSM France servers)",
    "OpenStreetMap.Mapnik": "OpenStreetMap standard (OSM's own servers: light use only)",
}
DEFAULT_TILE_PROVIDER = "Esri.WorldGrayCanvas"
DEFAULT_GEOCODER = "offline"  # the gazetteer; an online geocoder is the user's explicit choice


class SettingsError(MapviewerError):
    """Settings that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    tile_provider: str = DEFAULT_TILE_PROVIDER
    geocoder: str = DEFAULT_GEOCODER
    geocoder_url: str = ""  # a self-hosted service's address, for geocoders that take one
    # Keys this version does not know (a newer version wrote them): kept, so saving does not lose them.
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # Why the file on disk was not used (damaged, wrong types); None when it was read as it is.
    warning: str | None = field(default=None, compare=False)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, warning=None, **changes)


_FIELDS = ("tile_provider", "geocoder", "geocoder_url")


def config_dir() -> Path:
    """The user's config folder (not created here: only saving needs it)."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("mapviewer", appauthor=False))


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def load(path: str | os.PathLike[str] | None = None) -> Settings:
    """The saved settings, or the defaults; never raises (a problem is in the result's `warning`)."""
    path = Path(path) if path is not None else settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(warning=_unusable(path, exc.strerror or str(exc)))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Settings(warning=_unusable(path, f"it is not valid JSON ({exc})"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return Settings(warning=_unusable(path, "it is not a mapviewer settings file"))
    values: dict[str, str] = {}
    bad: list[str] = []
    for name in _FIELDS:
        if name in data:
            if isinstance(data[name], str):
                values[name] = data[name]
            else:
                bad.append(name)
    extra = {k: v for k, v in data.items() if k not in _FIELDS and k not in ("format", "version")}
    warning = _unusable(path, f"{', '.join(bad)} must be text; the default is used") if bad else None
    return Settings(**values, extra=extra, warning=warning)


def save(settings: Settings, path: str | os.PathLike[str] | None = None) -> Path:
    """Write the settings atomically (a killed app leaves the old file whole); raises SettingsError."""
    path = Path(path) if path is not None else settings_path()
    data: dict[str, Any] = {"format": FORMAT, "version": 1}
    data.update(settings.extra)
    data.update({name: getattr(settings, name) for name in _FIELDS})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(
            f"The settings cannot be saved in {display_path(path.parent)}: {exc.strerror or exc}"
        ) from None
    try:
        return atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except MapviewerError as exc:
        raise SettingsError(f"The settings were not saved: {exc}") from None


def _unusable(path: Path, reason: str) -> str:
    return (
        f"The settings file {display_path(path)} was not used: {reason}. The defaults apply until you save."
    )


def tile_url(name: str) -> str:
    """The provider's Leaflet URL template ({s}, {z}, {x}, {y} left in); SettingsError if unusable."""
    return _tiles_or_settings_error(tiles.url_template, name)


def tile_hosts(name: str) -> frozenset[str]:
    """Every host the provider's tiles come from: what the web view lets through when tiles are on."""
    return _tiles_or_settings_error(tiles.hosts, name)


def _tiles_or_settings_error(ask, name: str):
    try:
        return ask(name)
    except tiles.TilesError as exc:
        raise SettingsError(str(exc)) from None
