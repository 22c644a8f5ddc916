"""Snapshots of triage and of For you's reasons on the bundled sample (under a fixed date), at 120x36
and 80x24 (the main list's comfortable rows are in test_ui_snapshots)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from paper_tui.library import Library
from paper_tui.model import View
from paper_tui.ui.app import PaperApp
from paper_tui.ui.widgets.status import StatusLine
from tests.helpers.ui import main_screen, make_app, seed_library, settle

Compare = Callable[..., bool]


@pytest.fixture
def seeded_library() -> Iterator[Library]:
    with seed_library() as library:
        yield library


@pytest.fixture
def learned_library(seeded_library: Library) -> Library:
    """The sample with a few likes and skips, For you learned (in this process: no child)."""
    ids = seeded_library.view_ids(View(latest=True))
    seeded_library.like([ids[0], ids[4], ids[6]])
    seeded_library.skip([ids[1], ids[3], ids[5]])
    seeded_library.save_reader_prefs(sorts={"today": "for-you"})
    seeded_library.learn()
    return seeded_library


def keys(app: PaperApp, *presses: str) -> Callable[[Pilot[Any]], Any]:
    """A run_before that waits for the reader, presses keys, waits, and clears notes and toasts."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(app, pilot)
        for key in presses:
            await pilot.press(key)
            await settle(app, pilot)
        app.clear_notifications()
        main_screen(app).query_one(StatusLine).clear_note()
        await pilot.pause()

    return run_before


def test_triage_120x36(snap_compare: Compare, learned_library: Library) -> None:
    app = make_app(learned_library)
    assert snap_compare(app, terminal_size=(120, 36), run_before=keys(app, "t", "a", "x"))


def test_triage_80x24(snap_compare: Compare, learned_library: Library) -> None:
    app = make_app(learned_library)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(app, "t", "b"))


def test_reasons_in_the_detail_pane_120x36(snap_compare: Compare, learned_library: Library) -> None:
    app = make_app(learned_library)
    assert snap_compare(app, terminal_size=(120, 36), run_before=keys(app, "j"))


def test_reasons_in_the_detail_pane_80x24(snap_compare: Compare, learned_library: Library) -> None:
    app = make_app(learned_library)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(app, "enter"))
