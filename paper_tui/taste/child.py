"""Learning For you in a child process, for the reader.

Tokenising and scoring papers is pure Python and NumPy: in a thread of the reader it would hold the
GIL for seconds (30 at 100,000 papers) and every key would wait. A child process keeps that to itself,
at a lower priority; it writes the scores into the library (the papers the reader shows first, then
the others), and the reader shows them as it shows any other process's changes.

The child is ``python -m paper_tui.taste.child DATA_DIR CONFIG_DIR``; it reads the ids to score first
as one line on its standard input and speaks :mod:`paper_tui.child`'s protocol, its ``done`` line
giving the state it ended in as JSON.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence

from paper_tui.child import child_main, run_child
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
    return run_child(
        __name__,
        paths,
        cancelled,
        cancel=LearningCancelled,
        doing="learning",
        progress=progress,
        stdin=" ".join(map(str, first)) + "\n",
    )


def main(argv: list[str]) -> int:
    """The child: learn For you for the library in ``argv[0]`` (config folder ``argv[1]``)."""
    first = [int(word) for word in sys.stdin.readline().split() if word.isdigit()]
    return child_main(argv, lambda library, progress: library.learn(first=first, progress=progress).to_json())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
