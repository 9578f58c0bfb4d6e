"""The JSON the page draws from: places, their mentions as offsets into shared passages, and outlines.

Document text reaches the page only through this JSON (parsed with JSON.parse, shown with textContent),
never as markup. Passages are stored once and mentions point into them, so a sentence that names three
places costs its text once.
"""

from __future__ import annotations

import json
import math
from typing import Any

from mapviewer.kinds import KINDS, display_kind
from mapviewer.model import Document, GeoparseResult, Place, Resolution

from . import basemap

PAYLOAD_VERSION = 2
FORMS = ("name", "abbreviation", "demonym", "metonym", "bloc")
# How far a mention's context reaches when the geoparser gave it no passage.
_CONTEXT_CHARS = 160

# Keeping '<', '>' and '&' out of the JSON text means no "</script>" or "<!--" can end its element early;
# U+2028/2029 are escaped for old JS parsers that treat them as line ends.
_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def output_kind(place: Place) -> str:
    """The kind shown and exported (see mapviewer.kinds.display_kind)."""
    return display_kind(place)


def passage_bounds(doc: Document, res: Resolution) -> tuple[int, int]:
    """The sentence around a mention: the geoparser's passage, else the document's, else a window."""
    passage = res.passage or doc.passage_at(res.mention.start)
    if passage is not None and passage.start <= res.mention.start and res.mention.end <= passage.end:
        return passage.start, passage.end
    text = doc.text
    start = max(0, res.mention.start - _CONTEXT_CHARS)
    end = min(len(text), res.mention.end + _CONTEXT_CHARS)
    # Widen to whole words so the context does not start or end mid-word.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def map_title(documents: list[Document]) -> str:
    """One document's title, or how many documents a set is (no one document stands for the set)."""
    if not documents:
        return "No documents"
    if len(documents) == 1:
        return documents[0].title.strip() or documents[0].id
    return f"{len(documents)} documents"


def _coord(value: float) -> float | None:
    return round(value, 5) if math.isfinite(value) else None


# Each bloc's own colour, shared by its marker, its members' outlines and its legend row.
BLOC_COLOURS = ("#2b8a3e", "#1c7ed6", "#ae3ec9", "#e8590c", "#0c8599", "#c2255c")
# Country shading ramp (ColorBrewer OrRd); classes take evenly spaced colours from it.
_SHADE_RAMP = ("#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000")
_MAX_CLASSES = 6


def marker_size(count: int, max_count: int) -> int:
    """Marker diameter in pixels: 14 for one mention up to 34 for the most mentioned place."""
    t = math.sqrt((count - 1) / (max_count - 1)) if max_count > 1 else 0.0
    return round(14 + 20 * t)


def short_count(n: int) -> str:
    if n < 1000:
        return str(n)
    return f"{n / 1000:.1f}".removesuffix(".0") + "k" if n < 10000 else f"{round(n / 1000)}k"


def _ramp(t: float) -> str:
    x = max(0.0, min(1.0, t)) * (len(_SHADE_RAMP) - 1)
    i = min(len(_SHADE_RAMP) - 2, math.floor(x))
    a, b = int(_SHADE_RAMP[i][1:], 16), int(_SHADE_RAMP[i + 1][1:], 16)
    rgb = [round(((a >> k) & 255) + (((b >> k) & 255) - ((a >> k) & 255)) * (x - i)) for k in (16, 8, 0)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def shade_classes(max_count: int) -> list[tuple[int, int, str]]:
    """(low, high, colour) classes of mention counts for the country shading: even steps on a log scale."""
    if max_count < 1:
        return []
    n = min(_MAX_CLASSES, max_count)
    lows: list[int] = []
    for i in range(n):
        low = max(1, round(math.exp(math.log(max_count) * i / n)))
        if not lows or low > lows[-1]:
            lows.append(low)
    classes = []
    for j, low in enumerate(lows):
        high = lows[j + 1] - 1 if j + 1 < len(lows) else max_count
        # The lightest ramp colours vanish on the land colour, so classes start a little way in.
        t = 0.55 if len(lows) == 1 else 0.2 + 0.8 * j / (len(lows) - 1)
        classes.append((low, high, _ramp(t)))
    return classes


def shade_for(classes: list[tuple[int, int, str]], count: int) -> str:
    for low, _high, colour in reversed(classes):
        if count >= low:
            return colour
    return classes[0][2]


def _dot(colour: str, size: int, label: str) -> str:
    """A marker's dot as markup (our colour and count only), its font sized so "648" or "12k" fits."""
    font = max(9.0, min(size / 2.6, (size - 10) / (0.68 * len(label)))) if label else 9.0
    return f'<div class="mv-dot" style="background:{colour};font-size:{font:.1f}px">{label}</div>'


def _plural(n: int, one: str) -> str:
    if n == 1:
        return f"{n} {one}"
    return f"{n} {one[:-1]}ies" if one.endswith("y") else f"{n} {one}s"


def short_name(place: Place) -> str:
    """Blocs are known by their short names ("ASEAN"), which their id carries."""
    return place.id[5:] if place.id.startswith("bloc:") else place.name


def map_payload(result: GeoparseResult, tiles: str | None = None) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-ready data (see webmap/js/ for how it is read)."""
    doc_index = {doc.id: i for i, doc in enumerate(result.documents)}
    passages: list[list[Any]] = []
    passage_ids: dict[tuple[int, int, int], int] = {}
    form_ids = {form: i for i, form in enumerate(FORMS)}
    grouped = result.places()
    max_count = max((pm.count for pm in grouped), default=1)
    bloc_colour: dict[str, str] = {}
    for pm in grouped:
        if pm.place.kind == "bloc" and pm.place.members:
            bloc_colour[pm.place.id] = BLOC_COLOURS[len(bloc_colour) % len(BLOC_COLOURS)]
    blocs_of: dict[str, list[str]] = {}
    for pm in grouped:
        if pm.place.id in bloc_colour:
            for code in pm.place.members:
                blocs_of.setdefault(code, []).append(short_name(pm.place))

    mentioned = {pm.place.country_code for pm in grouped if pm.place.kind == "country"}
    places: list[dict[str, Any]] = []
    for pm in grouped:
        place = pm.place
        # doc index -> passage index -> [start, end, form] spans, in document and text order.
        docs: dict[int, dict[int, list[list[int]]]] = {}
        words: dict[str, int] = {}
        for res in pm.resolutions:
            m = res.mention
            d = doc_index.get(m.doc_id)
            if d is None:
                continue  # a resolution whose document is not in the result cannot be shown
            doc = result.documents[d]
            start, end = passage_bounds(doc, res)
            key = (d, start, end)
            p = passage_ids.get(key)
            if p is None:
                p = passage_ids[key] = len(passages)
                passages.append([d, start, doc.text[start:end]])
            docs.setdefault(d, {}).setdefault(p, []).append([m.start, m.end, form_ids.get(m.form, 0)])
            word = doc.text[m.start : m.end]
            words[word] = words.get(word, 0) + 1
        count = sum(words.values())
        kind = display_kind(place)
        size = marker_size(count, max_count)
        country = basemap.country_name(place.country_code)
        entry: dict[str, Any] = {
            "id": place.id,
            "name": place.name,
            "kind": kind,
            "cc": place.country_code,
            "country": country,
            "lat": _coord(place.lat),
            "lon": _coord(place.lon),
            "count": count,
            "docs": [
                [d, [[p, sorted(spans)] for p, spans in by_p.items()]] for d, by_p in sorted(docs.items())
            ],
            "color": bloc_colour.get(place.id) or KINDS[kind][1],
            "size": size,
        }
        entry["dot"] = _dot(entry["color"], size, short_count(count) if size >= 22 and count > 1 else "")
        # The popup's first lines, as [class, text]: the page shows them with textContent.
        meta = [KINDS[kind][0], (place.country_code if kind == "country" else country) or ""]
        head = [["mv-pop-name", place.name], ["mv-pop-meta", " · ".join(filter(None, meta))]]
        if kind == "country" and place.country_code in blocs_of:
            entry["blocs"] = blocs_of[place.country_code]
            head.append(["mv-pop-blocs", "Member of " + ", ".join(entry["blocs"])])
        head.append(["mv-pop-count", f"{_plural(count, 'mention')} in {_plural(len(docs), 'document')}"])
        if len(words) > 1 or (words and place.name not in words):
            named = [f"{w} ({n})" if n > 1 else w for w, n in words.items()]
            head.append(["mv-pop-forms", "Named as: " + ", ".join(named)])
        entry["head"] = head
        corrected = sum(1 for res in pm.resolutions if res.corrected)
        if corrected:
            entry["corrected"] = corrected  # mentions a person pointed here
        if place.members:
            entry["members"] = [[c, basemap.country_name(c), c in mentioned] for c in place.members]
            n = len(place.members)
            # A bloc has members; a region such as Kurdistan only lies across countries.
            entry["membersTitle"] = (
                _plural(n, "member") if kind == "bloc" else f"Across {_plural(n, 'country')}"
            )
        places.append(entry)

    return {
        "version": PAYLOAD_VERSION,
        "title": map_title(result.documents),
        "documents": [{"id": d.id, "title": d.title.strip() or d.id} for d in result.documents],
        "forms": list(FORMS),
        "kinds": {kind: list(label_colour) for kind, label_colour in KINDS.items()},
        "passages": passages,
        "places": places,
        "online": bool(tiles),
    }


# List items per json.dumps call. One call holds the GIL throughout: for a big document's payload (20 MB)
# that was 0.65 s in which the window, waiting for the worker rendering the map, could not draw.
_BATCH = 1000


def payload_json(payload: dict[str, Any]) -> str:
    """JSON safe to place verbatim inside <script type="application/json">: the same bytes as one compact
    json.dumps, but encoded in short pieces (a long list a batch at a time, a long item on its own)."""
    pieces: list[str] = []
    _encode(payload, pieces)
    return "".join(pieces)


def _encode(value: Any, out: list[str]) -> None:
    if isinstance(value, dict) and _long(value):
        for i, (key, item) in enumerate(value.items()):
            out.append(("{" if i == 0 else ",") + _safe_json(key) + ":")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, list) and _long(value):
        out.append("[")
        for start in range(0, len(value), _BATCH):
            batch = value[start : start + _BATCH]
            if start:
                out.append(",")
            if any(_long(item) for item in batch):
                for i, item in enumerate(batch):
                    if i:
                        out.append(",")
                    _encode(item, out)
            else:
                out.append(_safe_json(batch)[1:-1])
        out.append("]")
    else:
        out.append(_safe_json(value))


def _long(value: Any) -> bool:
    """Whether the value holds a list of more than _BATCH items (looking through small containers only)."""
    if isinstance(value, dict):
        return any(isinstance(v, list | dict) and _long(v) for v in value.values())
    if isinstance(value, list):
        if len(value) > _BATCH:
            return True
        return len(value) <= 4 and any(isinstance(v, list | dict) and _long(v) for v in value)
    return False


def _safe_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in _JSON_ESCAPES:  # str.replace: many times faster than translate on megabytes
        text = text.replace(char, escape)
    return text
