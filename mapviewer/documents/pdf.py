"""The text of a PDF with a text layer: lines with their font sizes, joined into paragraphs and headings.

PDFium (pypdfium2) reads the characters, chosen by bench/pdf_docx.py: the same words and headings as
pdfminer.six and pypdf on the PDFs measured, 2-10 times faster, and Chrome's reader of damaged files. The layout rules here are the library-free
part: the body's font size is the most used one, a short line in a clearly larger size is a heading, hard line breaks
inside a paragraph become spaces, words split by a hyphen at a line's end are joined, and a line that
repeats at the top or bottom of most pages (a running header, a page number) is left out.
"""

from __future__ import annotations

import ctypes
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mapviewer.documents.metadata import SPACES_RE, iso_date
from mapviewer.errors import DamagedDocumentError, NoTextLayerError, ProtectedDocumentError

log = logging.getLogger(__name__)

# PDF
# --------------------------------------------------------------------------------------------------

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_HEADING_SIZE_RATIO = 1.12  # a heading's type is at least this much larger than the body's
_HEADING_MAX_CHARS = 200
_PARAGRAPH_GAP = 0.6  # a vertical gap over this share of the font size starts a paragraph
_SHORT_LINE = 0.8  # a line ending a sentence this far short of the column's right edge ends its paragraph
_REPEAT_SHARE = 0.6  # a top or bottom line on at least this share of pages is a running header/footer
_EDGE_LINES = 2  # how many lines at the top and bottom of a page may be running headers or footers
_MIN_CHARS_PER_PAGE = 20  # fewer than this on average: the pages are images (scanned), not text
_DIGITS_RE = re.compile(r"\d+")
_PAGE_NUMBER_RE = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[ivxlcdm]{1,6}", re.I)
_HYPHENATED_RE = re.compile(r"[^\W\d_]-$")
_SENTENCE_END = ".!?:;\"'”’)»…"
_NO_PASSWORD = (
    "{name} is protected by a password, and mapviewer does not open protected PDFs. "
    "Open it in a PDF reader, and print or export it to a PDF without a password."
)


@dataclass(frozen=True)
class Line:
    """One line of a page as a PDF library reads it; coordinates in points, y upwards (PDF space)."""

    text: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float
    starts_block: bool = False  # the library put a block (column, paragraph) boundary before it


@dataclass
class Layout:
    """Text, heading spans and metadata of a paged document, ready for a Document."""

    text: str
    headings: list[tuple[int, int]]
    title: str | None = None
    author: str | None = None
    date: str | None = None
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def join(cls, blocks: Iterable[tuple[str, bool]], **meta) -> Layout:
        """Paragraphs (text, is heading) joined by blank lines, each heading's span kept."""
        parts: list[str] = []
        headings: list[tuple[int, int]] = []
        offset = 0
        for text, heading in blocks:
            if parts:
                offset += 2
            if heading:
                headings.append((offset, offset + len(text)))
            parts.append(text)
            offset += len(text)
        return cls("\n\n".join(parts), headings, **meta)


def read_pdf(data: bytes, name: str) -> Layout:
    """A PDF's text as paragraphs and headings, with its title, author and date.

    Raises a DocumentError whose message says why when the PDF is protected, damaged or has no text.
    """
    pages, info = _pdfium_pages(data, name)
    layout = assemble(pages)
    if len(layout.text.strip()) < _MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise NoTextLayerError(
            f"{name} has no text layer: its pages are images (a scan or a photo). Run it through an OCR "
            "tool (for example ocrmypdf) to add the text, and open the result."
        )
    empty = [number for number, page in enumerate(_without_running_lines(pages), 1) if not page]
    if empty:
        listed = ", ".join(map(str, empty[:10])) + (f" and {len(empty) - 10} more" if len(empty) > 10 else "")
        layout.warnings.append(
            f"{name}: page{'s' * (len(empty) > 1)} {listed} of {len(pages)} {'have' if len(empty) > 1 else 'has'} "
            "no text (a scanned image or a blank page); only the other pages are read."
        )
    layout.title = _clean_info(info.get("Title"))
    layout.author = _clean_info(info.get("Author"))
    layout.date = _pdf_date(info.get("CreationDate"))
    return layout


def assemble(pages: Sequence[Sequence[Line]]) -> Layout:
    """Paragraphs and headings from each page's lines, in reading order; running headers left out."""
    pages = _without_running_lines(pages)
    body = _body_size(line for page in pages for line in page)
    blocks: list[tuple[bool, list[str]]] = []  # (is heading, lines)
    for page in pages:
        right = max((line.x1 for line in page), default=0.0)
        previous: Line | None = None
        for line in page:
            heading = (
                body > 0 and line.size >= body * _HEADING_SIZE_RATIO and len(line.text) <= _HEADING_MAX_CHARS
            )
            if not blocks or heading != blocks[-1][0]:
                new = True
            elif previous is None:  # a page's first line: a paragraph the last page left open runs on
                new = heading or _ends_sentence(blocks[-1][1][-1])
            elif abs(line.size - previous.size) > 0.1 * max(line.size, 1):
                new = True
            elif heading:
                new = line.starts_block or previous.bottom - line.top > _PARAGRAPH_GAP * line.size
            else:
                new = _starts_paragraph(previous, line, right)
            if new:
                blocks.append((heading, [line.text]))
            else:
                blocks[-1][1].append(line.text)
            previous = line
    joined = ((_join_lines(lines), heading) for heading, lines in blocks)
    return Layout.join((text, heading) for text, heading in joined if text)


def _starts_paragraph(previous: Line, line: Line, right: float) -> bool:
    if line.starts_block:
        return True
    if previous.bottom - line.top > _PARAGRAPH_GAP * line.size:
        return True
    width = right - min(previous.x0, line.x0)
    short = width > 0 and previous.x1 - previous.x0 < _SHORT_LINE * width
    return short and _ends_sentence(previous.text)


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1:] in _SENTENCE_END


def _join_lines(lines: Iterable[str]) -> str:
    """One paragraph from its lines: a space between them, a line-end hyphen inside a word dropped."""
    out = ""
    for raw in lines:
        line = SPACES_RE.sub(" ", raw.translate(_LIGATURES)).strip()
        if not line:
            continue
        if not out:
            out = line
        elif _HYPHENATED_RE.search(out) and line[0].isalpha():
            # "exam-/ple" was one word split by hyphenation; "Uber-/Konkurrent" is a compound kept whole.
            out = (out[:-1] if line[0].islower() else out) + line
        else:
            out = f"{out} {line}"
    return out


def _body_size(lines: Iterable[Line]) -> float:
    """The font size most of the characters are set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _without_running_lines(pages: Sequence[Sequence[Line]]) -> list[list[Line]]:
    """Pages without page numbers and the headers and footers repeated at the edge of most pages."""

    def key(line: Line) -> str:
        return _DIGITS_RE.sub("#", SPACES_RE.sub(" ", line.text).strip().lower())

    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({key(line) for line in (*page[:_EDGE_LINES], *page[-_EDGE_LINES:])})
    repeated = {k for k, n in counts.items() if len(pages) >= 3 and n >= _REPEAT_SHARE * len(pages)}
    kept: list[list[Line]] = []
    for page in pages:
        edge = {id(line) for line in (*page[:_EDGE_LINES], *page[-_EDGE_LINES:])}
        kept.append(
            [
                line
                for line in page
                if line.text.strip()
                and not (
                    id(line) in edge
                    and (key(line) in repeated or _PAGE_NUMBER_RE.fullmatch(line.text.strip()))
                )
            ]
        )
    return kept


_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe; the app may read in a worker thread
_PDFIUM_PASSWORD, _PDFIUM_SECURITY = 4, 6  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
_SKIPPED_CHARS = "\r\n\x00\ufffe\x02"


def _pdfium_pages(data: bytes, name: str) -> tuple[list[list[Line]], dict[str, str]]:
    """Each page's text lines (from PDFium's characters, their origins and sizes) and the document's info."""
    import pypdfium2
    import pypdfium2.raw as raw

    damaged = (
        f"{name} could not be read as a PDF: it is damaged or not complete. "
        "Open it in a PDF reader; if it opens there, print or export it to a new PDF and open that."
    )
    with _PDFIUM_LOCK:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            if getattr(exc, "err_code", None) in (_PDFIUM_PASSWORD, _PDFIUM_SECURITY):
                raise ProtectedDocumentError(_NO_PASSWORD.format(name=name)) from None
            log.info("%s: %s", name, exc)
            raise DamagedDocumentError(damaged) from None
        try:
            info = document.get_metadata_dict(skip_empty=True)
            pages = []
            origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
            matrix = raw.FS_MATRIX()
            for page in document:
                textpage = page.get_textpage()
                runs: list[tuple[str, float, float, float, float]] = []
                for i in range(raw.FPDFText_CountChars(textpage.raw)):
                    char = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
                    if char in _SKIPPED_CHARS:
                        continue
                    raw.FPDFText_GetMatrix(textpage.raw, i, matrix)
                    raw.FPDFText_GetCharOrigin(textpage.raw, i, origin_x, origin_y)
                    right = textpage.get_charbox(i)[2]
                    scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
                    size = raw.FPDFText_GetFontSize(textpage.raw, i) * scale
                    runs.append(
                        (char, size, origin_x.value, origin_y.value, max(0.0, right - origin_x.value))
                    )
                pages.append(lines_from_runs(runs))
                textpage.close()
                page.close()
        except pypdfium2.PdfiumError as exc:
            log.info("%s: %s", name, exc)
            raise DamagedDocumentError(damaged) from None
        finally:
            document.close()
    return pages, info


def lines_from_runs(runs: Sequence[tuple[str, float, float, float, float]]) -> list[Line]:
    """Lines from (text, size, x, baseline, width) runs in reading order: a new line where the baseline moves."""
    lines: list[Line] = []
    current: list[tuple[str, float, float, float, float]] = []

    def flush() -> None:
        text = "".join(run[0] for run in current).strip()
        if text:
            sizes = sorted(run[1] for run in current if not run[0].isspace()) or [current[0][1]]
            size = sizes[len(sizes) // 2]
            base = current[0][3]
            x0 = min(run[2] for run in current)
            x1 = max(run[2] + run[4] for run in current)
            lines.append(Line(text, size, x0, x1, base + size, base - 0.25 * size))
        current.clear()

    for run in runs:
        if current and abs(run[3] - current[-1][3]) > 0.5 * max(run[1], current[-1][1], 1.0):
            flush()
        if run[0].strip() or current:
            current.append(run)
    flush()
    return lines


def _clean_info(value: object) -> str | None:
    """A metadata string worth showing: not empty, not a tool's placeholder such as 'untitled'."""
    if not isinstance(value, str):
        return None
    text = SPACES_RE.sub(" ", value.replace("\x00", "")).strip()
    if not text or text.lower() in {"untitled", "unknown", "title", "author", "(anonymous)"}:
        return None
    return text


_PDF_DATE_RE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def _pdf_date(value: object) -> str | None:
    """The YYYY-MM-DD of a PDF date string such as D:20260131120000Z."""
    match = _PDF_DATE_RE.match(value.strip()) if isinstance(value, str) else None
    if not match or not match.group(3):
        return None
    return iso_date(f"{match.group(1)}-{match.group(2)}-{match.group(3)}")


# --------------------------------------------------------------------------------------------------
