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


class GazetteerError(MapviewerError):
    """The gazetteer index could not be built or opened."""


class ExportError(MapviewerError):
    """A file could not be written."""
