"""What raises the indexing floor: the same papers through bare Whoosh writers of different designs.

    .venv/bin/python bench/ingest_options.py --size 10k     # about 5 minutes

Every variant indexes the size's cached library (``bench/out/lib-SIZE``, made by ``run.py``) into a
fresh folder, in a fresh process, with the documents read beforehand (not timed): only Whoosh's work is
timed, from opening the writer to the end of the last commit. paper-tui's design is the first row; each
other row changes one thing. The first row runs again at the end, to show the machine's drift.
Results go to bench/results/SIZE-ingest-options.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import RESULTS, Workspace
from experiments import documents

REPO = Path(__file__).resolve().parent.parent

# name -> (what changes, options for _variant)
VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    "paper-tui": (
        "only the id stored; stemming for title and abstract only; one commit; separate segment files; "
        "one writer",
        {},
    ),
    "two worker processes": ("Whoosh's multiprocessing writer with paper-tui's 2 workers", {"procs": 2}),
    "store what SQLite holds": ("title, abstract and authors stored in Whoosh too", {"store": True}),
    "stem every text field": ("authors stemmed too (a stemming analyser for names)", {"stem_all": True}),
    "a commit per digest": (
        "one commit per 14 papers, as an import committing each digest would",
        {"batch": 14},
    ),
    "compound segment files": ("Whoosh's default: each segment in one compound file", {"compound": True}),
}

_CHILD = """
import json, pickle, sys, time
from whoosh import index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import TEXT
from paper_tui.index import _writer, make_schema

options = json.loads(sys.argv[2])
docs = pickle.load(open(sys.argv[1], "rb"))
schema = make_schema()
if options.get("store"):
    for name in ("title", "abstract", "author"):
        schema[name].stored = True
if options.get("stem_all"):
    schema.remove("author")
    schema.add("author", TEXT(analyzer=StemmingAnalyzer()))
ix = index.create_in(sys.argv[3], schema)
batch = options.get("batch") or len(docs)
started = time.perf_counter()
for start in range(0, len(docs), batch):
    if options.get("compound"):
        writer = ix.writer(limitmb=128)
    else:
        writer = _writer(ix, options.get("procs", 1))
    for doc in docs[start : start + batch]:
        writer.add_document(**doc)
    writer.commit()
elapsed = time.perf_counter() - started
import os
print(elapsed, sum(e.stat().st_size for e in os.scandir(sys.argv[3]) if e.is_file()))
"""


def run_variant(docs_file: Path, options: dict[str, Any]) -> tuple[float, int]:
    """Seconds one variant takes, in a fresh process writing a fresh folder, and the index's bytes."""
    with tempfile.TemporaryDirectory(dir=REPO / "bench" / "out") as folder:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(docs_file), json.dumps(options), folder],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    seconds, size = done.stdout.split()[-2:]
    return float(seconds), int(size)


def main() -> int:
    """Run every variant and write the results."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="10k")
    args = parser.parse_args()
    import pickle

    ws = Workspace(args.size)
    docs = documents(ws.library)
    results: dict[str, Any] = {"size": args.size, "papers": len(docs), "variants": {}}
    with tempfile.NamedTemporaryFile(suffix=".pickle", dir=REPO / "bench" / "out") as handle:
        pickle.dump(docs, handle)
        handle.flush()
        order = [*VARIANTS, "paper-tui"]
        for n, name in enumerate(order):
            seconds, size = run_variant(Path(handle.name), VARIANTS[name][1])
            key = name if n < len(VARIANTS) else "paper-tui, again at the end"
            results["variants"][key] = {
                "seconds": round(seconds, 2),
                "papers_per_s": round(len(docs) / seconds),
                "index_mb": round(size / 1e6, 1),
            }
            print(f"{key}: {seconds:.1f} s, {len(docs) / seconds:.0f} papers/s", file=sys.stderr)
    base = results["variants"]["paper-tui"]["seconds"]
    lines = [
        f"# Indexing options, {len(docs):,} papers (bare Whoosh, documents in memory)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.2f}.",
        "",
        "| writer | what changes | papers/s | time vs paper-tui's | index size |",
        "|---|---|---|---|---|",
    ]
    for key, figures in results["variants"].items():
        what = VARIANTS.get(key, ("the first row again (drift)", {}))[0]
        lines.append(
            f"| {key} | {what} | {figures['papers_per_s']:,} | {figures['seconds'] / base:.2f}x "
            f"| {figures['index_mb']:g} MB |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.size}-ingest-options.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / f"{args.size}-ingest-options.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
