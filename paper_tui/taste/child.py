"""Learning For you in a child process, for the reader.

Tokenising and scoring papers is pure Python and NumPy: in a thread of the reader it would hold the
GIL for seconds (30 at 100,000 papers) and every key would wait. A child process keeps that to itself,
at a lower priority; it writes the scores into the library (the papers the reader shows first, then
the others), and the reader shows them as it shows any other process's changes.

The child is ``python -m paper_tui.taste.child DATA_DIR CONFIG_DIR``; it reads the ids to score first
as one line on its standard input and writes one line per event on its standard output:
``progress DONE TOTAL``, then ``done STATE_JSON`` or ``error MESSAGE``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from paper_tui.paths import Paths


class LearningCancelled(Exception):
    """The reader asked the child to stop (it is quitting)."""


def run_learning(
    paths: Paths,
    first: Sequence[int],
    cancelled: threading.Event,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Learn For you for the library at ``paths`` in a child process; returns the state it ended in (as
    JSON). Call from a worker thread. Raises RuntimeError with the child's error, or LearningCancelled."""
    command = [sys.executable, "-m", __name__, str(paths.data_dir), str(paths.config_dir)]
    child = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    assert child.stdin is not None and child.stdout is not None
    finished = threading.Event()

    def stop_when_cancelled() -> None:
        while not finished.wait(0.2):
            if cancelled.is_set():
                child.terminate()
                return

    threading.Thread(target=stop_when_cancelled, daemon=True).start()
    try:
        with contextlib.suppress(BrokenPipeError):
            child.stdin.write(" ".join(map(str, first)) + "\n")
            child.stdin.close()
        result: str | None = None
        error = ""
        for line in child.stdout:
            kind, _, rest = line.rstrip("\n").partition(" ")
            if kind == "progress" and progress is not None:
                done, _, total = rest.partition(" ")
                progress(int(done), int(total))
            elif kind == "done":
                result = rest
            elif kind == "error":
                error = rest
        child.wait()
        if cancelled.is_set():
            raise LearningCancelled
        if result is not None:
            return result
        if not error:
            stderr = (child.stderr.read() if child.stderr else "").strip().splitlines()
            error = stderr[-1] if stderr else f"the learning process ended with status {child.returncode}"
        raise RuntimeError(error)
    finally:
        if child.poll() is None:
            child.terminate()
            child.wait(5)
        finished.set()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def main(argv: list[str]) -> int:
    """The child: learn For you for the library in ``argv[0]`` (config folder ``argv[1]``)."""
    with contextlib.suppress(OSError):
        os.nice(10)
    from paper_tui.library import Library

    def say(line: str) -> None:
        print(line, flush=True)

    first = [int(word) for word in sys.stdin.readline().split() if word.isdigit()]
    try:
        library = Library(Paths(data_dir=Path(argv[0]), config_dir=Path(argv[1])))
        try:
            state = library.learn(first=first, progress=lambda done, total: say(f"progress {done} {total}"))
        finally:
            library.close()
    except Exception as error:
        say(f"error {type(error).__name__}: {' '.join(str(error).split())}")
        return 1
    say(f"done {state.to_json()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
