"""How long For you takes at 100,000 papers, beside a floor measured in the same run.

- **retrain**: ``learn(force=True)`` on the size's library with 100 labels (50 queued, 50 skipped):
  read the labels, train, score every paper with its reasons, write the scores. Floor: bare
  scikit-learn on the same papers (fit the same vectorizer on the same training set, transform every
  paper, one matrix product), the texts read beforehand. Target: at most 30 s.
- **new digest**: import one more 1,000-paper digest, then ``learn()`` scores only the new papers.
  Reported: the whole call and its scoring part (transform, reasons, write). Floor: bare scikit-learn
  transforming those 1,000 papers and one matrix product. Target: scoring at most 1 s.

Usage: ``python bench/taste_speed.py [--size 100k] [--library DIR]`` (the library is copied into
bench/out/taste-SIZE first; the original is never written). Results: ``bench/results/taste-SIZE.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import corpus  # noqa: E402
import generate  # noqa: E402

from paper_tui.library import Library  # noqa: E402
from paper_tui.model import View  # noqa: E402
from paper_tui.taste import learn  # noqa: E402


def load() -> float:
    return os.getloadavg()[0]


def floor_retrain(store: object, state_ids: list[int]) -> float:
    """Bare scikit-learn over the same papers: fit the vectorizer on the training set, transform all."""
    from paper_tui.taste.model import Features, Labelled, TasteModel

    texts = learn._docs(store.paper_texts(state_ids))  # type: ignore[attr-defined]
    every: list[object] = []
    after = 0
    while rows := store.paper_texts(after=after, limit=5000):  # type: ignore[attr-defined]
        every += learn._docs(rows)
        after = rows[-1]["id"]
    labelled = Labelled()
    for i, doc in enumerate(texts):
        labelled.add(doc, int(i % 2 == 0), 1.0)
    started = time.perf_counter()
    model = TasteModel.train(labelled)
    features: Features = model.features
    matrix = features.transform(every)  # type: ignore[arg-type]
    _ = matrix @ model.coef
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="100k")
    parser.add_argument(
        "--library", type=Path, help="an existing library of the size (copied, never written)"
    )
    args = parser.parse_args(argv)
    ws = corpus.Workspace(args.size)
    source = args.library or corpus.ensure_library(ws)
    home = corpus.OUT / f"taste-{args.size}"
    corpus.copy_library(source, home)
    figures: dict[str, object] = {"size": args.size, "load_before": load()}
    with Library.open(home) as library:
        store = library.store
        ids = library.view_ids(View())
        rng = random.Random(5)
        chosen = rng.sample(ids, 100)
        library.queue_add(chosen[:50])
        library.skip(chosen[50:])
        # Warm the imports (scikit-learn's 1.5 s is not what is measured) and the page cache.
        learn.learn(store)
        started = time.perf_counter()
        state = learn.learn(store, force=True)
        figures["retrain_s"] = round(time.perf_counter() - started, 2)
        figures["retrain_scored"] = state.scored
        figures["retrain_floor_s"] = round(
            floor_retrain(store, sorted(chosen) + store.sample_ids(2000, set(chosen))), 2
        )
        # One more day: 1,000 new papers.
        day = date.fromisoformat(library.latest_date() or "2030-01-01") + timedelta(days=1)
        digest = generate.daily_digest(1000, day, home / "new-day.json", start=ws.papers + 10_000, seed=23)
        library.import_file(digest, sync=False)  # the search index is not what is measured
        new_ids = store.unscored_ids()
        timings: dict[str, float] = {}
        original = learn._rows

        def timed_rows(*a: object, **k: object) -> object:
            t = time.perf_counter()
            result = original(*a, **k)  # type: ignore[arg-type]
            timings["rows"] = timings.get("rows", 0.0) + time.perf_counter() - t
            return result

        original_write = store.write_scores

        def timed_write(*a: object, **k: object) -> None:
            t = time.perf_counter()
            original_write(*a, **k)  # type: ignore[arg-type]
            timings["write"] = timings.get("write", 0.0) + time.perf_counter() - t

        learn._rows = timed_rows  # type: ignore[assignment]
        store.write_scores = timed_write  # type: ignore[method-assign]
        started = time.perf_counter()
        state = learn.learn(store)
        figures["new_digest_total_s"] = round(time.perf_counter() - started, 2)
        figures["new_digest_scored"] = state.scored
        figures["new_digest_scoring_s"] = round(timings.get("rows", 0.0) + timings.get("write", 0.0), 3)
        learn._rows = original  # type: ignore[assignment]
        from paper_tui.taste.model import TasteModel

        # Floor: the same 1,000 papers through bare scikit-learn (a model trained beforehand).
        docs = learn._docs(store.paper_texts(new_ids))
        from paper_tui.taste.model import Labelled

        train = Labelled()
        for i, doc in enumerate(learn._docs(store.paper_texts(sorted(chosen)))):
            train.add(doc, int(i % 2 == 0), 1.0)
        model = TasteModel.train(train)
        started = time.perf_counter()
        _ = model.features.transform(docs) @ model.coef
        figures["new_digest_floor_s"] = round(time.perf_counter() - started, 3)
    figures["load_after"] = load()
    lines = [
        f"# For you at {args.size} (load {figures['load_before']:.2f} → {figures['load_after']:.2f})",
        "",
        "| what | paper-tui | floor (same run) | ratio | target |",
        "|---|---|---|---|---|",
        f"| retrain and score every paper ({figures['retrain_scored']:,}) | {figures['retrain_s']} s | "
        f"{figures['retrain_floor_s']} s | "
        f"{figures['retrain_s'] / figures['retrain_floor_s']:.2f}x | ≤ 30 s |",  # type: ignore[operator]
        "| score a new 1,000-paper digest (scoring; whole call with training "
        f"{figures['new_digest_total_s']} s) "
        f"| {figures['new_digest_scoring_s']} s | {figures['new_digest_floor_s']} s | "
        f"{figures['new_digest_scoring_s'] / figures['new_digest_floor_s']:.2f}x | ≤ 1 s |",  # type: ignore[operator]
    ]
    out = corpus.RESULTS / f"taste-{args.size}.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
