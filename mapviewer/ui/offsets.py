"""Translate between Python string offsets (what the core uses) and QTextDocument positions.

Qt counts UTF-16 code units and turns "\\r\\n" into one paragraph break; Python counts code points. The
reading pane shows a document's text with line breaks normalised, and this map keeps every highlight on
the exact characters the core pointed at.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL_OR_CR = re.compile(r"[\U00010000-\U0010FFFF]|\r\n")


def display_text(text: str) -> str:
    """The text as the reading pane shows it: every line break as "\\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class OffsetMap:
    """Python offset <-> Qt position for one text."""

    def __init__(self, text: str) -> None:
        # Each event changes the shift for every offset after it: +1 after an astral character (a surrogate
        # pair in Qt), -1 after the "\r" of a "\r\n" pair (dropped when shown).
        self._events: list[int] = []
        self._shifts: list[int] = []
        shift = 0
        if not text.isascii() or "\r\n" in text:
            for match in _ASTRAL_OR_CR.finditer(text):
                shift += -1 if match.group() == "\r\n" else 1
                self._events.append(match.start())
                self._shifts.append(shift)
        # Where each event's shift starts to apply, in Qt positions (monotonic, see to_python).
        self._qt_breaks = [e + s for e, s in zip(self._events, self._shifts, strict=True)]
        self._length = len(text)

    def to_qt(self, offset: int) -> int:
        k = bisect_left(self._events, offset)  # events strictly before offset
        return offset + (self._shifts[k - 1] if k else 0)

    def to_python(self, position: int) -> int:
        k = bisect_right(self._qt_breaks, position - 1)
        offset = position - (self._shifts[k - 1] if k else 0)
        return max(0, min(offset, self._length))
