"""Measurements that must run in a fresh process: ``python bench/workers.py TASK [options]``.

Each task prints one JSON object on its last line of standard output. The harness (run.py) starts
them; they can also be run by hand to look at one figure.
"""

from __future__ import annotations

import time

PROCESS_T0 = time.perf_counter()  # before any heavy import: cold-start figures count imports

import argparse  # noqa: E402
import contextlib  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import pstats  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import queries  # noqa: E402

Result = dict[str, Any]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _documents(library_dir: Path, after_id: int = 0) -> list[dict[str, object]]:
    """The index fields of a library's papers, exactly as paper-tui builds them (Document.fields)."""
    from paper_tui.index import Document
    from paper_tui.library import Library

    with Library.open(library_dir) as library:
        ids = [i for i in library.store.all_ids() if i > after_id]
        return [Document.of(record).fields() for record in library.store.papers(ids)]


# -- ingest floors ---------------------------------------------------------------------------------


def task_whoosh_floor(args: argparse.Namespace) -> Result:
    """Bare Whoosh: one writer (or ``--procs`` worker processes, multisegment), add_document of paper-tui's
    fields, one commit, into a fresh folder."""
    from whoosh import index

    from paper_tui.index import make_schema

    documents = _documents(Path(args.library))
    target = Path(args.out)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    started = time.perf_counter()
    ix = index.create_in(str(target), make_schema())
    procs = getattr(args, "procs", 1) or 1
    writer = ix.writer(procs=procs, multisegment=True) if procs > 1 else ix.writer()
    for fields in documents:
        writer.add_document(**fields)
    writer.commit()
    seconds = time.perf_counter() - started
    ix.close()
    return {
        "papers": len(documents),
        "seconds": seconds,
        "index_mb": _dir_mb(target),
        "rss_mb": _peak_rss_mb(),
    }


def task_whoosh_add(args: argparse.Namespace) -> Result:
    """Bare Whoosh: add the papers after ``--after-id`` to a copy of an existing index, one commit."""
    from whoosh import index

    documents = _documents(Path(args.library), after_id=args.after_id)
    started = time.perf_counter()
    ix = index.open_dir(args.index)
    writer = ix.writer()
    for fields in documents:
        writer.update_document(**fields)
    writer.commit()
    seconds = time.perf_counter() - started
    ix.close()
    return {"papers": len(documents), "seconds": seconds}


def task_sqlite_only(args: argparse.Namespace) -> Result:
    """paper-tui's import with the index step switched off: parsing, cleaning and SQLite only."""
    from paper_tui.library import Library

    Library.sync_index = lambda self, **options: None  # type: ignore[method-assign]
    started = time.perf_counter()
    with Library.open(args.out) as library:
        outcome = library.import_paths([args.corpus])
        papers = library.store.count()
    seconds = time.perf_counter() - started
    return {
        "papers": papers,
        "files": len(outcome.results),
        "failed": len(outcome.errors),
        "seconds": seconds,
        "process_seconds": time.perf_counter() - PROCESS_T0,
        "rss_mb": _peak_rss_mb(),
    }


# -- search ----------------------------------------------------------------------------------------


class WhooshFloor:
    """Bare Whoosh over the library's index: the same parser settings and query, limit 50."""

    def __init__(self, index_dir: Path) -> None:
        from whoosh import index
        from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser

        from paper_tui.index_query import DEFAULT_FIELDS

        self.ix = index.open_dir(str(index_dir))
        self.parser = MultifieldParser(list(DEFAULT_FIELDS), self.ix.schema)
        self.parser.add_plugin(FuzzyTermPlugin())
        self.parser.add_plugin(GtLtPlugin())
        self.reused = self.ix.searcher()

    def search(self, text: str, limit: int, cap: float, *, fresh: bool) -> int:
        """Run one query (on a fresh searcher, or the one kept open); returns the number of hits."""
        from whoosh.collectors import TimeLimit, TimeLimitCollector

        q = self.parser.parse(text)
        searcher = self.ix.searcher() if fresh else self.reused
        try:
            collector = TimeLimitCollector(searcher.collector(limit=limit), timelimit=cap, use_alarm=False)
            with contextlib.suppress(TimeLimit):
                searcher.search_with_collector(q, collector)
            return len([int(hit["pid"]) for hit in collector.results()])
        finally:
            if fresh:
                searcher.close()


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _ui_as_you_type() -> tuple[Callable[[str], str], int, float, str]:
    """The reader's own as-you-type rewrite, result limit and time limit (else the harness's copy)."""
    try:
        from paper_tui.reader import search
    except Exception:
        return queries.as_you_type, 300, 2.0, "bench/queries.py (the reader could not be imported)"
    if not hasattr(search, "as_you_type"):  # the reader now searches through Library.find
        return queries.as_you_type, 300, 0.0, "bench/queries.py (see bench/search_speed.py for the reader)"
    return (
        search.as_you_type,
        int(getattr(search, "SEARCH_LIMIT", 300)),
        float(getattr(search, "SEARCH_TIME_LIMIT", 0.0)),
        "paper_tui.reader.search",
    )


def _profile(call: Callable[[], object], label: str, out: io.StringIO) -> Result:
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(call)
    seconds = time.perf_counter() - started
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    out.write(f"\n=== {label}: {seconds * 1000:.0f} ms under cProfile ===\n")
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)
    out.write(stream.getvalue())
    top = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:8]  # type: ignore[attr-defined]
    return {
        "label": label,
        "ms": seconds * 1000,
        "top_tottime": [
            {
                "function": f"{Path(file).name}:{line}({name})",
                "ncalls": calls[1],
                "tottime_ms": round(calls[2] * 1000, 1),
                "cumtime_ms": round(calls[3] * 1000, 1),
            }
            for (file, line, name), calls in top
        ],
    }


def task_search_warm(args: argparse.Namespace) -> Result:
    """Warm latencies: the query set and keystroke streams, through Library.search and bare Whoosh."""
    from paper_tui.library import Library

    library = Library.open(args.library)
    floor = WhooshFloor(library.paths.index_dir)
    cap = args.cap
    ui_rewrite, ui_limit, ui_time_limit, ui_source = _ui_as_you_type()
    # Warm up: open the index, fill the OS cache, import lazily loaded modules.
    library.search("reasoning", 50)
    floor.search("reasoning", 50, cap, fresh=False)

    rows: list[Result] = []
    for kind, text in queries.all_queries():
        lib_times, fresh_times, reused_times = [], [], []
        found: list[int] = []
        for _ in range(args.repeats):
            lib_times.append(_timed(lambda t=text, f=found: f.append(len(library.search(t, 50)))))
            fresh_times.append(_timed(lambda t=text: floor.search(t, 50, cap, fresh=True)))
            reused_times.append(_timed(lambda t=text: floor.search(t, 50, cap, fresh=False)))
        rows.append(
            {
                "kind": kind,
                "query": text,
                "hits": found[0],
                "library_ms": [t * 1000 for t in lib_times],
                "floor_fresh_ms": [t * 1000 for t in fresh_times],
                "floor_reused_ms": [t * 1000 for t in reused_times],
                "capped": max(lib_times) >= cap,
            }
        )

    def ui_call(text: str) -> None:
        # Each keystroke: the quick search (titles and authors, bounded prefixes); the full search
        # follows only when typing pauses, and is measured by the query set above.
        hits = library.search(text, ui_limit, should_stop=lambda: False, quick=True)
        if hits:
            library.search_terms(text, quick=True)

    typing: list[Result] = []
    for typed in queries.TYPED:
        for prefix in queries.keystrokes(typed):
            sent = ui_rewrite(prefix) if prefix.strip() else ""
            if not sent:
                continue
            lib_s = _timed(lambda s=sent: library.search(s, 50))
            ui_s = _timed(lambda s=sent: ui_call(s))
            floor_s = _timed(lambda s=sent: floor.search(s, 50, cap, fresh=False))
            typing.append(
                {
                    "typed": typed,
                    "field": prefix,
                    "sent": sent,
                    "library_ms": lib_s * 1000,
                    "ui_ms": ui_s * 1000,
                    "floor_reused_ms": floor_s * 1000,
                    "capped": lib_s >= cap,
                }
            )

    profiles: list[Result] = []
    report = io.StringIO()
    if args.profile_out:
        slowest = sorted(rows, key=lambda r: statistics.median(r["library_ms"]), reverse=True)[: args.profile]
        for row in slowest:
            profiles.append(
                _profile(
                    lambda t=row["query"]: library.search(t, 50),
                    f"Library.search({row['query']!r}, 50)",
                    report,
                )
            )
        slow_keys = sorted(typing, key=lambda r: r["ui_ms"], reverse=True)[:2]
        for row in slow_keys:
            profiles.append(
                _profile(
                    lambda s=row["sent"]: ui_call(s),
                    f"reader as-you-type {row['sent']!r} (search limit {ui_limit} + search_terms)",
                    report,
                )
            )
        Path(args.profile_out).write_text(report.getvalue(), encoding="utf-8")
    library.close()
    return {
        "queries": rows,
        "typing": typing,
        "profiles": profiles,
        "cap_s": cap,
        "ui": {"limit": ui_limit, "time_limit_s": ui_time_limit, "rewrite_from": ui_source},
        "rss_mb": _peak_rss_mb(),
    }


def task_search_cold(args: argparse.Namespace) -> Result:
    """The first query of a fresh process: import, open and search, through the library or bare Whoosh."""
    if args.mode == "library":
        from paper_tui.library import Library

        imported = time.perf_counter()
        library = Library.open(args.library)
        # As the reader does: the checksum comparison of the index files runs beside the first search
        # (the command line's first search waits for it; it is timed on its own below).
        library.take_over_index_check()
        opened = time.perf_counter()
        hits = len(library.search(args.query, 50))
        searched = time.perf_counter()
        damage = library.index_damage()
        check_s = time.perf_counter() - searched
        assert damage is None, damage
    else:
        import whoosh.collectors
        import whoosh.index
        import whoosh.qparser  # noqa: F401

        import paper_tui.index  # noqa: F401
        from paper_tui.paths import resolve

        imported = time.perf_counter()
        index_dir = resolve(args.library).index_dir
        floor = WhooshFloor(index_dir)
        opened = time.perf_counter()
        hits = floor.search(args.query, 50, args.cap, fresh=False)
        searched = time.perf_counter()
        check_s = 0.0
    return {
        "mode": args.mode,
        "query": args.query,
        "hits": hits,
        "import_s": imported - PROCESS_T0,
        "open_s": opened - imported,
        "first_query_s": searched - opened,
        "since_start_s": searched - PROCESS_T0,
        "check_s": check_s,
    }


TASKS: dict[str, Callable[[argparse.Namespace], Result]] = {
    "whoosh_floor": task_whoosh_floor,
    "whoosh_add": task_whoosh_add,
    "sqlite_only": task_sqlite_only,
    "search_warm": task_search_warm,
    "search_cold": task_search_cold,
}


def main() -> None:
    """Parse the task's options, run it, print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("task", choices=sorted(TASKS))
    parser.add_argument("--library")
    parser.add_argument("--corpus")
    parser.add_argument("--out")
    parser.add_argument("--index")
    parser.add_argument("--after-id", type=int, default=0)
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--query")
    parser.add_argument("--mode", choices=("library", "floor"), default="library")
    parser.add_argument("--cap", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", type=int, default=3)
    parser.add_argument("--profile-out")
    args = parser.parse_args()
    result = TASKS[args.task](args)
    sys.stdout.write("\n" + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
