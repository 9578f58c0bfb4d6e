"""PDFs the tests print themselves (Qt's PDF writer): their text, headings, metadata and places, and the
messages for PDFs that cannot be read (scanned, protected, damaged)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mapviewer.documents import document_from_bytes, load_document
from mapviewer.errors import DamagedDocumentError, DocumentError, NoTextLayerError, ProtectedDocumentError

pytestmark = pytest.mark.gui  # Qt writes the PDFs

BRIEF = """
<h1>Talks in Kuala Lumpur</h1>
<p>Negotiators from Washington and Beijing met in Kuala Lumpur on Sunday. The talks, which followed a
summit in Geneva, lasted six hours and ended with a promise to meet again in Stockholm before the end of
the year, officials in Tokyo said. A long paragraph like this one wraps over several lines of the page,
and each of those line breaks must become a space again when the PDF is read back, so that the sentence
stays whole and the names in it stay findable.</p>
<h2>Reaction in Europe</h2>
<p>Ministers in Berlin and Paris welcomed the news.</p>
<p>Traders in London were less sure, and markets in Frankfurt fell.</p>
"""


def _print_html(path: Path, body: str, title: str = "", author: str = "") -> Path:
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    document = QTextDocument()
    document.setHtml(body)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle(title)
    writer.setAuthor(author)
    document.print_(writer)
    del writer  # finishes the file
    return path


def _paint_pages(path: Path, pages: list[list[str]], header: str) -> Path:
    """A PDF with a running header and a page number on every page, the way reports are laid out."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    for number, lines in enumerate(pages, 1):
        if number > 1:
            writer.newPage()
        font.setPointSizeF(8)
        painter.setFont(font)
        painter.drawText(QPointF(50, 30), header)
        painter.drawText(QPointF(280, 800), str(number))
        font.setPointSizeF(11)
        painter.setFont(font)
        for row, line in enumerate(lines):
            painter.drawText(QPointF(50, 80 + 14 * row), line)
    painter.end()
    return path


@pytest.fixture
def brief(qapp, tmp_path: Path) -> Path:
    return _print_html(tmp_path / "brief.pdf", BRIEF, title="Trade talks resume", author="Desk Editor")


def test_a_printed_pdf_reads_as_paragraphs_with_its_headings_and_metadata(brief: Path) -> None:
    document = load_document(brief)
    assert document.title == "Trade talks resume"
    assert document.author == "Desk Editor"
    assert document.date is not None and len(document.date) == 10
    headings = [document.text[p.start : p.end] for p in document.paragraphs if p.kind == "heading"]
    assert headings == ["Talks in Kuala Lumpur", "Reaction in Europe"]
    bodies = [document.text[p.start : p.end] for p in document.paragraphs if p.kind == "paragraph"]
    assert len(bodies) == 3
    assert bodies[0].startswith("Negotiators from Washington") and bodies[0].endswith("stay findable.")
    assert "\n" not in bodies[0] and "  " not in bodies[0] and "\t" not in bodies[0]
    assert "officials in Tokyo" in bodies[0]  # the "ffi" ligature reads as three letters
    assert bodies[2] == "Traders in London were less sure, and markets in Frankfurt fell."


def test_the_places_in_a_pdf_are_found(brief: Path) -> None:
    from mapviewer.geoparse import Geoparser

    document = load_document(brief)
    resolutions = Geoparser.open().parse_document(document)
    named = {r.mention.text for r in resolutions}  # each read as a place (a city, or its country as metonym)
    assert {
        "Kuala Lumpur",
        "Washington",
        "Beijing",
        "Geneva",
        "Stockholm",
        "Tokyo",
        "Berlin",
        "London",
    } <= named
    assert {r.place.id for r in resolutions if r.mention.text == "Kuala Lumpur"} == {"city:1735161"}
    for r in resolutions:  # offsets point at the words in the PDF's text
        assert document.text[r.mention.start : r.mention.end] == r.mention.text


def test_running_headers_and_page_numbers_are_left_out_and_a_paragraph_runs_on(qapp, tmp_path: Path) -> None:
    first = ["The delegation left Nairobi for Addis Ababa early on Monday, where the talks", "were to begin."]
    pages = [
        [*first, "", "Observers from Kampala and Kigali were expected to join the delegation"],
        ["later in the week, officials said.", "", "The next round will be held in Dodoma."],
        ["A final statement is due from Mombasa."],
    ]
    document = load_document(_paint_pages(tmp_path / "report.pdf", pages, "East Africa Brief - Confidential"))
    assert "Confidential" not in document.text
    assert document.text.split("\n\n") == [
        "The delegation left Nairobi for Addis Ababa early on Monday, where the talks were to begin.",
        "Observers from Kampala and Kigali were expected to join the delegation later in the week, officials said.",
        "The next round will be held in Dodoma.",
        "A final statement is due from Mombasa.",
    ]
    assert document.title.startswith("The delegation left Nairobi")


def test_a_scanned_pdf_without_text_says_so(qapp, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter

    path = tmp_path / "scan.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    image = QImage(200, 280, QImage.Format.Format_RGB32)
    image.fill(QColor("lightgray"))
    painter = QPainter(writer)
    painter.drawImage(0, 0, image)
    painter.end()
    with pytest.raises(NoTextLayerError, match="scan.pdf has no text layer.*OCR"):
        load_document(path)


def test_a_pdf_with_some_scanned_pages_reads_the_others_and_says_so(qapp, tmp_path: Path) -> None:
    pages = [["Ministers from Ghana and Togo met in Accra on Tuesday to discuss the border."], [], []]
    document = load_document(_paint_pages(tmp_path / "mixed.pdf", pages, ""))
    assert document.text == pages[0][0]
    (warning,) = document.warnings
    assert "mixed.pdf: pages 2, 3 of 3 have no text (a scanned image or a blank page)" in warning


def test_a_password_protected_pdf_says_so(brief: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(brief)
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ProtectedDocumentError, match="locked.pdf is protected by a password"):
        load_document(path)


def test_a_damaged_pdf_says_so(brief: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(DamagedDocumentError, match="garbage.pdf could not be read as a PDF: it is damaged"):
        load_document(garbage)
    not_pdf = tmp_path / "page.pdf"
    not_pdf.write_text("<html><body>404 Not Found</body></html>")
    with pytest.raises(DamagedDocumentError, match="page.pdf could not be read as a PDF"):
        load_document(not_pdf)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(brief.read_bytes()[:400])  # a download that stopped early
    with pytest.raises(DocumentError, match="cut.pdf"):
        load_document(cut)


def test_a_pdf_on_standard_input_and_in_mapviewer_text(brief: Path) -> None:
    document = document_from_bytes(brief.read_bytes())
    assert document.title == "Trade talks resume" and "Kuala Lumpur" in document.text
    shown = subprocess.run(
        [sys.executable, "-m", "mapviewer", "text", "--format", "json", str(brief)],
        capture_output=True,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    (report,) = json.loads(shown.stdout)
    assert [p["kind"] for p in report["passages"] if p["kind"] == "heading"] == ["heading", "heading"]
    assert report["author"] == "Desk Editor"
