"""What would close the search gaps: the benchmark's queries through alternative index designs.

    .venv/bin/python bench/experiments.py --size 10k [--build whoosh,fts] [--repeats N]

Every variant runs the same queries (bench/queries.py) on the size's cached library, in one process,
interleaved query by query so that they share the machine's noise. ``--build`` also builds, beside the
library (under bench/out/experiments-SIZE/), a Whoosh index with one catch-all field and the schema
written with ``compound=False`` (``--build whoosh``; minutes each at 100k) and an SQLite FTS5 table
(``--build fts``).
Results go to bench/results/SIZE-experiments.json and .md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import queries
from corpus import OUT, RESULTS, Workspace
from report import median, percentile

TOP_PREFIX_TERMS = 8


_SEARCHER_COST = """
import sys, time
from pathlib import Path
from whoosh import index

def hwm():
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM"))
    return int(line.split()[1]) / 1024

from whoosh.qparser import MultifieldParser
ix = index.open_dir(sys.argv[1])
parser = MultifieldParser(["title", "abstract", "author"], ix.schema)
peak = hwm()
started = time.perf_counter()
searcher = ix.searcher()
opened = time.perf_counter()
searcher.search(parser.parse("diffusion"), limit=50)
print((opened - started) * 1000, hwm() - peak)
"""


def searcher_cost(index_dir: Path) -> dict[str, float]:
    """Milliseconds to open a searcher, and peak memory it adds (MB), in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _SEARCHER_COST, str(index_dir)], capture_output=True, text=True, check=True
    )
    open_ms, peak_mb = map(float, done.stdout.split())
    return {"searcher_open_ms": round(open_ms, 1), "peak_growth_mb": round(peak_mb, 1)}


def documents(library_dir: Path) -> list[dict[str, Any]]:
    """paper-tui's index fields for every paper of the library."""
    from paper_tui.index import Document
    from paper_tui.library import Library

    with Library.open(library_dir) as library:
        ids = library.store.all_ids()
        return [Document.of(r).fields() for r in library.store.papers(ids)]


def build_whoosh(target: Path, docs: list[dict[str, Any]], *, catch_all: bool, compound: bool) -> float:
    """One writer, one commit; returns seconds."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import TEXT

    from paper_tui.index import make_schema

    schema = make_schema()
    if catch_all:
        schema.add("text", TEXT(analyzer=StemmingAnalyzer()))
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    started = time.perf_counter()
    ix = index.create_in(str(target), schema)
    writer = ix.writer(compound=compound)
    for fields in docs:
        if catch_all:
            fields = {
                "pid": fields["pid"],
                "title": fields["title"],
                "author": fields["author"],
                "text": f"{fields['title']}\n{fields['abstract']}\n{fields['author']}",
                **({"date": fields["date"]} if "date" in fields else {}),
            }
        writer.add_document(**fields)
    writer.commit()
    ix.close()
    return time.perf_counter() - started


def build_fts(target: Path, library_dir: Path) -> float:
    """An FTS5 table over title, abstract and authors (porter stemming); returns seconds."""
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    conn = sqlite3.connect(target)
    conn.execute(f"ATTACH DATABASE 'file:{library_dir / 'library.sqlite3'}?mode=ro' AS lib")
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, abstract, authors, tokenize='porter unicode61')")
    conn.execute(
        "INSERT INTO fts(rowid, title, abstract, authors) SELECT id, title, abstract, authors FROM lib.papers"
    )
    conn.commit()
    conn.close()
    return time.perf_counter() - started


class Whoosh:
    """Queries over one Whoosh index, with the reader's parser settings over ``fields``."""

    def __init__(self, path: Path, fields: list[str], *, reuse: bool, top_prefix: int | None = None) -> None:
        from whoosh import index
        from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser

        self.ix = index.open_dir(str(path))
        self.parser = MultifieldParser(fields, self.ix.schema)
        self.parser.add_plugin(FuzzyTermPlugin())
        self.parser.add_plugin(GtLtPlugin())
        self.reuse = reuse
        self.top_prefix = top_prefix
        self.searcher = self.ix.searcher() if reuse else None

    def _limit_prefixes(self, q: Any, reader: Any) -> Any:
        from whoosh import query

        def visit(node: Any) -> Any:
            if isinstance(node, query.Prefix):
                terms = sorted(
                    reader.expand_prefix(node.fieldname, node.text),
                    key=lambda t: reader.doc_frequency(node.fieldname, t),
                    reverse=True,
                )[: self.top_prefix]
                return query.Or([query.Term(node.fieldname, t) for t in terms]) if terms else query.NullQuery
            return node

        return q.accept(visit)

    def search(self, text: str) -> int:
        """Top 50; returns the number of hits."""
        searcher = self.searcher or self.ix.searcher()
        try:
            q = self.parser.parse(text)
            if self.top_prefix:
                q = self._limit_prefixes(q, searcher.reader())
            return len([hit["pid"] for hit in searcher.search(q, limit=50)])
        finally:
            if not self.reuse:
                searcher.close()


_FIELD = re.compile(r"\b(title|abstract|author):")


class Fts:
    """The same queries through SQLite FTS5 (fuzzy and date queries have no FTS5 form and are skipped)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)

    @staticmethod
    def translate(text: str) -> str | None:
        """The FTS5 form of a query, or None."""
        if "~" in text or "date:" in text:
            return None
        text = _FIELD.sub(lambda m: {"author": "authors"}.get(m.group(1), m.group(1)) + " : ", text)
        return text.replace("(", " ( ").replace(")", " ) ")

    def search(self, text: str) -> int:
        """Top 50 by bm25 (title weighted 2); returns the number of hits."""
        fts = self.translate(text)
        if fts is None:
            return -1
        try:
            rows = self.conn.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 2.0, 1.0, 1.0) LIMIT 50", (fts,)
            ).fetchall()
        except sqlite3.OperationalError:
            return -1
        return len(rows)


def main() -> int:
    """Run the variants and write the results."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="10k")
    parser.add_argument(
        "--build", default="", help="comma-separated: whoosh (two Whoosh indexes; minutes at 100k), fts"
    )
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    ws = Workspace(args.size)
    library = ws.library
    work = OUT / f"experiments-{args.size}"
    work.mkdir(parents=True, exist_ok=True)
    builds: dict[str, float] = {}
    if (work / "builds.json").exists():
        builds = json.loads((work / "builds.json").read_text())
    if "whoosh" in args.build:
        docs = documents(library)
        print(f"building from {len(docs)} papers", file=sys.stderr)
        builds["whoosh one writer, compound=False"] = build_whoosh(
            work / "nocompound", docs, catch_all=False, compound=False
        )
        builds["whoosh catch-all field"] = build_whoosh(
            work / "catchall", docs, catch_all=True, compound=True
        )
        del docs
    if "fts" in args.build:
        builds["sqlite fts5"] = build_fts(work / "fts.sqlite3", library)
    (work / "builds.json").write_text(json.dumps(builds))

    fields3 = ["title", "abstract", "author"]
    memory: dict[str, dict[str, float]] = {}
    current = Whoosh(library / "index", fields3, reuse=False)
    variants: dict[str, Callable[[str], int]] = {
        "current (3 fields, searcher per query)": current.search,
        "searcher kept open": Whoosh(library / "index", fields3, reuse=True).search,
        f"kept open + prefixes limited to the {TOP_PREFIX_TERMS} most frequent terms": Whoosh(
            library / "index", fields3, reuse=True, top_prefix=TOP_PREFIX_TERMS
        ).search,
    }
    typing_only = {
        "title only, kept open": Whoosh(library / "index", ["title"], reuse=True).search,
        f"title only, kept open, prefixes limited to {TOP_PREFIX_TERMS}": Whoosh(
            library / "index", ["title"], reuse=True, top_prefix=TOP_PREFIX_TERMS
        ).search,
    }
    if (work / "nocompound").exists():
        nocompound = Whoosh(work / "nocompound", fields3, reuse=False)
        variants["one segment, compound=False, searcher per query"] = nocompound.search
    if (work / "catchall").exists():
        variants["catch-all field, kept open"] = Whoosh(work / "catchall", ["text"], reuse=True).search
    if (work / "fts.sqlite3").exists():
        variants["SQLite FTS5"] = Fts(work / "fts.sqlite3").search

    finished = [q for _, q in queries.all_queries()]
    typed = [queries.as_you_type(p) for t in queries.TYPED for p in queries.keystrokes(t) if p.strip()]
    timings: dict[str, dict[str, list[float]]] = {name: {"queries": [], "typing": []} for name in variants}
    for name in typing_only:
        timings[name] = {"queries": [], "typing": []}
    skipped: dict[str, int] = {}
    for _ in range(args.repeats):
        for kind, texts in (("queries", finished), ("typing", typed)):
            for text in texts:
                chosen = dict(variants, **(typing_only if kind == "typing" else {}))
                for name, run in chosen.items():
                    started = time.perf_counter()
                    hits = run(text)
                    seconds = time.perf_counter() - started
                    if hits < 0:
                        skipped[name] = skipped.get(name, 0) + 1
                        continue
                    timings[name][kind].append(seconds * 1000)
    for label, path in (("current index", library / "index"), ("compound=False index", work / "nocompound")):
        if path.exists():
            memory[label] = searcher_cost(path)
    rows = []
    for name, kinds in timings.items():
        row: dict[str, Any] = {"variant": name}
        for kind, values in kinds.items():
            if values:
                row[kind] = {"p50": median(values), "p95": percentile(values, 95), "n": len(values)}
        rows.append(row)
    result = {
        "size": args.size,
        "builds_s": builds,
        "memory_mb": memory,
        "variants": rows,
        "skipped": skipped,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.size}-experiments.json").write_text(json.dumps(result, indent=2))
    lines = [
        f"# Search variants, {args.size} (same queries, interleaved; ms)",
        "",
        "| variant | queries p50 | queries p95 | as-you-type p50 | as-you-type p95 |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        q, t = row.get("queries"), row.get("typing")
        lines.append(
            f"| {row['variant']} | {q['p50']:.1f} | {q['p95']:.1f} | " if q else f"| {row['variant']} | | | "
        )
        lines[-1] += f"{t['p50']:.1f} | {t['p95']:.1f} |" if t else " | |"
    lines += ["", f"Builds (s): {json.dumps({k: round(v, 1) for k, v in builds.items()})}"]
    lines += [f"Opening a searcher and one query, fresh process: {json.dumps(memory)}"]
    lines += [f"Queries without an FTS5 form (fuzzy, dates), skipped: {json.dumps(skipped)}"]
    text = "\n".join(lines) + "\n"
    (RESULTS / f"{args.size}-experiments.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
