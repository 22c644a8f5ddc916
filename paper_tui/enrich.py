"""Making half papers whole: ask the arXiv API and Hugging Face's paper API for what a digest left out.

A title-only paper (the HF page text) gets its arXiv id, authors, abstract, date, categories and links
from an arXiv title query, accepted only on the same normalised title, or a rapidfuzz ratio of 97 or
more with exactly one such candidate. Papers with an arXiv id but gaps are asked for in ``id_list``
batches. Hugging Face's paper API adds upvotes and code links. Gaps only: nothing a digest or the user
wrote is overwritten; each filled value is recorded with its source and URL; answers are cached in
the library; arXiv is asked at most once every 3 seconds (its rule); offline nothing changes and one
line says so. Core only (no Textual): the CLI calls :func:`enrich`, and the reader can call it in a
background thread after an import with a ``cancel`` event.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlencode

from paper_tui.model import DigestError, Link, Paper
from paper_tui.text import arxiv_links, clean_paper, normalize_title, parse_arxiv_id, plural

if TYPE_CHECKING:
    from paper_tui.fetch import Http, Throttle
    from paper_tui.library import Library

#: arXiv asks automated clients to leave three seconds between requests.
ARXIV_DELAY = 3.0
#: Ids per ``id_list`` request.
ARXIV_BATCH = 50
#: Candidates a title query asks for.
TITLE_RESULTS = 5
#: A title that is not the same once normalised must score this (rapidfuzz ratio) to be taken.
TITLE_CUTOFF = 97.0
#: Answers are reused for this long.
CACHE_DAYS = 30.0
#: The marks recorded for papers a source was asked about (not asked again by a plain ``enrich``).
CHECKED_ARXIV = "checked:arxiv"
CHECKED_HF = "checked:hf"


class Cancelled(Exception):
    """The caller's cancel event was set (the reader quitting): stop between requests."""


@dataclass
class EnrichReport:
    """What a run did: papers looked at, fields filled per paper, requests made, and any error."""

    looked_at: int = 0
    filled: dict[int, list[str]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    requests: int = 0
    cached: int = 0
    error: str | None = None
    cancelled: bool = False

    def summary(self) -> str:
        """One line for the CLI and a notification."""
        if self.error is not None:
            return f"paper-tui: enrich: {self.error}"
        done = f"filled gaps in {len(self.filled):,} of {plural(self.looked_at, 'paper')}"
        asked = f" ({self.requests} requests, {self.cached} answers from the cache)"
        return ("enrich stopped: " if self.cancelled else "enrich: ") + done + asked

    def as_json(self) -> dict[str, Any]:
        """The report for ``--json``."""
        return {
            "looked_at": self.looked_at,
            "filled": {str(pid): fields for pid, fields in self.filled.items()},
            "requests": self.requests,
            "cached": self.cached,
            "error": self.error,
            "cancelled": self.cancelled,
        }


class _Asker:
    """GETs with the library's cache, arXiv's spacing and the caller's cancel event."""

    def __init__(
        self, library: Library, http: Http, throttle: Throttle, cancel: threading.Event | None
    ) -> None:
        self.library = library
        self.http = http
        self.throttle = throttle
        self.cancel = cancel
        self.requests = 0
        self.cached = 0

    def get(self, url: str, params: dict[str, str], *, arxiv: bool) -> tuple[int, bytes]:
        """The status and body for ``url?params``, from the cache when it is fresh there."""
        full = f"{url}?{urlencode(params)}" if params else url
        hit = self.library.store.cached(full, CACHE_DAYS)
        if hit is not None:
            self.cached += 1
            return hit
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled
        response = self.http.get(url, params=params or None, throttle=self.throttle if arxiv else None)
        self.requests += 1
        if response.status == 200 or response.status == 404:
            self.library.store.cache(full, response.status, response.body)
        elif response.status >= 400:
            response.check()  # a one-line FetchError naming the URL
        return response.status, response.body

    def refuse(self, url: str, params: dict[str, str], why: str) -> NoReturn:
        """An answer that is not what was asked for (an HTML page, garbage): forgotten, not kept for
        :data:`CACHE_DAYS`, and a FetchError naming the URL (the run says it and exits 1)."""
        from paper_tui.fetch import FetchError

        full = f"{url}?{urlencode(params)}" if params else url
        self.library.store.uncache(full)
        raise FetchError(f"{url}: {why}")


def enrich(
    library: Library,
    *,
    arxiv_base_url: str,
    hf_base_url: str,
    ids: Sequence[int] | None = None,
    http: Http | None = None,
    throttle: Throttle | None = None,
    cancel: threading.Event | None = None,
    on_paper: Callable[[int, list[str]], None] | None = None,
) -> EnrichReport:
    """Fill the gaps of ``ids`` (default: every paper with gaps not asked about before) and bring the
    index up to date. ``throttle`` spaces arXiv requests (default 3 s; tests pass a fake clock and
    sleep); ``cancel`` stops between requests. Never raises for network trouble: the report's
    ``error`` says it in one line (offline: nothing changed)."""
    from paper_tui.fetch import FetchError, Http, Throttle
    from paper_tui.fetch.http import FetchCancelled

    report = EnrichReport()
    candidates = library.store.enrich_candidates(ids, CHECKED_ARXIV)
    records = library.papers(candidates)
    report.looked_at = len(records)
    if not records:
        return report
    own_http = http is None
    client = http or Http(cancel=cancel)  # the cancel also stops a request under way
    asker = _Asker(library, client, throttle or Throttle(ARXIV_DELAY), cancel)
    arxiv_api = arxiv_base_url.rstrip("/") + "/api/query"
    try:
        # Title-only papers: one title query each.
        for record in records:
            if record.arxiv_id is None:
                found = _by_title(asker, arxiv_api, record.title)
                if found is not None:
                    _apply(library, report, record.id, found, "arxiv-api", arxiv_api, on_paper)
                library.store.mark([record.id], CHECKED_ARXIV, "arxiv-api")
        # Papers with an id (now including those just resolved) and gaps: id_list batches.
        refreshed = library.papers([r.id for r in records])
        with_gaps = [r for r in refreshed if r.arxiv_id and _has_gaps(r) and r.id not in report.filled]
        for start in range(0, len(with_gaps), ARXIV_BATCH):
            batch = with_gaps[start : start + ARXIV_BATCH]
            answers = _by_ids(asker, arxiv_api, [r.arxiv_id for r in batch if r.arxiv_id])
            for record in batch:
                answer = answers.get(record.arxiv_id or "")
                if answer is not None:
                    _apply(library, report, record.id, answer, "arxiv-api", arxiv_api, on_paper)
            library.store.mark([r.id for r in batch], CHECKED_ARXIV, "arxiv-api")
        # Hugging Face: upvotes and code links for new-style ids it may know.
        for record in library.papers([r.id for r in records]):
            if record.arxiv_id and "/" not in record.arxiv_id and record.upvotes is None:
                url = f"{hf_base_url.rstrip('/')}/api/papers/{record.arxiv_id}"
                answer = _hf_paper(asker, url)
                if answer is not None:
                    _apply(library, report, record.id, answer, "hf-api", url, on_paper)
                library.store.mark([record.id], CHECKED_HF, "hf-api")
    except (Cancelled, FetchCancelled):
        report.cancelled = True
    except FetchError as error:
        report.error = f"{error}; nothing more was changed" if report.filled else f"{error}; nothing changed"
    finally:
        report.requests, report.cached = asker.requests, asker.cached
        if own_http:
            client.close()
    if report.filled:
        library.sync_index()
    return report


def _has_gaps(record: Any) -> bool:
    return not (record.authors and record.abstract and record.published and record.categories)


def _apply(
    library: Library,
    report: EnrichReport,
    pid: int,
    paper: Paper,
    source: str,
    url: str,
    on_paper: Callable[[int, list[str]], None] | None,
) -> None:
    filled = library.store.fill(pid, clean_paper(paper), source, url)
    if filled:
        report.filled.setdefault(pid, []).extend(f for f in filled if f not in report.filled.get(pid, []))
        report.lines.append(f"{pid:>6}  {', '.join(filled)} from {source}: {paper.title[:70]}")
        if on_paper is not None:
            on_paper(pid, filled)


def _feed(asker: _Asker, url: str, params: dict[str, str], body: bytes) -> list[Paper]:
    """The papers of an arXiv API answer (an API error answer, or one that is no feed, is said as such)."""
    from paper_tui.importers import arxiv_feed

    try:
        return list(arxiv_feed.parse(body).papers)
    except DigestError as error:
        asker.refuse(url, params, error.message)


def _title_query(title: str) -> str:
    """An arXiv ``ti:`` phrase query from a title's words (punctuation and TeX dropped)."""
    return f'ti:"{normalize_title(title)}"'


def _by_title(asker: _Asker, url: str, title: str) -> Paper | None:
    """The one arXiv paper with this title, or None when there is none or more than one."""
    params = {"search_query": _title_query(title), "start": "0", "max_results": str(TITLE_RESULTS)}
    status, body = asker.get(url, params, arxiv=True)
    if status != 200:
        return None
    return best_title_match(title, _feed(asker, url, params, body))


def best_title_match(title: str, candidates: Sequence[Paper]) -> Paper | None:
    """The candidate with the same normalised title, else the only one scoring 97+ (rapidfuzz ratio)."""
    key = normalize_title(title)
    same = [c for c in candidates if c.arxiv_id and normalize_title(c.title) == key]
    if same:
        return same[0]
    from rapidfuzz import fuzz

    close = [
        c for c in candidates if c.arxiv_id and fuzz.ratio(key, normalize_title(c.title)) >= TITLE_CUTOFF
    ]
    return close[0] if len(close) == 1 else None


def _by_ids(asker: _Asker, url: str, arxiv_ids: list[str]) -> dict[str, Paper]:
    params = {"id_list": ",".join(arxiv_ids), "start": "0", "max_results": str(len(arxiv_ids))}
    status, body = asker.get(url, params, arxiv=True)
    if status != 200:
        return {}
    return {paper.arxiv_id: paper for paper in _feed(asker, url, params, body) if paper.arxiv_id}


def _hf_paper(asker: _Asker, url: str) -> Paper | None:
    """A paper from Hugging Face's ``/api/papers/ID`` (None when it does not know it)."""
    status, body = asker.get(url, {}, arxiv=False)
    if status != 200:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        # Before: taken for "Hugging Face does not know the paper", and kept in the cache for days.
        asker.refuse(url, {}, "the answer is not JSON (Hugging Face's paper API answers JSON)")
    if not isinstance(data, dict):
        asker.refuse(url, {}, "the answer is not a JSON object (Hugging Face's paper API answers one)")
    arxiv_id = parse_arxiv_id(str(data.get("id") or ""))
    links: list[Link] = arxiv_links(arxiv_id) if arxiv_id else []
    for key, kind in (("githubRepo", "code"), ("projectPage", "project")):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            links.append(Link(kind, value.strip()))
    authors = tuple(
        a["name"] for a in data.get("authors") or [] if isinstance(a, dict) and isinstance(a.get("name"), str)
    )
    upvotes = data.get("upvotes")
    published = data.get("publishedAt")
    return Paper(
        title=str(data.get("title") or ""),
        abstract=str(data.get("summary") or ""),
        authors=authors,
        arxiv_id=arxiv_id,
        links=tuple(links),
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        published=published[:10] if isinstance(published, str) else None,
        ai_summary=str(data.get("ai_summary") or ""),
    )
