"""Triage's state without Textual: decisions, later, back, undo, the progress and summary lines."""

from __future__ import annotations

import pytest

from paper_tui.library import Library
from paper_tui.model import View
from paper_tui.reader.triage import Triage
from tests.helpers import UserState, ingest, paper


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
    assert triage.decisions == {1: "skip", 2: "bookmark"}
    assert triage.progress() == "3 / 3 · 0 queued · 1 bookmarked · 1 skipped"
    # Undo takes back one decision at a time, as the library does: the earlier one holds again.
    assert triage.undo() == (2, "bookmark")
    assert triage.current == 2 and triage.decisions == {1: "skip", 2: "queue"}
    assert triage.undo() == (2, "queue")
    assert triage.current == 2 and triage.decisions == {1: "skip"}
    assert triage.undo() == (1, "skip") and triage.current == 1
    assert triage.undo() is None and triage.decisions == {}


def test_a_decision_changed_on_second_thought_holds_alone_in_the_library(library: Library) -> None:
    ingest(library, paper("Sparse attention", "2608.00001"), paper("Graph networks", "2608.00002"))
    first, second = library.view_ids(View(latest=True))
    before = UserState.of(library)
    library.decide(first, "queue")
    library.decide(first, "skip", replacing="queue")  # k, then x: it leaves the queue
    assert library.queue() == [] and library.paper(first).read  # type: ignore[union-attr]
    assert (first, "skip") in library.store.signals()
    library.decide(first, "bookmark", replacing="skip")  # and again: unread, no skip signal left
    record = library.paper(first)
    assert record is not None and record.bookmarked and not record.read
    assert (first, "skip") not in library.store.signals()
    library.bookmark([second])
    library.decide(second, "bookmark")  # bookmarked already: stays so
    library.decide(second, "queue", replacing=None)
    assert library.queue() == [second] and library.paper(second).bookmarked  # type: ignore[union-attr]
    # One undo per decision puts each state back in turn.
    title, other = record.title, library.paper(second).title  # type: ignore[union-attr]
    assert [library.undo() for _ in range(3)] == [
        f"queue of {other}",
        f"bookmark of {other}",
        f"bookmark of {other}",  # the one by hand
    ]
    assert library.undo() == f"bookmark of {title}"
    record = library.paper(first)
    assert record is not None and record.read and not record.bookmarked and library.queue() == []
    assert library.undo() == f"skip of {title}"
    assert library.queue() == [first] and not library.paper(first).read  # type: ignore[union-attr]
    assert library.undo() == f"queue of {title}"
    assert UserState.of(library) == before
    assert library.store.signals() == []
    with pytest.raises(ValueError):
        library.decide(first, "maybe")
