"""Online tile providers by xyzservices name: the one lookup behind the map page, the CLI and the settings.

Light on purpose (xyzservices only, imported when asked): the settings and the CLI check a name without
loading folium.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from mapviewer.errors import MapviewerError

__all__ = ["TilesError", "hosts", "leaflet_options", "provider", "url_template"]


class TilesError(MapviewerError):
    """The tile provider asked for is unknown or needs an API key."""


def provider(name: str):
    """The xyzservices provider ("OpenTopoMap", "CartoDB.Positron"; plain "OpenStreetMap" is Mapnik)."""
    import xyzservices

    query = "OpenStreetMap Mapnik" if name.strip().lower() == "openstreetmap" else name
    try:
        found = xyzservices.providers.query_name(query)
    except ValueError:
        raise TilesError(
            f"unknown tile provider {name!r}: use an xyzservices provider name such as 'OpenTopoMap'"
        ) from None
    if found.requires_token():
        raise TilesError(f"tile provider {found.name!r} needs an API key; pick one that does not")
    return found


def url_template(name: str) -> str:
    """The provider's Leaflet URL template, {s}, {z}, {x} and {y} left in."""
    return provider(name).build_url(fill_subdomain=False, scale_factor="")


def leaflet_options(name: str) -> dict[str, Any]:
    """What a Leaflet tile layer needs: name, url, attribution, maxZoom (and subdomains if any)."""
    found = provider(name)
    options: dict[str, Any] = {
        "name": found.name,
        "url": found.build_url(fill_subdomain=False, scale_factor=""),
        "attribution": found.get("html_attribution") or found.get("attribution", ""),
        "maxZoom": found.get("max_zoom", 18),
    }
    if found.get("subdomains"):
        options["subdomains"] = found["subdomains"]
    return options


def hosts(name: str) -> frozenset[str]:
    """Every host the provider's tiles come from: all the web view lets through when tiles are on."""
    found = provider(name)
    template = found.build_url(fill_subdomain=False, scale_factor="")
    subdomains = found.get("subdomains") or "abc"  # Leaflet's default when a template has {s}
    templates = [template.replace("{s}", sub) for sub in subdomains] if "{s}" in template else [template]
    named = (urlsplit(url.replace("{", "").replace("}", "")).hostname for url in templates)
    return frozenset(host.lower() for host in named if host)
