"""SIGINT, SIGTERM and SIGHUP to a running import and to the reader with the note editor open.

An import stops within seconds, says so in one line (no traceback, also not from its indexing worker
processes), gives the terminal its cursor back and leaves every digest whole or absent. The reader
leaves the terminal as it found it, keeps what was written before and saves the note being typed.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest

from paper_tui.library import Library, View
from tests.helpers import (
    FIXTURES,
    SCRIPT,
    Tmux,
    alive,
    assert_digests_whole,
    cli_command,
    integrity,
    require_script,
    start_import,
    wait_until,
    write_hf_digest,
)

pytestmark = pytest.mark.slow

#: Enough papers that the command line indexes them in worker processes (see index.PARALLEL_MIN_DOCS).
PAPERS = 700


@pytest.fixture(scope="module")
def digests(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three digests of 700 papers each."""
    folder = tmp_path_factory.mktemp("signal-digests")
    return [
        write_hf_digest(folder / f"big-{n}.json", f"2026-08-0{n + 1}", PAPERS, start=n * PAPERS, seed=n)
        for n in range(3)
    ]


def _children(pid: int) -> list[str]:
    """Process ids whose parent is ``pid``."""
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, timeout=10
    )
    return found.stdout.split()


def _check_library(home: Path, files: list[Path]) -> set[str]:
    """Integrity, whole digests, and an index that catches up with SQLite when the library is opened."""
    assert integrity(home / "library.sqlite3") == "ok"
    present = assert_digests_whole(home / "library.sqlite3", {str(p): PAPERS for p in files})
    library = Library.open(home)
    try:
        assert library.search("diffusion", 10)
        assert library.index.pids() == set(library.store.all_ids())
    finally:
        library.close()
    return present


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_stops_an_import_at_once_and_in_one_line(
    signum: signal.Signals, digests: list[Path], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    process = start_import(home, *map(str, digests))
    assert process.stdout is not None and process.stderr is not None
    out = bytearray()

    def first_digest_done() -> bool:
        out.extend(process.stdout.read() or b"")  # type: ignore[union-attr]
        return b"big-0.json" in out

    wait_until(first_digest_done, 30, "the first digest to be imported")
    process.send_signal(signum)
    sent = time.monotonic()
    process.wait(timeout=10)
    assert time.monotonic() - sent < 5
    err = process.stderr.read().decode()
    process.stdout.close()
    process.stderr.close()
    assert process.returncode == 128 + signum, err
    assert err.count("\n") == 1 and err.startswith("paper-tui: interrupted"), err
    present = _check_library(home, digests)
    assert str(digests[0]) in present and len(present) < len(digests)


@pytest.mark.e2e
@pytest.mark.parametrize("how", ["C-c", "TERM", "HUP"])
def test_an_import_stopped_in_a_terminal_restores_it(
    how: str, digests: list[Path], tmp_path: Path, tmux: Tmux
) -> None:
    home = tmp_path / "home"
    command = shlex.join(cli_command(home, "import", *map(str, digests)))
    # The shell survives ctrl-c (a trap, so the import itself gets the default SIGINT) and reports.
    # (With PYTHONFAULTHANDLER, a hung import shows its threads' stacks when the test aborts it.)
    tmux.run(f'trap : INT; PYTHONFAULTHANDLER=1 {command}; echo "import exited with $?"')
    # After the last digest's line the import is indexing 2,100 papers in worker processes.
    tmux.wait_for("big-2.json", timeout=60)
    importer = tmux.program_pid()
    # The first worker is there, the second is often being forked: a signal then must not be lost in
    # Python's at-fork hooks (the import would carry on) nor make a worker print a traceback.
    wait_until(lambda: _children(importer), 30, "the indexing worker processes")
    if how == "C-c":
        tmux.keys("C-c")
    else:
        os.kill(importer, getattr(signal, f"SIG{how}"))
    signum = signal.SIGINT if how == "C-c" else getattr(signal, f"SIG{how}")
    try:
        screen = tmux.wait_for(f"import exited with {128 + signum}", timeout=20)
    except AssertionError:
        if alive(importer):
            os.kill(importer, signal.SIGABRT)
            raise AssertionError("the import hung:\n" + tmux.wait_for("import exited with 134")) from None
        raise
    assert "Traceback" not in screen and "Process " not in screen, screen
    assert screen.count("paper-tui:") == 1, screen
    assert tmux.pane("#{cursor_flag}") == "1"  # the progress bar's hidden cursor is shown again
    assert _check_library(home, digests) == {str(p) for p in digests}


@pytest.mark.e2e
@pytest.mark.parametrize("how", ["TERM", "HUP", "INT", "C-c then TERM"])
def test_a_signal_to_the_reader_keeps_the_bookmark_and_the_note_being_typed(
    how: str, tmp_path: Path, tmux: Tmux
) -> None:
    require_script()
    home = tmp_path / "home"
    library = Library.open(home)
    library.import_file(FIXTURES / "hf_small.json")
    library.close()
    (home / "config.toml").write_text(
        "[reader]\nmark_read_after = 0\n\n[fetch]\nenrich = false\n", encoding="utf-8"
    )
    tmux.run(
        f'{shlex.quote(str(SCRIPT))} --data-dir {shlex.quote(str(home))}; echo "paper-tui exited with $?"'
    )
    tmux.wait_for("Paper #1", "0 bookmarked")
    tmux.keys("b")
    tmux.wait_for("1 bookmarked")
    tmux.keys("n")
    tmux.wait_for("Note on", "ctrl+s saves")
    tmux.keys("typed before the signal", literal=True)
    tmux.wait_for("typed before the signal")
    assert tmux.pane("#{alternate_on}") == "1"
    if how.startswith("C-c"):
        # ctrl-c is a key in the reader (copy, in the editor), not a signal: nothing happens to the note.
        tmux.keys("C-c")
        tmux.wait_for("Note on", "typed before the signal")
        how = "TERM"
    os.kill(tmux.program_pid(), getattr(signal, f"SIG{how}"))
    screen = tmux.wait_for("paper-tui exited with 0", timeout=15)
    assert tmux.pane("#{alternate_on}") == "0"
    assert tmux.pane("#{cursor_flag}") == "1"
    assert "Note on" not in screen and "╭" not in screen and "Traceback" not in screen, screen
    library = Library.open(home)
    try:
        assert library.view_ids(View(bookmarked=True)) == [1]
        assert library.paper(1).note == "typed before the signal"  # type: ignore[union-attr]
    finally:
        library.close()


@pytest.mark.e2e
def test_the_reader_exits_when_its_terminal_goes_away(tmp_path: Path, tmux: Tmux) -> None:
    # What a dropped SSH connection does: the terminal hangs up (SIGHUP, then SIGCONT, from the kernel)
    # while the reader may be drawing. It must save, exit and not spin or hang without a terminal.
    require_script()
    home = tmp_path / "home"
    library = Library.open(home)
    library.import_file(FIXTURES / "hf_small.json")
    library.close()
    (home / "config.toml").write_text(
        "[reader]\nmark_read_after = 0\n\n[fetch]\nenrich = false\n", encoding="utf-8"
    )
    for attempt in range(5):
        tmux.run(f"{shlex.quote(str(SCRIPT))} --data-dir {shlex.quote(str(home))}")
        tmux.wait_for("Paper #1", "2 papers")
        reader = tmux.program_pid()
        tmux.keys("b")  # toggles the bookmark on the first paper; the count shows once it is written
        tmux.wait_for(f"{(attempt + 1) % 2} bookmarked")
        tmux.keys("y", "y")  # keep it drawing (toasts) when the terminal goes
        tmux("kill-server")
        try:
            wait_until(lambda pid=reader: not alive(pid), 10, f"the reader to exit (attempt {attempt})")
        finally:
            if alive(reader):
                os.kill(reader, signal.SIGKILL)  # leave no hung reader behind a failed test
        tmux.started = False
    library = Library.open(home)
    try:
        assert library.view_ids(View(bookmarked=True)) == [1]  # five toggles, every one kept
    finally:
        library.close()
