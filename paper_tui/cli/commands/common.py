"""What the commands share: the user-facing error, paper references, the lines a paper prints as."""

from __future__ import annotations

import os
from collections.abc import Sequence

from paper_tui.cli.output import _out, _out_json
from paper_tui.config import Config
from paper_tui.library import Library
from paper_tui.model import PaperRecord


class CliError(Exception):
    """A user-facing error: printed as one line on stderr, exit status 1."""


def _refs(library: Library, refs: Sequence[str]) -> list[int]:
    return [library.resolve(ref) for ref in refs]


def _config(library: Library) -> Config:
    return Config.load(library.paths.config_file)


def _check_digest(library: Library, date: str) -> None:
    """Refuse a date no digest has (a typo would otherwise give an empty list or file)."""
    dates = library.digest_dates()
    if date not in dates:
        known = f"the newest is {dates[0]}, the oldest {dates[-1]}" if dates else "the library has none"
        raise CliError(f"no digest dated {date} ({known})")


def _procs() -> int:
    """Worker processes for indexing a large batch from the command line (one per core, at most 2)."""
    return max(1, min(2, os.cpu_count() or 1))


def _paper_json(record: PaperRecord) -> dict[str, object]:
    from paper_tui.export import paper_json

    return paper_json(record)


def _flags(record: PaperRecord) -> str:
    return (
        ("." if record.read else "u")
        + ("b" if record.bookmarked else ".")
        + ("q" if record.queue_position else ".")
    )


def _line(record: PaperRecord) -> str:
    day = record.last_seen or record.published or "----------"
    ref = record.arxiv_id or "-"
    return f"{record.id:>6}  {day}  {_flags(record)}  {ref:<16} {record.title}"


def _print_records(records: Sequence[PaperRecord], as_json: bool) -> None:
    if as_json:
        _out_json([_paper_json(r) for r in records])
        return
    for record in records:
        _out(_line(record))
