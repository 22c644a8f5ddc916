"""How well For you ranks, on real papers, for a simulated reader with a hidden interest.

The library is two real arXiv listing e-mails (``bench/data``, cs.AI/cs.LG/cs.SE, 20 and 22 January
2026: 932 papers with abstracts), imported with paper-tui's own importer; 60 of them were on Hugging
Face's daily papers, whose upvotes are set from ``bench/data/hf-upvotes-2026-01.json``. The simulated
reader wants the papers of one arXiv category (cs.CV, cs.CL, cs.SE or cs.CR; the categories are left
out of the model's features, so it has to learn the interest from words and authors) and labels papers
as a person triaging would: it goes through them in the order shown and queues the ones it wants
(``a``), skips the others (a triage skip). Two orders are measured:

- ``digest``: it labels the first N papers of the first day in the digest's order;
- ``for-you``: it triages in For-you order, For you learning after each label (the reader's triage
  with For you on).

After 5, 20 and 50 labels, For you (the library's own code: signals, ``learn``, ``view_ids`` sorted
``for-you``) ranks every paper the reader has not labelled; precision@10 and nDCG@10 (binary: wanted or
not) are compared with the digest order and with the upvotes (unknown upvotes last, then digest order)
over the same papers. The figures are averaged over the four interests.

Usage: ``python bench/ranking.py [--interests cs.CV,cs.CL] [--out bench/results/ranking.md]``
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from paper_tui.library import Library  # noqa: E402
from paper_tui.model import View  # noqa: E402
from paper_tui.taste import learn  # noqa: E402

DATA = BENCH / "data"
LISTINGS = ["arxiv-cs-listing-2026-01-20.txt", "arxiv-cs-listing-2026-01-23.txt"]
INTERESTS = ["cs.CV", "cs.CL", "cs.SE", "cs.CR"]
BUDGETS = [5, 20, 50]
K = 10


def build(home: Path) -> Library:
    """The benchmark library: the two listings, upvotes from Hugging Face where it had the paper."""
    library = Library.open(home)
    outcome = library.import_paths([DATA / name for name in LISTINGS])
    assert outcome.ok, outcome.errors
    upvotes = json.loads((DATA / "hf-upvotes-2026-01.json").read_text())["upvotes"]
    with library.store.write() as conn:
        conn.executemany(
            "UPDATE papers SET upvotes = ? WHERE arxiv_id = ?", [(v, k) for k, v in upvotes.items()]
        )
    return library


def precision(ranked: list[int], wanted: set[int]) -> float:
    return sum(1 for pid in ranked[:K] if pid in wanted) / K


def ndcg(ranked: list[int], wanted: set[int]) -> float:
    dcg = sum(1 / math.log2(rank + 2) for rank, pid in enumerate(ranked[:K]) if pid in wanted)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(K, len(wanted))))
    return dcg / ideal if ideal else 0.0


def reset(library: Library) -> None:
    """Forget every label and score (the library itself stays)."""
    with library.store.write() as conn:
        for table in ("signals", "queue", "reads", "taste_scores"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM meta WHERE key = 'taste.state'")


def label(library: Library, pid: int, wanted: bool) -> None:
    """What the simulated reader does with a paper in triage: queue it, or skip it."""
    if wanted:
        library.queue_add([pid])
    else:
        library.skip([pid])


def rank(library: Library, candidates: list[int], sort: str) -> list[int]:
    keep = set(candidates)
    return [pid for pid in library.view_ids(View(sort=sort)) if pid in keep]


def run_interest(library: Library, interest: str, order: str) -> dict[int, dict[str, object]]:
    records = {r.id: r for r in library.papers(library.view_ids(View()))}
    pool = [pid for pid in library.view_ids(View()) if records[pid].abstract]
    wanted = {pid for pid in pool if interest in records[pid].categories}
    first_day = [pid for pid in library.view_ids(View(digest_date="2026-01-20")) if pid in set(pool)]
    reset(library)
    labelled: list[int] = []
    results: dict[int, dict[str, object]] = {}
    for budget in BUDGETS:
        while len(labelled) < budget:
            if order == "digest":
                pid = next(p for p in first_day if p not in labelled)
            else:
                learn.learn(library.store, use_categories=False)
                ranked = rank(library, [p for p in pool if p not in labelled], "for-you")
                pid = ranked[0]
            label(library, pid, pid in wanted)
            labelled.append(pid)
        started = time.perf_counter()
        state = learn.learn(library.store, use_categories=False)
        seconds = time.perf_counter() - started
        candidates = [pid for pid in pool if pid not in labelled]
        row: dict[str, object] = {
            "mode": state.mode,
            "positives": sum(1 for p in labelled if p in wanted),
            "seconds": round(seconds, 2),
        }
        for name, sort in (("for you", "for-you"), ("digest order", "digest"), ("upvotes", "upvotes")):
            ranked = rank(library, candidates, sort)
            row[name] = (precision(ranked, wanted & set(candidates)), ndcg(ranked, wanted & set(candidates)))
        results[budget] = row
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interests", default=",".join(INTERESTS))
    parser.add_argument("--orders", default="digest,for-you")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "ranking.md")
    args = parser.parse_args(argv)
    interests = args.interests.split(",")
    lines = [
        "| labels given in | labels | wanted among them | For you P@10 | nDCG@10 "
        "| digest order P@10 | nDCG@10 | upvotes P@10 | nDCG@10 | For you based on |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    raw: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="paper-tui-ranking-") as home:
        library = build(Path(home))
        for order in args.orders.split(","):
            per: dict[str, dict[int, dict[str, object]]] = {}
            for interest in interests:
                per[interest] = run_interest(library, interest, order)
                print(order, interest, json.dumps(per[interest]), flush=True)
            raw[order] = per
            for budget in BUDGETS:
                rows = [per[i][budget] for i in interests]

                def mean(name: str, which: int, rows: list[dict[str, object]] = rows) -> float:
                    return sum(r[name][which] for r in rows) / len(rows)  # type: ignore[index]

                modes = ", ".join(sorted({str(r["mode"]) for r in rows}))
                positives = sum(int(r["positives"]) for r in rows) / len(rows)  # type: ignore[call-overload]
                lines.append(
                    f"| {order} order | {budget} | {positives:.1f} | **{mean('for you', 0):.2f}** | "
                    f"**{mean('for you', 1):.2f}** | {mean('digest order', 0):.2f} | "
                    f"{mean('digest order', 1):.2f} | "
                    f"{mean('upvotes', 0):.2f} | {mean('upvotes', 1):.2f} | {modes} |"
                )
        library.close()
    table = "\n".join(lines)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        f"# For you against digest order and upvotes ({', '.join(interests)}; averages)\n\n{table}\n",
        encoding="utf-8",
    )
    args.out.with_suffix(".json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
