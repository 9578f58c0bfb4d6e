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
_NEWLINE = b"\n"
_CP1252_ONLY = bytes(range(0x80, 0xA0))  # where Windows-1252 and Latin-1 differ
# Windows-1252, with Latin-1 standing in for the five bytes Windows-1252 leaves undefined.
_CP1252_TABLE = "".join(
    bytes([b]).decode("cp1252", errors="ignore") or bytes([b]).decode("latin-1") for b in range(256)
)
# UTF-8 with a few bad bytes: at most this many, each outweighed by this many good multi-byte characters.
_UTF8_MAX_BAD = 8
_UTF8_MIN_GOOD = 3
_UTF8_MULTIBYTE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_UTF8_CUT_RE = re.compile(rb"(?:[\xc2-\xf4]|[\xe0-\xf4][\x80-\xbf]|[\xf0-\xf4][\x80-\xbf]{2})$")
# Legacy encodings of one script: charset-normalizer may name one and not its sisters.
_FAMILIES = (
    (
        "cp1252",
        "cp1250",
        "iso8859_2",
        "cp1257",
        "iso8859_13",
        "iso8859_15",
        "cp1254",
        "iso8859_9",
        "iso8859_4",
    )
    + ("iso8859_10", "iso8859_14", "iso8859_16", "latin_1"),
    ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866", "mac_cyrillic"),
    ("cp932", "shift_jis", "euc_jp", "euc_jis_2004", "shift_jis_2004"),
    ("gb18030", "gbk", "gb2312", "big5", "cp950", "big5hkscs"),
)
_JAPANESE = _FAMILIES[2]
_CHINESE = _FAMILIES[3]
_MIN_KANA_SHARE = 0.05
_EAST_ASIAN_FIT, _EAST_ASIAN_MISFIT = 0.9, 0.3
_MAX_MESS = 0.2  # charset-normalizer's mess ratio above which a reading is garbled
# Tried whatever charset-normalizer proposes: on a few words its guess can miss the whole script.
_ALWAYS_TRIED = ("cp1252", "cp1250", "iso8859_2", "cp1251", "koi8_r")
_POPULAR = (
    "cp1252",
    "latin_1",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "gb18030",
    "big5",
    "cp932",
    "euc_jp",
)
_MIN_MARGIN = 0.1  # a reading this close to the best that differs from it in words makes the guess unsafe
_C1_CONTROLS = dict.fromkeys(range(0x80, 0xA0))  # bytes Windows-1252 leaves undefined, kept as Latin-1
_MAX_WORDS_CHECKED = 400
_MIN_ZIPF = 2.0  # a word written at least once in 100 million words (wordfreq's Zipf scale); typos are rarer
_WORD_EDGES = ".,;:!?\"'()[]{}«»„“”‘’…-–—*/"
_CYRILLIC_LANGUAGES = ("ru", "uk", "bg")
_LATIN_LANGUAGES = ("pl", "cs", "sk", "hu", "de", "fr", "es")  # of the Central and Western encodings
_LANGUAGE_CODES = {
    "English": "en", "German": "de", "French": "fr", "Spanish": "es", "Portuguese": "pt", "Italian": "it",
    "Dutch": "nl", "Polish": "pl", "Czech": "cs", "Slovak": "sk", "Slovene": "sl", "Croatian": "sh",
    "Hungarian": "hu", "Romanian": "ro", "Swedish": "sv", "Danish": "da", "Norwegian": "nb", "Finnish": "fi",
    "Turkish": "tr", "Lithuanian": "lt", "Latvian": "lv", "Estonian": "et", "Russian": "ru",
    "Ukrainian": "uk", "Bulgarian": "bg", "Serbian": "sh", "Macedonian": "mk", "Greek": "el",
    "Hebrew": "he", "Arabic": "ar", "Persian": "fa", "Vietnamese": "vi", "Indonesian": "id",
}  # fmt: skip
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_NOT_TEXT = "Choose a text, Markdown or HTML file (or save the document as plain text first)."


def reject_binary(data: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryFileError(f"{name} is not text: it looks like {kind}. {_NOT_TEXT}")


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str, list[str]]:
    """The text, the name of the encoding that decoded it, and warnings (bad bytes that were replaced)."""
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
            return text, encoding, []

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
        return text, encoding, []

    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data.endswith(b"\x1a"):
        controls -= 1
    if controls > len(data) // 1000:
        raise BinaryFileError(f"{name} is not text: it contains control characters. {_NOT_TEXT}")

    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data, name)
    if mostly_utf8:
        return mostly_utf8

    if declared:
        try:
            return _decode_legacy(data, declared), _encoding_name(data, declared), []
        except (UnicodeDecodeError, LookupError):
            pass
    return _legacy(data, name)


def _mostly_utf8(data: bytes, name: str) -> tuple[str, str, list[str]] | None:
    """UTF-8 with a few bad bytes (one stray Windows-1252 byte, a file cut off mid-character): the bad
    bytes become U+FFFD and a warning says where, rather than re-reading the whole file as Windows-1252."""
    bad: list[int] = []
    position = 0
    while position < len(data):
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad.append(position + exc.start)
            position += exc.end
            if len(bad) > _UTF8_MAX_BAD:
                return None
    good_multibyte = len(_UTF8_MULTIBYTE_RE.findall(data))
    cut_off = bool(bad) and _UTF8_CUT_RE.search(data[-4:]) is not None and bad[-1] >= len(data) - 3
    if not bad or (good_multibyte < _UTF8_MIN_GOOD * len(bad) and not (cut_off and len(bad) == 1)):
        return None
    text = data.decode("utf-8", errors="replace")
    if cut_off:
        message = f"{name} ends in the middle of a character: the file may be cut off. The last bytes were replaced by \ufffd."
        if len(bad) > 1:
            message += f" {len(bad) - 1} other bytes that are not UTF-8 were replaced too."
    else:
        where = ", ".join(f"line {data.count(_NEWLINE, 0, at) + 1}" for at in bad[:5])
        message = (
            f"{name} is UTF-8 but {len(bad)} of its bytes are not ({where}); "
            "they are shown as \ufffd. The file may have been edited with another encoding."
        )
    return text, "utf-8", [message]


def _legacy(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """A legacy 8-bit or East Asian encoding: charset-normalizer's guess, checked for coherence.

    charset-normalizer proposes encodings; they and the sister encodings of the same script (which it may
    not list) are read, a reading that is a mess by its measure is dropped, and the reading whose non-ASCII
    words are most often real words of a language it heard wins. When another reading comes close and
    differs from it in words, the file is refused rather than guessed.
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    matches = from_bytes(data)
    best = matches.best()
    refuse = (
        f"{name} could not be decoded: it is not UTF-8, and its legacy encoding could not be told for sure"
    )
    advice = "Open it in a text editor, choose its encoding by hand, save it as UTF-8, then load it again."
    if best is None:
        raise DecodingError(f"{refuse}. {advice}")
    # Its best guess, and the common encodings of the scripts in play; its other, rarer proposals (old
    # Mac and DOS code pages) would only compete on lone letters.
    names = [best.encoding, *_ALWAYS_TRIED]
    for family in _FAMILIES:
        if any(encoding in family for encoding in names):
            names += [e for e in family if e not in names]
    # Of encodings that read the bytes alike, the most used one names the reading.
    names.sort(key=lambda e: _POPULAR.index(e) if e in _POPULAR else len(_POPULAR))
    texts: dict[str, str] = {}
    for encoding in names:
        try:
            text = _decode_legacy(data, encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if text not in texts.values() and mess_ratio(text.translate(_C1_CONTROLS), _MAX_MESS) < _MAX_MESS:
            texts[encoding] = text
    if not texts:
        raise DecodingError(f"{refuse}: every encoding tried reads it as garbled text. {advice}")
    languages = _languages(matches)
    scores = {encoding: _coherence(text, encoding, languages) for encoding, text in texts.items()}
    top = max(scores.values())
    encoding = next(e for e in texts if scores[e] == top)  # the most used of the best readings
    if top <= _EAST_ASIAN_MISFIT and (encoding in _JAPANESE or encoding in _CHINESE):
        raise DecodingError(
            f"{refuse}: read as {_label(encoding)} it is not Japanese or Chinese text. {advice}"
        )
    for other, score in scores.items():
        if (
            other != encoding
            and score > top - _MIN_MARGIN
            and _differs_in_words(texts[encoding], texts[other])
        ):
            raise DecodingError(
                f"{refuse} (it reads as {_label(encoding)} or as {_label(other)}, with different words). {advice}"
            )
    return texts[encoding], _encoding_name(data, encoding), []


def _differs_in_words(text: str, other: str) -> bool:
    """Whether two readings differ in a word (two letters or more), not only in a lone symbol or letter."""
    changed = {w.strip(_WORD_EDGES) for w in text.split()} ^ {w.strip(_WORD_EDGES) for w in other.split()}
    return any(sum(ch.isalpha() for ch in word) >= 2 for word in changed)


def _decode_legacy(data: bytes, encoding: str) -> str:
    if encoding == "cp1252":  # with Latin-1 standing in for the five bytes Windows-1252 leaves undefined
        return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0]
    return data.decode(encoding)


def _encoding_name(data: bytes, encoding: str) -> str:
    if encoding in ("cp1252", "latin_1", "iso8859_1"):
        return "cp1252" if len(data.translate(None, _CP1252_ONLY)) < len(data) else "latin-1"
    return codecs.lookup(encoding).name


def _label(encoding: str) -> str:
    return codecs.lookup(encoding).name.upper()


def _languages(matches) -> list[str]:
    """wordfreq codes of the languages charset-normalizer heard in any of its readings, English too."""
    from wordfreq import available_languages

    known = available_languages()
    codes: list[str] = []
    for match in matches:
        for language in match.languages[:3]:
            code = _LANGUAGE_CODES.get(language)
            if code in known and code not in codes:
                codes.append(code)
    return [*codes, "en"] if "en" not in codes else codes


def _coherence(text: str, encoding: str, languages: list[str]) -> float:
    """How well a reading fits a language: its real words for alphabetic scripts; for East Asian ones, its
    characters, weighed by whether kana (which only Japanese writes) are there in a Japanese reading and
    absent from a Chinese one."""
    if encoding not in _JAPANESE and encoding not in _CHINESE:
        return _known_words(text, languages)
    ideographic = [ch for ch in text if ord(ch) >= 0x2E80]
    kana = sum(1 for ch in ideographic if "\u3040" <= ch <= "\u30ff")
    japanese = bool(ideographic) and kana >= _MIN_KANA_SHARE * len(ideographic)
    fit = _EAST_ASIAN_FIT if japanese == (encoding in _JAPANESE) else _EAST_ASIAN_MISFIT
    return fit


def _known_words(text: str, languages: list[str]) -> float:
    """The share of the text's distinct non-ASCII words (two letters or more) that are words of `languages`,
    or of the main languages of the script they are written in (a few words may not tell the language)."""
    from wordfreq import zipf_frequency

    words = {w.strip(_WORD_EDGES) for w in text.split()}
    words = [w for w in words if len(w) >= 2 and not w.isascii()][:_MAX_WORDS_CHECKED]
    cyrillic = sum(1 for w in words if "\u0400" <= w[0] <= "\u04ff" or "\u0400" <= w[-1] <= "\u04ff")
    script = _CYRILLIC_LANGUAGES if cyrillic * 2 > len(words) else _LATIN_LANGUAGES
    languages = [*languages, *(code for code in script if code not in languages)]
    known = sum(
        1
        for w in words
        if w.replace("-", "").replace("'", "").isalpha()
        and any(zipf_frequency(w, c) >= _MIN_ZIPF for c in languages)
    )
    return known / len(words) if words else 0.0


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
    """The legacy charset a page declares in <meta> (Latin-1 and ASCII read as Windows-1252), not UTF-*."""
    match = _META_CHARSET_RE.search(data, 0, 4096)
    if not match:
        return None
    try:
        encoding = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # Browsers read Latin-1 and ASCII pages as Windows-1252, and ignore UTF-16 declared inside the page.
    if encoding in ("ascii", "latin-1", "iso8859-1", "cp1252"):
        return "cp1252"
    if encoding.startswith("utf"):
        return None
    return encoding


# --------------------------------------------------------------------------------------------------
