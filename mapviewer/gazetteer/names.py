"""How place names are compared: one normal form shared by the index and the recognizer."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-", "\u2013": "-"}
)
_SPACES = re.compile(r"\s+")
_SPACED_ABBREVIATION = re.compile(r"(?<=\b\w)\.\s+(?=\w{1,3}\.)")


def name_key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key: "Kuala  Lumpur" and "Kuála lumpur" agree."""
    text = name.translate(_APOSTROPHES)
    if not text.isascii():  # ASCII is its own decomposition and has no combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    key = _SPACES.sub(" ", text).strip().casefold()
    key = _SPACED_ABBREVIATION.sub(".", key)  # "W. Va." is "W.Va.", "D. C." is "D.C."
    # "St. Louis", "St Louis" and "Saint Louis" are one name; likewise Mount and Fort.
    return _PREFIXES.sub(lambda m: _PREFIX_WORDS[m.group(1)] + " ", key)


_PREFIX_WORDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_PREFIXES = re.compile(r"\b(st|ste|mt|ft)\.? ")


_LATIN = re.compile(r"^[A-Za-z0-9 .,'()\-&/]+$")


def is_latin_name(name: str) -> bool:
    """True for names written in (accent-stripped) Latin script, the only ones English text uses."""
    stripped = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return bool(_LATIN.match(stripped)) and any(ch.isalpha() for ch in stripped)
