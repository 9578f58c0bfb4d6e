"""The map pane: a QWebEngineView showing the page `mapviewer export` writes, plus a QWebChannel bridge.

Like Anki's webview wrapper: one bridge object registered before the page loads, qwebchannel.js injected
into every page, JavaScript calls queued until the page says it is ready, pages loaded from a local file
(setHtml stops working past 2 MB), and a request interceptor that keeps the page off the network unless
the user turned online tiles on, and then lets through only the chosen tile provider's hosts.
The page may not read local files (every asset it needs is inlined), its JavaScript errors are logged
at WARNING, and a JavaScript result that arrives after the view is gone is dropped.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from mapviewer import __version__

log = logging.getLogger(__name__)

# Schemes that never leave the machine. file: only for the page itself (see OfflineInterceptor).
LOCAL_SCHEMES = frozenset({"qrc", "data", "blob", "about"})
# Tile servers ask apps to say who they are (OpenStreetMap's tile usage policy requires it).
USER_AGENT = f"mapviewer/{__version__} (desktop map viewer; +https://pypi.org/project/mapviewer/)"

# Runs in every page after qwebchannel.js: wires the page's registry to the bridge, then says "ready".
_BOOTSTRAP_JS = """
(function () {
  if (window.__mapviewerBridge) { return; }
  window.__mapviewerBridge = true;
  new QWebChannel(qt.webChannelTransport, function (channel) {
    var bridge = channel.objects.bridge;
    window.mapviewerBridge = bridge;
    function attach(tries) {
      var mv = window.mapviewer;
      if (!mv || !mv.onReady) {
        if (tries > 0) { setTimeout(function () { attach(tries - 1); }, 25); }
        else { bridge.pageFailed("the map page has no window.mapviewer registry"); }
        return;
      }
      mv.onPlaceClick(function (id) { bridge.placeClicked(String(id)); });
      // "The place is here": a click on the map itself (the registry's onMapClick, else Leaflet's own).
      var here = function (lat, lon) { bridge.mapClicked(Number(lat), Number(lon)); };
      if (mv.onMapClick) { mv.onMapClick(here); }
      else if (mv.leafletMap) { mv.leafletMap().on("click", function (e) { here(e.latlng.lat, e.latlng.lng); }); }
      // Each mention in a popup gets a "Fix..." control once the page offers one (webmap).
      if (mv.onFixRequest) {
        if (mv.setEditable) { mv.setEditable(true); }
        mv.onFixRequest(function (doc, start, end) { bridge.fixRequested(String(doc), start | 0, end | 0); });
      }
      mv.onReady(function () { bridge.pageReady(); });
    }
    attach(400);
  });
})();
"""


class OfflineInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that would leave the machine, except to the hosts of the chosen tile provider.

    A file: URL may be loaded as the page itself, never fetched by it (an image or script pointing at
    file:///etc/... is blocked even if Chromium would allow it). Runs on Qt's IO thread: it only reads
    a frozenset and appends to lists.
    """

    def __init__(self, parent: QObject | None = None, user_agent: str = USER_AGENT) -> None:
        super().__init__(parent)
        self.allowed_hosts: frozenset[str] = frozenset()
        self.user_agent = user_agent.encode("ascii")
        self.blocked: list[str] = []  # what the page tried to fetch and did not get; tests read it
        self.sent: list[str] = []  # what was let out to a tile provider

    @property
    def allow_online(self) -> bool:
        return bool(self.allowed_hosts)

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 (Qt's name)
        url = info.requestUrl()
        scheme = url.scheme().lower()
        if scheme in LOCAL_SCHEMES:
            return
        if scheme == "file":
            if info.resourceType() == QWebEngineUrlRequestInfo.ResourceType.ResourceTypeMainFrame:
                return
        elif scheme in ("http", "https") and url.host().lower() in self.allowed_hosts:
            info.setHttpHeader(b"User-Agent", self.user_agent)
            self.sent.append(url.toString())
            return
        self.blocked.append(url.toString())
        info.block(True)


class MapBridge(QObject):
    """The one object the page talks to: ids go across, never markup.

    The page calls the slots (placeClicked, pageReady, pageFailed); Python listens to the signals, which
    have other names because QWebChannel shows a signal and a slot of the same name as one member.
    """

    clicked = Signal(str)
    page_ready = Signal()
    page_failed = Signal(str)
    map_clicked = Signal(float, float)  # lat, lon
    fix_requested = Signal(str, int, int)  # document id, start, end

    @Slot(float, float)
    def mapClicked(self, lat: float, lon: float) -> None:  # noqa: N802 (the page's name)
        self.map_clicked.emit(lat, lon)

    @Slot(str, int, int)
    def fixRequested(self, doc_id: str, start: int, end: int) -> None:  # noqa: N802
        self.fix_requested.emit(doc_id, start, end)

    @Slot(str)
    def placeClicked(self, place_id: str) -> None:  # noqa: N802 (the page's name)
        self.clicked.emit(place_id)

    @Slot()
    def pageReady(self) -> None:  # noqa: N802
        self.page_ready.emit()

    @Slot(str)
    def pageFailed(self, reason: str) -> None:  # noqa: N802
        self.page_failed.emit(reason)


class _MapPage(QWebEnginePage):
    """Keeps the map where it is: links open in the user's browser, console messages go to the log."""

    def acceptNavigationRequest(self, url: QUrl, nav_type, is_main_frame: bool) -> bool:  # noqa: N802
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            if url.scheme() in ("http", "https"):
                QDesktopServices.openUrl(url)
            return False
        return super().acceptNavigationRequest(url, nav_type, is_main_frame)

    def javaScriptConsoleMessage(self, level, message: str, line: int, source: str) -> None:  # noqa: N802
        # An error in the page is a fault of ours (or of a page the user loaded): worth a WARNING.
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            log.warning("map page error: %s (%s:%d)", message, source, line)
        else:
            log.debug("map page: %s (%s:%d)", message, source, line)


def _qwebchannel_js() -> str:
    file = QFile(":/qtwebchannel/qwebchannel.js")
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("qwebchannel.js is missing from Qt's resources")
    try:
        return bytes(file.readAll().data()).decode("utf-8")
    finally:
        file.close()


class _Gate:
    """Open while the view lives; callbacks passed through `guard` are dropped once it has closed.

    A plain Python object, so it can still be asked after the view's C++ side is gone.
    """

    def __init__(self) -> None:
        self.open = True

    def close(self, *_args: object) -> None:
        self.open = False

    def guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def call(result: Any) -> None:
            if self.open:
                callback(result)
            else:
                log.debug("dropped a JavaScript result that came after the map view was gone")

        return call


class MapView(QWebEngineView):
    """Shows a map page and carries clicks both ways.

    Signals: `placeClicked(id)` when the user clicks a marker or shape; `ready()` each time a page has
    loaded and its registry is wired to the bridge.
    """

    placeClicked = Signal(str)  # noqa: N815
    ready = Signal()
    failed = Signal(str)
    pointClicked = Signal(float, float)  # noqa: N815  (lat, lon of a click on the map itself)
    fixRequested = Signal(str, int, int)  # noqa: N815  (a popup's "Fix..." on a mention)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interceptor = OfflineInterceptor(self)
        page = _MapPage(self)  # parented to the view, so it goes before the profile does
        page.setUrlRequestInterceptor(self.interceptor)
        self.setPage(page)
        settings = page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)

        self.bridge = MapBridge(self)
        self.bridge.clicked.connect(self.placeClicked)
        self.bridge.map_clicked.connect(self.pointClicked)
        self.bridge.fix_requested.connect(self.fixRequested)
        self.bridge.page_ready.connect(self._on_page_ready)
        self.bridge.page_failed.connect(self._on_page_failed)
        self._channel = QWebChannel(page)
        self._channel.registerObject("bridge", self.bridge)
        page.setWebChannel(self._channel)

        script = QWebEngineScript()
        script.setName("mapviewer-bridge")
        script.setSourceCode(_qwebchannel_js() + _BOOTSTRAP_JS)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
        script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
        script.setRunsOnSubFrames(False)
        page.scripts().insert(script)

        self.loadFinished.connect(self._on_load_finished)
        self._is_ready = False
        self._queue: list[tuple[str, Callable[[Any], None] | None]] = []
        self._focused: str | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="mapviewer-")
        self._generation = 0
        self.current_file: Path | None = None
        self.tile_provider: str | None = None
        # Chromium answers pending runJavaScript calls (with an empty result) while the page is being
        # destroyed, when the widgets a callback would touch may be gone: the gate closes first.
        gate = self._gate = _Gate()
        self.destroyed.connect(gate.close)

    # -- loading -----------------------------------------------------------------------------------
    def set_online(self, online: bool, provider: str | None = None) -> None:
        """Let the page fetch tiles from `provider` (an xyzservices name; the saved choice by default)
        and from nowhere else; or, when not `online`, from nowhere at all.

        Raises mapviewer.settings.SettingsError for an unknown provider (the view stays offline).
        """
        from mapviewer import settings

        hosts: frozenset[str] = frozenset()
        if online:
            provider = provider or settings.load().tile_provider
            try:
                hosts = settings.tile_hosts(provider)
            except settings.SettingsError:
                self.allow_only(frozenset())
                raise
        self.allow_only(hosts, provider if online else None)

    def allow_only(self, hosts: frozenset[str], provider: str | None = None) -> None:
        """The hosts the page may fetch from (none: offline). set_online derives them from a provider."""
        self.interceptor.allowed_hosts = frozenset(h.lower() for h in hosts)
        self.tile_provider = provider
        self.page().settings().setAttribute(
            QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, bool(hosts)
        )

    def show_html(self, html: str) -> None:
        """Load a complete map page; calls made before it is ready wait for it."""
        self._generation += 1
        path = Path(self._folder.name) / f"map-{self._generation}.html"
        path.write_text(html, encoding="utf-8")
        self.show_file(path)

    def show_file(self, path: Path) -> None:
        old = self.current_file
        self.current_file = path
        self._is_ready = False
        self.load(QUrl.fromLocalFile(str(path)))
        if old is not None and old != path and old.parent == Path(self._folder.name):
            old.unlink(missing_ok=True)

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self._on_page_failed("the map page did not load")

    def _on_page_ready(self) -> None:
        self._is_ready = True
        if self._focused:  # a reloaded map keeps showing what the user was looking at
            self.run_js(f"window.mapviewer.focus({json.dumps(self._focused)})")
        queue, self._queue = self._queue, []
        for js, callback in queue:
            self._run_now(js, callback)
        self.ready.emit()

    def _on_page_failed(self, reason: str) -> None:
        log.warning("map page failed: %s", reason)
        self.failed.emit(reason)

    # -- talking to the page -----------------------------------------------------------------------
    def run_js(self, js: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run `js` in the page once it is ready; `callback` gets the result on the UI thread."""
        if self._is_ready:
            self._run_now(js, callback)
        else:
            self._queue.append((js, callback))

    def _run_now(self, js: str, callback: Callable[[Any], None] | None) -> None:
        if callback is None:
            self.page().runJavaScript(js, QWebEngineScript.ScriptWorldId.MainWorld)
        else:
            self.page().runJavaScript(
                js, QWebEngineScript.ScriptWorldId.MainWorld, self._gate.guard(callback)
            )

    def focus_place(self, place_id: str) -> None:
        """Fly to a place and open its popup."""
        self._focused = place_id
        if self._is_ready:
            self.run_js(f"window.mapviewer.focus({json.dumps(place_id)})")

    def forget_focus(self) -> None:
        """Nothing is followed any more: a reloaded page must not fly back to the old place."""
        self._focused = None

    def closeEvent(self, event) -> None:  # noqa: N802
        self._folder.cleanup()
        super().closeEvent(event)
