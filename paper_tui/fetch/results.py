"""What a fetch returns, and the steps every source shares: keep the raw answer, import it, report."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paper_tui.categories import CategoryError
from paper_tui.fetch.http import FetchError
from paper_tui.files import write_atomic
from paper_tui.model import DigestError, IngestResult
from paper_tui.text import MAX_FIELD, plural, sanitize, without_credentials

if TYPE_CHECKING:
    from paper_tui.library import Library

__all__ = ["FetchResult", "guarded", "keep_and_import", "safe_name"]


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

    def __post_init__(self) -> None:
        # Both are shown (lines, notifications, --json): no credentials, no escape sequences.
        object.__setattr__(self, "url", without_credentials(self.url))
        if self.error is not None:
            object.__setattr__(self, "error", sanitize(without_credentials(self.error), max_len=MAX_FIELD))

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
        counts = f"{r.new} new, {r.merged} merged, {r.unchanged} unchanged"
        return f"{self.source}: {plural(self.papers, 'paper')}, {counts}"


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "feed"


def keep_and_import(
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
    path = library.paths.raw_dir / source / f"{safe_name(stem)}.{ext}"
    write_atomic(path, body)
    # The index is brought up to date once per fetch run (fetch_hf / fetch_arxiv), not per response.
    result = library.import_bytes(body, name=str(path), fmt=fmt, digest_date=digest_date, sync=False)
    return path, result


def guarded(source: str, url: str, work: Callable[[], FetchResult]) -> FetchResult:
    """Run one fetch; any failure becomes a FetchResult with an error so the other sources still run."""
    try:
        return work()
    except (FetchError, CategoryError) as error:
        return FetchResult(source, url, error=str(error))
    except DigestError as error:
        return FetchResult(source, url, error=f"{url}: {error.message}; nothing was imported")
    except Exception as error:  # a bug or a broken library must not stop the other sources
        return FetchResult(source, url, error=f"unexpected error: {type(error).__name__}: {error}")
