"""Hugging Face Daily Papers: the JSON API of each day, every page, imported as one digest per day."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from paper_tui import importers
from paper_tui.config import HF_BASE_URL
from paper_tui.fetch.http import FetchError, Http, Response
from paper_tui.fetch.results import FetchResult, guarded, keep_and_import
from paper_tui.model import DigestError
from paper_tui.text import sanitize

if TYPE_CHECKING:
    from paper_tui.library import Library

__all__ = ["HF_MAX_PAGES", "HF_PAGE_LIMIT", "MAX_DAYS", "fetch_hf", "hf_days"]

#: Items asked for per page of the daily-papers API (it serves at most 100).
HF_PAGE_LIMIT = 50
#: Pages fetched for one day at most (a server that ignores ``p`` must not loop us forever).
HF_MAX_PAGES = 20
#: The most the pages of one day may hold together (bytes); more is refused, nothing imported.
HF_MAX_DAY_BYTES = 16 * 2**20
#: ``--since`` ranges longer than this are refused rather than fetched one request per day.
MAX_DAYS = 366


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
            guarded(
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
        # The pages of one day together stay under a bound: a hostile server's 20 pages of 50 MB each
        # took a fetch to 4 GB of memory (a real day is a few hundred kilobytes).
        room = HF_MAX_DAY_BYTES - sum(len(body) for body in bodies)
        params = {"date": day.isoformat(), "p": page, "limit": limit}
        response = http.get(url, params=params, max_bytes=room).check()
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
    path, result = keep_and_import(
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
        # Where in the body, and what the server said it sent (an HTML login or error page, say).
        where = f" at line {error.line}" if error.line else ""
        kind = response.content_type.split(";")[0].strip()
        sent = ""
        if kind and "json" not in kind:
            sent = f" (the server sent {sanitize(kind, max_len=60)}, not JSON)"
        raise FetchError(
            f"{response.url}: malformed response{where}: {error.message}{sent}; nothing was imported"
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
