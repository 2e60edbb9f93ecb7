"""HTTP for the sync: JSON from an OParl server, bounded in every way.

Each request has connect and read timeouts and a time budget of its own; the whole
sync has a deadline; a response larger than `max_bytes` is cut off and refused.
Temporary failures (connection errors, timeouts, 429 and 5xx) are retried with
exponential backoff, and a server's `Retry-After` is honoured (capped).  Certificates
are verified (httpx's default; `SSL_CERT_FILE` points to a city's own CA bundle).
Needs the `ris` extra (httpx): `pip install "antragscheck[ris]"`.
"""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from antragscheck import __version__

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A request that failed for good; the message is German and names the URL."""


class DeadlineExceeded(FetchError):
    pass


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    request_seconds: float = 120.0  # one request, all retries aside
    retries: int = 4
    backoff: float = 1.0  # first wait; doubled each time, with jitter
    max_wait: float = 60.0  # longest wait, also for Retry-After
    max_bytes: int = 32 * 1024 * 1024  # one response
    max_pages: int = 50_000  # one list
    deadline: float = 4 * 3600.0  # the whole sync


class Fetcher:
    def __init__(
        self,
        limits: Limits = Limits(),
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits
        self._sleep = sleep
        self._clock = clock
        self._ends = clock() + limits.deadline
        self.requests = 0
        self._client = httpx.Client(
            timeout=httpx.Timeout(
                limits.read_timeout, connect=limits.connect_timeout, pool=limits.connect_timeout
            ),
            headers={
                "User-Agent": f"antragscheck/{__version__} (OParl-Abgleich)",
                "Accept": "application/json",
            },
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def remaining(self) -> float:
        return self._ends - self._clock()

    def get_json(self, url: str, params: dict[str, str] | None = None) -> Any:
        """The JSON at `url`; retries what is temporary, raises FetchError otherwise."""
        attempt = 0
        while True:
            if self.remaining() <= 0:
                raise DeadlineExceeded(
                    "Die Höchstdauer des Abgleichs ist erreicht; der Abgleich wird beim "
                    "nächsten Aufruf fortgesetzt."
                )
            try:
                return self._get_once(url, params)
            except _Temporary as problem:
                attempt += 1
                if attempt > self.limits.retries:
                    raise FetchError(
                        f"{problem.message} ({url}); aufgegeben nach {attempt} Versuchen."
                    ) from None
                wait = problem.retry_after
                if wait is None:
                    wait = self.limits.backoff * 2 ** (attempt - 1) * random.uniform(0.8, 1.2)
                wait = min(wait, self.limits.max_wait)
                if wait >= self.remaining():
                    raise DeadlineExceeded(
                        f"{problem.message} ({url}); die Höchstdauer des Abgleichs reicht "
                        "nicht für einen weiteren Versuch."
                    ) from None
                self._sleep(wait)

    def _get_once(self, url: str, params: dict[str, str] | None) -> Any:
        self.requests += 1
        budget = min(self.limits.request_seconds, self.remaining())
        started = self._clock()
        try:
            with self._client.stream("GET", url, params=params) as response:
                status = response.status_code
                if status in RETRY_STATUS:
                    raise _Temporary(
                        f"Der Server antwortet mit HTTP {status}",
                        _retry_after(response.headers.get("Retry-After")),
                    )
                if status >= 400:
                    raise FetchError(f"Der Server antwortet mit HTTP {status} ({url}).")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.limits.max_bytes:
                    raise FetchError(_too_large(url, self.limits.max_bytes))
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.limits.max_bytes:
                        raise FetchError(_too_large(url, self.limits.max_bytes))
                    if self._clock() - started > budget:
                        raise _Temporary("Die Antwort kommt zu langsam", None)
        except httpx.TimeoutException:
            raise _Temporary("Zeitüberschreitung", None) from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL):
            raise FetchError(f"Die Adresse {url} ist keine gültige http(s)-URL.") from None
        except httpx.TransportError as error:
            if "CERTIFICATE_VERIFY_FAILED" in str(error):
                raise FetchError(
                    f"Das Zertifikat des Servers ist nicht vertrauenswürdig ({url}). "
                    "Hat die Stadt eine eigene Zertifizierungsstelle, deren Zertifikat mit "
                    "der Umgebungsvariablen SSL_CERT_FILE angeben."
                ) from None
            raise _Temporary(f"Keine Verbindung ({type(error).__name__})", None) from None
        except httpx.RequestError as error:  # too many redirects, and the like
            raise FetchError(f"Abruf von {url} nicht möglich ({type(error).__name__}).") from None
        try:
            return json.loads(bytes(body))
        except ValueError as error:
            raise FetchError(f"Der Server liefert kein gültiges JSON ({url}): {error}.") from None


class _Temporary(Exception):
    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _too_large(url: str, limit: int) -> str:
    return (
        f"Die Antwort ist größer als {limit // (1024 * 1024)} MB ({url}); "
        "so große Seiten liefert kein OParl-Server."
    )
