"""Search speed as the reader and the command line meet it, each figure beside bare Whoosh on the same
queries in the same run (issue 14's targets):

- first results on screen: each keystroke of the typed queries, the reader's own call
  (``paper_tui.reader.search.run_search``, quick: titles and authors, every match, the first rows
  fetched) against bare Whoosh's best 50 for the same text (MultifieldParser over title, abstract and
  authors, one searcher kept open): target p95 <= 50 ms;
- full ranked results, warm: ``Library.find(q)`` (every match, ranked, counted) for the 37 queries of
  bench/queries.py against bare Whoosh ranking every match (``limit=None``): target p95 <= 150 ms;
- the first query of a fresh process (imports of compiled modules, open, query, best 50):
  ``Library.find(q, limit=50)`` against bare Whoosh (import, open_dir, parse, search limit 50):
  target p95 <= 200 ms.

    .venv/bin/python bench/search_speed.py [--library bench/out/lib-100k] [--repeats 3] [--cold-repeats 2]

Writes bench/results/search-speed-SIZE.json and .md (SIZE from the library's paper count).
"""

from __future__ import annotations

import time

PROCESS_T0 = time.perf_counter()  # before any heavy import: the fresh-process figures count imports

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import queries  # noqa: E402

TARGETS = {"first": 50.0, "full": 150.0, "cold": 200.0}


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


class Floor:
    """Bare Whoosh over the same index folder: paper-tui's parser settings, one searcher kept open."""

    def __init__(self, index_dir: Path) -> None:
        from whoosh import index
        from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser

        from paper_tui.index_query import DEFAULT_FIELDS

        self.ix = index.open_dir(str(index_dir))
        self.parser = MultifieldParser(list(DEFAULT_FIELDS), self.ix.schema)
        self.parser.add_plugin(FuzzyTermPlugin())
        self.parser.add_plugin(GtLtPlugin())
        self.searcher = self.ix.searcher()

    def search(self, text: str, limit: int | None, cap: float) -> tuple[int, bool]:
        """Run one query; (hits, whether the cap stopped it)."""
        from whoosh.collectors import TimeLimit, TimeLimitCollector

        q = self.parser.parse(text)
        collector = TimeLimitCollector(self.searcher.collector(limit=limit), timelimit=cap, use_alarm=False)
        capped = False
        try:
            self.searcher.search_with_collector(q, collector)
        except TimeLimit:
            capped = True
        return len(collector.results()), capped


def _timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = call()
    return (time.perf_counter() - started) * 1000, value


def warm(args: argparse.Namespace) -> dict[str, Any]:
    """First results per keystroke and full results, warm, library beside floor."""
    from paper_tui.library import Library
    from paper_tui.query_text import split
    from paper_tui.reader.index_state import IndexState
    from paper_tui.reader.search import run_search

    library = Library.open(args.library)
    floor = Floor(library.paths.index_dir)
    state = IndexState()
    state.begin_check()
    state.checked(True)
    library.find("reasoning")
    floor.search("reasoning", 50, args.cap)

    first: list[dict[str, Any]] = []
    for typed in queries.TYPED:
        for field in queries.keystrokes(typed):
            ms, outcome = _timed(
                lambda f=field: run_search(library, state, f, full=False, cancelled=lambda: False)
            )
            sent = split(field, typing=True).text
            floor_ms, (floor_hits, capped) = (
                _timed(lambda s=sent: floor.search(s, 50, args.cap)) if sent.strip() else (0.0, (0, False))
            )
            first.append(
                {
                    "field": field,
                    "sent": sent,
                    "ms": ms,
                    "hits": len(outcome.ids),
                    "floor_ms": floor_ms,
                    "floor_hits": floor_hits,
                    "floor_capped": capped,
                }
            )

    full: list[dict[str, Any]] = []
    for kind, text in queries.all_queries():
        for _ in range(args.repeats):
            ms, result = _timed(lambda t=text: library.find(t))
            floor_ms, (floor_hits, capped) = _timed(lambda t=text: floor.search(t, None, args.cap))
            full.append(
                {
                    "kind": kind,
                    "query": text,
                    "ms": ms,
                    "hits": result.total,
                    "floor_ms": floor_ms,
                    "floor_hits": floor_hits,
                    "floor_capped": capped,
                }
            )
    papers = library.store.count()
    library.close()
    return {"papers": papers, "first": first, "full": full}


def cold_one(args: argparse.Namespace) -> None:
    """In a fresh process: one query (library or floor), printing the milliseconds since start."""
    if args.mode == "library":
        from paper_tui.library import Library

        with Library.open(args.library) as library:
            hits = len(library.find(args.cold_one, limit=50).hits)
    else:
        floor = Floor(Path(args.library) / "index")
        hits, _ = floor.search(args.cold_one, 50, args.cap)
    print(json.dumps({"ms": (time.perf_counter() - PROCESS_T0) * 1000, "hits": hits}))


def cold(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The first query of fresh processes, library and floor alternating. Both import compiled modules,
    as an installed package does (Whoosh's come compiled from pip; paper-tui's are compiled once, by a
    process run first and not counted, into bench/out/pycache rather than the checkout)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(HERE / "out" / "pycache")
    rows = []
    for mode in ("library", "floor"):
        subprocess.run(
            [sys.executable, __file__, "--library", args.library, "--mode", mode, "--cold-one", "model"],
            capture_output=True,
            check=True,
            env=env,
        )
    for _ in range(args.cold_repeats):
        for text in queries.COLD_QUERIES:
            row: dict[str, Any] = {"query": text}
            for mode in ("library", "floor"):
                out = subprocess.run(
                    [sys.executable, __file__, "--library", args.library, "--mode", mode, "--cold-one", text],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=env,
                )
                row[mode] = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append(row)
    return rows


def report(data: dict[str, Any]) -> str:
    """The table: each figure beside its floor, and the target."""
    first, full, cold_rows = data["first"], data["full"], data["cold"]
    lines = [
        f"# Search speed, {data['papers']:,} papers ({data['when']}, load {data['load']})",
        "",
        "| figure | paper-tui p50 / p95 | bare Whoosh p50 / p95 | target (p95) | result |",
        "|---|---|---|---|---|",
    ]

    def row(label: str, mine: list[float], floor: list[float], target: float) -> None:
        ours = p95(mine)
        verdict = "pass" if ours <= target else f"**miss** by {ours - target:.0f} ms ({ours / target:.1f}x)"
        lines.append(
            f"| {label} | {statistics.median(mine):.0f} / {ours:.0f} ms | "
            f"{statistics.median(floor):.0f} / {p95(floor):.0f} ms | ≤ {target:.0f} ms | {verdict} |"
        )

    row(
        f"first results on screen, each keystroke ({len(first)} keys of {len(queries.TYPED)} typed queries; "
        "floor: its best 50)",
        [r["ms"] for r in first],
        [r["floor_ms"] for r in first if r["sent"].strip()],
        TARGETS["first"],
    )
    row(
        f"full ranked results, warm, every match ({len(full)} runs of {len(queries.all_queries())} queries; "
        "floor: limit=None)",
        [r["ms"] for r in full],
        [r["floor_ms"] for r in full],
        TARGETS["full"],
    )
    row(
        f"first query of a fresh process ({len(cold_rows)} processes each; imports + open + best 50)",
        [r["library"]["ms"] for r in cold_rows],
        [r["floor"]["ms"] for r in cold_rows],
        TARGETS["cold"],
    )
    capped = sum(1 for r in full if r["floor_capped"])
    if capped:
        lines.append("")
        lines.append(
            f"Bare Whoosh reached the {data['cap']:.0f} s cap in {capped} full runs (counted at the cap)."
        )
    slow = sorted(full, key=lambda r: r["ms"], reverse=True)[:6]
    lines += [
        "",
        "Slowest full searches:",
        "",
        "| query | matches | paper-tui ms | bare Whoosh ms |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{r['query']}` | {r['hits']:,} | {r['ms']:.0f} | {r['floor_ms']:.0f} |" for r in slow]
    slow_keys = sorted(first, key=lambda r: r["ms"], reverse=True)[:6]
    lines += [
        "",
        "Slowest keystrokes:",
        "",
        "| field | sent | matches | paper-tui ms | bare Whoosh ms |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| `{r['field']}` | `{r['sent']}` | {r['hits']:,} | {r['ms']:.0f} | {r['floor_ms']:.0f} |"
        for r in slow_keys
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Run the measurements and write the report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--library", default=str(HERE / "out" / "lib-100k"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cold-repeats", type=int, default=2)
    parser.add_argument("--cap", type=float, default=10.0, help="seconds after which bare Whoosh is stopped")
    parser.add_argument("--mode", choices=("library", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--cold-one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_one is not None:
        cold_one(args)
        return 0
    data = warm(args)
    data["cold"] = cold(args)
    data["cap"] = args.cap
    data["when"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with contextlib.suppress(OSError):
        data["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    size = f"{round(data['papers'] / 1000)}k"
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / f"search-speed-{size}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    text = report(data)
    (out / f"search-speed-{size}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
