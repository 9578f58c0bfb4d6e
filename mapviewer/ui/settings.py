"""View > Settings...: the choices kept in mapviewer.settings (the tile provider; the geocoder later).

The dialog only edits a Settings value; the window saves it and applies it (see MainWindow.apply_settings).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

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

    def chosen(self) -> Settings:
        return self._current.replace(tile_provider=self.tiles.currentData())
