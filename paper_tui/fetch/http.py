"""A small, careful HTTP client for fetching digests: timeouts, retries with back-off, size limits,
and errors worded in one line for the user."""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from paper_tui import __version__, importers
from paper_tui.text import sanitize

if TYPE_CHECKING:
    import requests

# requests and urllib3 load on first use: the reader starts without them.

__all__ = ["RETRY_STATUSES", "USER_AGENT", "FetchError", "Http", "Response", "Throttle", "new_session"]

#: Status codes worth asking again: rate limiting and server-side trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = f"paper-tui/{__version__} (terminal reader for research-paper digests)"

_HTML_TAG = re.compile(r"<[^<>]*>")
_HTML_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)(?:</p>|\Z)", re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class FetchError(Exception):
    """A fetch that failed; ``str()`` is one line saying what and, where it helps, what to do."""


class Throttle:
    """Keeps ``interval`` seconds (on a monotonic clock) between the end of one request and the next."""

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Sleep until ``interval`` seconds have passed since the last request finished."""
        with self._lock:
            if self._last is None:
                return
            remaining = self.interval - (self.clock() - self._last)
            # Sleep can return early (signals); loop until the clock agrees.
            while remaining > 0:
                self.sleep(remaining)
                remaining = self.interval - (self.clock() - self._last)

    def done(self) -> None:
        """Record that a request has just finished (successfully or not)."""
        with self._lock:
            self._last = self.clock()


@dataclass(frozen=True)
class Response:
    """A complete HTTP response: the final URL, status, headers (title-cased names) and body."""

    url: str
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        """The Content-Type header, lower-cased ("" when absent)."""
        return self.headers.get("Content-Type", "").lower()

    def check(self) -> Response:
        """Return self for a 2xx/3xx status, else raise a one-line FetchError naming the URL."""
        if self.status < 400:
            return self
        if self.status == 429:
            raise FetchError(f"{self.url}: rate limited (HTTP 429) after several tries; try again later")
        detail = error_detail(self.body, self.content_type)
        reason = f" {self.reason}" if self.reason else ""
        raise FetchError(f"{self.url}: HTTP {self.status}{reason}{f' ({detail})' if detail else ''}")


def new_session() -> requests.Session:
    """A requests session with paper-tui's User-Agent; proxy variables ($HTTPS_PROXY ...) are honoured."""
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


@dataclass
class Http:
    """A small, careful HTTP client: timeouts, retries with backoff on 429/5xx honouring ``Retry-After``.

    ``sleep`` waits between retries (tests pass a recorder); ``max_wait`` is the longest wait accepted
    from a ``Retry-After`` header before giving up instead. Connection errors and timeouts are retried
    ``network_retries`` times; bad statuses ``retries`` times, after ``backoff * 2**attempt`` seconds.
    """

    session: requests.Session = field(default_factory=new_session)
    timeout: float = 20.0
    connect_timeout: float = 10.0
    retries: int = 3
    network_retries: int = 1
    backoff: float = 1.0
    max_wait: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    max_bytes: int = importers.MAX_INPUT_BYTES
    #: Called with the URL and parameters before each GET (not its retries): the reader shows the
    #: source being fetched, and may raise to stop between requests.
    before_get: Callable[[str, Mapping[str, Any] | None], None] | None = None

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, url: str, *, params: Mapping[str, Any] | None = None, throttle: Throttle | None = None
    ) -> Response:
        """GET ``url``; returns the final response (any status) or raises FetchError for network failures."""
        import requests

        if self.before_get is not None:
            self.before_get(url, params)
        full_url = requests.Request("GET", url, params=params).prepare().url or url
        host = urlsplit(url).netloc.rpartition("@")[2] or url
        status_tries = network_tries = 0
        while True:
            if throttle is not None:
                throttle.wait()
            try:
                response = self._get_once(url, params)
            except _NetworkError as error:
                if network_tries >= self.network_retries:
                    raise error.fetch_error(full_url, host, self.timeout) from None
                self.sleep(self.backoff * 2**network_tries)
                network_tries += 1
                continue
            finally:
                if throttle is not None:
                    throttle.done()
            if response.status not in RETRY_STATUSES or status_tries >= self.retries:
                return response
            wait = _retry_after(response.headers.get("Retry-After"))
            if wait is None:
                wait = self.backoff * 2**status_tries
            elif wait > self.max_wait:
                raise FetchError(
                    f"{host} asks to wait {wait:.0f} s before trying again (HTTP {response.status}); "
                    "try again later"
                )
            self.sleep(wait)
            status_tries += 1

    def _get_once(self, url: str, params: Mapping[str, Any] | None) -> Response:
        """One request, the body read in full (up to ``max_bytes``)."""
        import requests

        try:
            with self.session.get(
                url, params=params, timeout=(self.connect_timeout, self.timeout), stream=True
            ) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(
                            f"{response.url}: the response is larger than {self.max_bytes} bytes; "
                            "nothing was imported"
                        )
                    chunks.append(chunk)
                return Response(
                    url=response.url,
                    status=response.status_code,
                    reason=response.reason or "",
                    headers={key.title(): value for key, value in response.headers.items()},
                    body=b"".join(chunks),
                )
        except requests.ConnectTimeout as error:
            raise _NetworkError(error, "unreachable") from None
        except requests.Timeout as error:
            raise _NetworkError(error, "timeout") from None
        except requests.ConnectionError as error:
            # A read timeout while streaming the body arrives as a ConnectionError.
            raise _NetworkError(error, "timeout" if _timed_out(error) else "unreachable") from None
        except requests.exceptions.ChunkedEncodingError as error:
            raise _NetworkError(error, "broken") from None
        except requests.RequestException as error:
            raise FetchError(f"{url}: {_innermost(error)}") from None


class _NetworkError(Exception):
    """A connection failure, a timeout or a connection broken mid-answer, before it is worded for the user."""

    def __init__(self, error: Exception, kind: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.kind = kind

    def fetch_error(self, url: str, host: str, timeout: float) -> FetchError:
        """The one line the user reads."""
        if self.kind == "timeout":
            return FetchError(
                f"{url}: no answer from {host} within {timeout:g} s (timed out); try again later"
            )
        if self.kind == "broken":
            return FetchError(f"{url}: the connection broke off during the answer; try again later")
        reason = "connection timed out" if _timed_out(self.error) else _innermost(self.error)
        return FetchError(f"cannot reach {host}: {reason}; check the network")


def _chain(error: BaseException) -> Iterable[BaseException]:
    """An exception, its causes and contexts, and the urllib3 ``reason`` objects along the way."""
    seen: set[int] = set()
    stack: list[BaseException] = [error]
    while stack:
        current = stack.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for nested in (
            getattr(current, "reason", None),
            *(a for a in current.args if isinstance(a, BaseException)),
            current.__cause__,
            current.__context__,
        ):
            if isinstance(nested, BaseException):
                stack.append(nested)


def _timed_out(error: BaseException) -> bool:
    """True when the failure in the exception chain is a timeout rather than a refusal or a DNS error."""
    import urllib3.exceptions

    for current in _chain(error):
        # urllib3's NewConnectionError is a ConnectTimeoutError for compatibility, though it is a refusal.
        if isinstance(current, urllib3.exceptions.NewConnectionError):
            continue
        if isinstance(current, TimeoutError | urllib3.exceptions.TimeoutError):
            return True
    return False


def _innermost(error: BaseException) -> str:
    """The most specific reason in an exception chain (``Connection refused``, ``Name or service ...``)."""
    for current in _chain(error):
        if isinstance(current, OSError) and current.strerror:
            return str(current.strerror)
    text = str(error)
    # urllib3 words: "HTTPConnection(host=..., port=...): Failed to establish a new connection: [Errno ..] X"
    match = re.search(r"\[Errno [-\d]+\] ([^'\")]+)", text)
    if match:
        return match.group(1).strip()
    return sanitize(text, max_len=200) or type(error).__name__


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def error_detail(body: bytes, content_type: str) -> str:
    """A short, terminal-safe sentence from an error page or a JSON error body."""
    text = importers.decode(body[:16384]) if body else ""
    if not text.strip():
        return ""
    if "json" in content_type or text.lstrip().startswith("{"):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, dict):
            for key in ("error", "message"):
                if isinstance(value.get(key), str):
                    return sanitize(value[key], max_len=160)
    found = _HTML_PARAGRAPH.search(text) or _HTML_TITLE.search(text)
    if found:
        text = found.group(1)
    elif "html" in content_type or "<html" in text.lower():
        return ""
    return sanitize(html.unescape(_HTML_TAG.sub(" ", text)), max_len=160)
