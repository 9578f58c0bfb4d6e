"""Geocoding: names to places and map points to places, offline by default, behind geopy's interface.

`OfflineGeocoder` answers from the gazetteer and never uses the network. An online geocoder (any geopy
provider, `OnlineGeocoder`) is used only when the user names one; it is rate-limited, identifies
mapviewer in its User-Agent and remembers every answer on disk.
"""

from __future__ import annotations

from geopy.location import Location

from mapviewer.geocoding import offline, online, unknown
from mapviewer.geocoding.offline import *  # noqa: F403 (the package's interface is its modules')
from mapviewer.geocoding.offline import OFFLINE, OfflineGeocoder, place_from_raw
from mapviewer.geocoding.online import *  # noqa: F403
from mapviewer.geocoding.online import GeocoderConfigError, OnlineGeocoder
from mapviewer.geocoding.unknown import *  # noqa: F403
from mapviewer.geocoding.unknown import place_from_answer
from mapviewer.model import Place

__all__ = ["answer_place", "geocoder_for", "is_offline", *offline.__all__, *online.__all__, *unknown.__all__]


def is_offline(provider: str | None) -> bool:
    return not provider or provider.strip().lower() == OFFLINE


def geocoder_for(provider: str | None, url: str | None = None, gazetteer=None, **options):
    """The geocoder a user chose: the gazetteer for "offline" (or none), else that geopy provider."""
    if is_offline(provider):
        if url:
            raise GeocoderConfigError("the offline geocoder takes no URL: name an online provider too")
        if gazetteer is None:
            from mapviewer.gazetteer import open_gazetteer

            gazetteer = open_gazetteer()
        return OfflineGeocoder(gazetteer)
    return OnlineGeocoder(provider, url, **options)


def answer_place(location: Location, provider: str | None, asked: str = "") -> Place:
    """The place a geocoder's answer stands for: the gazetteer's own, or one named after the provider."""
    place = place_from_raw(location.raw)
    if place is not None:
        return place
    return place_from_answer(location, (provider or "online").strip().lower(), asked)
