"""Triage's state without Textual: decisions, later, back, undo, the progress and summary lines."""

from __future__ import annotations

import pytest

from paper_tui.reader.triage import Triage


def test_decisions_move_on_and_are_counted() -> None:
    triage = Triage.of([10, 11, 12, 13, 11])
    assert triage.ids == [10, 11, 12, 13] and triage.current == 10
    assert triage.progress() == "1 / 4 · 0 queued · 0 bookmarked · 0 skipped"
    assert triage.decide("queue") == 10
    assert triage.decide("skip") == 11
    triage.later()  # 12 stays unread
    assert triage.decide("bookmark") == 13
    assert triage.finished and triage.current is None
    assert triage.decide("skip") is None
    assert triage.summary() == "Triage: 1 queued · 1 bookmarked · 1 skipped · 1 left unread"
    with pytest.raises(ValueError):
        Triage.of([1]).decide("maybe")


def test_back_and_undo() -> None:
    triage = Triage.of([1, 2, 3])
    assert not triage.back()
    triage.decide("skip")
    triage.decide("queue")
    assert triage.back() and triage.current == 2
    triage.decide("bookmark")  # decided again: the new decision counts, once
    assert triage.decisions == {1: "skip", 2: "bookmark"} and triage.history == [1, 2]
    assert triage.undo() == (2, "bookmark")
    assert triage.current == 2 and triage.decisions == {1: "skip"}
    assert triage.undo() == (1, "skip") and triage.current == 1
    assert triage.undo() is None
