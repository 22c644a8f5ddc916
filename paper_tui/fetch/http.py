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
from paper_tui.text import MAX_FIELD, sanitize, without_credentials

if TYPE_CHECKING:
    import requests

# requests and urllib3 load on first use: the reader starts without them.

__all__ = [
    "RETRY_STATUSES",
    "RUN_BUDGET_BYTES",
    "TOTAL_TIMEOUT_S",
    "USER_AGENT",
    "FetchCancelled",
    "FetchError",
    "Http",
    "Response",
    "Throttle",
    "new_session",
]

#: The longest one request may take, connecting, headers and body together (seconds).
TOTAL_TIMEOUT_S = 60.0
#: The most one fetch run (one client) receives in all, whatever the number of requests.
RUN_BUDGET_BYTES = 512 * 2**20
#: Status codes worth asking again: rate limiting and server-side trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = f"paper-tui/{__version__} (terminal reader for research-paper digests)"

_HTML_TAG = re.compile(r"<[^<>]*>")
_HTML_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)(?:</p>|\Z)", re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class FetchError(Exception):
    """A fetch that failed; ``str()`` is one line saying what and, where it helps, what to do.

    The message is untrusted text (a server's reason phrase and error page, a URL it redirected to):
    it is cleaned here, once, like digest text, and the credentials of the URLs in it are removed.
    """

    def __init__(self, message: str) -> None:
        super().__init__(sanitize(without_credentials(message), max_len=MAX_FIELD))


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
        # The reason phrase is the server's text: "503 Service \e]0;PWNED\a Unavailable" set the window title.
        reason = sanitize(self.reason, max_len=100)
        reason = f" {reason}" if reason else ""
        raise FetchError(f"{self.url}: HTTP {self.status}{reason}{f' ({detail})' if detail else ''}")


class FetchCancelled(FetchError):
    """The fetch was cancelled (the reader is closing): stopped between requests, or one under way."""

    def __init__(self, message: str = "cancelled (the reader is closing)") -> None:
        super().__init__(message)


def new_session() -> requests.Session:
    """A requests session with paper-tui's User-Agent whose requests can be stopped from outside (see
    :mod:`paper_tui.fetch.watch`); proxy variables ($HTTPS_PROXY ...) are honoured."""
    import requests

    from paper_tui.fetch.watch import watched_adapter

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = watched_adapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@dataclass
class Http:
    """A small, careful HTTP client: timeouts, retries with backoff on 429/5xx honouring ``Retry-After``.

    ``sleep`` waits between retries (tests pass a recorder); ``max_wait`` is the longest wait accepted
    from a ``Retry-After`` header before giving up instead. Connection errors and timeouts are retried
    ``network_retries`` times; bad statuses ``retries`` times, after ``backoff * 2**attempt`` seconds.

    Besides the socket timeouts, each request (connecting, headers and body) must be done within
    ``total_timeout`` seconds, and one client (one fetch run) receives at most ``budget`` bytes in all:
    a server that drips a byte every few seconds, or sends page after page, is stopped. Setting
    ``cancel`` stops a request under way within about a tenth of a second (:class:`FetchCancelled`),
    and the next one before it starts.
    """

    session: requests.Session = field(default_factory=new_session)
    timeout: float = 20.0
    connect_timeout: float = 10.0
    total_timeout: float = TOTAL_TIMEOUT_S
    budget: int = RUN_BUDGET_BYTES
    cancel: threading.Event | None = None
    #: Bytes received so far by this client (counted against ``budget``).
    received: int = field(default=0, init=False)
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
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        throttle: Throttle | None = None,
        max_bytes: int | None = None,
    ) -> Response:
        """GET ``url``; returns the final response (any status) or raises FetchError for network failures.

        ``max_bytes`` lowers the size limit of this response (never above the client's)."""
        import requests

        self._check_cancel()
        if self.before_get is not None:
            self.before_get(url, params)
        limit = self.max_bytes if max_bytes is None else min(max_bytes, self.max_bytes)
        full_url = requests.Request("GET", url, params=params).prepare().url or url
        host = urlsplit(url).netloc.rpartition("@")[2] or url
        status_tries = network_tries = 0
        while True:
            if throttle is not None:
                throttle.wait()
            try:
                response = self._get_once(url, params, limit, host, full_url)
            except _NetworkError as error:
                if network_tries >= self.network_retries:
                    raise error.fetch_error(full_url, host, self.timeout) from None
                self._pause(self.backoff * 2**network_tries)
                network_tries += 1
                continue
            finally:
                if throttle is not None:
                    throttle.done()
            if response.status not in RETRY_STATUSES or status_tries >= self.retries:
                return response
            wait = _retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > self.max_wait:
                raise FetchError(
                    f"{host} asks to wait {wait:.0f} s before trying again (HTTP {response.status}); "
                    "try again later"
                )
            # As long as the server asks, and never less than the backoff: a Retry-After of 0 or of a
            # date gone by meant four requests within the same second.
            self._pause(max(wait or 0.0, self.backoff * 2**status_tries))
            status_tries += 1

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise FetchCancelled()

    def _pause(self, seconds: float) -> None:
        """Wait between tries (``sleep``), cut short by ``cancel``."""
        self._check_cancel()
        if self.cancel is not None and self.sleep is time.sleep:
            self.cancel.wait(seconds)
        else:
            self.sleep(seconds)
        self._check_cancel()

    def _get_once(
        self, url: str, params: Mapping[str, Any] | None, limit: int, host: str, full_url: str
    ) -> Response:
        """One request, the body read in full (up to ``limit`` bytes and the run's budget), within
        ``total_timeout`` seconds and until ``cancel``."""
        import requests

        from paper_tui.fetch.watch import Watch

        watch = Watch(time.monotonic() + self.total_timeout, self.cancel)
        try:
            with (
                watch.active(),
                self.session.get(
                    url, params=params, timeout=(self.connect_timeout, self.timeout), stream=True
                ) as response,
            ):
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    self.received += len(chunk)
                    if size > limit:
                        raise FetchError(
                            f"{response.url}: the response is larger than {limit} bytes; nothing was imported"
                        )
                    if self.received > self.budget:
                        raise FetchError(
                            f"{response.url}: this fetch has received more than {self.budget // 2**20} MB in "
                            "all, its limit; stopped (what came before is imported)"
                        )
                    chunks.append(chunk)
                if watch.reason is not None:  # the watchdog cut the answer short: it is not whole
                    raise self._stopped(watch, full_url, host)
                return Response(
                    url=response.url,
                    status=response.status_code,
                    reason=response.reason or "",
                    headers={key.title(): value for key, value in response.headers.items()},
                    body=b"".join(chunks),
                )
        except requests.RequestException as error:
            if watch.reason is not None:
                raise self._stopped(watch, full_url, host) from None
            raise _classify(error, url) from None

    def _stopped(self, watch: Any, url: str, host: str) -> FetchError:
        """The error for a request the watchdog stopped."""
        if watch.reason == "cancelled":
            return FetchCancelled()
        return FetchError(
            f"{url}: no complete answer from {host} within {self.total_timeout:g} s (the server is too "
            "slow); try again later"
        )


def _classify(error: Exception, url: str) -> Exception:
    """A requests exception as a _NetworkError (worth another try) or a FetchError."""
    import requests

    if isinstance(error, requests.ConnectTimeout):
        return _NetworkError(error, "unreachable")
    if isinstance(error, requests.Timeout):
        return _NetworkError(error, "timeout")
    if isinstance(error, requests.ConnectionError):
        # A read timeout while streaming the body arrives as a ConnectionError.
        return _NetworkError(error, "timeout" if _timed_out(error) else "unreachable")
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return _NetworkError(error, "broken")
    if isinstance(error, requests.TooManyRedirects):
        return FetchError(f"{url}: the server redirects in a loop (more than 30 redirects); check the URL")
    if isinstance(error, requests.exceptions.InvalidSchema | requests.exceptions.MissingSchema):
        # requests names the URL only in its message ("No connection adapters were found for 'file:…'").
        quoted = re.search(r"'([^']*)'", str(error))
        target = _host_of(quoted.group(1) if quoted else "") or "an address"
        return FetchError(f"{url}: the server redirects to {target}, which is not an http(s) address")
    return FetchError(f"{url}: {_innermost(error)}")


def _host_of(url: str) -> str:
    """A URL's host (and port), without credentials; for a URL without one, its scheme."""
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or (f"a {parts.scheme}: URL" if parts.scheme else "")


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
        # The host that failed: after a redirect, the one redirected to, not the one that answered.
        failed = _host_of(getattr(getattr(self.error, "request", None), "url", None) or "")
        if failed and failed != host:
            return FetchError(f"cannot reach {failed} (redirected to by {host}): {reason}; check the URL")
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
