"""The installed ``paper-tui`` in a real terminal (tmux): type keys, quit, restart, find the state kept."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from paper_tui.library import Library
from tests.conftest import FIXTURES

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
SCRIPT = shutil.which("paper-tui") or str(Path(sys.executable).with_name("paper-tui"))
WIDTH, HEIGHT = 120, 36
TIMEOUT = 30.0


def _missing() -> str | None:
    if TMUX is None:
        return "tmux is not installed"
    if not Path(SCRIPT).exists():
        return "the paper-tui script is not installed"
    return None


class Terminal:
    """One tmux server on a private socket, running one program at a time."""

    def __init__(self, home: Path) -> None:
        self.socket = f"paper-tui-e2e-{uuid.uuid4().hex[:12]}"
        self.home = home

    def tmux(self, *args: str) -> str:
        """Run a tmux command on this server; returns its output."""
        assert TMUX is not None
        # A COLUMNS/LINES left in the test process's environment would override the pane's real size.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
        done = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=10, env=env
        )
        return done.stdout

    def start(self) -> None:
        """Start the reader (in a new session, or in place of the last run); it prints a line on exit."""
        command = (
            f"PAPER_TUI_HOME={shlex.quote(str(self.home))} {shlex.quote(SCRIPT)}; "
            'echo "paper-tui exited with $?"; sleep 600'
        )
        if "reader" not in self.tmux("list-sessions", "-F", "#{session_name}"):
            # Sized first, then the reader: a program started with the session can see the pty
            # before tmux gives it the requested size.
            self.tmux("new-session", "-d", "-s", "reader", "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 600")
        self.tmux("respawn-pane", "-k", "-t", "reader", "sh", "-c", command)

    def screen(self) -> str:
        """The visible text of the pane."""
        return self.tmux("capture-pane", "-p", "-t", "reader")

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the pane until every text is on it (bounded); returns the screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {texts!r}; the screen was:\n{screen}")

    def keys(self, *keys: str) -> None:
        """Type keys, one send-keys call each (as a person would)."""
        for key in keys:
            self.tmux("send-keys", "-t", "reader", key)

    def close(self) -> None:
        """Kill this private tmux server and remove its socket file."""
        socket_path = self.tmux("display", "-p", "#{socket_path}").strip()
        self.tmux("kill-server")
        if socket_path:
            Path(socket_path).unlink(missing_ok=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A private tmux server and a library home with mark-read off (the test controls read state)."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    home = Path(os.environ["PAPER_TUI_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[reader]\nmark_read_after = 0\n", encoding="utf-8")
    term = Terminal(home)
    try:
        yield term
    finally:
        term.close()


def queue_json(home: Path) -> list[dict[str, object]]:
    """``paper-tui queue ls --json`` for the library."""
    env = {**os.environ, "PAPER_TUI_HOME": str(home)}
    done = subprocess.run(
        [SCRIPT, "queue", "ls", "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: list[dict[str, object]] = json.loads(done.stdout)
    return result


def test_queue_and_bookmarks_survive_quit_and_restart(terminal: Terminal) -> None:
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


def test_a_hangup_quits_cleanly_and_keeps_the_place(terminal: Terminal) -> None:
    terminal.start()
    terminal.wait_for("Today · 61", "Paper #1")
    terminal.keys("j", "j", "j")
    terminal.wait_for("Paper #4")
    shell = terminal.tmux("display", "-p", "-t", "reader", "#{pane_pid}").strip()
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", shell], capture_output=True, text=True, timeout=10
    )
    reader = int(children.stdout.split()[0])
    os.kill(reader, signal.SIGHUP)  # what the reader gets when the SSH session (or the terminal) goes away
    terminal.wait_for("paper-tui exited with 0")

    library = Library.open(terminal.home)
    try:
        assert library.store.get_meta("ui.selected") == "4"
        assert library.store.get_meta("ui.view") == "today"
    finally:
        library.close()


def test_fetch_offline_and_an_inbox_drop_while_the_reader_runs(terminal: Terminal) -> None:
    with socket.socket() as probe:  # a port nothing listens on: "offline"
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (terminal.home / "config.toml").write_text(
        "[reader]\nmark_read_after = 0\npoll_interval = 0.5\n\n"
        f'[fetch]\nhf_days = 1\nhf_base_url = "http://127.0.0.1:{port}"\n',
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
