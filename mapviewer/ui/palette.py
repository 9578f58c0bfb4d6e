"""Colours for place kinds, shared by the reading pane highlights and the table's kind swatches."""

from __future__ import annotations

from PySide6.QtGui import QColor

from mapviewer.kinds import KINDS
from mapviewer.kinds import kind_colour as _colour
from mapviewer.kinds import kind_label as _label


def _tint(hex_colour: str, white: float) -> str:
    colour = QColor(hex_colour)
    mix = [round(c + (255 - c) * white) for c in (colour.red(), colour.green(), colour.blue())]
    return QColor(*mix).name()


# The labels and colours are mapviewer.kinds', the ones the map page shows too.
KIND_LABELS: dict[str, str] = {kind: label for kind, (label, _colour_) in KINDS.items()}

PASSAGE_BACKGROUND = QColor("#fff3b0")  # the passage the user is looking at
REVIEWED = QColor("#2f9e44")  # mentions and places a person corrected


def strong(kind: str) -> QColor:
    """The kind's colour: swatches, underlines, the current mention."""
    return QColor(_colour(kind))


def soft(kind: str) -> QColor:
    """A pale tint of the kind's colour: highlight backgrounds that keep the text readable."""
    return QColor(_tint(_colour(kind), 0.84))


def kind_label(kind: str) -> str:
    return _label(kind)
