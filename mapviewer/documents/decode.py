"""Bytes to text: refuse binaries, find the encoding, and never replace undecodable bytes silently."""

from __future__ import annotations

import codecs
import re

from mapviewer.errors import BinaryFileError, DecodingError

# Binary detection and decoding
# --------------------------------------------------------------------------------------------------

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (Word .docx, OpenDocument and EPUB files are ZIP archives too)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a GZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "a program"),
    (b"MZ\x90\x00", "a Windows program"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an XZ archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 control characters that ordinary text never holds (tab, newlines and form feed are fine; so is
# a DOS end-of-file mark ^Z as the very last byte).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ASCII_BYTES = bytes(range(0x80))
_CP1252_ONLY = bytes(range(0x80, 0xA0))  # where Windows-1252 and Latin-1 differ
# Windows-1252, with Latin-1 standing in for the five bytes Windows-1252 leaves undefined.
_CP1252_TABLE = "".join(
    bytes([b]).decode("cp1252", errors="ignore") or bytes([b]).decode("latin-1") for b in range(256)
)
_LEGACY_MAX_HIGH_SHARE = 0.3
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_NOT_TEXT = "Choose a text, Markdown or HTML file (or save the document as plain text first)."


def reject_binary(data: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryFileError(f"{name} is not text: it looks like {kind}. {_NOT_TEXT}")


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """The text and the name of the encoding that decoded it; never replaces undecodable bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                raise DecodingError(
                    f"{name} starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.removesuffix('-sig').upper()}: it may be damaged. "
                    "Open it in a text editor and save it again as UTF-8."
                ) from None
            if _count_controls_in_text(text) > len(text) // 1000:
                raise BinaryFileError(f"{name} is not text: it contains control characters. {_NOT_TEXT}")
            return text, encoding

    if b"\x00" in data:
        encoding = _bomless_utf16(data)
        text = None
        if encoding:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                text = None
        if text is None or _count_controls_in_text(text) > len(text) // 1000:
            raise BinaryFileError(f"{name} is not text: it contains NUL bytes. {_NOT_TEXT}")
        return text, encoding

    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data.endswith(b"\x1a"):
        controls -= 1
    if controls > len(data) // 1000:
        raise BinaryFileError(f"{name} is not text: it contains control characters. {_NOT_TEXT}")

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass

    high = len(data.translate(None, _ASCII_BYTES))
    if high > max(4, _LEGACY_MAX_HIGH_SHARE * len(data)):
        raise DecodingError(
            f"{name} could not be decoded: it is not UTF-8, and it does not look like Windows-1252 or "
            "Latin-1 text either. Open it in a text editor and save it as UTF-8, then load it again."
        )
    text = codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0]
    uses_cp1252 = len(data.translate(None, _CP1252_ONLY)) < len(data)
    return text, "cp1252" if uses_cp1252 else "latin-1"


def _count_controls_in_text(text: str) -> int:
    count = sum(1 for _ in _CONTROL_CHARS_RE.finditer(text))
    return count - 1 if text.endswith("\x1a") else count


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as mostly-ASCII text with every other byte NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if even_nuls == 0 and odd_nuls >= half / 2:
        return "utf-16-le"
    if odd_nuls == 0 and even_nuls >= half / 2:
        return "utf-16-be"
    return None


def declared_html_charset(data: bytes) -> str | None:
    """A legacy charset a page declares in <meta> (one Windows-1252 and UTF-8 do not already cover)."""
    match = _META_CHARSET_RE.search(data, 0, 4096)
    if not match:
        return None
    try:
        encoding = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # Browsers read Latin-1 and ASCII pages as Windows-1252, and ignore UTF-16 declared inside the page.
    if encoding in ("utf-8", "ascii", "latin-1", "iso8859-1", "cp1252") or encoding.startswith("utf-"):
        return None
    return encoding


# --------------------------------------------------------------------------------------------------
