"""The installed paper-tui in tmux: a whole sample day triaged key by key, then a restart that finds
every decision kept (and For you learned from them in its child process)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from paper_tui.library import Library
from tests.helpers import SCRIPT, ReaderTerminal

pytestmark = pytest.mark.e2e


def cli(terminal: ReaderTerminal, *args: str) -> object:
    env = {**os.environ, "PAPER_TUI_HOME": str(terminal.home)}
    done = subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if "--json" in args else done.stdout


def test_a_whole_sample_day_triaged_then_restarted(terminal: ReaderTerminal) -> None:
    terminal.start()
    terminal.wait_for("Today · 61", "61 papers · 61 unread · 0 queued · 0 bookmarked")
    terminal.keys("t")
    terminal.wait_for("Triage · Today · 1 / 61 · 0 queued · 0 bookmarked · 0 skipped")
    decisions = ["a" if n % 10 == 0 else "b" if n % 10 == 5 else "x" for n in range(61)]
    for key in decisions[:30]:
        terminal.keys(key)
    terminal.wait_for("31 / 61 · 3 queued · 3 bookmarked · 24 skipped")
    terminal.keys("u")  # the 30th decision (a skip) taken back, then made again
    terminal.wait_for("30 / 61 · 3 queued · 3 bookmarked · 23 skipped")
    for key in decisions[29:]:
        terminal.keys(key)
    terminal.wait_for("Triage: 7 queued · 6 bookmarked · 48 skipped · 0 left unread")
    terminal.keys("q")
    terminal.wait_for("61 papers · 13 unread · 7 queued · 6 bookmarked")
    terminal.keys("q")
    terminal.wait_for("paper-tui exited with 0")

    queued = cli(terminal, "queue", "ls", "--json")
    assert [paper["id"] for paper in queued] == [1, 11, 21, 31, 41, 51, 61]  # type: ignore[union-attr, index]
    assert cli(terminal, "status") == "Today 13 unread · queue 7\n"

    terminal.start()
    screen = terminal.wait_for("Today · 61", "61 papers · 13 unread · 7 queued · 6 bookmarked")
    assert "Imported the bundled sample" not in screen
    # Sorted For you: the reader's child process learns from the decisions (the command line is not
    # run before this), and the highlighted paper's detail shows the model's score.
    terminal.keys("s", "s", "s")
    terminal.wait_for("Today · 61 · for you", "For you ")
    screen = terminal.wait_for("% · ")
    terminal.keys("q")
    terminal.wait_for("paper-tui exited with 0")
    library = Library.open(terminal.home)
    try:
        assert not library.taste_stale()  # the reader learned from every decision
    finally:
        library.close()
    scored = cli(terminal, "list", "--latest", "--sort", "for-you", "--json")
    assert isinstance(scored, list)
    wanted = {n + 1 for n, key in enumerate(decisions) if key != "x"}
    # The 13 queued and bookmarked papers first, each with the model's reasons.
    assert {paper["id"] for paper in scored[:13]} == wanted
    assert all(paper["score"] > scored[13]["score"] and paper["reasons"] for paper in scored[:13])
