"""Load a document (a text, Markdown, HTML, PDF or Word file, or pasted text) and split it into passages.

The loaded text is never rewritten afterwards: paragraphs and sentences are (start, end) offsets into
Document.text, so every later stage can point back at the exact words it found. Each stage is one module:
load (files and checks), decode (bytes to text), html (pages), pdf and docx (paged files), metadata (dates,
sidecars), passages (paragraphs, sentences, titles from text).
"""

from mapviewer.documents.load import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    document_from_bytes,
    document_from_text,
    find_documents,
    load_document,
)
from mapviewer.documents.passages import split_passages

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "document_from_bytes",
    "document_from_text",
    "find_documents",
    "load_document",
    "split_passages",
]
