"""Compare PDF and Word libraries on the text, paragraphs, headings and speed mapviewer gets from a file.

    QT_QPA_PLATFORM=offscreen python bench/pdf_docx.py ../shared/eval/webpages [--pages N] [--pdf FILE...]

The yardstick is made here: N of the team's saved web pages are read as mapviewer reads them, and each
article (its headings as <h2>, paragraphs as <p>) is printed to a PDF by Qt's own PDF writer, so the true
text, paragraphs and headings of every PDF are known. Each library's lines (text, font size, position) go
through the same layout rules (mapviewer/documents/pdf.py `assemble`), so what differs is what the library
reads. Any --pdf FILE (a real PDF; its outline's entries stand for its headings) is timed and its outline
titles checked too. The same articles are written as Word files by python-docx (headings as Heading 2, every
third with a table) and read by python-docx, docx2python and a zipfile+XML baseline. Libraries that are not
installed are skipped. This is how pypdfium2 and python-docx were chosen.

Scores: words = difflib ratio of the word sequences (1.0 = every word, in order); paragraphs = share of the
true paragraphs found as one paragraph; headings P/R against the true headings; ms per page.
"""

from __future__ import annotations

import argparse
import difflib
import html
import io
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapviewer.documents import load_document  # noqa: E402
from mapviewer.documents.pdf import Layout, Line, _pdfium_pages, assemble, lines_from_runs  # noqa: E402


def _pdfminer(data: bytes) -> list[list[Line]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextBox, LTTextLine

    pages = []
    for page in extract_pages(io.BytesIO(data)):
        lines = []
        for box in page:
            if not isinstance(box, LTTextBox):
                continue
            first = True
            for item in box:
                sizes = (
                    sorted(c.size for c in item if isinstance(c, LTChar))
                    if isinstance(item, LTTextLine)
                    else []
                )
                if sizes and item.get_text().strip():
                    x0, y0, x1, y1 = item.bbox
                    lines.append(Line(item.get_text().strip(), sizes[len(sizes) // 2], x0, x1, y1, y0, first))
                    first = False
        pages.append(lines)
    return pages


def _pypdfium2(data: bytes) -> list[list[Line]]:
    return _pdfium_pages(data, "bench")[0]


def _pypdf(data: bytes) -> list[list[Line]]:
    import pypdf

    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[str, float, float, float, float]] = []

        def visit(text, cm, tm, font_dict, font_size, runs=runs):
            if not text:
                return
            scale = abs(tm[3] * cm[3]) or 1.0
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            for i, piece in enumerate(text.split("\n")):
                if i:
                    runs.append(("", font_size * scale, x, y - 1e6 * i, 0.0))  # a line break pypdf saw
                runs.append((piece, font_size * scale, x, y, 0.5 * font_size * scale * len(piece)))

        page.extract_text(visitor_text=visit)
        pages.append(lines_from_runs(runs))
    return pages


_LIBRARIES: dict[str, Callable[[bytes], list[list[Line]]]] = {
    "pdfminer.six": _pdfminer,
    "pypdf": _pypdf,
    "pypdfium2": _pypdfium2,
}


def _make_pdfs(pages_dir: Path, annotations: dict, count: int, out: Path) -> list[tuple[Path, list, set]]:
    """Print `count` articles to PDF with Qt; returns (pdf, true paragraphs, true headings)."""
    from PySide6.QtGui import QGuiApplication, QPageSize, QPdfWriter, QTextDocument

    app = QGuiApplication.instance() or QGuiApplication(["bench"])  # noqa: F841  (fonts need it)
    made = []
    for entry in list(annotations.values()):
        if len(made) >= count:
            break
        try:
            document = load_document(pages_dir / entry["file"])
        except Exception:
            continue
        if len(document.paragraphs) < 4:
            continue
        paragraphs = [document.text[p.start : p.end] for p in document.paragraphs]
        headings = {document.text[p.start : p.end] for p in document.paragraphs if p.kind == "heading"}
        body = "".join(
            f"<h2>{html.escape(t)}</h2>" if t in headings else f"<p>{html.escape(t)}</p>" for t in paragraphs
        )
        text_document = QTextDocument()
        text_document.setHtml(body)
        path = out / f"{len(made):03d}.pdf"
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        text_document.print_(writer)
        del writer
        made.append((path, paragraphs, headings))
    return made


def _score(layout, paragraphs: list[str], headings: set[str]) -> tuple[float, float, int, int, int]:
    got_words = layout.text.split()
    true_words = " ".join(paragraphs).split()
    words = difflib.SequenceMatcher(None, got_words, true_words, autojunk=False).ratio()
    got_paragraphs = set(layout.text.split("\n\n"))
    found = sum(1 for p in paragraphs if p in got_paragraphs)
    got_headings = {layout.text[s:e] for s, e in layout.headings}
    return (
        words,
        found / max(1, len(paragraphs)),
        len(got_headings & headings),
        len(got_headings),
        len(headings),
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("webpages", type=Path)
    parser.add_argument("--pages", type=int, default=25)
    parser.add_argument("--pdf", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    annotations = json.loads((args.webpages / "annotations.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        made = _make_pdfs(args.webpages / "pages", annotations, args.pages, Path(tmp))
        _compare({name: _paged(read) for name, read in _LIBRARIES.items()}, made, "PDF", "page")
        for real in args.pdf:
            for name, read in _LIBRARIES.items():
                _real_pdf(name, read, real)
        _compare_docx([(p, h) for _, p, h in made], Path(tmp))
    return 0


def _real_pdf(name: str, read: Callable[[bytes], list[list[Line]]], path: Path) -> None:
    import pypdf

    outline_titles: set[str] = set()

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline_titles.add(" ".join(item.title.split()))

    walk(pypdf.PdfReader(path).outline)
    started = time.perf_counter()
    pages = read(path.read_bytes())
    layout = assemble(pages)
    seconds = time.perf_counter() - started
    got = {" ".join(layout.text[s:e].split()) for s, e in layout.headings}
    found = sum(1 for title in outline_titles if any(title in heading for heading in got))
    print(
        f"{'':13s} {path.name}: {len(pages)} pages, {1000 * seconds / max(1, len(pages)):.1f} ms/page, "
        f"known words {_known_share(layout.text):.3f}, "
        f"outline titles found as headings {found}/{len(outline_titles)}, {len(got)} headings"
    )


def _known_share(text: str) -> float:
    """Share of the words that a word list knows: glued ('inthe') and split ('wo rd') words lower it."""
    from wordfreq import zipf_frequency

    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", text)]
    return sum(1 for w in words if zipf_frequency(w, "en") > 0) / max(1, len(words))


# Word files: the same articles written by python-docx (headings as Heading 2, every third with a table)
# --------------------------------------------------------------------------------------------------


def _python_docx(data: bytes):
    from mapviewer.documents.docx import read_docx

    return read_docx(data, "bench")


def _docx2python(data: bytes):
    import html as html_module

    from docx2python import docx2python

    with docx2python(io.BytesIO(data), html=True) as read:
        body = read.body
    parts: list[str] = []
    headings: list[tuple[int, int]] = []

    def walk(node) -> None:
        if isinstance(node, str):
            match = re.fullmatch(r"\s*<h\d>(.*)</h\d>\s*", node, re.S)
            text = html_module.unescape(re.sub(r"<[^>]+>", "", match.group(1) if match else node)).strip()
            if text:
                start = sum(len(p) + 2 for p in parts)
                if match:
                    headings.append((start, start + len(text)))
                parts.append(text)
        else:
            for child in node:
                walk(child)

    walk(body)
    return Layout("\n\n".join(parts), headings)


def _stdlib_docx(data: bytes):
    """The baseline every library must beat: word/document.xml read with zipfile and ElementTree."""
    import zipfile
    from xml.etree import ElementTree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    parts: list[str] = []
    headings: list[tuple[int, int]] = []
    for paragraph in root.iter(f"{w}p"):
        text = "".join(t.text or "" for t in paragraph.iter(f"{w}t")).strip()
        if not text:
            continue
        style = paragraph.find(f"{w}pPr/{w}pStyle")
        start = sum(len(p) + 2 for p in parts)
        if style is not None and style.get(f"{w}val", "").lower().startswith(("heading", "title")):
            headings.append((start, start + len(text)))
        parts.append(text)
    return Layout("\n\n".join(parts), headings)


_DOCX_READERS = {"python-docx": _python_docx, "docx2python": _docx2python, "zipfile+XML": _stdlib_docx}


def _make_docx(articles: list[tuple[list, set]], out: Path) -> list[tuple[Path, list, set]]:
    import docx

    made = []
    for n, (paragraphs, headings) in enumerate(articles):
        document = docx.Document()
        truth = list(paragraphs)
        for text in paragraphs:
            if text in headings:
                document.add_heading(text, level=2)
            else:
                document.add_paragraph(text)
        _add_hard_parts(document, truth, headings := set(headings))
        if n % 3 == 0:
            table = document.add_table(rows=2, cols=2)
            for i, cell_text in enumerate(("City", "Role", "Lima", "Host")):
                table.cell(i // 2, i % 2).text = cell_text
            truth += ["City", "Role", "Lima", "Host"]
        path = out / f"{n:03d}.docx"
        document.save(path)
        made.append((path, truth, headings))
    return made


def _add_hard_parts(document, truth: list[str], headings: set[str]) -> None:
    """What real Word files hold and simple readers miss: a heading in a custom style based on Heading 2,
    a link inside a sentence, and a tracked insertion (deleted text must not count)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles
    if "Section Title" not in [s.name for s in styles]:
        custom = styles.add_style("Section Title", WD_STYLE_TYPE.PARAGRAPH)
        custom.base_style = styles["Heading 2"]
    document.add_paragraph("Further talks", style="Section Title")
    truth.append("Further talks")
    headings.add("Further talks")

    def run(text: str, parent) -> None:
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        parent.append(r)

    paragraph = document.add_paragraph("Details are on the ")
    link = OxmlElement("w:hyperlink")
    run("ministry's site", link)
    paragraph._p.append(link)
    run(" in Lima.", paragraph._p)
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "1")
    inserted.set(qn("w:author"), "Editor")
    run(" Quito agreed.", inserted)
    paragraph._p.append(inserted)
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "2")
    deleted.set(qn("w:author"), "Editor")
    r = OxmlElement("w:r")
    t = OxmlElement("w:delText")
    t.text = " Caracas refused."
    r.append(t)
    deleted.append(r)
    paragraph._p.append(deleted)
    truth.append("Details are on the ministry's site in Lima. Quito agreed.")


def _compare_docx(articles: list[tuple[list, set]], out: Path) -> None:
    made = _make_docx(articles, out)
    _compare({name: _whole(read) for name, read in _DOCX_READERS.items()}, made, "DOCX", "file")


def _paged(read: Callable[[bytes], list[list[Line]]]) -> Callable[[bytes], tuple[Layout, int]]:
    def layout(data: bytes) -> tuple[Layout, int]:
        pages = read(data)
        return assemble(pages), len(pages)

    return layout


def _whole(read: Callable[[bytes], Layout]) -> Callable[[bytes], tuple[Layout, int]]:
    return lambda data: (read(data), 1)


def _compare(readers: dict, made: list, what: str, unit: str) -> None:
    """Every reader on the same files: words, paragraphs and headings against the truth, and time per unit."""
    for name, read in readers.items():
        try:
            read(made[0][0].read_bytes())
        except ImportError:
            print(f"{name:13s} not installed, skipped")
            continue
        words = paragraphs = seconds = 0.0
        hits = got = true = units = 0
        for path, true_paragraphs, true_headings in made:
            data = path.read_bytes()
            started = time.perf_counter()
            layout, count = read(data)
            seconds += time.perf_counter() - started
            units += count
            w, p, h, g, t = _score(layout, true_paragraphs, true_headings)
            words, paragraphs, hits, got, true = words + w, paragraphs + p, hits + h, got + g, true + t
        n = len(made)
        print(
            f"{name:13s} {n} {what} ({units} {unit}s): words {words / n:.3f}  paragraphs {paragraphs / n:.3f}  "
            f"headings P {hits / max(1, got):.3f} R {hits / max(1, true):.3f}  "
            f"{1000 * seconds / max(1, units):.1f} ms/{unit}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
