"""Snapshots of triage and of For you's reasons on the bundled sample (under a fixed date), at 120x36
and 80x24 (the main list's comfortable rows are in test_ui_snapshots)."""

from __future__ import annotations

import pytest

from paper_tui.library import Library
from paper_tui.model import View
from tests.helpers.ui import Compare, before_snapshot, make_app


@pytest.fixture
def learned_library(seeded_library: Library) -> Library:
    """The sample with a few likes and skips, For you learned (in this process: no child)."""
    ids = seeded_library.view_ids(View(latest=True))
    seeded_library.like([ids[0], ids[4], ids[6]])
    seeded_library.skip([ids[1], ids[3], ids[5]])
    seeded_library.save_reader_prefs(sorts={"today": "for-you"})
    seeded_library.learn()
    return seeded_library


def test_triage_120x36(snap_compare: Compare, learned_library: Library) -> None:
    app = make_app(learned_library)
    assert snap_compare(app, terminal_size=(120, 36), run_before=before_snapshot(app, "t", "a", "x"))


def test_triage_80x24(snap_compare: Compare, learned_library: Library) -> None:
    app = make_app(learned_library)
    assert snap_compare(app, terminal_size=(80, 24), run_before=before_snapshot(app, "t", "b"))


def test_reasons_in_the_detail_pane_120x36(snap_compare: Compare, learned_library: Library) -> None:
    app = make_app(learned_library)
    assert snap_compare(app, terminal_size=(120, 36), run_before=before_snapshot(app, "j"))


def test_reasons_in_the_detail_pane_80x24(snap_compare: Compare, learned_library: Library) -> None:
    app = make_app(learned_library)
    assert snap_compare(app, terminal_size=(80, 24), run_before=before_snapshot(app, "enter"))
