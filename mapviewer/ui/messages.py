"""Messages to the user: window-modal boxes that never block the event loop, errors in plain words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from mapviewer.errors import MapviewerError


def error_text(exc: BaseException) -> str:
    """What went wrong, for a person: our errors say it themselves; OS errors name the file."""
    if isinstance(exc, MapviewerError):
        return str(exc)
    if isinstance(exc, OSError):
        return (
            f"{exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}. "
            "Check the location exists and you may write there, then try again."
        )
    return f"Something unexpected went wrong ({type(exc).__name__}: {exc})."


class Messages:
    """Shows messages over a window; `boxes` keeps the open ones (so they stay open, and tests can read them)."""

    def __init__(self, window: QMainWindow, shown) -> None:
        self.window = window
        self.shown = shown  # a Signal(str): "title\ntext" of every message
        self.boxes: list[QMessageBox] = []

    def show(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, title, QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names and messages are never markup
        box.setInformativeText(text)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, b=box: self.boxes.remove(b) if b in self.boxes else None)
        self.boxes.append(box)
        self.window.statusBar().showMessage(title, 8000)
        box.open()
        self.shown.emit(f"{title}\n{text}")
        return box

    def warn(self, title: str, text: str) -> QMessageBox:
        return self.show(QMessageBox.Icon.Warning, title, text)

    def error(self, title: str, exc: BaseException) -> QMessageBox:
        return self.warn(title, error_text(exc))

    def file_errors(self, errors: list[tuple[str, str]], opened: int) -> None:
        count = len(errors)
        if count == 1:
            title = f"{errors[0][0]} could not be opened"
            text = errors[0][1]
        else:
            title = f"{count} files could not be opened"
            text = "\n".join(f"• {message}" for _name, message in errors[:8])
            if count > 8:
                text += f"\n… and {count - 8} more (see Details)."
        if opened:
            text += f"\n\nThe other {opened} document{'s' * (opened != 1)} opened normally."
        box = self.warn(title, text)
        if count > 8:
            box.setDetailedText("\n".join(f"{name}: {message}" for name, message in errors))
