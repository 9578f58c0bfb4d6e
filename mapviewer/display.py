"""Text from outside (file names, document text) made safe to show in a terminal or a message box.

A file may be called "\\x1b[2Jreport.txt": printed raw, the escape would clear the user's terminal. Every
message that names a file shows it through `display_path`, so control characters appear as visible
escapes (`\\x1b`) instead of acting.
"""

from __future__ import annotations

import os
import re
import unicodedata

__all__ = ["display_path", "printable"]

# C0 and C1 controls, DEL, and the invisible characters that reorder or hide text (bidi overrides and
# isolates, zero-width characters, the BOM): a name can use them to look like another.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control or hidden character written as a visible escape.

    Undecodable bytes in a file name (surrogate escapes from the file system) are shown as `\\udcxx`.
    """
    if keep_newlines:
        return "\n".join(printable(line) for line in text.split("\n"))
    text = _HIDDEN.sub(_escape, text)
    if any(unicodedata.category(c) == "Cs" for c in text):
        text = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) == "Cs" else c for c in text)
    return text


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as a message shows it: control characters escaped, nothing else changed."""
    return printable(os.fspath(path))
