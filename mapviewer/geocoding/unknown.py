"""Places the gazetteer lacks, asked of an online geocoder: "talks at Heathrow", "near the Champs-Elysées".

The geoparser hands over the capitalised names after "in", "near" or "at" that it resolved to nothing
(Geoparser.parse_document's `unknown`); each is asked of the geocoder once (the cache remembers it), and
what it finds becomes a mention of a place whose id names the provider ("nominatim:way/5013364"), so
every export says where it came from. Names the geoparser resolved are never sent anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from geopy.location import Location

from mapviewer.geocoding.cache import GeocodeCache, default_cache
from mapviewer.geocoding.online import provider_names
from mapviewer.model import Document, GeoparseResult, Mention, Place, Resolution

__all__ = [
    "geocoded_place",
    "geoparse_with_geocoder",
    "parse_with_geocoder",
    "place_from_answer",
    "with_geocoded",
]

# Answers that are settlements are cities to the map; everything else a geocoder finds for a name the
# gazetteer lacks (an airport, a street, a landmark) is a site.
_SETTLEMENTS = frozenset(
    {"city", "town", "village", "hamlet", "municipality", "suburb", "borough", "quarter"}
)
_DEFAULT_CONFIDENCE = 0.5  # a provider that gives no importance: as sure as a coin toss


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def place_from_answer(location: Location, provider: str, asked: str) -> Place:
    """A map place from an online geocoder's answer (Nominatim's or Photon's fields where present)."""
    raw = location.raw if isinstance(location.raw, dict) else {}
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else raw  # Photon's GeoJSON
    osm_type, osm_id = _text(str(props.get("osm_type") or "")), props.get("osm_id")
    if osm_type and osm_id is not None:
        ident = f"{osm_type.lower()}/{osm_id}"
    elif raw.get("place_id") is not None:
        ident = str(raw["place_id"])
    else:
        ident = f"{location.latitude:.5f},{location.longitude:.5f}"
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    code = _text(address.get("country_code") or props.get("countrycode")).upper()
    kind = _text(raw.get("addresstype") or props.get("type") or raw.get("type")).lower()
    name = _text(raw.get("name") or props.get("name")) or _text((location.address or "").split(",")[0])
    return Place(
        id=f"{provider}:{ident}",
        name=name or asked,
        kind="city" if kind in _SETTLEMENTS else "site",
        lat=location.latitude,
        lon=location.longitude,
        country_code=code if len(code) == 2 and code.isalpha() else None,
    )


def _confidence(location: Location) -> float:
    importance = location.raw.get("importance") if isinstance(location.raw, dict) else None
    if isinstance(importance, int | float) and 0 < importance <= 1:
        return round(float(importance), 4)
    return _DEFAULT_CONFIDENCE


def geoparse_with_geocoder(
    geoparser,
    documents: Iterable[Document],
    geocoder,
    provider: str | None = None,
    notice: Callable[[str], None] | None = None,
) -> GeoparseResult:
    """Geoparse the documents, asking `geocoder` (an OnlineGeocoder) for the names the gazetteer lacks.

    Each distinct name is asked once per run; a name it does not know stays unmarked. A GeocodingError
    (offline, rate-limited...) stops the asking and reaches the caller, who says so."""
    documents = list(documents)
    answers: dict[str, tuple[Place, float] | None] = {}
    resolutions: list[Resolution] = []
    for doc in documents:
        resolutions.extend(parse_with_geocoder(geoparser, doc, geocoder, answers, notice, provider))
    return GeoparseResult(documents, resolutions)


def parse_with_geocoder(
    geoparser,
    doc: Document,
    geocoder,
    answers: dict[str, tuple[Place, float] | None] | None = None,
    notice: Callable[[str], None] | None = None,
    provider: str | None = None,
) -> list[Resolution]:
    """One document's resolutions, with the places `geocoder` finds for the names the gazetteer lacks.

    `answers` carries what was asked across documents; `notice` hears each name before it is asked
    (and may raise to stop, as a cancelled task does)."""
    provider = provider or geocoder.name
    answers = answers if answers is not None else {}
    unknown: list = []
    found = geoparser.parse_document(doc, unknown=unknown)
    for span in unknown:
        if span.text not in answers:
            if notice is not None:
                notice(f"Asking {geocoder.label} about “{span.text}”")
            location = geocoder.geocode(span.text)
            answers[span.text] = (
                None
                if location is None
                else (place_from_answer(location, provider, span.text), _confidence(location))
            )
        answer = answers[span.text]
        if answer is None:
            continue
        found.append(
            Resolution(
                mention=Mention(doc.id, span.start, span.end, span.text, "name"),
                place=answer[0],
                confidence=answer[1],
                passage=doc.passage_at(span.start),
                rule=span.rule,
                resolved_by=f"geocoder:{provider}",
            )
        )
    return sorted(found, key=lambda r: (r.mention.start, r.mention.end))


def geocoded_place(place_id: str, cache: GeocodeCache | None = None) -> Place | None:
    """A place an online geocoder found earlier on this machine, by its id, from the geocoding cache.

    This is how a correction naming "nominatim:way/5013364" finds its place again (the gazetteer
    cannot). None for a gazetteer id or an answer no longer cached."""
    provider, _, rest = place_id.partition(":")
    if not rest or provider not in provider_names():
        return None
    cache = cache if cache is not None else default_cache()
    for key, answer in cache.items():
        if not key or key[0] != provider:
            continue
        asked = key[3] if len(key) > 3 and isinstance(key[3], str) else ""
        for address, lat, lon, raw in answer:
            place = place_from_answer(Location(address, (lat, lon), raw), provider, asked)
            if place.id == place_id:
                return place
    return None


def with_geocoded(place_of: Callable[[str], Place | None]) -> Callable[[str], Place | None]:
    """A place lookup (the gazetteer's) that also knows the places online geocoders found."""

    def lookup(place_id: str) -> Place | None:
        return place_of(place_id) or geocoded_place(place_id)

    return lookup
