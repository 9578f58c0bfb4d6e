"""Geocoding: names to places and map points to places, offline by default, behind geopy's interface.

`OfflineGeocoder` answers from the gazetteer and never uses the network. Online geocoders are geopy's own
providers, used only when the user names one.
"""

from __future__ import annotations

from mapviewer.geocoding.offline import OFFLINE, OfflineGeocoder, importance, nearest, place_from_raw

__all__ = ["OFFLINE", "OfflineGeocoder", "importance", "nearest", "place_from_raw"]
