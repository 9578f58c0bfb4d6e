"""What kinds of place there are, as a reader sees them: one label and one colour each.

Defined once here; the places table, the reading pane and the map page (which gets them as JSON) all
show these, so a highlight, its table swatch and its marker always agree.
"""

from __future__ import annotations

from mapviewer.model import Place

# kind -> (label, colour); the order is the legend's.
KINDS: dict[str, tuple[str, str]] = {
    "city": ("City", "#6741d9"),
    "county": ("County", "#862e9c"),
    "admin": ("State or province", "#c2255c"),
    "country": ("Country", "#1864ab"),
    "region": ("Region", "#b35c00"),
    "water": ("Sea or strait", "#0b7285"),
    "bloc": ("Bloc or organisation", "#2b8a3e"),
    # A place only an online geocoder knew (an airport, a street, a landmark): mapviewer.geocoding.
    "site": ("Site", "#495057"),
}
_FALLBACK = ("Place", "#5c5f66")
_ALIASES = {"continent": "region"}  # a gazetteer kind shown as another


def display_kind(place: Place) -> str:
    """The kind shown and exported: US counties are counties (the gazetteer files them as admin areas),
    continents are regions to a reader."""
    if place.id.startswith("county:"):
        return "county"
    if place.kind == "continent":
        return "region"
    return place.kind if place.kind in KINDS else "region"


def kind_label(kind: str) -> str:
    return KINDS.get(_ALIASES.get(kind, kind), _FALLBACK)[0]


def kind_colour(kind: str) -> str:
    return KINDS.get(_ALIASES.get(kind, kind), _FALLBACK)[1]
