"""Colours for place kinds, shared by the reading pane highlights and the table's kind swatches."""

from __future__ import annotations

from PySide6.QtGui import QColor

# The map's marker colours (mapviewer/webmap/registry.js, KINDS), so a highlight and its marker match.
_STRONG: dict[str, str] = {
    "city": "#6741d9",
    "admin": "#c2255c",
    "country": "#1864ab",
    "region": "#b35c00",
    "water": "#0b7285",
    "bloc": "#2b8a3e",
    "continent": "#5c5f66",
}
_FALLBACK = "#5c5f66"


def _tint(hex_colour: str, white: float) -> str:
    colour = QColor(hex_colour)
    mix = [round(c + (255 - c) * white) for c in (colour.red(), colour.green(), colour.blue())]
    return QColor(*mix).name()


KIND_LABELS: dict[str, str] = {
    "country": "Country",
    "city": "City",
    "admin": "State or province",
    "region": "Region",
    "water": "Sea or strait",
    "bloc": "Bloc",
    "continent": "Continent",
}

PASSAGE_BACKGROUND = QColor("#fff3b0")  # the passage the user is looking at
REVIEWED = QColor("#2f9e44")  # mentions and places a person corrected


def strong(kind: str) -> QColor:
    """The kind's colour: swatches, underlines, the current mention."""
    return QColor(_STRONG.get(kind, _FALLBACK))


def soft(kind: str) -> QColor:
    """A pale tint of the kind's colour: highlight backgrounds that keep the text readable."""
    return QColor(_tint(_STRONG.get(kind, _FALLBACK), 0.84))


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.capitalize())
