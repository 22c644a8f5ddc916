"""Fetching digests over HTTP: Hugging Face daily papers and arXiv RSS feeds, imported through the library."""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
import threading
import time
import xml.parsers.expat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from paper_tui import __version__, importers
from paper_tui.config import ARXIV_BASE_URL, HF_BASE_URL, FetchConfig
from paper_tui.model import DigestError, IngestResult
from paper_tui.text import sanitize

if TYPE_CHECKING:
    import requests

    from paper_tui.library import Library
    from paper_tui.paths import Paths

# requests, urllib3 and the importers load on first use (FetchConfig lives in config, re-exported here).

__all__ = [
    "ARXIV_BASE_URL",
    "HF_BASE_URL",
    "FetchConfig",
    "FetchError",
    "FetchResult",
    "Http",
    "Throttle",
    "arxiv_category",
    "fetch_arxiv",
    "fetch_configured",
    "fetch_hf",
    "hf_days",
    "raw_dir",
]

#: arXiv asks automated clients to leave at least three seconds between requests.
ARXIV_DELAY = 3.0
#: Items asked for per page of the daily-papers API (it serves at most 100).
HF_PAGE_LIMIT = 50
#: Pages fetched for one day at most (a server that ignores ``p`` must not loop us forever).
HF_MAX_PAGES = 20
#: ``--since`` ranges longer than this are refused rather than fetched one request per day.
MAX_DAYS = 366
#: Status codes worth asking again: rate limiting and server-side trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = f"paper-tui/{__version__} (terminal reader for research-paper digests)"

_CATEGORY_SYNTAX = re.compile(r"[a-z\-]+(\.[A-Za-z\-]+)?")
_HTML_TAG = re.compile(r"<[^<>]*>")
_HTML_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)(?:</p>|\Z)", re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)

# arXiv's category taxonomy (https://arxiv.org/category_taxonomy): archives and their subject classes.
_TAXONOMY = {
    "cs": "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI "
    "OH OS PF PL RO SC SD SE SI SY",
    "econ": "EM GN TH",
    "eess": "AS IV SP SY",
    "math": "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA RT SG SP ST",
    "astro-ph": "CO EP GA HE IM SR",
    "cond-mat": "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con",
    "nlin": "AO CD CG PS SI",
    "physics": "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph "
    "flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph",
    "q-bio": "BM CB GN MN NC OT PE QM SC TO",
    "q-fin": "CP EC GN MF PM PR RM ST TR",
    "stat": "AP CO ME ML OT TH",
    "gr-qc": "",
    "hep-ex": "",
    "hep-lat": "",
    "hep-ph": "",
    "hep-th": "",
    "math-ph": "",
    "nucl-ex": "",
    "nucl-th": "",
    "quant-ph": "",
}
#: Known category (and archive) names, keyed by their lower-case spelling.
KNOWN_CATEGORIES: dict[str, str] = {
    name.lower(): name
    for archive, classes in _TAXONOMY.items()
    for name in (archive, *(f"{archive}.{c}" for c in classes.split()))
}


class FetchError(Exception):
    """A fetch that failed; ``str()`` is one line saying what and, where it helps, what to do."""


# -- the HTTP client -----------------------------------------------------------------------------


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
        detail = _error_detail(self.body, self.content_type)
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


def _error_detail(body: bytes, content_type: str) -> str:
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


# -- results and raw files -----------------------------------------------------------------------


@dataclass(frozen=True)
class FetchResult:
    """What one fetch did: the source label, the URL, the raw file kept and the import result or error.

    ``result`` is None with ``error`` None when the source had no papers (an empty weekend feed).
    """

    source: str
    url: str
    raw_path: Path | None = None
    result: IngestResult | None = None
    error: str | None = None
    papers: int = 0

    @property
    def ok(self) -> bool:
        """True unless the fetch failed."""
        return self.error is None

    def line(self) -> str:
        """One line for the CLI and the reader's notifications."""
        if self.error is not None:
            return f"{self.source}: {self.error}"
        if self.result is None:
            return f"{self.source}: no papers (nothing announced for this day)"
        r = self.result
        return f"{self.source}: {self.papers} papers, {r.new} new, {r.merged} merged, {r.unchanged} unchanged"


def raw_dir(paths: Paths) -> Path:
    """Where fetched responses are kept: ``<data dir>/raw/<source>/``."""
    return paths.data_dir / "raw"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "feed"


def _keep_and_import(
    library: Library,
    body: bytes,
    *,
    source: str,
    stem: str,
    ext: str,
    fmt: str,
    digest_date: str | None = None,
) -> tuple[Path, IngestResult]:
    """Write the raw body to ``raw/<source>/<stem>.<ext>`` and import that exact content."""
    path = raw_dir(library.paths) / source / f"{_safe_name(stem)}.{ext}"
    write_atomic(path, body)
    # The index is brought up to date once per fetch run (fetch_hf / fetch_arxiv), not per response.
    result = library.import_bytes(body, name=str(path), fmt=fmt, digest_date=digest_date, sync=False)
    return path, result


def _guarded(source: str, url: str, work: Callable[[], FetchResult]) -> FetchResult:
    """Run one fetch; any failure becomes a FetchResult with an error so the other sources still run."""
    try:
        return work()
    except FetchError as error:
        return FetchResult(source, url, error=str(error))
    except DigestError as error:
        return FetchResult(source, url, error=f"{url}: {error.message}; nothing was imported")
    except Exception as error:  # a bug or a broken library must not stop the other sources
        return FetchResult(source, url, error=f"unexpected error: {type(error).__name__}: {error}")


# -- Hugging Face --------------------------------------------------------------------------------


def hf_days(
    *,
    on: date | None = None,
    since: date | None = None,
    days: int | None = None,
    today: date | None = None,
) -> list[date]:
    """The days to fetch, oldest first: one day, every day since a date, or the last ``days`` days.

    With nothing given: today and yesterday (UTC), so a run also picks up yesterday's late additions.
    """
    today = today or datetime.now(UTC).date()
    if on is not None:
        return [on]
    if since is not None:
        if since > today:
            raise ValueError(f"--since {since.isoformat()} is in the future")
        count = (today - since).days + 1
    else:
        count = 2 if days is None else days
    if count < 1:
        raise ValueError("--days must be 1 or more")
    if count > MAX_DAYS:
        raise ValueError(f"at most {MAX_DAYS} days can be fetched at once (asked for {count})")
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def fetch_hf(
    library: Library,
    days: Sequence[date],
    *,
    base_url: str = HF_BASE_URL,
    http: Http | None = None,
    limit: int = HF_PAGE_LIMIT,
) -> list[FetchResult]:
    """Fetch the Hugging Face daily papers of each day (all pages) and import each day as one digest.

    Fetching a day again adds the papers that appeared since and updates upvotes: the digest is
    keyed by source and date, and papers merge by arXiv id.
    """
    client = http or Http()
    try:
        results = [
            _guarded(
                f"hf {day.isoformat()}",
                _hf_url(base_url, day),
                partial(_fetch_hf_day, library, client, base_url, day, limit),
            )
            for day in days
        ]
        library.sync_index()
        return results
    finally:
        if http is None:
            client.close()


def _hf_url(base_url: str, day: date) -> str:
    return f"{base_url.rstrip('/')}/api/daily_papers?date={day.isoformat()}"


def _fetch_hf_day(library: Library, http: Http, base_url: str, day: date, limit: int) -> FetchResult:
    from paper_tui.importers import hf_api

    url = f"{base_url.rstrip('/')}/api/daily_papers"
    source = f"hf {day.isoformat()}"
    items: list[Any] = []
    seen: set[str] = set()
    bodies: list[bytes] = []
    for page in range(HF_MAX_PAGES):
        response = http.get(url, params={"date": day.isoformat(), "p": page, "limit": limit}).check()
        page_items = _hf_page(response)
        keys = {_hf_key(item) for item in page_items}
        if page_items and keys <= seen:
            break  # the server ignores paging and repeats itself
        seen |= keys
        items += page_items
        bodies.append(response.body)
        if len(page_items) < limit:
            break
    if not items:
        return FetchResult(source, _hf_url(base_url, day))
    # One page is kept byte for byte; several are kept as the one JSON array they make together.
    body = bodies[0] if len(bodies) == 1 else _json_bytes(items)
    # Validate before anything is written: a malformed body leaves no trace.
    digest = importers.parse(body, hf_api.NAME, path=_hf_url(base_url, day))
    path, result = _keep_and_import(
        library,
        body,
        source=hf_api.NAME,
        stem=f"{day.isoformat()}-daily_papers",
        ext="json",
        fmt=hf_api.NAME,
        digest_date=day.isoformat(),
    )
    return FetchResult(source, _hf_url(base_url, day), path, result, papers=len(digest.papers))


def _hf_page(response: Response) -> list[Any]:
    """The list of items in one page, or a FetchError naming the URL."""
    from paper_tui.importers import hf_api

    try:
        value = hf_api.load_json(importers.decode(response.body))
    except DigestError as error:
        raise FetchError(
            f"{response.url}: malformed response: {error.message}; nothing was imported"
        ) from None
    if isinstance(value, dict) and isinstance(value.get("error"), str):
        raise FetchError(f"{response.url}: the server says: {sanitize(value['error'], max_len=160)}")
    if not isinstance(value, list):
        kind = "an object" if isinstance(value, dict) else type(value).__name__
        raise FetchError(
            f"{response.url}: malformed response: expected a JSON array of daily papers, found {kind}; "
            "nothing was imported"
        )
    return value


def _hf_key(item: Any) -> str:
    paper = item.get("paper") if isinstance(item, dict) else None
    if isinstance(paper, dict) and isinstance(paper.get("id"), str):
        return paper["id"]
    return repr(item)


def _json_bytes(items: list[Any]) -> bytes:
    return json.dumps(items, ensure_ascii=False, indent=1).encode("utf-8")


# -- arXiv ---------------------------------------------------------------------------------------


def arxiv_category(name: str) -> str:
    """The canonical spelling of an arXiv category (``CS.cl`` -> ``cs.CL``); FetchError when malformed."""
    name = name.strip()
    known = KNOWN_CATEGORIES.get(name.lower())
    if known:
        return known
    if not _CATEGORY_SYNTAX.fullmatch(name):
        shown = sanitize(name, max_len=60)
        raise FetchError(f"unknown category {shown!r}: arXiv category names look like cs.CL or math.AG")
    return name


def fetch_arxiv(
    library: Library,
    categories: Sequence[str],
    *,
    base_url: str = ARXIV_BASE_URL,
    delay: float = ARXIV_DELAY,
    http: Http | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchResult]:
    """Fetch each category's rss.arxiv.org feed and import it; requests are ``delay`` seconds apart.

    ``clock`` and ``sleep`` drive the spacing (tests pass fakes). An empty feed (weekends, holidays)
    gives a result with no papers; an unknown category gives an error saying so.
    """
    client = http or Http(sleep=sleep)
    throttle = Throttle(delay, clock=clock, sleep=sleep)
    base = base_url.rstrip("/")
    try:
        results = [
            _guarded(
                f"arxiv {category}",
                f"{base}/rss/{category}",
                partial(_fetch_arxiv_feed, library, client, throttle, base, category),
            )
            for category in categories
        ]
        library.sync_index()
        return results
    finally:
        if http is None:
            client.close()


def _fetch_arxiv_feed(library: Library, http: Http, throttle: Throttle, base: str, name: str) -> FetchResult:
    from paper_tui.importers import arxiv_feed

    category = arxiv_category(name)
    known = category.lower() in KNOWN_CATEGORIES
    url = f"{base}/rss/{category}"
    source = f"arxiv {category}"
    response = http.get(url, throttle=throttle)
    if response.status in (400, 404, 410):
        detail = _error_detail(response.body, response.content_type)
        raise FetchError(
            f"unknown category {category}: arXiv answered HTTP {response.status}"
            + (f" ({detail})" if detail else "")
        )
    response.check()
    if not arxiv_feed.sniff(importers.decode(response.body)):
        if not known:
            raise FetchError(f"unknown category {category}: arXiv answered with a page that is not a feed")
        raise FetchError(f"{response.url}: malformed response: not an RSS or Atom feed; nothing was imported")
    problem = _xml_problem(response.body)
    if problem:
        # feedparser would salvage the items before a cut; a fetched feed must arrive whole.
        raise FetchError(f"{response.url}: malformed response: {problem}; nothing was imported")
    digest = importers.parse(response.body, arxiv_feed.NAME, path=response.url)
    if not digest.papers:
        if not known:
            raise FetchError(f"unknown category {category}: arXiv's feed for it is empty")
        return FetchResult(source, url)
    stamp = digest.date or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path, result = _keep_and_import(
        library,
        response.body,
        source=digest.source,
        stem=f"{stamp}-{category}",
        ext="xml",
        fmt=arxiv_feed.NAME,
    )
    return FetchResult(source, url, path, result, papers=len(digest.papers))


def _xml_problem(body: bytes) -> str | None:
    """Why ``body`` is not well-formed XML (a cut-off download, a broken proxy page), or None."""

    def refuse_entities(*_: object) -> None:
        raise ValueError("the feed declares entities")

    parser = xml.parsers.expat.ParserCreate()
    parser.EntityDeclHandler = refuse_entities
    try:
        parser.Parse(body, True)
    except xml.parsers.expat.ExpatError as error:
        return f"malformed XML: {xml.parsers.expat.ErrorString(error.code)} (line {error.lineno})"
    except ValueError as error:
        return str(error)
    return None


def fetch_configured(
    library: Library,
    config: FetchConfig,
    *,
    http: Http | None = None,
    today: date | None = None,
    arxiv_delay: float = ARXIV_DELAY,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchResult]:
    """Run every source the config lists (what a bare ``paper-tui fetch`` and the reader's schedule do)."""
    client = http or Http(sleep=sleep)
    results: list[FetchResult] = []
    try:
        if config.hf:
            days = hf_days(days=config.hf_days, today=today)
            results += fetch_hf(library, days, base_url=config.hf_base_url, http=client)
        if config.arxiv:
            results += fetch_arxiv(
                library,
                config.arxiv,
                base_url=config.arxiv_base_url,
                delay=arxiv_delay,
                http=client,
                clock=clock,
                sleep=sleep,
            )
    finally:
        if http is None:
            client.close()
    return results
