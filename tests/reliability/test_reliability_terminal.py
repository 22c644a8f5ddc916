"""A digest full of terminal escape sequences, read in a real terminal (tmux): none of them acts.

The titles, authors and abstract carry OSC 52 (set the clipboard), OSC 0 (window title), screen and
cursor control, terminal queries (cursor position, device attributes, DECRQSS) and their 8-bit C1
forms. With tmux accepting OSC 52 from programs (``set-clipboard on``), the tmux buffer must stay what
the test set, the pane title must stay, and the screen must show the remaining words literally, with the
reader still drawn around them. Pressing ``y`` then copies the paper's link through OSC 52: the control
that shows this tmux would have caught a leaked sequence.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from paper_tui.library import Library
from tests.helpers import SCRIPT, Tmux, require_script, wait_until
from tests.helpers.hostile_http import HostileServer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

KNOWN = "known buffer text"
OSC52 = "\x1b]52;c;SEVMTE8=\x07"  # base64 of HELLO

HOSTILE = {
    "id": "2608.00077",
    "title": f"Alpha{OSC52} Bravo \x1b[2J\x1b[H Charlie\x1b[6n\x1b[c Delta\x1bP$qm\x1b\\ Echo",
    "authors": [
        {"name": "Foxtrot\u009d52;c;SEVMTE8=\u009c Golf"},
        {"name": "Hotel\u009b6n India"},
        {"name": "Juliet\u0090$qm\u009c Kilo"},
    ],
    "summary": (
        "Lima \u009b2J Mike \x1b]52;c;SEVMTE8=\x1b\\ November \x1b[?1049l Oscar \x1b[?25l Papa "
        "\x1b]0;pwned title\x07 Quebec \x1b[c Romeo."
    ),
    "upvotes": 99,
}
PLAIN = {"id": "2608.00078", "title": "A plain neighbour", "summary": "Nothing to see.", "upvotes": 1}
#: What is left of each field once the sequences are gone, as the screen must show it.
EXPECTED = (
    "Alpha Bravo Charlie Delta Echo",
    "Foxtrot Golf, Hotel India, Juliet Kilo",
    "Lima Mike November Oscar Papa Quebec Romeo.",
)


def test_escape_sequences_in_a_digest_do_nothing_in_a_real_terminal(tmp_path: Path, tmux: Tmux) -> None:
    require_script()
    digest = tmp_path / "hostile.json"
    items = [{"paper": p, "publishedAt": "2026-08-11T00:00:00.000Z"} for p in (HOSTILE, PLAIN)]
    digest.write_text(json.dumps(items), encoding="utf-8")
    home = tmp_path / "home"
    library = Library.open(home)
    library.import_file(digest)
    library.close()
    (home / "config.toml").write_text(
        "[reader]\nmark_read_after = 0\n\n[fetch]\nenrich = false\n", encoding="utf-8"
    )

    tmux.run("sleep 600")  # the server, before the reader: options and the buffer first
    tmux("set-option", "-s", "set-clipboard", "on")
    tmux("set-buffer", "-b", "known", KNOWN)
    title = tmux.pane("#{pane_title}")
    tmux.run(f"{shlex.quote(str(SCRIPT))} --data-dir {shlex.quote(str(home))}")
    # Everything drawn: header, both list rows, the detail pane and the footer (a leaked clear-screen
    # or alternate-screen switch would leave parts of this missing).
    screen = tmux.wait_for(*EXPECTED, "Paper #1", "A plain neighbour", "2 papers · 2 unread", "q Quit")

    assert tmux("list-buffers", "-F", "#{buffer_name}").split() == ["known"]
    assert tmux("show-buffer") == KNOWN
    assert tmux.pane("#{pane_title}") == title
    assert tmux.pane("#{alternate_on}") == "1"
    lines = [line for line in screen.splitlines() if line.strip()]
    assert lines[0].startswith(" paper-tui") and "Quit" in lines[-1] and len(lines) == 36
    for leftover in ("52;c", "SEVMTE8", "pwned", "$q", "[?1049", "[6n", "[2J"):
        assert leftover not in screen

    # The control: the reader's own copy goes through OSC 52 into a new tmux buffer.
    tmux.keys("y")
    wait_until(lambda: tmux("show-buffer") == "https://arxiv.org/abs/2608.00077", 10, "the copied link")


def test_a_hostile_reason_phrase_does_nothing_in_a_real_terminal(tmp_path: Path, tmux: Tmux) -> None:
    """Issue 17, finding 1 in the reader: F against a server whose 503 reason phrase sets the pane
    title, puts "reason" in tmux's paste buffer through OSC 52 and clears the screen. The failure is
    said, its words literally, and none of the sequences acts."""
    require_script()
    home = tmp_path / "home"
    Library.open(home).close()
    with HostileServer() as server:
        server.behaviour = server.reason
        (home / "config.toml").write_text(
            "[reader]\nmark_read_after = 0\n\n"
            f'[fetch]\nenrich = false\nhf_days = 1\nhf_base_url = "{server.url}"\n',
            encoding="utf-8",
        )
        tmux.run("sleep 600")
        tmux("set-option", "-s", "set-clipboard", "on")
        tmux("set-buffer", "-b", "known", KNOWN)
        title = tmux.pane("#{pane_title}")
        tmux.run(f"{shlex.quote(str(SCRIPT))} --data-dir {shlex.quote(str(home))}")
        tmux.wait_for("q Quit")
        tmux.keys("F")
        screen = tmux.wait_for("503", "Unavailable", timeout=30)
        assert server.requests
    assert tmux("list-buffers", "-F", "#{buffer_name}").split() == ["known"]
    assert tmux("show-buffer") == KNOWN
    assert tmux.pane("#{pane_title}") == title
    assert "PWNED" not in screen and "cmVhc29u" not in screen and "52;c" not in screen
    lines = [line for line in screen.splitlines() if line.strip()]
    assert lines[0].startswith(" paper-tui") and "Quit" in lines[-1]  # not cleared
