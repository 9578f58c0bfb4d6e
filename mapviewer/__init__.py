"""mapviewer: find the places news articles mention and show them on a map, linked to their passages."""

__version__ = "0.1.0"
