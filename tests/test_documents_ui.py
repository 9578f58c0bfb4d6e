"""The window shows what reading a document warned about (its Document.warnings), as plain text."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from ui_helpers import App, message_text, wait_for_message  # noqa: E402

pytestmark = pytest.mark.gui


def test_a_documents_warnings_are_shown_when_it_opens(qtbot, tmp_path):
    app = App(qtbot, tmp_path / "settings.ini").start()
    try:
        cut = tmp_path / "cut.txt"
        cut.write_bytes("Talks in Manila went on for hours and ended in Hanoi, then Łódź".encode()[:-1])
        app.window.open_paths([cut])
        box = wait_for_message(qtbot, app.window)
        text = message_text(box)
        assert "Opened, with a warning" in text
        assert "ends in the middle of a character: the file may be cut off" in text
        assert app.window.project.documents[-1].text.startswith("Talks in Manila"), "it opened all the same"
        if shot := os.environ.get("MAPVIEWER_SCREENSHOT_DIR"):
            app.window.grab().save(os.path.join(shot, "window-warning.png"))
            box.grab().save(os.path.join(shot, "warning-box.png"))
        box.close()
    finally:
        app.close()
