"""The map pane's web view on its own: no local files, only the tile provider's hosts, errors logged,
late JavaScript results dropped. A real HTTP server on 127.0.0.1 stands in for a tile provider."""

from __future__ import annotations

import http.server
import logging
import threading

import pytest

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

# The smallest page the view's bootstrap accepts as a map: a registry that says it is ready.
REGISTRY = (
    "<script>window.mapviewer = {onReady: function (f) { f(); }, onPlaceClick: function () {}};</script>"
)


@pytest.fixture
def view(qtbot):
    from PySide6.QtWidgets import QWidget

    from mapviewer.ui.mapview import MapView

    holder = QWidget()
    holder.resize(400, 300)
    mapview = MapView(holder)
    mapview.resize(400, 300)
    holder.show()
    yield mapview
    holder.deleteLater()
    qtbot.wait(10)


def show(qtbot, view, body: str) -> None:
    with qtbot.waitSignal(view.ready, timeout=30_000):
        view.show_html(f"<!doctype html><html><head>{REGISTRY}</head><body>{body}</body></html>")


def js(qtbot, view, code: str):
    with qtbot.waitCallback(timeout=10_000) as callback:
        view.run_js(code, callback)
    return callback.args[0]


class TileServer:
    """Serves a 1x1 PNG for any path and records each request's path and User-Agent."""

    PNG = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e5273de90000000049454e44ae426082"
    )

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append((self.path, self.headers.get("User-Agent", "")))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(TileServer.PNG)))
                self.end_headers()
                self.wfile.write(TileServer.PNG)

            def log_message(self, *_args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def paths(self) -> list[str]:
        return [path for path, _agent in self.requests]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def tile_server():
    server = TileServer()
    yield server
    server.close()


def test_the_page_may_not_read_local_files(qtbot, view, tmp_path):
    from PySide6.QtWebEngineCore import QWebEngineSettings

    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    picture = tmp_path / "picture.png"
    picture.write_bytes(TileServer.PNG)
    attribute = QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls
    assert view.page().settings().testAttribute(attribute) is False
    show(
        qtbot,
        view,
        f"""<img id="pic" src="{picture.as_uri()}"
              onload="window.__pic = 'loaded'" onerror="window.__pic = 'refused'">
        <script>
          window.__read = 'pending';
          fetch("{secret.as_uri()}").then(function (r) {{ return r.text(); }})
            .then(function (t) {{ window.__read = t; }}, function () {{ window.__read = 'refused'; }});
        </script>""",
    )
    qtbot.waitUntil(lambda: js(qtbot, view, "window.__read") != "pending", timeout=10_000)
    assert js(qtbot, view, "window.__read") == "refused"
    qtbot.waitUntil(lambda: js(qtbot, view, "window.__pic || ''") != "", timeout=10_000)
    assert js(qtbot, view, "window.__pic") == "refused"
    # Chromium refused those by itself. Lift its setting: the interceptor still refuses a file the page
    # asks for (the setting reaches the renderer asynchronously, so ask until the interceptor answers).
    view.page().settings().setAttribute(attribute, True)

    def blocked_by_the_interceptor() -> bool:
        js(qtbot, view, f"var i = new Image(); i.src = '{picture.as_uri()}?' + Math.random(); 0")
        return any(u.startswith(picture.as_uri()) for u in view.interceptor.blocked)

    qtbot.waitUntil(blocked_by_the_interceptor, timeout=10_000)


def test_online_tiles_reach_only_the_providers_host_with_our_user_agent(qtbot, view, tile_server):
    from mapviewer.ui.mapview import USER_AGENT

    port = tile_server.port
    view.allow_only(frozenset({"127.0.0.1"}), "test tiles")
    show(
        qtbot,
        view,
        f"""<img src="http://127.0.0.1:{port}/tile/1/0/0.png">
        <img src="http://localhost:{port}/elsewhere.png">""",
    )
    qtbot.waitUntil(lambda: "/tile/1/0/0.png" in tile_server.paths(), timeout=10_000)
    qtbot.waitUntil(lambda: any("localhost" in u for u in view.interceptor.blocked), timeout=10_000)
    # localhost is this same server: only the interceptor kept that request from arriving.
    assert "/elsewhere.png" not in tile_server.paths()
    assert dict(tile_server.requests)["/tile/1/0/0.png"] == USER_AGENT
    assert USER_AGENT.startswith("mapviewer/")

    view.set_online(False)
    assert view.interceptor.allowed_hosts == frozenset()
    show(
        qtbot,
        view,
        f"""<img src="http://127.0.0.1:{port}/tile/2/0/0.png"
              onload="window.__tile = 'loaded'" onerror="window.__tile = 'refused'">""",
    )
    qtbot.waitUntil(lambda: js(qtbot, view, "window.__tile || ''") != "", timeout=10_000)
    assert js(qtbot, view, "window.__tile") == "refused"
    assert "/tile/2/0/0.png" not in tile_server.paths()


def test_online_tiles_come_from_the_chosen_provider(view, tmp_path, monkeypatch):
    from mapviewer import settings

    view.set_online(True, "Esri.WorldGrayCanvas")
    assert view.interceptor.allowed_hosts == {"server.arcgisonline.com"}
    assert view.tile_provider == "Esri.WorldGrayCanvas"
    # With no provider named, the saved choice.
    monkeypatch.setenv(settings.CONFIG_ENV, str(tmp_path))
    settings.save(settings.Settings().replace(tile_provider="OpenTopoMap"))
    view.set_online(True)
    assert view.interceptor.allowed_hosts == {f"{s}.tile.opentopomap.org" for s in "abc"}
    # An unknown provider: refused, and the view stays offline.
    with pytest.raises(settings.SettingsError):
        view.set_online(True, "No Such Tiles")
    assert view.interceptor.allowed_hosts == frozenset() and not view.interceptor.allow_online


def test_javascript_errors_are_logged_as_warnings(qtbot, view):
    # A handler on the module's own logger: the CLI may have set how "mapviewer" logs propagate.
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append
    logger = logging.getLogger("mapviewer.ui.mapview")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        show(qtbot, view, "<script>console.log('just saying'); null.boom();</script>")

        def logged():
            return [r for r in records if r.levelno == logging.WARNING and "map page error" in r.getMessage()]

        qtbot.waitUntil(lambda: bool(logged()), timeout=10_000)
        assert "TypeError" in logged()[0].getMessage()
        chatter = [r for r in records if "just saying" in r.getMessage()]
        assert chatter and all(r.levelno == logging.DEBUG for r in chatter)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def test_a_javascript_result_after_the_view_is_gone_is_dropped(qtbot):
    from PySide6.QtWidgets import QWidget

    from mapviewer.ui.mapview import MapView

    holder = QWidget()
    view = MapView(holder)
    holder.show()
    show(qtbot, view, "")
    results = []
    assert js(qtbot, view, "6 * 7") == 42  # while the view lives, results arrive
    # Still running when the view goes: Chromium then answers it (with nothing) while tearing the page down.
    busy = "(function () { var t = Date.now(); while (Date.now() - t < 1000) {} return 1; })()"
    view.run_js(busy, results.append)
    gone = []
    view.destroyed.connect(lambda *_: gone.append(True))
    holder.deleteLater()
    qtbot.waitUntil(lambda: bool(gone), timeout=10_000)
    assert results == []
