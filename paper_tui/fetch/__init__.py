"""Fetching digests over HTTP (Hugging Face daily papers, arXiv RSS feeds), imported through the library.

One module per source, like :mod:`paper_tui.importers`; :mod:`paper_tui.fetch.http` is the client
they share. requests, urllib3 and the importers load on first use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from paper_tui.categories import KNOWN_CATEGORIES, CategoryError, arxiv_category
from paper_tui.config import ARXIV_BASE_URL, HF_BASE_URL, FetchConfig
from paper_tui.fetch.arxiv import ARXIV_DELAY, fetch_arxiv
from paper_tui.fetch.hf import fetch_hf, hf_days
from paper_tui.fetch.http import FetchError, Http, Response, Throttle
from paper_tui.fetch.results import FetchResult

if TYPE_CHECKING:
    from paper_tui.library import Library

__all__ = [
    "ARXIV_BASE_URL",
    "ARXIV_DELAY",
    "HF_BASE_URL",
    "KNOWN_CATEGORIES",
    "CategoryError",
    "FetchConfig",
    "FetchError",
    "FetchResult",
    "Http",
    "Response",
    "Throttle",
    "arxiv_category",
    "fetch_arxiv",
    "fetch_configured",
    "fetch_hf",
    "hf_days",
]


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
