"""What online geocoders answered, kept on disk so that asking the same thing again sends nothing.

One JSON file in the cache folder (`MAPVIEWER_GEOCODE_CACHE` names another file, as the tests do),
written atomically (mapviewer/atomic.py) after each new answer: a crash keeps the answers before it.
Each key is (provider, base URL, what was asked); a miss is kept too, as an empty answer.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from mapviewer.atomic import atomic_write
from mapviewer.display import display_path
from mapviewer.errors import MapviewerError
from mapviewer.paths import cache_dir

__all__ = ["CACHE_ENV", "GeocodeCache", "default_cache"]

CACHE_ENV = "MAPVIEWER_GEOCODE_CACHE"
FORMAT = "mapviewer-geocode-cache"
log = logging.getLogger(__name__)


class GeocodeCache:
    """A dict of answers backed by one file; thread-safe. A damaged file is set aside, never trusted."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._answers: dict[str, list] | None = None

    @staticmethod
    def _key(key: tuple) -> str:
        return json.dumps(list(key), ensure_ascii=False, separators=(",", ":"))

    def _read(self) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("the geocoding cache %s cannot be read (%s); starting afresh", self.path, exc)
            return {}
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or not isinstance(data.get("answers"), dict)
        ):
            log.warning("the geocoding cache %s is not one mapviewer wrote; starting afresh", self.path)
            return {}
        return {k: v for k, v in data["answers"].items() if isinstance(v, list)}

    def get(self, key: tuple) -> list | None:
        """The stored answer (a list of locations, maybe empty), or None when this was never asked."""
        with self._lock:
            if self._answers is None:
                self._answers = self._read()
            return self._answers.get(self._key(key))

    def put(self, key: tuple, answer: list) -> None:
        """Keep an answer, merged with what other processes wrote meanwhile. A cache that cannot be
        written only costs a repeated request later, so that is a warning, not an error."""
        with self._lock:
            answers = self._read()
            answers.update(self._answers or {})
            answers[self._key(key)] = answer
            self._answers = answers
            text = json.dumps({"format": FORMAT, "version": 1, "answers": answers}, ensure_ascii=False)
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(self.path, text)
            except (OSError, MapviewerError) as exc:
                log.warning("geocoding answers not saved to %s: %s", display_path(self.path), exc)

    def items(self) -> list[tuple[list, list]]:
        """Every (key, answer) kept, the key as the list it was given as; rereads the file."""
        with self._lock:
            self._answers = {**self._read(), **(self._answers or {})}
            return [(json.loads(k), v) for k, v in self._answers.items()]

    def __len__(self) -> int:
        with self._lock:
            if self._answers is None:
                self._answers = self._read()
            return len(self._answers)


def default_cache() -> GeocodeCache:
    """The cache file in the user's cache folder (CacheError when that folder cannot be used)."""
    override = os.environ.get(CACHE_ENV)
    return GeocodeCache(Path(override) if override else cache_dir() / "geocoding.json")
