"""Word files the tests write themselves (python-docx): text, headings, tables, metadata, places, and the
messages for files that cannot be read."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest

from mapviewer.documents import document_from_bytes, load_document
from mapviewer.errors import BinaryFileError, DamagedDocumentError, EmptyDocumentError, ProtectedDocumentError


def _brief(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Fishing talks"
    document.core_properties.author = "Policy Unit"
    document.core_properties.created = dt.datetime(2026, 3, 14, 9, 30)
    document.add_heading("Talks in Manila", level=1)
    document.add_paragraph(
        "Officials from Manila and Hanoi met on Monday to discuss fishing rights in the South China Sea."
    )
    document.add_heading("Next steps", level=2)
    document.add_paragraph("A second round is planned in Jakarta.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "City"
    table.cell(0, 1).text = "Role"
    table.cell(1, 0).text = "Singapore"
    table.cell(1, 1).text = "Host of the secretariat"
    document.add_paragraph("")  # an empty paragraph leaves no empty passage
    document.add_paragraph("The meeting will be chaired in Bangkok.", style="List Bullet")
    document.save(path)
    return path


def test_a_word_file_reads_with_its_headings_tables_and_metadata(tmp_path: Path) -> None:
    document = load_document(_brief(tmp_path / "brief.docx"))
    assert (document.title, document.author, document.date) == ("Fishing talks", "Policy Unit", "2026-03-14")
    paragraphs = [(p.kind, document.text[p.start : p.end]) for p in document.paragraphs]
    assert paragraphs == [
        ("heading", "Talks in Manila"),
        (
            "paragraph",
            "Officials from Manila and Hanoi met on Monday to discuss fishing rights in the South China Sea.",
        ),
        ("heading", "Next steps"),
        ("paragraph", "A second round is planned in Jakarta."),
        ("paragraph", "City"),
        ("paragraph", "Role"),
        ("paragraph", "Singapore"),
        ("paragraph", "Host of the secretariat"),
        ("paragraph", "The meeting will be chaired in Bangkok."),
    ]
    assert document.encoding is None and document.source == str((tmp_path / "brief.docx").resolve())


def test_the_places_in_a_word_file_are_found(tmp_path: Path) -> None:
    from mapviewer.geoparse import Geoparser

    document = load_document(_brief(tmp_path / "brief.docx"))
    found = {r.place.name for r in Geoparser.open().parse_document(document)}
    assert {"Manila", "Hanoi", "Jakarta", "Singapore", "Bangkok"} <= found


def test_a_heading_set_by_outline_level_counts_and_the_first_heading_is_the_title(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    title = document.add_paragraph("Border crossings reopen")  # styled by hand, as many writers do
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    title._p.get_or_add_pPr().append(level)
    document.add_paragraph("Trucks crossed from Tijuana into San Diego again.")
    path = tmp_path / "crossings.docx"
    document.save(path)
    read = load_document(path)
    assert read.title == "Border crossings reopen"
    assert [p.kind for p in read.paragraphs] == ["heading", "paragraph"]


def test_a_damaged_or_protected_word_file_says_so(tmp_path: Path) -> None:
    whole = _brief(tmp_path / "brief.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(
        DamagedDocumentError, match="cut.docx could not be read as a Word document: it is damaged"
    ):
        load_document(cut)
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "Paris")
    (tmp_path / "notes.docx").write_bytes(other_zip.getvalue())
    with pytest.raises(DamagedDocumentError, match="notes.docx could not be read as a Word document"):
        load_document(tmp_path / "notes.docx")
    # Word saves a password-protected .docx as an OLE compound file, the container of old .doc files.
    (tmp_path / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(ProtectedDocumentError, match="locked.docx is protected by a password"):
        load_document(tmp_path / "locked.docx")
    empty = docx.Document()
    empty.add_paragraph("   ")
    empty.save(tmp_path / "empty.docx")
    with pytest.raises(EmptyDocumentError, match="empty.docx holds no text"):
        load_document(tmp_path / "empty.docx")


def test_a_word_file_on_standard_input(tmp_path: Path) -> None:
    document = document_from_bytes(_brief(tmp_path / "brief.docx").read_bytes())
    assert document.title == "Fishing talks" and "Hanoi" in document.text
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "Paris")
    with pytest.raises(BinaryFileError, match="standard input is not text: it looks like a ZIP archive"):
        document_from_bytes(other_zip.getvalue())


def test_tracked_insertions_and_links_are_read_and_deletions_are_not(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(text: str, parent, tag: str = "w:t") -> None:
        r = OxmlElement("w:r")
        t = OxmlElement(tag)
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        parent.append(r)

    document = docx.Document()
    paragraph = document.add_paragraph("Ministers met in ")
    link = OxmlElement("w:hyperlink")
    run("Quito", link)
    paragraph._p.append(link)
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "1")
    inserted.set(qn("w:author"), "Editor")
    run(" and Lima", inserted)
    paragraph._p.append(inserted)
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "2")
    deleted.set(qn("w:author"), "Editor")
    run(" and Caracas", deleted, "w:delText")
    paragraph._p.append(deleted)
    run(" on Friday.", paragraph._p)
    document.save(tmp_path / "tracked.docx")
    assert load_document(tmp_path / "tracked.docx").text == "Ministers met in Quito and Lima on Friday."
