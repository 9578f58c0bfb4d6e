"""Where mapviewer finds its bundled data and keeps its cache, from a checkout or an installed wheel."""

from __future__ import annotations

import os
from pathlib import Path

from mapviewer.display import display_path
from mapviewer.errors import CacheError

_PACKAGE = Path(__file__).resolve().parent
CACHE_ENV = "MAPVIEWER_CACHE_DIR"


def _bundled(name: str) -> Path:
    # A wheel carries the folders inside the package; a checkout keeps them beside it.
    inside = _PACKAGE / "_data" / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def resources_dir() -> Path:
    return _bundled("resources")


def seeds_dir() -> Path:
    return _bundled("seeds")


def seed_documents() -> list[Path]:
    """The bundled documents the app opens by default."""
    folder = seeds_dir()
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".txt", ".md", ".html", ".htm"})


def cache_dir() -> Path:
    """The user's cache folder (MAPVIEWER_CACHE_DIR overrides it, as the tests do), created if missing.

    Raises CacheError, with what to do, when it cannot be a folder (a file is in its place, a parent
    cannot be written).
    """
    override = os.environ.get(CACHE_ENV)
    if override:
        path = Path(override)
    else:
        from platformdirs import user_cache_dir

        path = Path(user_cache_dir("mapviewer", appauthor=False))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise CacheError(_unusable(path, "something that is not a folder is in its place")) from None
    except OSError as exc:
        raise CacheError(_unusable(path, exc.strerror or str(exc))) from None
    if not path.is_dir():
        raise CacheError(_unusable(path, "something that is not a folder is in its place"))
    return path


def _unusable(path: Path, reason: str) -> str:
    return (
        f"The cache folder {display_path(path)} cannot be used: {reason}. "
        f"Fix or remove it, or set {CACHE_ENV} to a folder you may write to."
    )
