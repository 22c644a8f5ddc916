"""arXiv: the rss.arxiv.org feed of each category, requests spaced as arXiv asks."""

from __future__ import annotations

import time
import xml.parsers.expat
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from paper_tui import importers
from paper_tui.categories import known_category
from paper_tui.config import ARXIV_BASE_URL
from paper_tui.fetch.http import FetchError, Http, Throttle, error_detail
from paper_tui.fetch.results import FetchResult, guarded, keep_and_import

if TYPE_CHECKING:
    from paper_tui.library import Library

__all__ = ["ARXIV_DELAY", "fetch_arxiv"]

#: arXiv asks automated clients to leave at least three seconds between requests.
ARXIV_DELAY = 3.0


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
    gives a result with no papers. A category missing from arXiv's taxonomy gives an error naming the
    closest real ones, without a request; a real one the server does not have blames the URL.
    """
    client = http or Http(sleep=sleep)
    throttle = Throttle(delay, clock=clock, sleep=sleep)
    base = base_url.rstrip("/")
    try:
        results = [
            guarded(
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

    category = known_category(name)  # a name arXiv does not have is refused before any request
    url = f"{base}/rss/{category}"
    source = f"arxiv {category}"
    response = http.get(url, throttle=throttle)
    if response.status in (400, 404, 410):
        # The category is real: the server, the base URL or the path is wrong.
        detail = error_detail(response.body, response.content_type)
        raise FetchError(
            f"{url}: HTTP {response.status}"
            + (f" ({detail})" if detail else "")
            + f"; {category} is an arXiv category, so the server or the base URL is wrong"
            " (--base-url, or arxiv_base_url in [fetch])"
        )
    response.check()
    if not arxiv_feed.sniff(importers.decode(response.body)):
        raise FetchError(f"{response.url}: malformed response: not an RSS or Atom feed; nothing was imported")
    problem = _xml_problem(response.body)
    if problem:
        # feedparser would salvage the items before a cut; a fetched feed must arrive whole.
        raise FetchError(f"{response.url}: malformed response: {problem}; nothing was imported")
    digest = importers.parse(response.body, arxiv_feed.NAME, path=response.url)
    if not digest.papers:
        return FetchResult(source, url)
    stamp = digest.date or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path, result = keep_and_import(
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
