"""First frame of two checkouts of paper-tui over one library, beside the bare app, in one run.

For a change that must not slow the start (a refactor): each run starts the bare app, the old
checkout and the new one in turn (in tmux, 120x36, as bench/run.py's start part does), so that the
machine's load falls on all three alike.

    .venv/bin/python bench/start_compare.py --old ../old-checkout --library bench/out/lib-100k
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import bare_app
import terminal
from corpus import PYTHON, REPO
from run import expected_titles


def main() -> None:
    """Alternate the three starts; print each run and the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the other checkout (its paper_tui/ is imported)")
    parser.add_argument("--new", default=str(REPO), help="this checkout (default)")
    parser.add_argument("--library", required=True, help="the library both open")
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    library = Path(args.library).resolve()
    needles = expected_titles(library)

    def reader(checkout: str) -> list[str]:
        path = Path(checkout).resolve()
        return ["env", f"PYTHONPATH={path}", str(PYTHON), "-m", "paper_tui", "--data-dir", str(library)]

    commands = {"bare": [str(PYTHON), bare_app.__file__], "old": reader(args.old), "new": reader(args.new)}
    seconds: dict[str, list[float]] = {kind: [] for kind in commands}
    with terminal.Server() as server:
        for number in range(args.repeats):
            for kind, command in commands.items():
                session = server.session(command, Path("/tmp"))
                session.start()
                found = session.wait_for([bare_app.TEXT] if kind == "bare" else needles, 20)
                session.stop()
                time.sleep(0.3)
                if found is not None:
                    seconds[kind].append(found)
            last = {kind: f"{times[-1]:.3f}" for kind, times in seconds.items() if times}
            print(f"run {number + 1}: {last} load {os.getloadavg()[0]:.2f}", file=sys.stderr)
    medians = {kind: statistics.median(times) for kind, times in seconds.items() if times}
    for kind, value in medians.items():
        print(f"{kind}: median {value:.3f} s of {len(seconds[kind])} runs")
    if {"old", "new", "bare"} <= medians.keys():
        bare = medians["bare"]
        print(f"old {medians['old'] / bare:.2f}x bare, new {medians['new'] / bare:.2f}x bare")


if __name__ == "__main__":
    main()
