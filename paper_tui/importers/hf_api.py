"""Hugging Face ``/api/daily_papers`` responses: a JSON array of ``{"paper": {...}, ...}`` objects."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from typing import Any

from paper_tui.importers import decode
from paper_tui.model import Digest, DigestError, Link, Paper
from paper_tui.text import arxiv_links, dedupe_links, parse_arxiv_id, unwrap

NAME = "hf-api"
DESCRIPTION = "Hugging Face Daily Papers API response (/api/daily_papers JSON array)"

#: Keys under which a top-level object may hold the list of daily papers.
LIST_KEYS = ("papers", "dailyPapers")

_SNIFF_CHARS = 64 * 1024
_EMPTY_LIST = re.compile(r"\[\s*\]\s*")
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")


class _ConstantError(ValueError):
    """Raised by the JSON decoder hook for NaN, Infinity and -Infinity."""


def sniff(text: str) -> bool:
    """True for JSON (first character ``[`` or ``{``) that mentions "paper" early on, or an empty list."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if not head.startswith(("[", "{")):
        return False
    return "paper" in head.casefold() or _EMPTY_LIST.fullmatch(head) is not None


def parse(data: bytes | str, *, reference_date: date | None = None) -> Digest:
    """Parse a daily-papers JSON response into a Digest (``reference_date`` is unused)."""
    items = _items(load_json(decode(data)))
    papers: list[Paper] = []
    days: list[str] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise DigestError(
                f'item {number} of the list is {_kind(item)}; expected an object with a "paper" field'
            )
        paper = _paper(item)
        if paper is None:
            continue
        papers.append(paper)
        day = featured_day(item)
        if day is not None:
            days.append(day)
    return Digest(source=NAME, date=_most_common(days), papers=tuple(papers))


def load_json(text: str) -> Any:
    """Decode JSON strictly: NaN/Infinity, bad syntax and deep nesting become DigestErrors."""
    try:
        return json.loads(text.lstrip("\ufeff"), parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise DigestError(f"invalid JSON: {error.msg} (column {error.colno})", line=error.lineno) from None
    except _ConstantError as error:
        raise DigestError(f"invalid JSON: {error} is not a JSON number") from None
    except RecursionError:
        raise DigestError("invalid JSON: nested too deeply") from None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise DigestError(f"invalid JSON: {error}") from None


def featured_day(item: dict[str, Any]) -> str | None:
    """The day an item was featured: its ``submittedOnDailyAt``, else the item's ``publishedAt``.

    The item's ``publishedAt`` follows the paper's arXiv publication time in real responses (days
    before it was featured), so the day it was put on the Daily Papers page wins when present.
    """
    paper = item.get("paper")
    submitted = paper.get("submittedOnDailyAt") if isinstance(paper, dict) else None
    return _day(submitted) or _day(item.get("submittedOnDailyAt")) or _day(item.get("publishedAt"))


def _items(value: Any) -> list[Any]:
    """The list of daily-paper items, or a DigestError describing the shape that was found."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in LIST_KEYS:
            if isinstance(value.get(key), list):
                return list(value[key])
        keys = ", ".join(repr(k) for k in list(value)[:5]) or "no keys"
        raise DigestError(
            f"expected a JSON array of daily papers (or an object with a list under 'papers'), "
            f"found an object with {keys}"
        )
    raise DigestError(f"expected a JSON array of daily papers, found {_kind(value)}")


def _paper(item: dict[str, Any]) -> Paper | None:
    """One Paper from an item, or None when it has no usable title."""
    raw = item.get("paper")
    paper: dict[str, Any] = raw if isinstance(raw, dict) else {}
    title = " ".join((_text(paper.get("title")) or _text(item.get("title"))).split())
    if not title:
        return None
    summary = _text(paper.get("summary")) or _text(item.get("summary"))
    arxiv_id = parse_arxiv_id(_text(paper.get("id")))
    links: list[Link] = arxiv_links(arxiv_id) if arxiv_id else []
    for key, kind in (("githubRepo", "code"), ("projectPage", "project")):
        url = _text(paper.get(key)).strip()
        if url:
            links.append(Link(kind, url))
    return Paper(
        title=title,
        abstract=unwrap(summary),
        authors=_authors(paper.get("authors")),
        arxiv_id=arxiv_id,
        links=dedupe_links(links),
        upvotes=_upvotes(paper.get("upvotes")),
        published=_day(paper.get("publishedAt")),
        keywords=_keywords(paper.get("ai_keywords", paper.get("aiKeywords"))),
        ai_summary=unwrap(_text(paper.get("ai_summary", paper.get("aiSummary")))),
    )


def _authors(value: Any) -> tuple[str, ...]:
    """Author names from ``[{"name": ...}, ...]`` (plain strings are accepted too)."""
    if not isinstance(value, list):
        return ()
    names = []
    for author in value:
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and name.strip():
            names.append(" ".join(name.split()))
    return tuple(names)


def _keywords(value: Any) -> tuple[str, ...]:
    """The strings of a keyword list (other entries are ignored)."""
    if not isinstance(value, list):
        return ()
    return tuple(k.strip() for k in value if isinstance(k, str) and k.strip())


def _upvotes(value: Any) -> int | None:
    """An upvote count: a JSON integer (not a boolean, float or string), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    """A string field's value, or "" for anything else."""
    return value if isinstance(value, str) else ""


def _day(value: Any) -> str | None:
    """The ``YYYY-MM-DD`` part of an ISO timestamp string when it is a real date, else None."""
    match = _ISO_DAY.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def _most_common(days: list[str]) -> str | None:
    """The day most items share; the latest of them on a tie."""
    if not days:
        return None
    counts = Counter(days)
    return max(counts, key=lambda day: (counts[day], day))


def _kind(value: Any) -> str:
    """A JSON type described for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _reject_constant(name: str) -> Any:
    """``json`` hook for NaN/Infinity, which are not JSON."""
    raise _ConstantError(name)
