"""Rebuilding the search index in a child process, with progress (for the reader).

Whoosh indexes in pure Python: in a thread of the reader it would hold the GIL for minutes at 100,000
papers (keys then took 130 ms at the median and 600 ms at p95) and grow the reader by hundreds of
megabytes. A child process keeps both to itself; it runs at a lower priority, so that the reader
gets the CPU first. The old index stays in place (and searchable) until the new one is swapped in.

The child is ``python -m paper_tui.reindex_child DATA_DIR CONFIG_DIR``; it speaks
:mod:`paper_tui.child`'s protocol, its ``done`` line giving how many papers it indexed.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from paper_tui.child import child_main, run_child
from paper_tui.paths import Paths


class ReindexCancelled(Exception):
    """The reader asked the rebuild to stop (it is quitting)."""


def run_reindex(paths: Paths, progress: Callable[[int, int], None], cancelled: threading.Event) -> int:
    """Rebuild the index of the library at ``paths`` in a child process; returns how many papers it
    indexed. ``progress(done, total)`` is called from this thread. Call from a worker thread.

    Raises RuntimeError with the child's error, or ReindexCancelled when ``cancelled`` is set (the
    child is then stopped; the half-built index beside the old one is removed by the next rebuild).
    """
    done = run_child(__name__, paths, cancelled, cancel=ReindexCancelled, doing="indexing", progress=progress)
    return int(done)


def main(argv: list[str]) -> int:
    """The child: rebuild the index of the library in ``argv[0]`` (config folder ``argv[1]``)."""
    return child_main(argv, lambda library, progress: library.reindex(progress))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
