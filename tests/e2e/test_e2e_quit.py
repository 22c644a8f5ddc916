"""Quitting always works: in a real terminal, q ends the reader within a second or two whatever a
server or another process does (issue 17, finding 2: it lived on for minutes, deaf to ctrl-c)."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest

from tests.helpers import ReaderTerminal

pytestmark = pytest.mark.e2e

#: What "within a second" is allowed to be in a loaded CI box, measured from the key to the shell prompt.
QUIT_BOUND = 3.0


@pytest.fixture
def dripping_server() -> Iterator[tuple[int, threading.Event]]:
    """A server on 127.0.0.1 that answers every request one byte a second, for ever; its port, and
    an event set once a request has arrived."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()
    asked = threading.Event()

    def drip(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            asked.set()
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 100:
                if stop.wait(1.0):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1], asked
    finally:
        stop.set()
        listener.close()


def quit_seconds(terminal: ReaderTerminal) -> tuple[float, str]:
    """Press q; seconds until the shell says the reader exited, and the screen then."""
    started = time.monotonic()
    terminal.keys("q")
    screen = terminal.wait_for("paper-tui exited with", timeout=30)
    return time.monotonic() - started, screen


def test_q_quits_at_once_while_a_fetch_drips(
    terminal: ReaderTerminal, dripping_server: tuple[int, threading.Event]
) -> None:
    port, asked = dripping_server
    (terminal.home / "config.toml").write_text(
        "[reader]\nmark_read_after = 0\n\n"
        f'[fetch]\nenrich = false\nhf_days = 1\nhf_base_url = "http://127.0.0.1:{port}"\n',
        encoding="utf-8",
    )
    terminal.start()
    terminal.wait_for("Today · 61")
    terminal.keys("F")
    terminal.wait_for("Fetching hf")
    assert asked.wait(10)  # the request is under way, its answer dripping
    seconds, screen = quit_seconds(terminal)
    assert seconds < QUIT_BOUND, screen
    assert "paper-tui exited with 0" in screen


def test_q_quits_at_once_while_another_process_holds_the_library(terminal: ReaderTerminal) -> None:
    terminal.start()
    terminal.wait_for("Today · 61", "0 bookmarked")
    holder = sqlite3.connect(terminal.home / "library.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # an import suspended with ctrl-z holds it like this
        terminal.keys("b")
        terminal.wait_for("1 bookmarked")  # shown at once; the write waits for the lock
        seconds, screen = quit_seconds(terminal)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert seconds < QUIT_BOUND, screen
    assert "quit before every change was written (another process held the library)" in screen
    assert "paper-tui exited with 1" in screen
