"""How long ``paper-tui status`` takes (tmux runs it every ``status-interval`` seconds), beside floors
measured in the same run: the interpreter starting and doing nothing, and a bare ``sqlite3`` script
running the same queries on the same library. Target: at most 100 ms at 100,000 papers.

Usage: ``python bench/status_speed.py --library DIR [--runs 21]``; the library is only read.
Results: ``bench/results/status.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
VENV = BENCH.parent / ".venv" / "bin"

FLOOR = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1] + "/library.sqlite3")
today = conn.execute("SELECT max(date) FROM digests").fetchone()[0]
unread = conn.execute(
    "SELECT count(*) FROM papers p WHERE p.id IN (SELECT s.paper_id FROM sightings s JOIN digests d "
    "ON d.id = s.digest_id WHERE d.date = ?) AND p.id NOT IN (SELECT paper_id FROM reads) AND p.id NOT IN "
    "(SELECT paper_id FROM rule_hits WHERE action = 'mute')", (today,)).fetchone()[0]
queued = conn.execute("SELECT count(*) FROM queue").fetchone()[0]
print(f"Today {unread} unread · queue {queued}")
"""


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    python = str(VENV / "python")
    commands = {
        "paper-tui status": [str(VENV / "paper-tui"), "--data-dir", str(args.library), "status"],
        "bare sqlite3, same queries": [python, "-c", FLOOR, str(args.library)],
        "python -c pass": [python, "-c", "pass"],
    }
    timed(commands["paper-tui status"], 2)  # the page cache
    load = os.getloadavg()[0]
    rows = []
    for name, command in commands.items():
        times = sorted(timed(command, args.runs))
        rows.append((name, statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000))
    lines = [
        f"# paper-tui status on {args.library.name} ({args.runs} runs each, load {load:.2f})",
        "",
        "| command | median | p95 |",
        "|---|---|---|",
        *[f"| {name} | {median:.0f} ms | {p95:.0f} ms |" for name, median, p95 in rows],
    ]
    out = BENCH / "results" / "status.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
