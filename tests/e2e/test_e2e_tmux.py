"""The installed ``paper-tui`` in a real terminal (tmux): type keys, quit, restart, find the state kept."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from paper_tui.library import Library
from tests.helpers import FIXTURES, SCRIPT, ReaderTerminal, closed_port

pytestmark = pytest.mark.e2e


def queue_json(home: Path) -> list[dict[str, object]]:
    """``paper-tui queue ls --json`` for the library."""
    env = {**os.environ, "PAPER_TUI_HOME": str(home)}
    done = subprocess.run(
        [SCRIPT, "queue", "ls", "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: list[dict[str, object]] = json.loads(done.stdout)
    return result


def test_queue_and_bookmarks_survive_quit_and_restart(terminal: ReaderTerminal) -> None:
    terminal.start()
    # An empty library: the reader imports the bundled sample first.
    terminal.wait_for("Today · 61", "61 papers · 61 unread · 0 queued · 0 bookmarked")

    terminal.keys("j", "j", "b", "a")
    terminal.wait_for("61 papers · 61 unread · 1 queued · 1 bookmarked")
    terminal.keys("j", "a")
    screen = terminal.wait_for("2 queued · 1 bookmarked", "Queue · 2")
    assert "●★»" in screen
    terminal.keys("q")
    terminal.wait_for("paper-tui exited with 0")

    queued = queue_json(terminal.home)
    assert [paper["id"] for paper in queued] == [3, 4]
    assert [paper["bookmarked"] for paper in queued] == [True, False]

    terminal.start()
    # The queue in order with its markers, and the place kept: the highlighted paper is #4.
    screen = terminal.wait_for("Today · 61", "2 queued · 1 bookmarked", "1. ●★»", "2. ● »", "Paper #4")
    assert "Imported the bundled sample" not in screen  # seeded once only
    terminal.keys("x")  # done: leaves the queue, marked read
    terminal.wait_for("1 queued · 1 bookmarked", "60 unread")
    terminal.keys("q")
    terminal.wait_for("paper-tui exited with 0")

    assert [paper["id"] for paper in queue_json(terminal.home)] == [3]


def test_a_hangup_quits_cleanly_and_keeps_the_place(terminal: ReaderTerminal) -> None:
    terminal.start()
    terminal.wait_for("Today · 61", "Paper #1")
    terminal.keys("j", "j", "j")
    terminal.wait_for("Paper #4")
    # What the reader gets when the SSH session (or the terminal) goes away.
    os.kill(terminal.program_pid(), signal.SIGHUP)
    terminal.wait_for("paper-tui exited with 0")

    library = Library.open(terminal.home)
    try:
        assert library.store.get_meta("ui.selected") == "4"
        assert library.store.get_meta("ui.view") == "today"
    finally:
        library.close()


def test_fetch_offline_and_an_inbox_drop_while_the_reader_runs(terminal: ReaderTerminal) -> None:
    port = closed_port()  # a port nothing listens on: "offline"
    (terminal.home / "config.toml").write_text(
        "[reader]\nmark_read_after = 0\npoll_interval = 0.5\n\n"
        f'[fetch]\nenrich = false\nhf_days = 1\nhf_base_url = "http://127.0.0.1:{port}"\n',
        encoding="utf-8",
    )
    terminal.start()
    terminal.wait_for("Today · 61", "61 papers · 61 unread")

    terminal.keys("F")
    screen = terminal.wait_for("cannot reach")
    assert "61 papers · 61 unread" in screen  # nothing changed

    inbox = terminal.home / "inbox"
    inbox.mkdir(exist_ok=True)
    dropped = inbox / "morning.json"
    shutil.copy(FIXTURES / "fetch" / "hf_2026-08-03_morning.json", dropped)
    past = time.time() - 60  # finished writing a minute ago
    os.utime(dropped, (past, past))
    terminal.wait_for("Imported 2 papers", "63 papers · 63 unread")
    assert (inbox / "done" / "morning.json").exists()
    terminal.keys("q")
    terminal.wait_for("paper-tui exited with 0")
