"""mapviewer: find the places news articles mention and show them on a map, linked to their passages.

For notebooks: ``mapviewer.parse(paths)``, ``mapviewer.parse_text(text)``, ``mapviewer.folium_map(result)``
(see mapviewer/api.py). They load on first use, so ``import mapviewer`` stays light.
"""

__version__ = "0.1.0"
__all__ = ["__version__", "folium_map", "parse", "parse_text"]


def __getattr__(name: str):
    if name in ("folium_map", "parse", "parse_text"):
        from mapviewer import api

        return getattr(api, name)
    raise AttributeError(f"module 'mapviewer' has no attribute {name!r}")
