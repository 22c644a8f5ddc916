"""Work on the library in a child process of the reader, with progress: the protocol its children speak.

Indexing and learning For you are pure Python that would hold the reader's GIL for seconds to minutes;
each runs as ``python -m MODULE DATA_DIR CONFIG_DIR`` instead, at a lower priority, and writes one line
per event on its standard output: ``progress DONE TOTAL``, then ``done RESULT`` or ``error MESSAGE``.
(multiprocessing cannot start a child from inside Textual, which replaces ``sys.stderr``.)
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from paper_tui.paths import Paths

if TYPE_CHECKING:
    from paper_tui.library import Library

#: ``progress(done, total)``: how far the child has come.
Progress = Callable[[int, int], None]


def run_child(
    module: str,
    paths: Paths,
    cancelled: threading.Event,
    *,
    cancel: type[Exception],
    doing: str,
    progress: Progress | None = None,
    stdin: str | None = None,
) -> str:
    """Run ``python -m module`` over the library at ``paths``; returns what its ``done`` line says.
    Call from a worker thread: ``progress`` is called from it. ``stdin``, when given, is written to the
    child's standard input, which is then closed.

    Raises RuntimeError with the child's error (else the last line of its stderr, else "the ``doing``
    process ended with status N"), or ``cancel`` when ``cancelled`` is set (the child is then stopped).
    """
    command = [sys.executable, "-m", module, str(paths.data_dir), str(paths.config_dir)]
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
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
        if stdin is not None:
            assert child.stdin is not None
            with contextlib.suppress(BrokenPipeError):
                child.stdin.write(stdin)
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
            raise cancel
        if result is not None:
            return result
        if not error:
            stderr = (child.stderr.read() if child.stderr else "").strip().splitlines()
            error = stderr[-1] if stderr else f"the {doing} process ended with status {child.returncode}"
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
    """Stop the child as soon as the work is cancelled (its output may be quiet for seconds)."""
    while not finished.wait(0.2):
        if cancelled.is_set():
            child.terminate()
            return


def child_main(argv: Sequence[str], work: Callable[[Library, Progress], object]) -> int:
    """The child's side: at a lower priority, open the library in ``argv[0]`` (config folder
    ``argv[1]``), run ``work(library, progress)`` and say how it went: its progress, then ``done`` with
    what ``work`` returned, or ``error`` with the exception (exit status 1)."""
    with contextlib.suppress(OSError):
        os.nice(10)
    from paper_tui.library import Library

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        library = Library(Paths(data_dir=Path(argv[0]), config_dir=Path(argv[1])))
        try:
            result = work(library, lambda done, total: say(f"progress {done} {total}"))
        finally:
            library.close()
    except Exception as error:
        say(f"error {type(error).__name__}: {' '.join(str(error).split())}")
        return 1
    say(f"done {result}")
    return 0
