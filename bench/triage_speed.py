"""Triage at 100,000 papers in a real terminal: how long from a decision key (``x``, a skip) until the
next paper is on screen, beside the bare Textual app's key (its floor) measured in the same run.
Target: p95 at most 33 ms.

The library is copied (database and index) to ``bench/out/triage-SIZE``. Triage runs over two lists:
Today (the newest digest: 42 papers in the generated 100k library) and All (every paper, so the
triage holds 100,000 ids). The reader runs in tmux at 120x36 with For you's learning off (its child
process would compete for the two cores; it is measured by ``taste_speed.py``) and mark-read off.
Each skip writes a read mark and a signal through the reader's database thread, as in use.

Usage: ``python bench/triage_speed.py --library DIR [--keys 60]``. Results: ``bench/results/triage.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import terminal  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def measure(reader: terminal.Session, bare: terminal.Session, keys: int) -> dict[str, list[float]]:
    """Skip up to ``keys`` papers of the triage on screen (each beside a key of the bare app); the
    times in ms of the keys that changed the screen (past the last paper nothing changes)."""
    times: dict[str, list[float]] = {"first": [], "last": [], "floor": []}
    for _ in range(keys):
        first, last = reader.press("x", quiet=0.15, settle_on_text=True)
        if first is None:
            break
        times["first"].append(first * 1000)
        times["last"].append((last or first) * 1000)
        floor, _ = bare.press("j", quiet=0.1)
        if floor is not None:
            times["floor"].append(floor * 1000)
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--size", default="100k")
    args = parser.parse_args(argv)
    home = corpus.copy_library(args.library, corpus.OUT / f"triage-{args.size}")
    (home / "config.toml").write_text("[reader]\nmark_read_after = 0\nlearn = false\n", encoding="utf-8")
    results: list[tuple[str, dict[str, list[float]], str]] = []
    with terminal.Server() as server:
        reader = server.session([str(corpus.PAPER_TUI), "--data-dir", str(home)], corpus.REPO)
        bare = server.session([str(corpus.PYTHON), str(BENCH / "bare_app.py")], corpus.REPO)
        try:
            reader.start()
            assert reader.wait_for(["Today"], 60) is not None, reader.capture()
            time.sleep(3)  # the first frame's background work (views, the index check) settles
            bare.start()
            assert bare.wait_for(["paper-tui bench floor"], 30) is not None
            load = os.getloadavg()[0]
            for view_key, label in (("1", "Today"), ("2", "All")):
                reader.press(view_key, quiet=1.0)
                reader.press("t", quiet=1.0)
                waited = time.perf_counter() - reader.spawned_at + 30  # wait_for counts from the spawn
                assert reader.wait_for([f"Triage · {label} · 1 / "], waited) is not None, reader.capture()
                times = measure(reader, bare, args.keys)
                results.append((label, times, reader.capture().splitlines()[0].strip()))
                reader.press("q", quiet=1.0)
        finally:  # a failed run leaves no reader behind (the next run copies over its library)
            reader.stop()
            bare.stop()

    def row(what: str, values: list[float], target: str = "") -> str:
        return (
            f"| {what} | {statistics.median(values):.0f} ms | {percentile(values, 0.95):.0f} ms | {target} |"
        )

    lines = [
        f"# Triage at {args.size}: a skip to the next paper on screen (load {load:.2f})",
        "",
        "| figure | median | p95 | target |",
        "|---|---|---|---|",
    ]
    floors: list[float] = []
    for label, times, _ in results:
        count = len(times["first"])
        lines.append(
            row(
                f"{label} ({count} keys): `x` to the next paper's first repaint",
                times["first"],
                "p95 ≤ 33 ms",
            )
        )
        lines.append(row(f"{label}: `x` to the last repaint (progress line too)", times["last"]))
        floors += times["floor"]
    lines.append(row("floor: the bare app's `j`, between the keys above", floors))
    lines.append("")
    lines += [f"Last progress line in {label}: `{shown}`" for label, _, shown in results]
    out = corpus.RESULTS / "triage.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
