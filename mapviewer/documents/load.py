"""Files, folders and pasted text to Documents: every check a file must pass, then its stages."""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from pathlib import Path

from mapviewer.documents.decode import declared_html_charset, decode, reject_binary
from mapviewer.documents.html import read_page
from mapviewer.documents.metadata import read_sidecar
from mapviewer.documents.passages import split_passages, title_from_text
from mapviewer.errors import (
    EmptyDocumentError,
    FileMissingError,
    FileTooLargeError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from mapviewer.model import Document

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_HTML_SUFFIXES = (".html", ".htm")
_PAGED = {".pdf": "pdf", ".docx": "docx"}  # formats read by a library, not decoded as text
_MB = 1024 * 1024
_HTML_START_RE = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body)\b", re.I)

# Loading
# --------------------------------------------------------------------------------------------------


def load_document(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a .txt, .md, .html, .htm, .pdf or .docx file into a Document with its paragraphs and sentences.

    Raises a DocumentError subclass whose message names the file and says what to do.
    """
    path = Path(path)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        resolved = path.absolute()
    name = str(path)
    data = _read_bytes(path, name, max_bytes)
    sidecar = read_sidecar(path)
    digest = hashlib.sha1(os.fsencode(resolved) + b"\0" + data).hexdigest()[:12]
    suffix = path.suffix.lower()
    if suffix in _PAGED:
        return _paged_document(data, _PAGED[suffix], name, digest, str(resolved), path.stem, sidecar)
    return _document_from_bytes(
        data, name, suffix in _HTML_SUFFIXES, digest, str(resolved), path.name, sidecar
    )


def document_from_bytes(
    data: bytes, name: str = "standard input", max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """A Document from raw bytes (standard input), with every check a file gets; HTML, PDF and Word are
    recognised by their first bytes."""
    if len(data) > max_bytes:
        raise FileTooLargeError(
            f"{name} is {_megabytes(len(data))}, more than the {_megabytes(max_bytes)} limit for one document. "
            "Split it into smaller parts."
        )
    if not data:
        raise EmptyDocumentError(f"{name} is empty. Give it some text.")
    is_html = bool(_HTML_START_RE.match(data[:1024]))
    digest = hashlib.sha1(b"bytes\0" + data).hexdigest()[:12]
    if data.startswith(b"%PDF-"):
        return _paged_document(data, "pdf", name, digest, None, name.capitalize(), {})
    if data.startswith(b"PK\x03\x04") and _is_word_file(data):
        return _paged_document(data, "docx", name, digest, None, name.capitalize(), {})
    return _document_from_bytes(data, name, is_html, digest, None, name.capitalize(), {})


def _document_from_bytes(
    data: bytes,
    name: str,
    is_html: bool,
    digest: str,
    source: str | None,
    fallback_title: str,
    sidecar: dict[str, str],
) -> Document:
    reject_binary(data, name)
    declared = declared_html_charset(data) if is_html else None
    text, encoding, warnings = decode(data, name, declared)

    title = date = author = site = headings = None
    if is_html:
        page = read_page(text)
        text, title, date, author, site = page.text, page.title, page.date, page.author, page.site
        headings = page.headings
        warnings += page.warnings
        if not text.strip():
            raise EmptyDocumentError(
                f"{name} has no visible text (only markup, scripts or styles). "
                "Open the page in a browser and save it as text, or paste the article text instead."
            )
    elif not text.strip():
        raise EmptyDocumentError(f"{name} contains only whitespace. Choose a file with some text in it.")

    title = sidecar.get("title") or title or title_from_text(text) or fallback_title
    date = sidecar.get("date") or date
    paragraphs, sentences = split_passages(text, headings)
    return Document(
        id=digest,
        text=text,
        title=title,
        source=source,
        date=date,
        encoding=encoding,
        paragraphs=paragraphs,
        sentences=sentences,
        author=author,
        site=site,
        warnings=tuple(warnings),
    )


def _paged_document(
    data: bytes,
    kind: str,
    name: str,
    digest: str,
    source: str | None,
    fallback_title: str,
    sidecar: dict[str, str],
) -> Document:
    """A PDF or Word file's Document: its text laid out as paragraphs, its headings as the file marks them."""
    if kind == "pdf":
        from mapviewer.documents.pdf import read_pdf

        layout = read_pdf(data, name)
    else:
        from mapviewer.documents.docx import read_docx

        layout = read_docx(data, name)
    text = layout.text
    title = sidecar.get("title") or layout.title or _first_heading(text, layout.headings)
    title = title or title_from_text(text) or fallback_title
    paragraphs, sentences = split_passages(text, layout.headings)
    return Document(
        id=digest,
        text=text,
        title=title,
        source=source,
        date=sidecar.get("date") or layout.date,
        encoding=None,
        paragraphs=paragraphs,
        sentences=sentences,
        author=layout.author,
        warnings=tuple(layout.warnings),
    )


def _is_word_file(data: bytes) -> bool:
    """A ZIP archive that holds a Word document's main part (other ZIPs are refused as binary)."""
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _first_heading(text: str, headings: list[tuple[int, int]]) -> str | None:
    return text[headings[0][0] : headings[0][1]] if headings else None


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
    title = (title or "").strip() or title_from_text(text) or "Pasted text"
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
        raise UnreadableFileError(f"{name} is not a regular file. Choose a text, HTML, PDF or Word file.")

    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{suffix}' files are" if suffix else "files without an extension are"
        raise UnsupportedFormatError(
            f"{name}: {kind} not supported. mapviewer reads {', '.join(SUPPORTED_SUFFIXES)}; "
            "save the document as plain text (.txt), HTML, PDF or Word (.docx) and open that."
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
