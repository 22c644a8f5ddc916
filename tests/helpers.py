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
