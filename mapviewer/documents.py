"""Load a document (a text, Markdown or HTML file, or pasted text) and split it into passages.

The loaded text is never rewritten afterwards: paragraphs and sentences are (start, end) offsets into
Document.text, so every later stage can point back at the exact words it found.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
import re
import stat
from datetime import date as _date
from html.parser import HTMLParser
from pathlib import Path

from mapviewer.errors import (
    BinaryFileError,
    DecodingError,
    EmptyDocumentError,
    FileMissingError,
    FileTooLargeError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from mapviewer.model import Document, Passage

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "document_from_text",
    "find_documents",
    "load_document",
    "split_passages",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_HTML_SUFFIXES = (".html", ".htm")
_TITLE_MAX_CHARS = 120
_SIDECAR_MAX_BYTES = 1024 * 1024
_MB = 1024 * 1024


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


def load_document(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a .txt, .md, .html or .htm file into a Document with its paragraphs and sentences.

    Raises a DocumentError subclass whose message names the file and says what to do.
    """
    path = Path(path)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        resolved = path.absolute()
    name = str(path)

    data = _read_bytes(path, name, max_bytes)
    _reject_binary(data, name)

    is_html = path.suffix.lower() in _HTML_SUFFIXES
    declared = _declared_html_charset(data) if is_html else None
    text, encoding = _decode(data, name, declared)

    title = date = None
    if is_html:
        text, title, date = _html_to_text(text)
        if not text.strip():
            raise EmptyDocumentError(
                f"{name} has no visible text (only markup, scripts or styles). "
                "Open the page in a browser and save it as text, or paste the article text instead."
            )
    elif not text.strip():
        raise EmptyDocumentError(f"{name} contains only whitespace. Choose a file with some text in it.")

    sidecar = _read_sidecar(path)
    title = sidecar.get("title") or title or _title_from_text(text) or path.name
    date = sidecar.get("date") or date

    paragraphs, sentences = split_passages(text)
    digest = hashlib.sha1(os.fsencode(resolved) + b"\0" + data).hexdigest()[:12]
    return Document(
        id=digest,
        text=text,
        title=title,
        source=str(resolved),
        date=date,
        encoding=encoding,
        paragraphs=paragraphs,
        sentences=sentences,
    )


def find_documents(folder: str | os.PathLike[str]) -> list[Path]:
    """The files mapviewer can read inside a folder, at any depth, in name order; hidden ones are skipped."""
    root = Path(folder)
    try:
        found = sorted(
            p
            for p in root.rglob("*")
            if p.suffix.lower() in SUPPORTED_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
            and p.is_file()
        )
    except OSError as exc:
        raise UnreadableFileError(f"The folder {root} could not be read ({exc.strerror or exc}).") from exc
    if not found:
        raise FileMissingError(
            f"The folder {root} holds no file mapviewer can read ({', '.join(SUPPORTED_SUFFIXES)}). "
            "Choose another folder."
        )
    return found


def document_from_text(
    text: str, title: str | None = None, source: str | None = None, date: str | None = None
) -> Document:
    """A Document for pasted text, kept exactly as given; the id depends only on the text."""
    if not text or not text.strip():
        raise EmptyDocumentError("The pasted text is empty. Paste an article (or some text) and try again.")
    title = (title or "").strip() or _title_from_text(text) or "Pasted text"
    paragraphs, sentences = split_passages(text)
    digest = hashlib.sha1(b"pasted\0" + text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Document(
        id=digest,
        text=text,
        title=title,
        source=source,
        date=date,
        encoding=None,
        paragraphs=paragraphs,
        sentences=sentences,
    )


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileMissingError(
            f"{name} does not exist. Check the name, or choose the file again if it was moved or renamed."
        ) from None
    except PermissionError:
        raise UnreadableFileError(
            f"{name} cannot be opened: permission denied. Check the file's permissions "
            "or copy it to a folder you can read."
        ) from None
    except OSError as exc:
        raise UnreadableFileError(f"{name} cannot be opened ({exc.strerror or exc}).") from None

    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFileError(f"{name} is a folder, not a file. Choose a document inside it.")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFileError(f"{name} is not a regular file. Choose a text, Markdown or HTML file.")

    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{suffix}' files are" if suffix else "files without an extension are"
        raise UnsupportedFormatError(
            f"{name}: {kind} not supported. mapviewer reads {', '.join(SUPPORTED_SUFFIXES)}; "
            "save the document as plain text (.txt) or HTML and open that."
        )

    too_large = (
        f"is more than the {_megabytes(max_bytes)} limit for one document. "
        "Split it into smaller files, or open only the part you need."
    )
    if info.st_size > max_bytes:
        raise FileTooLargeError(f"{name} is {_megabytes(info.st_size)}, which {too_large}")
    if info.st_size == 0:
        raise EmptyDocumentError(f"{name} is empty. Choose a file with some text in it.")

    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise UnreadableFileError(
            f"{name} cannot be read: permission denied. Check the file's permissions "
            "or copy it to a folder you can read."
        ) from None
    except OSError as exc:
        raise UnreadableFileError(f"{name} cannot be read ({exc.strerror or exc}).") from None
    if len(data) > max_bytes:  # it grew after stat
        raise FileTooLargeError(f"{name} {too_large}")
    if not data:
        raise EmptyDocumentError(f"{name} is empty. Choose a file with some text in it.")
    return data


def _megabytes(size: int) -> str:
    value = size / _MB
    if value >= 0.1:
        return f"{value:.1f}".removesuffix(".0") + " MB"
    return f"{value:.4f} MB ({size:,} bytes)"


# --------------------------------------------------------------------------------------------------
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


def _reject_binary(data: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryFileError(f"{name} is not text: it looks like {kind}. {_NOT_TEXT}")


def _decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
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


def _declared_html_charset(data: bytes) -> str | None:
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
# HTML
# --------------------------------------------------------------------------------------------------

_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "canvas"}
)
_HEAD_CONTENT = frozenset({"title", "meta", "link", "style", "script", "noscript", "base", "template"})
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "html", "legend", "li", "main", "nav", "ol", "option", "p", "pre",
        "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
# Opening one of these closes an open <p> (as browsers do), so a hidden <p> cannot hide what follows.
_CLOSES_P = _BLOCKS - {"br", "body", "html", "option"}
_SELF_CLOSING = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}, "option": {"option"}}
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
)
_TITLE_META = ("og:title", "twitter:title")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES_RE = re.compile(r"\s+")


class _VisibleText(HTMLParser):
    """Collects the text a browser would show, one paragraph per line, plus the title and date."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.title: str | None = None
        self.meta: dict[str, str] = {}
        self._parts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, hides its content)
        self._open_count: dict[str, int] = {}
        self._hiding = 0
        self._pre = 0
        self._title_parts: list[str] | None = None

    # The tree is tracked only as far as hiding needs it; unclosed and stray tags are tolerated.
    def _push(self, tag: str, hides: bool) -> None:
        self._open.append((tag, hides))
        self._open_count[tag] = self._open_count.get(tag, 0) + 1
        self._hiding += hides
        self._pre += tag == "pre"

    def _pop_to(self, tag: str) -> None:
        if not self._open_count.get(tag):
            return
        while self._open:
            name, hides = self._open.pop()
            self._open_count[name] -= 1
            self._hiding -= hides
            self._pre -= name == "pre"
            if name == "title" and self._title_parts is not None:
                self.title = _SPACES_RE.sub(" ", "".join(self._title_parts)).strip() or None
                self._title_parts = None
            if name == tag:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(attrs)
        if self._open_count.get("head") and tag not in _HEAD_CONTENT:
            self._pop_to("head")
        if tag in _CLOSES_P and self._open and self._open[-1][0] == "p":
            self._pop_to("p")
        closes = _SELF_CLOSING.get(tag)
        if closes and self._open and self._open[-1][0] in closes:
            self._pop_to(self._open[-1][0])
        if tag in _BLOCKS:
            self._break()
        elif tag in _CELLS:
            self._parts.append(" ")
        if tag in _VOID:
            return
        attributes = dict(attrs)
        hides = (
            tag in _SKIPPED
            or "hidden" in attributes
            or bool(_HIDDEN_STYLE_RE.search(attributes.get("style") or ""))
        )
        if (
            tag == "title"
            and self.title is None
            and self._title_parts is None
            and not (self._open_count.get("svg") or self._open_count.get("math"))
        ):
            self._title_parts = []
        self._push(tag, hides)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:  # <div/> opens nothing in HTML, but XHTML means it closed
            self._pop_to(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._break()
        elif tag in _CELLS:
            self._parts.append(" ")
        self._pop_to(tag)

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None and self._open and self._open[-1][0] == "title":
            self._title_parts.append(data)
        if self._hiding:
            return
        if self._pre:
            lines = data.split("\n")
            for line in lines[:-1]:
                self._parts.append(line)
                self._break()
            self._parts.append(lines[-1])
        else:
            self._parts.append(data)

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        key = attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or ""
        content = attributes.get("content") or attributes.get("datetime") or ""
        if key and content:
            self.meta.setdefault(key.strip().lower(), content.strip())

    def _break(self) -> None:
        if self._parts:
            paragraph = _SPACES_RE.sub(" ", "".join(self._parts)).strip()
            self._parts = []
            if paragraph:
                self.paragraphs.append(paragraph)

    def close(self) -> None:
        super().close()
        if self._title_parts is not None:
            self._pop_to("title")
        self._break()


def _html_to_text(html: str) -> tuple[str, str | None, str | None]:
    """Visible text (paragraphs one per line), the <title> and the publication date of a page."""
    parser = _VisibleText()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError, IndexError) as exc:  # html.parser on markup it cannot follow
        log.warning("HTML parser stopped early: %s", exc)
        parser._break()
    title = parser.title
    if not title:
        title = next((parser.meta[k] for k in _TITLE_META if parser.meta.get(k)), None)
        title = _SPACES_RE.sub(" ", title).strip() if title else None
    date = next((d for k in _DATE_META if (d := _iso_date(parser.meta.get(k)))), None)
    return "\n".join(parser.paragraphs), title, date


# --------------------------------------------------------------------------------------------------
# Titles, dates and sidecars
# --------------------------------------------------------------------------------------------------

_ISO_DATE_RE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)")
_MARKDOWN_HEADING_RE = re.compile(r"#{1,6}\s+")


def _iso_date(value: object) -> str | None:
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


def _title_from_text(text: str) -> str | None:
    """The first non-empty line, without Markdown heading marks, cut at a word near 120 characters."""
    line = ""
    for match in _LINE_RE.finditer(text):
        line = _MARKDOWN_HEADING_RE.sub("", match.group(), count=1).strip()
        if line:
            break
    if not line:
        return None
    if len(line) <= _TITLE_MAX_CHARS:
        return line
    cut = line[: _TITLE_MAX_CHARS - 1]
    if " " in cut[_TITLE_MAX_CHARS // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _read_sidecar(path: Path) -> dict[str, str]:
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
        found["title"] = _SPACES_RE.sub(" ", title).strip()
    date = _iso_date(data.get("date"))
    if date:
        found["date"] = date
    return found


# --------------------------------------------------------------------------------------------------
# Passages
# --------------------------------------------------------------------------------------------------

_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() breaks at
# One line, without the whitespace around it.
_LINE_RE = re.compile(rf"\S(?:[^{_BREAKS}]*\S)?")
_BREAK_RE = re.compile(rf"\r\n|[{_BREAKS}]")
_OPENERS = "\"'“‘«([{"
_CLOSERS = "\"'”’»)]}"
# A sentence end and the whitespace after it; the lookbehind keeps long runs of dots linear.
_SENTENCE_END_RE = re.compile(rf"(?<![.!?…])[.!?…]++[{re.escape(_CLOSERS)}]*+(\s++)")
_FINAL_PUNCTUATION = ".!?…:;,"
_HEADING_MAX_CHARS = 150
_HEADING_MAX_WORDS = 25
_LIST_ITEM_RE = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s")
# A blank-line block of lines this short and this even is hard-wrapped prose: one paragraph.
_WRAP_MAX_CHARS = 100
_WRAP_MIN_CHARS = 40
_WRAP_MIN_SHARE = 0.7
_BLOCK_START = tuple("#>|-*+•")

# Written as prose to keep the list readable; stored without the final full stop.
_ABBREVIATION_TEXT = """
    Mr Mrs Ms Mx Dr Prof Gen Col Lt Sgt Capt Cmdr Adm Maj Cpl Pvt Gov Sen Rep Reps Sens Pres Rev Hon
    St Ste Mt Ft Jr Sr Inc Corp Ltd Co Cos Bros Assn Dept Univ Messrs Mmes vs etc e.g i.e cf al
    approx Jan Feb Aug Sept Oct Nov Dec Ave Blvd Rd
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb
    Nebr Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo N.H N.J N.M N.Y N.C N.D R.I S.C S.D W.Va D.C
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
# Words that abbreviate only before a number ("No. 10", "Art. 5"): "The answer was No. Then..." ends.
_NUMBER_ABBREVIATIONS = frozenset({"No", "no", "Nos", "Art", "Vol", "Fig", "pp", "p"})
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+[A-Z]")  # U.S, U.K, E.U, U.S.A
_TOKEN_LOOKBACK = 16
_WORD_JOINERS_RE = re.compile(r"[-–—/]")


def split_passages(text: str) -> tuple[tuple[Passage, ...], tuple[Passage, ...]]:
    """(paragraphs, sentences) of `text` as offsets into it, in order.

    Each line is a paragraph (blank-line blocks of hard-wrapped prose are one); a short line without
    final punctuation is a heading, and is its own entry among the sentences too.
    """
    paragraphs: list[Passage] = []
    sentences: list[Passage] = []
    for start, end in _paragraph_spans(text):
        if _is_heading(text, start, end):
            heading = Passage(start, end, "heading")
            paragraphs.append(heading)
            sentences.append(heading)
            continue
        paragraphs.append(Passage(start, end, "paragraph"))
        sentence_start = start
        for match in _SENTENCE_END_RE.finditer(text, start, end):
            after = match.end()
            if after >= end or not _starts_sentence(text, after):
                continue
            if _ends_with_abbreviation(text, sentence_start, match.start(), after):
                continue
            sentences.append(Passage(sentence_start, match.start(1), "sentence"))
            sentence_start = after
        sentences.append(Passage(sentence_start, end, "sentence"))
    return tuple(paragraphs), tuple(sentences)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Trimmed (start, end) of every paragraph: one per line, or per block of hard-wrapped lines."""
    lines: list[tuple[int, int]] = []
    block_starts: list[int] = [0]  # indexes into `lines` where a blank line precedes
    previous_end = 0
    for match in _LINE_RE.finditer(text):
        if lines and len(_BREAK_RE.findall(text, previous_end, match.start())) > 1:
            block_starts.append(len(lines))
        lines.append(match.span())
        previous_end = match.end()
    if len(block_starts) == 1:  # no blank lines: every line is a paragraph, as in the seed
        return lines
    block_starts.append(len(lines))
    spans: list[tuple[int, int]] = []
    for first, stop in zip(block_starts, block_starts[1:], strict=False):
        block = lines[first:stop]
        if _is_wrapped(text, block):
            spans.append((block[0][0], block[-1][1]))
        else:
            spans.extend(block)
    return spans


def _is_wrapped(text: str, block: list[tuple[int, int]]) -> bool:
    if len(block) < 2:
        return False
    widths = [end - start for start, end in block]
    widest = max(widths)
    if widest > _WRAP_MAX_CHARS:
        return False
    floor = max(_WRAP_MIN_CHARS, _WRAP_MIN_SHARE * widest)
    if any(width < floor for width in widths[:-1]):
        return False
    return not any(
        text.startswith(_BLOCK_START, start) or _LIST_ITEM_RE.match(text, start) for start, _ in block
    )


def _is_heading(text: str, start: int, end: int) -> bool:
    if end - start > _HEADING_MAX_CHARS:
        return False
    line = text[start:end]
    if any(ch in line for ch in _BREAKS):
        return False
    if _MARKDOWN_HEADING_RE.match(line):
        return True
    if _LIST_ITEM_RE.match(line) or not any(ch.isalpha() for ch in line):
        return False
    unquoted = line.rstrip(_CLOSERS)
    if not unquoted or unquoted[-1] in _FINAL_PUNCTUATION:
        return False
    return len(line.split()) <= _HEADING_MAX_WORDS


def _starts_sentence(text: str, at: int) -> bool:
    char = text[at]
    return char.isupper() or char.isdigit() or char in _OPENERS


def _ends_with_abbreviation(text: str, sentence_start: int, stop: int, after: int) -> bool:
    """Whether the word before a single full stop at `stop` is an abbreviation such as "Dr" or "U.S"."""
    if text[stop] != "." or (stop + 1 < len(text) and text[stop + 1] in ".!?…"):
        return False
    window = text[max(sentence_start, stop - _TOKEN_LOOKBACK) : stop]
    token = window.rsplit(None, 1)[-1] if window.strip() else ""
    token = _WORD_JOINERS_RE.split(token)[-1].lstrip(_OPENERS)
    if not token:
        return False
    if token in _NUMBER_ABBREVIATIONS:
        return text[after].isdigit()
    if token in _ABBREVIATIONS or _INITIALS_RE.fullmatch(token):
        return True
    return len(token) == 1 and token.isupper()  # an initial: "J. Smith"
