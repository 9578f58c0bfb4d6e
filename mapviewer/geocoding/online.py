"""Online geocoders, used only when the user names one: any geopy provider, polite and remembered.

    geocoder = OnlineGeocoder("nominatim")                          # OSM's public Nominatim
    geocoder = OnlineGeocoder("nominatim", "http://127.0.0.1:8080")  # a self-hosted one
    geocoder.geocode("Heathrow")                                     # a geopy Location, or None

Politeness and memory are wrappers, as geopy's guide has it: each request goes through geopy's
RateLimiter (at most one a second, what Nominatim's usage policy asks), with a User-Agent naming mapviewer
and its version, and every answer (a miss too) is kept in an on-disk cache, so asking again makes no
request. geopy's errors become the typed GeocodingErrors below, whose messages say what to do.
"""

from __future__ import annotations

import inspect
import os
import threading
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

import geopy
from geopy import exc as geopy_exc
from geopy.adapters import URLLibAdapter
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import SERVICE_TO_GEOCODER, get_geocoder_for_service
from geopy.location import Location

from mapviewer import __version__
from mapviewer.errors import MapviewerError
from mapviewer.geocoding.cache import GeocodeCache, default_cache

__all__ = [
    "KEY_ENV",
    "MIN_DELAY_SECONDS",
    "USER_AGENT",
    "GeocoderBadAnswer",
    "GeocoderConfigError",
    "GeocoderOffline",
    "GeocoderRateLimitedError",
    "GeocoderRefused",
    "GeocodingError",
    "OnlineGeocoder",
    "provider_names",
]

USER_AGENT = f"mapviewer/{__version__} (desktop geopolitical map viewer; geopy/{geopy.__version__})"
# Nominatim's usage policy: "an absolute maximum of 1 request per second". A little over one second, so
# that the gaps the server sees stay above it even when one answer travels faster than the one before.
MIN_DELAY_SECONDS = 1.1
DEFAULT_TIMEOUT = 10.0
KEY_ENV = "MAPVIEWER_GEOCODER_KEY"  # the API key or user name of a provider that needs one
# The constructor argument each keyed provider calls its key (geopy's names differ).
_KEY_ARGS = ("api_key", "apikey", "username", "subscription_key", "key")


class GeocodingError(MapviewerError):
    """An online geocoder could not answer; the message says which one, why, and what to do."""


class GeocoderConfigError(GeocodingError):
    """An unknown provider, an unusable URL, or a key the provider needs and was not given."""


class GeocoderOffline(GeocodingError):
    """The service cannot be reached (no network, a wrong address) or did not answer in time."""


class GeocoderRateLimitedError(GeocodingError):
    """The service says too many requests; `retry_after` is how many seconds it asks to wait, if it said."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class GeocoderRefused(GeocodingError):
    """The service refused the request (HTTP 401/403: a key, a blocked address or User-Agent)."""


class GeocoderBadAnswer(GeocodingError):
    """The service answered with an error or with something that is no geocoding answer."""


def provider_names() -> list[str]:
    """Every geopy provider name `--provider` accepts."""
    return sorted(SERVICE_TO_GEOCODER)


class _Adapter(URLLibAdapter):
    """geopy's standard-library adapter: no hidden retries, so every request is one the rate limiter let
    through. A refused connection or an unknown host is reported as unavailable, not as a service error."""

    def get_text(self, url, *, timeout, headers):
        try:
            return super().get_text(url, timeout=timeout, headers=headers)
        except geopy_exc.GeocoderServiceError as exc:
            cause = exc.__context__
            if type(exc) is geopy_exc.GeocoderServiceError and (
                isinstance(cause, URLError) and not isinstance(cause, HTTPError) or isinstance(cause, OSError)
            ):
                raise geopy_exc.GeocoderUnavailable(str(exc)) from exc
            raise


def _base_url(url: str) -> tuple[str, str]:
    """(scheme, domain) for geopy from a base URL: "http://127.0.0.1:8080/nominatim" -> ("http", "127.0.0.1:8080/nominatim")."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise GeocoderConfigError(
            f"{url!r} is not a geocoder's base URL: give http:// or https://, a host and an optional path, "
            "such as http://localhost:8080"
        )
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


class OnlineGeocoder:
    """One geopy provider, rate-limited and cached; thread-safe. `requests` counts what was really sent."""

    def __init__(
        self,
        provider: str,
        url: str | None = None,
        *,
        cache: GeocodeCache | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        min_delay_seconds: float = MIN_DELAY_SECONDS,
        api_key: str | None = None,
    ) -> None:
        try:
            cls = get_geocoder_for_service(provider.strip().lower())
        except geopy_exc.GeocoderNotFound:
            raise GeocoderConfigError(
                f"{provider!r} is no geopy geocoder; known ones: {', '.join(provider_names())}"
            ) from None
        self.name = provider.strip().lower()
        self.label = cls.__name__
        self.url = url.strip() if url else ""
        self.where = f"{self.label} at {self.url}" if self.url else self.label
        kwargs = self._arguments(cls, timeout, api_key if api_key is not None else os.environ.get(KEY_ENV))
        try:
            self._geocoder = cls(**kwargs)
        except (geopy_exc.ConfigurationError, TypeError, ValueError) as exc:
            raise GeocoderConfigError(f"{self.label} cannot be set up: {exc}") from None
        self.cache = cache if cache is not None else default_cache()
        self.requests = 0
        self._lock = threading.Lock()
        # Errors are not retried here: a person (or the next run) decides whether to ask again.
        limit = {"min_delay_seconds": min_delay_seconds, "max_retries": 0, "swallow_exceptions": False}
        self._geocode = RateLimiter(self._counted(self._geocoder.geocode), **limit)
        reverse = getattr(self._geocoder, "reverse", None)
        self._reverse = RateLimiter(self._counted(reverse), **limit) if reverse else None
        self._extras = self._geocode_extras(cls)

    def _arguments(self, cls, timeout: float, key: str | None) -> dict:
        params = inspect.signature(cls.__init__).parameters
        kwargs: dict = {"user_agent": USER_AGENT, "timeout": timeout, "adapter_factory": _Adapter}
        if self.url:
            if "domain" not in params:
                raise GeocoderConfigError(f"{self.label} cannot be pointed at another server (no base URL)")
            kwargs["scheme"], kwargs["domain"] = _base_url(self.url)
        for name, param in params.items():
            if name == "self" or name in kwargs or param.default is not inspect.Parameter.empty:
                continue
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            if name in _KEY_ARGS and key:
                kwargs[name] = key
            elif name in _KEY_ARGS:
                raise GeocoderConfigError(f"{self.label} needs a key ({name}): set {KEY_ENV} to yours")
            elif name == "domain":
                raise GeocoderConfigError(f"{self.label} needs the address of a server: give its base URL")
            else:
                raise GeocoderConfigError(
                    f"{self.label} needs a {name.replace('_', ' ')}, which mapviewer cannot give"
                )
        return kwargs

    @staticmethod
    def _geocode_extras(cls) -> dict:
        # Nominatim (and its kin) say which country a place is in only when asked for address details.
        params = inspect.signature(cls.geocode).parameters
        return {"addressdetails": True} if "addressdetails" in params else {}

    def _counted(self, call):
        def counted(*args, **kwargs):
            self.requests += 1
            return call(*args, **kwargs)

        return counted

    # -- asking ------------------------------------------------------------------------------------
    def geocode(self, query: str, *, exactly_one: bool = True, limit: int | None = None):
        """Places the service finds for `query`: a Location (or None), or a list when not exactly_one."""
        query = " ".join(str(query or "").split())
        if not query:
            return None if exactly_one else []
        kwargs = dict(self._extras)
        if not exactly_one and limit:
            kwargs["limit"] = limit
        key = ("geocode", query, exactly_one, limit)
        return self._ask(key, lambda: self._geocode(query, exactly_one=exactly_one, **kwargs), exactly_one)

    def reverse(self, point: tuple[float, float], *, exactly_one: bool = True, limit: int | None = None):
        """What the service says is at a point: a Location (or None), or a list (at most `limit`)."""
        if self._reverse is None:
            raise GeocoderConfigError(
                f"{self.label} cannot tell what is at a map point (no reverse geocoding)"
            )
        lat, lon = (round(float(v), 6) for v in point)
        key = ("reverse", f"{lat},{lon}", exactly_one, None)
        found = self._ask(key, lambda: self._reverse((lat, lon), exactly_one=exactly_one), exactly_one)
        return found[:limit] if limit and isinstance(found, list) else found

    def _ask(self, key: tuple, call, exactly_one: bool):
        full_key = (self.name, self.url, *key)
        with self._lock:  # one request at a time: the rate limiter's gaps stay gaps
            cached = self.cache.get(full_key)
            if cached is None:
                answer = self._translate(call)
                found = answer if isinstance(answer, list) else [answer] if answer is not None else []
                cached = [_stored(location) for location in found]
                self.cache.put(full_key, cached)
        locations = [_location(entry) for entry in cached]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def _translate(self, call):
        """The call's answer, with geopy's errors (and a malformed answer) as GeocodingErrors."""
        where = self.where
        try:
            return call()
        except geopy_exc.GeocoderRateLimited as exc:
            wait = f" in {exc.retry_after:.0f} s" if exc.retry_after else " later"
            raise GeocoderRateLimitedError(
                f"{where} says too many requests: try again{wait}.", exc.retry_after
            ) from None
        except geopy_exc.GeocoderQuotaExceeded:
            raise GeocoderRateLimitedError(f"{where} says its quota is used up: try again later.") from None
        except (geopy_exc.GeocoderAuthenticationFailure, geopy_exc.GeocoderInsufficientPrivileges) as exc:
            raise GeocoderRefused(
                f"{where} refused the request ({exc}). A key may be missing or wrong ({KEY_ENV}), or the "
                "service blocks this address; see its usage policy."
            ) from None
        except geopy_exc.GeocoderTimedOut:
            raise GeocoderOffline(f"{where} did not answer in time: try again, or later.") from None
        except geopy_exc.GeocoderUnavailable as exc:
            raise GeocoderOffline(
                f"{where} cannot be reached ({exc}). Is this machine offline, or the address wrong?"
            ) from None
        except geopy_exc.GeopyError as exc:
            raise GeocoderBadAnswer(f"{where} answered with an error: {_short(exc)}") from None
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise GeocoderBadAnswer(f"{where} gave an answer mapviewer cannot read ({exc!r}).") from None


def _short(exc: Exception, limit: int = 200) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stored(location: Location) -> list:
    """A Location as JSON data for the cache: address, latitude, longitude, raw answer."""
    return [location.address, location.latitude, location.longitude, location.raw]


def _location(entry: list) -> Location:
    address, lat, lon, raw = entry
    return Location(address, (lat, lon), raw)
