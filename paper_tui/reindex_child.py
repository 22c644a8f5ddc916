"""Rebuilding the search index in a child process, with progress (for the reader).

Whoosh indexes in pure Python: in a thread of the reader it would hold the GIL for minutes at 100,000
papers (keys then took 130 ms at the median and 600 ms at p95) and grow the reader by hundreds of
megabytes. A child process keeps both to itself; it runs at a lower priority, so that the reader
gets the CPU first. The old index stays in place (and searchable) until the new one is swapped in.

The child is ``python -m paper_tui.reindex_child DATA_DIR CONFIG_DIR``; it writes one line per event
on its standard output: ``progress DONE TOTAL``, then ``done COUNT`` or ``error MESSAGE``.
(multiprocessing cannot start a child from inside Textual, which replaces ``sys.stderr``.)
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from paper_tui.paths import Paths


class ReindexCancelled(Exception):
    """The reader asked the rebuild to stop (it is quitting)."""


def run_reindex(paths: Paths, progress: Callable[[int, int], None], cancelled: threading.Event) -> int:
    """Rebuild the index of the library at ``paths`` in a child process; returns how many papers it
    indexed. ``progress(done, total)`` is called from this thread. Call from a worker thread.

    Raises RuntimeError with the child's error, or ReindexCancelled when ``cancelled`` is set (the
    child is then stopped; the half-built index beside the old one is removed by the next rebuild).
    """
    command = [sys.executable, "-m", __name__, str(paths.data_dir), str(paths.config_dir)]
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    assert child.stdout is not None
    finished = threading.Event()
    threading.Thread(target=_stop_when, args=(cancelled, finished, child), daemon=True).start()
    try:
        result: int | None = None
        error = ""
        for line in child.stdout:
            kind, _, rest = line.rstrip("\n").partition(" ")
            if kind == "progress":
                done, _, total = rest.partition(" ")
                progress(int(done), int(total))
            elif kind == "done":
                result = int(rest)
            elif kind == "error":
                error = rest
        child.wait()
        if cancelled.is_set():
            raise ReindexCancelled
        if result is not None:
            return result
        if not error:
            stderr = (child.stderr.read() if child.stderr else "").strip().splitlines()
            error = stderr[-1] if stderr else f"the indexing process ended with status {child.returncode}"
        raise RuntimeError(error)
    finally:
        if child.poll() is None:
            child.terminate()
            child.wait(5)
        finished.set()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def _stop_when(cancelled: threading.Event, finished: threading.Event, child: subprocess.Popen[str]) -> None:
    """Stop the child as soon as the rebuild is cancelled (its output may be quiet for seconds)."""
    while not finished.wait(0.2):
        if cancelled.is_set():
            child.terminate()
            return


def main(argv: list[str]) -> int:
    """The child: rebuild the index of the library in ``argv[0]`` (config folder ``argv[1]``)."""
    with contextlib.suppress(OSError):
        os.nice(10)
    from paper_tui.library import Library

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        library = Library(Paths(data_dir=Path(argv[0]), config_dir=Path(argv[1])))
        try:
            count = library.reindex(lambda done, total: say(f"progress {done} {total}"))
        finally:
            library.close()
    except Exception as error:
        say(f"error {type(error).__name__}: {' '.join(str(error).split())}")
        return 1
    say(f"done {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
