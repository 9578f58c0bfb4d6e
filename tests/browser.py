"""A real Chromium page (QtWebEngine, offscreen) for tests of exported maps: every request it makes is
recorded (and anything but file: and data: blocked), every console message kept; `call` evaluates in the
page and returns the value through JSON. The `browser` fixture (conftest.py) gives one per test."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineUrlRequestInterceptor
from PySide6.QtWebEngineWidgets import QWebEngineView

SIZE = (1280, 800)


class RecordingInterceptor(QWebEngineUrlRequestInterceptor):
    """Sees every request the page makes (documents, scripts, images, XHR) before it leaves."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info):
        url = info.requestUrl()
        self.urls.append(url.toString())
        if url.scheme() not in ("file", "data"):
            info.block(True)  # tests never reach the network, whatever the page asks for


class ConsolePage(QWebEnginePage):
    def __init__(self, profile, parent):
        super().__init__(profile, parent)
        self.messages: list[tuple[QWebEnginePage.JavaScriptConsoleMessageLevel, str, int, str]] = []

    def javaScriptConsoleMessage(self, level, message, line, source):
        self.messages.append((level, message, line, source))

    def errors(self):
        level = QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel
        return [m for m in self.messages if m[0] == level]


class Browser:
    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.profile = QWebEngineProfile()  # off the record: no disk cache shared between tests
        self.interceptor = RecordingInterceptor()
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.view = QWebEngineView()
        self.page = ConsolePage(self.profile, self.view)
        self.view.setPage(self.page)
        self.view.resize(*SIZE)
        self.view.show()
        self.url: QUrl | None = None

    def load(self, path: Path) -> None:
        self.url = QUrl.fromLocalFile(str(path))
        with self.qtbot.waitSignal(self.page.loadFinished, timeout=30_000) as finished:
            self.view.load(self.url)
        assert finished.args == [True], "the page loaded"
        self.qtbot.waitUntil(
            lambda: self.js("!!(window.mapviewer && window.mapviewer.ready)"), timeout=10_000
        )

    def js(self, code: str):
        with self.qtbot.waitCallback(timeout=10_000) as callback:
            self.page.runJavaScript(code, 0, callback)
        return callback.args[0]

    def call(self, expression: str):
        """Evaluate in the page and return its value through JSON (objects and lists come back whole)."""
        text = self.js(f"JSON.stringify({expression})")
        return json.loads(text) if text else None  # undefined comes back empty

    def settle(self) -> None:
        """Until the page says it is settled: no move, no popup to open or fading in, chrome laid out."""
        self.qtbot.waitUntil(lambda: self.call("mapviewer.settled()") is True, timeout=10_000)

    def foreign_requests(self) -> list[str]:
        own = self.url.toString()
        return [u for u in self.interceptor.urls if u != own and not u.startswith("data:")]

    def close(self):
        # The page must go before its profile, or teardown can crash (pytest-qt #319).
        self.view.close()
        self.page.deleteLater()
        self.qtbot.wait(10)
        self.view.deleteLater()
        self.qtbot.wait(10)
        self.profile.deleteLater()
        self.qtbot.wait(10)
