"""Jumps at 100k: every jump (g, G, page keys, view switches) from key to screen, the first time
included, beside the bare app's floor in the same run.

    .venv/bin/python bench/jumps.py --library DIR [--rounds 3]

Each round starts the reader afresh on the library (after its first frame and ``--settle`` seconds),
then presses each jump once in every view, so that every figure includes a first time: the first ``G``
in Unread, the first page down in All. Each reader key is followed by the bare app's ``j`` (the floor).
Before the rounds the library is given the state a year of use leaves (when it has none yet): the
older 60 % of its papers read, 1,500 bookmarks and a queue of 40, so that Unread, Bookmarked and the
Queue are real lists, and its search index is brought up to date (``doctor``), so that no rebuild runs
behind the timings. Copy the library first (``cp -r``): it is written. Results go to
bench/results/jumps-<name>.json and are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import bare_app
import terminal
from corpus import PAPER_TUI, PYTHON, REPO, RESULTS
from report import median, percentile

#: The views (their keys), and the jumps pressed in each, in order (tmux key names: C-d is ctrl+d).
VIEWS = ("2", "3", "4", "5", "1")
JUMPS = ("G", "g", "C-d", "C-d", "C-u", "NPage", "G", "Home", "End")  # none a no-op where it is pressed
TARGET_MS = 100.0


def prepare(library: Path) -> None:
    """Reads, bookmarks and a queue as a year of use leaves them (once), and an up-to-date index."""
    from paper_tui.library import Library

    with Library.open(library) as lib:
        conn = lib.store.conn
        if not conn.execute("SELECT 1 FROM reads UNION ALL SELECT 1 FROM bookmarks LIMIT 1").fetchone():
            ids = [r[0] for r in conn.execute("SELECT id FROM papers ORDER BY last_seen, id")]
            lib.mark_read(ids[: len(ids) * 6 // 10], undo=False)
            lib.bookmark(ids[:: max(1, len(ids) // 1500)][:1500])
            lib.queue_add(ids[-400::10])
        if damage := lib.index_damage():
            print(f"rebuilding the index ({damage})", file=sys.stderr)
            lib.doctor()


def one_round(server: terminal.Server, library: Path, settle: float) -> list[dict[str, object]]:
    """A fresh reader: each view switch and each jump in it, timed, each with the floor's j after it."""
    reader = server.session([str(PAPER_TUI), "--data-dir", str(library)], REPO)
    bare = server.session([str(PYTHON), str(Path(bare_app.__file__).resolve())], REPO)
    reader.start()
    bare.start()
    try:
        if reader.wait_for(["│"], 60) is None or bare.wait_for([bare_app.TEXT], 60) is None:
            raise RuntimeError(f"the reader did not start:\n{reader.screen}")
        time.sleep(settle)
        rows: list[dict[str, object]] = []
        for view in VIEWS:
            for key in (view, *JUMPS):
                first, last = reader.press(key, quiet=0.25)
                floor_first, floor_last = bare.press("j")
                rows.append(
                    {
                        "view": view,
                        "key": key,
                        "first": first,
                        "last": last,
                        "floor_first": floor_first,
                        "floor_last": floor_last,
                    }
                )
        return rows
    finally:
        reader.stop()
        bare.stop()


def main(argv: list[str] | None = None) -> int:
    """Run the rounds, print the figures, write the results."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--library", required=True, type=Path, help="a copy of a library (100k)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds after the first frame")
    args = parser.parse_args(argv)
    prepare(args.library.resolve())
    rows: list[dict[str, object]] = []
    with terminal.Server() as server:
        for number in range(args.rounds):
            print(f"round {number + 1}/{args.rounds}", file=sys.stderr)
            rows += one_round(server, args.library.resolve(), args.settle)

    def ms(key: str, selected: list[dict[str, object]]) -> list[float]:
        return [float(r[key]) * 1000 for r in selected if r[key] is not None]  # type: ignore[arg-type]

    summary = {}
    groups = {
        "view switches (1-5)": [r for r in rows if r["key"] in VIEWS],
        "g / home": [r for r in rows if r["key"] in ("g", "Home")],
        "G / end": [r for r in rows if r["key"] in ("G", "End")],
        "page keys": [r for r in rows if r["key"] in ("C-d", "C-u", "NPage")],
        "first G after a view switch": [
            r for i, r in enumerate(rows) if r["key"] == "G" and i and rows[i - 1]["key"] in VIEWS
        ],
        "all jumps": rows,
    }
    print(
        f"{'jump':32} {'n':>4} {'last p50':>9} {'last max':>9} {'floor max':>9}  (ms; target ≤ {TARGET_MS:g})"
    )
    for name, selected in groups.items():
        last, floor = ms("last", selected), ms("floor_last", selected)
        summary[name] = {
            "n": len(selected),
            "first_p95_ms": percentile(ms("first", selected), 95),
            "last_p50_ms": median(last),
            "last_p95_ms": percentile(last, 95),
            "last_max_ms": max(last),
            "floor_last_max_ms": max(floor),
            "unchanged": len(selected) - len(last),
        }
        print(f"{name:32} {len(selected):>4} {median(last):>9.1f} {max(last):>9.1f} {max(floor):>9.1f}")
    out = RESULTS / f"jumps-{args.library.name}.json"
    out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(REPO)}", file=sys.stderr)
    return 0 if all(s["last_max_ms"] <= TARGET_MS for s in summary.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
