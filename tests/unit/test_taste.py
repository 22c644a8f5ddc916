"""For you without Textual: the labels the model learns from, the model on real papers (an arXiv listing
of 22 January 2026, categories hidden from it), its reasons, and the library's scores and states."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from paper_tui.library import Library
from paper_tui.model import View
from paper_tui.taste import learn
from paper_tui.taste.model import Doc, Labelled, TasteModel
from tests.helpers import library_copy, listing_library

INTEREST = "cs.CV"


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the real listing, built once (copied per test)."""
    return listing_library(tmp_path_factory.mktemp("listing"))


@pytest.fixture
def library(listing: Path, tmp_path: Path) -> Iterator[Library]:
    with library_copy(listing, tmp_path / "lib") as opened:
        yield opened


def papers_by_interest(library: Library) -> tuple[list[int], list[int]]:
    records = [r for r in library.papers(library.view_ids(View())) if r.abstract]
    wanted = [r.id for r in records if INTEREST in r.categories]
    others = [r.id for r in records if INTEREST not in r.categories]
    return wanted, others


def test_labels_come_from_signals_and_state() -> None:
    inputs = {"bookmarked": [1], "queued": [2], "noted": [], "read": [3, 4, 5, 9], "opened": [4]}
    signals = [(5, "skip"), (6, "less"), (7, "like"), (7, "like"), (8, "open"), (2, "less")]
    weights = learn.label_weights(inputs, signals)
    assert weights[1] == 1.0 and weights[7] == 1.5  # a like given twice counts once
    assert weights[5] == -1.0 and weights[6] == -1.5
    assert weights[2] == -0.5  # queued, then "less like this": the net
    assert weights[3] == learn.READ_UNOPENED and weights[9] == learn.READ_UNOPENED  # read unopened
    assert 4 not in weights and 8 not in weights  # opened: no label by itself


def test_held_out_papers_on_the_liked_topic_rank_above_the_others(library: Library) -> None:
    wanted, others = papers_by_interest(library)
    liked, skipped = wanted[:6], others[:12]
    library.like(liked)
    library.skip(skipped)
    state = library.learn(use_categories=False)  # the category is what the reader hides
    assert state.mode == "model" and (state.positives, state.negatives) == (6, 12)
    held_out = set(wanted[6:]) | set(others[12:])
    ranked = [pid for pid in library.view_ids(View(sort="for-you")) if pid in held_out]
    top = ranked[:10]
    base_rate = len(wanted[6:]) / len(held_out)
    assert sum(pid in wanted for pid in top) / 10 >= 2 * base_rate
    # On average a wanted paper sits in the first half, an unwanted one lower.
    position = {pid: i for i, pid in enumerate(ranked)}
    assert np.mean([position[p] for p in wanted[6:]]) < np.mean([position[p] for p in others[12:]])


def test_reasons_are_the_models_own_top_contributions(library: Library) -> None:
    wanted, others = papers_by_interest(library)
    docs = {d.id: d for d in learn._docs(library.store.paper_texts(wanted[:8] + others[:20]))}
    labelled = Labelled()
    for pid in wanted[:8]:
        labelled.add(docs[pid], 1, 1.0)
    for pid in others[:20]:
        labelled.add(docs[pid], 0, 1.0)
    model = TasteModel.train(labelled, use_categories=False)
    paper = learn._docs(library.store.paper_texts([wanted[10]]))[0]
    scored = model.score([paper])[0]
    row = model.features.transform([paper])
    contributions = row.multiply(model.coef.reshape(1, -1)).tocsr()
    pairs = sorted(
        zip(contributions.data, (model.features.labels[i] for i in contributions.indices), strict=True),
        reverse=True,
    )
    expected_for = [label for value, label in pairs if value > 0][:4]
    assert [label for label, value in scored.reasons if value > 0] == expected_for
    expected_against = [label for value, label in sorted(pairs) if value < 0][:2]
    assert [label for label, value in scored.reasons if value < 0] == expected_against
    # The score is the model's probability: the contributions and the intercept, through the sigmoid.
    logit = float(contributions.sum()) + model.intercept
    assert scored.score == pytest.approx(1 / (1 + np.exp(-logit)), rel=1e-4)


def test_too_few_signals_rank_by_similarity_and_say_so(library: Library) -> None:
    assert (
        library.learn().mode == "none"
    )  # nothing to go on: no scores, For you is the upvotes, then the digest order
    assert library.store.scores(library.view_ids(View())) == {}
    wanted, _ = papers_by_interest(library)
    library.bookmark(wanted[:2])
    state = library.learn(use_categories=False)
    assert state.mode == "similar"
    assert "similarity" in state.describe() and "the model starts at 3 wanted" in state.describe()
    record = library.paper(wanted[5])
    assert record is not None and record.score is not None and record.score_kind == "similar"
    assert all(value > 0 for _, value in record.reasons)


def test_before_the_model_a_paper_marked_less_like_this_goes_down(library: Library) -> None:
    # Before: similarity to the wanted papers alone; a paper given "-" kept its place near the top.
    wanted, _ = papers_by_interest(library)
    library.like(wanted[:1])
    library.learn(use_categories=False)
    ranked = library.view_ids(View(sort="for-you"))
    close = ranked[1]  # the paper closest to the one liked
    library.like([close], less=True)
    state = library.learn(use_categories=False)
    assert state.mode == "similar" and (state.positives, state.negatives) == (1, 1)
    ranked = library.view_ids(View(sort="for-you"))
    assert ranked.index(close) > len(ranked) // 2
    record = library.paper(close)
    assert record is not None and any(value < 0 for _, value in record.reasons)


def test_scores_follow_the_signals_only_when_they_change(library: Library) -> None:
    wanted, others = papers_by_interest(library)
    library.like(wanted[:4])
    library.skip(others[:4])
    assert library.taste_stale()
    state = library.learn(use_categories=False)
    assert state.scored == len(library.view_ids(View())) and not library.taste_stale()
    assert library.learn_if_stale().scored == state.scored  # nothing changed: nothing learned
    library.like([wanted[4]])
    assert library.taste_stale()
    record = library.paper(wanted[6])
    assert record is not None and record.reasons and record.score_kind == "model"
    stored = json.loads(library.store.get_meta("taste.state") or "{}")
    assert stored["mode"] == "model"


def test_a_doc_reads_its_title_twice() -> None:
    assert Doc(1, "Graph nets", "About graphs.").text().count("Graph nets") == 2
