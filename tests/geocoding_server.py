"""A real HTTP server on 127.0.0.1 that answers like Nominatim (/search and /reverse, format=json).

It stands in for an online geocoder in the tests: it records every request (arrival time, path, query,
headers) so tests can check what was sent, how often and how far apart, and it can be told to fail
(an HTTP status with headers, or a body that is no JSON). The places are test data shaped like
Nominatim's answers (https://nominatim.org/release-docs/latest/api/Output/), not real OSM records.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PLACES = {
    "heathrow": {
        "place_id": 1001,
        "osm_type": "way",
        "osm_id": 900001,
        "lat": "51.4679914",
        "lon": "-0.4550717",
        "class": "aeroway",
        "type": "aerodrome",
        "addresstype": "aeroway",
        "importance": 0.62,
        "name": "London Heathrow Airport",
        "display_name": "London Heathrow Airport, Hillingdon, Greater London, England, United Kingdom",
        "address": {"aeroway": "London Heathrow Airport", "country": "United Kingdom", "country_code": "gb"},
    },
    "champs-elysées": {
        "place_id": 1002,
        "osm_type": "way",
        "osm_id": 900002,
        "lat": "48.8695",
        "lon": "2.3079",
        "class": "highway",
        "type": "primary",
        "addresstype": "road",
        "importance": 0.55,
        "name": "Avenue des Champs-Élysées",
        "display_name": "Avenue des Champs-Élysées, Paris, Île-de-France, France",
        "address": {"road": "Avenue des Champs-Élysées", "country": "France", "country_code": "fr"},
    },
}


@dataclass(frozen=True)
class Request:
    at: float  # time.monotonic() when it arrived
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class Failure:
    status: int
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        owner = self.server.owner
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        owner.requests.append(Request(time.monotonic(), parts.path, query, dict(self.headers.items())))
        if owner.failure is not None:
            self._send(owner.failure.status, owner.failure.body, owner.failure.headers)
            return
        if parts.path.endswith("/search"):
            found = PLACES.get(query.get("q", "").strip().casefold())
            answer = [found] if found else []
            if query.get("addressdetails") != "1":
                answer = [{k: v for k, v in a.items() if k != "address"} for a in answer]
            self._send(200, json.dumps(answer[: int(query.get("limit", "10"))]))
        elif parts.path.endswith("/reverse"):
            lat, lon = float(query.get("lat", "nan")), float(query.get("lon", "nan"))
            near = [
                p for p in PLACES.values() if abs(float(p["lat"]) - lat) + abs(float(p["lon"]) - lon) < 0.05
            ]
            self._send(200, json.dumps(near[0] if near else {"error": "Unable to geocode"}))
        else:
            self._send(404, json.dumps({"error": "no such endpoint"}))

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:  # noqa: A002 (http.server's signature)
        pass  # quiet tests


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: NominatimServer


class NominatimServer:
    """Start with `with NominatimServer() as server:`; `server.url` is its base URL."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.failure: Failure | None = None
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="nominatim-stand-in", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def searched(self) -> list[str]:
        return [r.query.get("q", "") for r in self.requests if r.path.endswith("/search")]

    def gaps(self) -> list[float]:
        """Seconds between consecutive requests, as the server saw them arrive."""
        times = [r.at for r in self.requests]
        return [b - a for a, b in zip(times, times[1:], strict=False)]

    def __enter__(self) -> NominatimServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
