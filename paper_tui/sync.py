"""Fetch and inbox runs for the open reader: cancellable, reporting each source, worded for
notifications. Call from a worker thread; nothing here knows about Textual."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paper_tui.config import FetchConfig
from paper_tui.fetch import FetchResult, Http, fetch_configured
from paper_tui.fetch.http import FetchCancelled
from paper_tui.inbox import InboxReport, is_partial, process_inbox
from paper_tui.library import Library
from paper_tui.text import MAX_FIELD, plural, sanitize, without_credentials

__all__ = [
    "FetchCancelled",
    "FetchRun",
    "InboxRun",
    "fetch_summary",
    "inbox_has_files",
    "inbox_lines",
    "run_fetch",
    "run_inbox",
    "source_label",
]


@dataclass(frozen=True)
class FetchRun:
    """What one fetch run did: a result per source, and the notices to say once."""

    results: list[FetchResult]
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class InboxRun:
    """What one pass over the inbox did, and the notices to say once."""

    report: InboxReport
    notices: list[str] = field(default_factory=list)


def source_label(url: str, params: Mapping[str, Any] | None) -> str:
    """The label the fetch results use for a request: ``hf 2026-08-03``, ``arxiv cs.CL``, else the host."""
    parts = urlsplit(url)
    if params and "date" in params:
        return f"hf {params['date']}"
    if "/rss/" in parts.path:
        return f"arxiv {parts.path.rsplit('/', 1)[-1]}"
    return parts.hostname or without_credentials(url)  # never the user:password@ of the URL


def run_fetch(
    library: Library,
    config: FetchConfig,
    *,
    on_source: Callable[[str], object],
    cancelled: threading.Event,
) -> FetchRun:
    """Run the configured sources (as ``paper-tui fetch`` does), reporting each source as it starts.

    Setting ``cancelled`` ends waits (retry back-off, arXiv spacing) at once, skips the remaining
    requests and stops a request under way within about a tenth of a second (even one a server
    answers a byte at a time); the run then ends with what was imported before.
    """

    def sleep(seconds: float) -> None:
        if cancelled.wait(seconds):
            raise FetchCancelled()

    last: list[str] = []

    def before_get(url: str, params: Mapping[str, Any] | None) -> None:
        if cancelled.is_set():
            raise FetchCancelled()
        label = source_label(url, params)
        if not last or last[-1] != label:  # later pages of one day are the same source
            last.append(label)
            on_source(label)

    with Http(sleep=sleep, before_get=before_get, cancel=cancelled) as http:
        results = fetch_configured(library, config, http=http, sleep=sleep)
    imported = any(result.result for result in results) and not cancelled.is_set()
    return FetchRun(results, library.after_import(imported))


def fetch_summary(results: Sequence[FetchResult]) -> tuple[str | None, list[str]]:
    """One summary line (None when every source failed) and the error lines, for notifications.

    Sources that failed the same way share a line (offline: ``hf 2026-08-02, hf 2026-08-03: cannot
    reach huggingface.co: ...; check the network``).
    """
    failed: dict[str, list[str]] = {}
    for result in results:
        if result.error is not None:
            failed.setdefault(result.error, []).append(result.source)
    # Untrusted text (a server's words, a URL): one clean line each, as the command line prints them.
    errors = [
        sanitize(f"{', '.join(sources)}: {error}", max_len=MAX_FIELD) for error, sources in failed.items()
    ]
    done = [result for result in results if result.ok]
    if not results:
        return "Nothing to fetch: [fetch] in the config turns hf off and lists no arxiv categories.", []
    if not done:
        return None, errors
    new = sum(r.result.new for r in done if r.result)
    updated = sum(r.result.merged for r in done if r.result)
    line = f"Fetched: {new} new, {updated} updated"
    if len(done) < len(results):
        line += f" ({len(results) - len(done)} of {plural(len(results), 'source')} failed)"
    return line, errors


def inbox_has_files(folder: Path) -> bool:
    """Whether the inbox holds a file to look at (a cheap listing; hidden and partial files ignored)."""
    try:
        with os.scandir(folder) as entries:
            return any(
                not is_partial(entry.name) and entry.is_file(follow_symlinks=False) for entry in entries
            )
    except OSError:
        return False


def run_inbox(library: Library, folder: Path) -> InboxRun:
    """One pass over the inbox (only when it holds files); a daily backup after an import."""
    if not inbox_has_files(folder):
        return InboxRun(InboxReport())
    report = process_inbox(library, folder)
    return InboxRun(report, library.after_import(bool(report.imported)))


def inbox_lines(folder: Path, report: InboxReport) -> tuple[list[str], list[str]]:
    """Notification lines for an inbox pass: (imported files, refused files)."""
    imported = []
    for path, result in report.imported:
        papers = result.new + result.merged + result.unchanged
        detail = f"{result.new} new" + (f", {result.merged} updated" if result.merged else "")
        # File names are untrusted text (an inbox file named "x\e]2;TITLE\a.json" set the pane title).
        line = f"Imported {plural(papers, 'paper')} from {folder.name}/{path.name} ({detail})"
        imported.append(sanitize(line, max_len=MAX_FIELD))
    failed = [
        sanitize(f"Inbox: {reason} (moved to {folder.name}/failed/)", max_len=MAX_FIELD)
        for _, reason in report.failed
    ]
    return imported, failed
