"""paper-tui status: one line for tmux, its fields and --format, muted papers left out."""

from __future__ import annotations

import json

import pytest

from paper_tui.cli import _status_only, build_parser, main
from paper_tui.library import Library
from paper_tui.model import View
from tests.helpers import ingest, paper


def test_status_counts_today_and_the_queue(capsys: pytest.CaptureFixture[str]) -> None:
    with Library.open() as library:
        ingest(library, paper("Old one", "2607.00001"), date="2026-07-31")
        ingest(library, *[paper(f"Paper {n}", f"2608.{n:05d}") for n in range(1, 6)], date="2026-08-01")
        ids = library.view_ids(View(latest=True))
        library.mark_read(ids[:1])
        library.queue_add(ids[1:3])
        library.add_rule("mute", "word", "Paper 5")
    assert main(["status"]) == 0
    # "unread", not "new": the {new} field counts the papers that arrived since the last session.
    assert capsys.readouterr().out == "Today 3 unread · queue 2\n"
    assert main(["status", "--format", "{today}: {today_unread}/{today_papers} unread, {unread} in all"]) == 0
    assert capsys.readouterr().out == "2026-08-01: 3/5 unread, 5 in all\n"
    assert main(["status", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["queued"] == 2 and figures["papers"] == 6 and figures["new"] == 0
    assert main(["status", "--format", "{stars}"]) == 1
    assert "no status field 'stars' (known: today, today_papers" in capsys.readouterr().err


def test_the_fast_path_reads_what_the_parser_reads() -> None:
    for argv in (["status"], ["--data-dir", "/x", "status", "--format", "{queued}"], ["status", "--json"]):
        fast = _status_only(argv)
        parsed = build_parser().parse_args(argv)
        assert fast is not None
        assert (fast.command, fast.data_dir, fast.fmt, fast.json) == (
            parsed.command,
            parsed.data_dir,
            parsed.fmt,
            parsed.json,
        )
    assert _status_only(["status", "--bogus"]) is None
    assert _status_only(["list"]) is None
