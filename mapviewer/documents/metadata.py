"""Dates from ISO timestamps, and the title and date a `<stem>.json` sidecar gives a document."""

from __future__ import annotations

import json
import logging
import re
from datetime import date as _date
from pathlib import Path

log = logging.getLogger(__name__)

SPACES_RE = re.compile(r"\s+")
_SIDECAR_MAX_BYTES = 1024 * 1024

# Titles, dates and sidecars
# --------------------------------------------------------------------------------------------------

_ISO_DATE_RE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)")


def iso_date(value: object) -> str | None:
    """The YYYY-MM-DD date at the start of an ISO 8601 date or timestamp, else None."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE_RE.match(value)
    if not match:
        return None
    try:
        return _date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def read_sidecar(path: Path) -> dict[str, str]:
    """Title and date from `<stem>.json` beside the document, when there is a usable one."""
    sidecar = path.with_suffix(".json")
    try:
        if not sidecar.is_file() or sidecar.stat().st_size > _SIDECAR_MAX_BYTES:
            return {}
        data = json.loads(sidecar.read_bytes())
    except (OSError, ValueError) as exc:
        log.warning("Ignoring the unreadable metadata file %s: %s", sidecar, exc)
        return {}
    if not isinstance(data, dict):
        log.warning("Ignoring the metadata file %s: it is not a JSON object", sidecar)
        return {}
    found: dict[str, str] = {}
    title = data.get("title")
    if isinstance(title, str) and title.strip():
        found["title"] = SPACES_RE.sub(" ", title).strip()
    date = iso_date(data.get("date"))
    if date:
        found["date"] = date
    return found


# --------------------------------------------------------------------------------------------------
