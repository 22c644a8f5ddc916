"""JSON Feed (jsonfeed.org, versions 1 and 1.1) of paper links, such as feeds republishing HF papers."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from paper_tui.importers import decode
from paper_tui.importers.arxiv_feed import (
    collapse,
    feed_source,
    iso_date,
    item_links,
    most_common_day,
    split_hf_summary,
)
from paper_tui.importers.hf_api import load_json
from paper_tui.model import Digest, DigestError, Paper
from paper_tui.text import unwrap

NAME = "json-feed"
DESCRIPTION = "JSON Feed (jsonfeed.org 1 or 1.1) of paper links"
#: A feed may legitimately be empty between updates.
EMPTY_OK = True

_SNIFF_CHARS = 64 * 1024
_VERSION = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/1(?:\.\d+)?/?"')
_TAG = re.compile(r"<[^<>]*>")
_BLOCK = re.compile(r"</?(?:p|br|div|li|h[1-6]|blockquote)\b[^<>]*>", re.IGNORECASE)


def sniff(text: str) -> bool:
    """True for a JSON object whose ``version`` is a jsonfeed.org version URL."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    return head.startswith("{") and _VERSION.search(head) is not None


def parse(data: bytes | str, *, reference_date: date | None = None) -> Digest:
    """Parse a JSON Feed: each item a paper, its day from ``date_published`` (else ``date_modified``)."""
    feed = load_json(decode(data))
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    ):
        raise DigestError(
            'not a JSON Feed (expected an object with "version": "https://jsonfeed.org/version/1.1")'
        )
    items = feed.get("items")
    if not isinstance(items, list):
        raise DigestError('a JSON Feed needs an "items" array')
    papers: list[Paper] = []
    days: list[str] = []
    urls_seen: list[str] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise DigestError(f"item {number} of the feed is not an object")
        paper = _paper(item)
        if paper is None:
            continue
        papers.append(paper)
        urls_seen += _urls(item)
        day = iso_date(_text(item.get("date_published")) or _text(item.get("date_modified")))
        if day:
            days.append(day)
    return Digest(
        source=feed_source(urls_seen),
        date=most_common_day(days),
        papers=tuple(papers),
        title=collapse(_text(feed.get("title"))),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _urls(item: dict[str, Any]) -> list[str]:
    """The item's URLs in order of trust: its url, its external_url, an id that is a URL."""
    return [u.strip() for u in (_text(item.get(k)) for k in ("url", "external_url", "id")) if u.strip()]


def _authors(item: dict[str, Any]) -> tuple[str, ...]:
    """Names from ``authors`` (1.1) or ``author`` (1.0)."""
    people = item.get("authors")
    if not isinstance(people, list):
        people = [item.get("author")] if isinstance(item.get("author"), dict) else []
    names = [collapse(_text(p.get("name"))) for p in people if isinstance(p, dict)]
    return tuple(name for name in names if name)


def _paper(item: dict[str, Any]) -> Paper | None:
    title = collapse(_text(item.get("title")))
    if not title:
        return None
    body = _text(item.get("content_text"))
    if not body and _text(item.get("content_html")):
        body = html.unescape(_TAG.sub("", _BLOCK.sub("\n\n", _text(item["content_html"]))))
    body = body or _text(item.get("summary"))
    ai_summary, abstract = split_hf_summary(body)
    arxiv_id, links = item_links(_urls(item))
    tags = item.get("tags")
    return Paper(
        title=title,
        abstract=unwrap(abstract),
        authors=_authors(item),
        arxiv_id=arxiv_id,
        links=tuple(links),
        keywords=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        ai_summary=ai_summary,
    )
