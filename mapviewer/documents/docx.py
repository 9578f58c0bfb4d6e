"""The text of a Word (.docx) file: its paragraphs and tables in order, headings from their styles.

python-docx reads the file (chosen by bench/pdf_docx.py: the only reader measured that resolves styles
through the styles they are based on). A paragraph is a heading when its style (or a style it is based on) is a
"Heading N" or "Title" style, or gives it an outline level, which is how Word itself builds a table of
contents; a table's cells become paragraphs, row by row.
"""

from __future__ import annotations

import io
import logging
import zipfile

from mapviewer.documents.metadata import SPACES_RE, iso_date
from mapviewer.documents.pdf import Layout
from mapviewer.errors import DamagedDocumentError, EmptyDocumentError, ProtectedDocumentError

log = logging.getLogger(__name__)

# Word
# --------------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLES = ("heading", "title", "subtitle")
_TEXT, _TAB, _BREAK = f"{_W}t", f"{_W}tab", f"{_W}br"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes, name: str) -> Layout:
    """A .docx file's text as paragraphs and headings, with its title, author and date.

    Raises a DocumentError whose message says why when the file is protected, damaged or empty.
    """
    if data.startswith(_OLE_MAGIC):  # Word keeps a password-protected .docx in an OLE container
        raise ProtectedDocumentError(
            f"{name} is protected by a password (or is an old Word .doc renamed .docx), and mapviewer "
            "cannot open it. Open it in Word, remove the password or save it as .docx, and open that."
        )
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document))
        properties = document.core_properties
        title, author, created = properties.title, properties.author, properties.created
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError, EOFError) as exc:
        log.info("%s: %r", name, exc)
        raise DamagedDocumentError(
            f"{name} could not be read as a Word document: it is damaged or not complete. "
            "Open it in Word or LibreOffice and save it again as .docx, then open that."
        ) from None
    if not blocks:
        raise EmptyDocumentError(
            f"{name} holds no text (only images or empty pages). Choose a document with text."
        )
    return Layout.join(
        blocks,
        title=_clean(title),
        author=_clean(author),
        date=iso_date(created.isoformat()) if created else None,
    )


def _blocks(document):
    """(text, is heading) of each non-empty paragraph and table cell, in the order the body holds them."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            text = _paragraph_text(child)
            if text:
                yield text, _is_heading(paragraph)
        elif child.tag == f"{_W}tbl":
            for row in Table(child, document).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        text = _paragraph_text(paragraph._p)
                        if text:
                            yield text, False


def _paragraph_text(element) -> str | None:
    """A paragraph's text as Word shows it: runs, links, fields' results and tracked insertions; not the
    deleted text of tracked changes or field codes (python-docx's Paragraph.text leaves insertions out)."""
    pieces = []
    for node in element.iter(_TEXT, _TAB, _BREAK):
        pieces.append(node.text or "" if node.tag == _TEXT else " ")
    return _clean("".join(pieces))


def _is_heading(paragraph) -> bool:
    if _outline_level(paragraph._p.pPr) is not None:
        return True
    style = paragraph.style
    while style is not None:
        if (style.name or "").lower().startswith(_HEADING_STYLES) or _outline_level(
            style.element.pPr
        ) is not None:
            return True
        style = style.base_style
    return False


def _outline_level(ppr) -> int | None:
    """Word's w:outlineLvl (0-8 = heading levels; 9 = body text), when the paragraph properties set one."""
    if ppr is None:
        return None
    element = ppr.find(f"{_W}outlineLvl")
    if element is None:
        return None
    try:
        level = int(element.get(f"{_W}val", "9"))
    except ValueError:
        return None
    return level if level < 9 else None


def _clean(value: str | None) -> str | None:
    text = SPACES_RE.sub(" ", value or "").strip()
    return text or None


# --------------------------------------------------------------------------------------------------
