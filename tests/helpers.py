"""Small builders for tests: papers and digests without going through a parser."""

from __future__ import annotations

import hashlib

from paper_tui.library import Library
from paper_tui.model import Digest, IngestResult, Link, Paper


def paper(title: str, arxiv_id: str | None = None, **fields: object) -> Paper:
    """A Paper with sensible defaults."""
    fields.setdefault("abstract", f"Abstract of {title}.")
    if arxiv_id and "links" not in fields:
        fields["links"] = (Link("arxiv", f"https://arxiv.org/abs/{arxiv_id}"),)
    return Paper(title=title, arxiv_id=arxiv_id, **fields)  # type: ignore[arg-type]


def ingest(
    library: Library, *papers: Paper, date: str = "2026-08-01", source: str = "hf-api"
) -> IngestResult:
    """Ingest a digest made of ``papers``."""
    digest = Digest(source, date, tuple(papers))
    key = hashlib.sha256(repr(digest).encode()).hexdigest()
    return library.ingest(digest, name=f"{source}-{date}", content_hash=key)


def digest_json(day: str, count: int, *, start: int = 0) -> str:
    """A Hugging Face API digest for ``day`` with ``count`` papers numbered from ``start``."""
    import json

    items = [
        {
            "paper": {
                "id": f"2608.{start + i:05d}",
                "title": f"Paper number {start + i} on testing",
                "summary": f"An abstract for paper {start + i}.",
                "authors": [{"name": "Ann Smith"}],
            },
            "publishedAt": f"{day}T00:00:00.000Z",
        }
        for i in range(count)
    ]
    return json.dumps(items)
