"""Typed errors with messages a person can act on."""

from __future__ import annotations


class MapviewerError(Exception):
    """Base of every error mapviewer reports to a user."""


class DocumentError(MapviewerError):
    """A document could not be read; the message says which and why."""


class FileMissingError(DocumentError):
    pass


class UnreadableFileError(DocumentError):
    pass


class EmptyDocumentError(DocumentError):
    pass


class BinaryFileError(DocumentError):
    pass


class FileTooLargeError(DocumentError):
    pass


class DecodingError(DocumentError):
    pass


class UnsupportedFormatError(DocumentError):
    pass


class ProtectedDocumentError(UnreadableFileError):
    """A PDF or Word file locked by a password."""


class NoTextLayerError(EmptyDocumentError):
    """A PDF whose pages are images (a scan): there is no text to read without OCR."""


class DamagedDocumentError(DecodingError):
    """A PDF or Word file that its library cannot parse: damaged, cut off, or another format."""


class GazetteerError(MapviewerError):
    """The gazetteer index could not be built or opened; the message says why and what to do."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message  # the cause alone, for "rebuilding because ..."


class CacheError(GazetteerError):
    """The cache folder cannot hold the index: a file in its place, read-only, or a full disk."""


class ExportError(MapviewerError):
    """A file could not be written."""
