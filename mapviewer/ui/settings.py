"""View > Settings...: the choices kept in mapviewer.settings (the tile provider, the online geocoder).

The dialog only edits a Settings value; the window saves it and applies it (see MainWindow.apply_settings).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mapviewer import settings as user_settings
from mapviewer.settings import Settings


class SettingsDialog(QDialog):
    """Edits a copy of the settings; `chosen()` is what the user picked."""

    def __init__(self, current: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self._current = current
        self.form = QFormLayout()  # other settings add their rows here

        self.tiles = QComboBox(self)
        self.tiles.setObjectName("tileProvider")
        names = dict(user_settings.TILE_PROVIDERS)
        if current.tile_provider not in names:  # a name written by hand or by a newer version: keep it
            names[current.tile_provider] = current.tile_provider
        for name, label in names.items():
            self.tiles.addItem(label, name)
        self.tiles.setCurrentIndex(self.tiles.findData(current.tile_provider))
        self.tiles.currentIndexChanged.connect(self._show_hosts)
        self.form.addRow("Online &tiles from:", self.tiles)
        self.hosts = QLabel(self)
        self.hosts.setObjectName("tileHosts")
        self.hosts.setWordWrap(True)
        self.form.addRow("", self.hosts)
        self._show_hosts()
        self._add_geocoder(current)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    def _show_hosts(self) -> None:
        name = self.tiles.currentData()
        try:
            hosts = ", ".join(sorted(user_settings.tile_hosts(name)))
        except user_settings.SettingsError as exc:
            self.hosts.setText(str(exc))
            return
        self.hosts.setText(
            f"Used only while View › Base Map › Online Tiles is on; the map then connects to {hosts} "
            "and nowhere else."
        )

    def _add_geocoder(self, current: Settings) -> None:
        """The online geocoder the place search may ask (mapviewer.geocoding); offline unless chosen."""
        from mapviewer.geocoding import OFFLINE, provider_names

        self.geocoder = QComboBox(self)
        self.geocoder.setObjectName("geocoder")
        self.geocoder.addItem("None: search the offline gazetteer only", OFFLINE)
        names = provider_names()
        if current.geocoder not in (OFFLINE, *names):
            names.append(current.geocoder)  # written by hand or by a newer version: keep it
        for name in names:
            self.geocoder.addItem(_GEOCODER_LABELS.get(name, name), name)
        self.geocoder.setCurrentIndex(max(0, self.geocoder.findData(current.geocoder)))
        self.form.addRow("Online &geocoder:", self.geocoder)
        self.geocoder_url = QLineEdit(current.geocoder_url, self)
        self.geocoder_url.setObjectName("geocoderUrl")
        self.geocoder_url.setPlaceholderText("its public service; or a server such as http://localhost:8080")
        self.form.addRow("Geocoder &server:", self.geocoder_url)
        self.geocoder_note = QLabel(self)
        self.geocoder_note.setObjectName("geocoderNote")
        self.geocoder_note.setWordWrap(True)
        self.form.addRow("", self.geocoder_note)
        self.geocoder.currentIndexChanged.connect(self._show_geocoder)
        self._show_geocoder()

    def _show_geocoder(self) -> None:
        online = self.geocoder.currentData() != "offline"
        self.geocoder_url.setEnabled(online)
        self.geocoder_note.setText(
            "Names after “in”, “near” or “at” that the gazetteer lacks are sent to this service when "
            "documents open, and Search for Another Place gets a button that sends what you typed (at most "
            "one request a second; answers are kept in the cache folder). Nothing else is sent."
            if online
            else "Nothing leaves this machine: places are searched in the offline gazetteer."
        )
        self.adjustSize()  # the note's lines differ: let the dialog grow with it

    def chosen(self) -> Settings:
        return self._current.replace(
            tile_provider=self.tiles.currentData(),
            geocoder=self.geocoder.currentData(),
            geocoder_url=self.geocoder_url.text().strip() if self.geocoder.currentData() != "offline" else "",
        )


# The best-known providers by the names their services use; the rest by geopy's name.
_GEOCODER_LABELS = {
    "nominatim": "Nominatim (OpenStreetMap; light use only)",
    "photon": "Photon (OpenStreetMap, by Komoot)",
    "arcgis": "ArcGIS (Esri)",
    "geonames": "GeoNames (needs MAPVIEWER_GEOCODER_KEY: your user name)",
    "pelias": "Pelias (needs a server address)",
}
