"""Bench: export a map of 5,000 places and 20,000 mentions, then load it in QtWebEngine.

    .venv/bin/python bench/export_map.py [--places 5000] [--mentions 20000] [--no-load]

Targets (issues 3 and 11): export under 1 s; the file loads (loadFinished true, registry ready) under 3 s.
The documents are synthetic but shaped like news: sentences naming one to three places, a few places
named very often and most rarely (a Zipf-like spread), real countries (so the shading has work to do),
blocs with real members, and cities scattered over the land masses.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from mapviewer.export import write_map_html  # noqa: E402
from mapviewer.model import Document, GeoparseResult, Mention, Passage, Place, Resolution  # noqa: E402
from mapviewer.webmap.basemap import country_name, country_shapes  # noqa: E402

OUT = REPO / "bench" / "out"
TARGET_EXPORT_S = 1.0
TARGET_LOAD_S = 3.0

SYLLABLES = "ka ra me lo san to vi den bur gal mor tes ni ha par sel lin go ra vo ki mar ban do".split()
SUFFIXES = ["", "", "ville", "burg", " City", "pur", "abad", "grad", "ton", " Bay", "ia"]
BLOCS = {
    "ASEAN": ("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"),
    "EU": ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT"),
    "G7": ("CA", "FR", "DE", "IT", "JP", "GB", "US"),
    "BRICS": ("BR", "RU", "IN", "CN", "ZA", "EG", "ET", "IR", "AE"),
    "NATO": ("US", "CA", "GB", "FR", "DE", "IT", "ES", "PL", "TR", "NO"),
    "AU": ("NG", "EG", "ZA", "KE", "ET", "GH", "DZ", "MA"),
    "MERCOSUR": ("AR", "BR", "PY", "UY", "BO"),
    "GCC": ("SA", "AE", "QA", "KW", "BH", "OM"),
}
TEMPLATES = [
    "Officials in {a} said talks with {b} would resume next week after a round of tariff disputes.",
    "Shipping through {a} slowed as insurers raised premiums, traders in {b} said on Tuesday.",
    "The delegation from {a} arrived in {b} for a two-day summit on supply chains and rare earths.",
    "Protesters gathered outside the ministry in {a}, demanding answers about the deal with {b}.",
    "Analysts expect {a} to press {b} and {c} on export curbs before the end of the quarter.",
    "A senior diplomat in {a} warned that sanctions could hit exporters across the region.",
    'Leaders met in {a}, where the host said the "partnership with {b}" was stronger than ever.',
    "Floods near {a} cut the main rail line, delaying grain shipments bound for {b}.",
]


def _name(rng: random.Random) -> str:
    core = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return core.capitalize() + rng.choice(SUFFIXES)


def _point_on_land(rng: random.Random, shapes: dict) -> tuple[float, float, str]:
    """A point near a vertex of a random country outline: close enough to land for a realistic spread."""
    code = rng.choice(list(shapes))
    ring = rng.choice(shapes[code])[0]
    lon, lat = rng.choice(ring)
    return lat + rng.uniform(-1.5, 1.5), lon + rng.uniform(-1.5, 1.5), code


def make_places(n: int, rng: random.Random) -> list[Place]:
    shapes = country_shapes()
    places: list[Place] = []
    for code in list(shapes)[: min(len(shapes), n // 25)]:
        lat, lon, _ = _point_on_land(rng, {code: shapes[code]})
        places.append(Place(f"country:{code}", country_name(code) or code, "country", lat, lon, code))
    for short, members in BLOCS.items():
        lat, lon, _ = _point_on_land(rng, {m: shapes[m] for m in members if m in shapes})
        places.append(Place(f"bloc:{short}", short, "bloc", lat, lon, members=members))
    kinds = ["city"] * 90 + ["admin"] * 6 + ["region"] * 2 + ["water"] * 2
    i = 0
    while len(places) < n:
        i += 1
        lat, lon, code = _point_on_land(rng, shapes)
        kind = rng.choice(kinds)
        cc = None if kind in ("region", "water") else code
        places.append(
            Place(f"{kind}:{100000 + i}", _name(rng), kind, lat, lon, cc, population=rng.randint(500, 10**6))
        )
    return places


def make_result(n_places: int, n_mentions: int, seed: int = 3) -> GeoparseResult:
    rng = random.Random(seed)
    places = make_places(n_places, rng)
    # Zipf-like: place k is named about 1/k as often as the most named one; every place at least once.
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(places))]
    picks = list(places) + rng.choices(places, weights=weights, k=max(0, n_mentions - len(places)))
    rng.shuffle(picks)

    documents: list[Document] = []
    resolutions: list[Resolution] = []
    per_doc = 100
    for d in range(0, len(picks), per_doc):
        doc_id = f"bench{d // per_doc:04d}"
        chunk = picks[d : d + per_doc]
        parts: list[str] = []
        spans: list[tuple[int, int, Place]] = []
        sentences: list[Passage] = []
        offset = 0
        j = 0
        while j < len(chunk):
            template = rng.choice(TEMPLATES)
            slots = [s for s in "abc" if "{" + s + "}" in template]
            names = {}
            sentence = template
            chosen = chunk[j : j + len(slots)]
            j += len(slots)
            for slot, place in zip(slots, chosen, strict=False):
                names[slot] = place
            # Fill slots in order of appearance, recording each name's offsets.
            text = ""
            rest = sentence
            while "{" in rest:
                before, _, after = rest.partition("{")
                slot, _, rest = after.partition("}")
                text += before
                place = names.get(slot)
                label = place.name if place else "the capital"
                if place:
                    spans.append((offset + len(text), offset + len(text) + len(label), place))
                text += label
            text += rest
            sentences.append(Passage(offset, offset + len(text), "sentence"))
            parts.append(text)
            offset += len(text) + 1
        body = " ".join(parts)
        doc = Document(doc_id, body, f"Synthetic wire report {d // per_doc + 1}", sentences=tuple(sentences))
        documents.append(doc)
        sentence_iter = iter(sentences)
        current = next(sentence_iter)
        for start, end, place in spans:
            while not (current.start <= start < current.end):
                current = next(sentence_iter)
            mention = Mention(doc_id, start, end, body[start:end])
            resolutions.append(Resolution(mention, place, rng.uniform(0.5, 1.0), passage=current))
    return GeoparseResult(documents, resolutions)


def load_in_qtwebengine(path: Path) -> tuple[float, float, bool]:
    """Seconds from load() to loadFinished and to the registry being ready, with Chromium already running."""
    from PySide6.QtCore import QEventLoop, QTimer, QUrl
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["mapviewer-bench"])
    profile = QWebEngineProfile()
    view = QWebEngineView()
    page = QWebEnginePage(profile, view)
    view.setPage(page)
    view.resize(1280, 800)
    view.show()

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def js(code: str):
        box: dict = {}
        loop = QEventLoop()
        page.runJavaScript(code, 0, lambda value: (box.setdefault("v", value), loop.quit()))
        loop.exec()
        return box.get("v")

    state: dict = {}
    page.loadFinished.connect(lambda ok: state.setdefault("ok", ok))
    # Warm up: start Chromium's processes with an empty page, as the app has done long before.
    page.setHtml("<p>warm-up</p>")
    while "ok" not in state:
        spin(10)
    state.clear()

    started = time.perf_counter()
    view.load(QUrl.fromLocalFile(str(path)))
    while "ok" not in state and time.perf_counter() - started < 60:
        spin(5)
    finished = time.perf_counter() - started
    ready = False
    while time.perf_counter() - started < 60:
        if js("!!(window.mapviewer && window.mapviewer.ready)"):
            ready = True
            break
        spin(5)
    ready_s = time.perf_counter() - started
    count = js("mapviewer.ids().length") if ready else None
    print(f"  registry reports {count} places")
    view.close()
    page.deleteLater()
    spin(20)
    profile.deleteLater()
    spin(20)
    del app
    return finished, ready_s, bool(state.get("ok")) and ready


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--mentions", type=int, default=20000)
    parser.add_argument("--no-load", action="store_true", help="skip the QtWebEngine load")
    args = parser.parse_args()

    t0 = time.perf_counter()
    result = make_result(args.places, args.mentions)
    made = time.perf_counter() - t0
    print(
        f"synthetic input: {len(result.places())} places, {len(result.resolutions)} mentions, "
        f"{len(result.documents)} documents ({made:.2f} s to make)"
    )

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "map-5000.html"
    t0 = time.perf_counter()
    write_map_html(result, path)
    export_s = time.perf_counter() - t0
    size = path.stat().st_size
    ok_export = export_s < TARGET_EXPORT_S
    print(f"export: {export_s:.2f} s (target < {TARGET_EXPORT_S:.0f} s) {'OK' if ok_export else 'SLOW'}")
    print(f"file: {path} {size / 1e6:.2f} MB ({size:,} bytes)")

    ok_load = True
    if not args.no_load:
        finished, ready_s, ok = load_in_qtwebengine(path)
        ok_load = ok and ready_s < TARGET_LOAD_S
        print(
            f"load: loadFinished after {finished:.2f} s, registry ready after {ready_s:.2f} s "
            f"(target < {TARGET_LOAD_S:.0f} s) {'OK' if ok_load else 'SLOW or FAILED'}"
        )
    return 0 if ok_export and ok_load else 1


if __name__ == "__main__":
    raise SystemExit(main())
