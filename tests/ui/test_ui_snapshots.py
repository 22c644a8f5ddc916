"""Snapshots of the main states on the bundled sample (imported under a fixed date), 120x36 and 80x24."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from paper_tui.library import Library
from paper_tui.ui.app import PaperApp
from paper_tui.ui.widgets.status import StatusLine
from tests.helpers.ui import main_screen, make_app, seed_library, settle

Compare = Callable[..., bool]


@pytest.fixture
def seeded_library() -> Iterator[Library]:
    """The seed digest (under a fixed date) as the whole library."""
    with seed_library() as library:
        yield library


def keys(app: PaperApp, *presses: str) -> Callable[[Pilot[Any]], Any]:
    """A run_before that waits for the reader to load, presses keys, and waits again."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(app, pilot)
        for key in presses:
            await pilot.press(key)
            await settle(app, pilot)
        # Toasts and the status line's note expire on a clock: keep them out of the picture.
        app.clear_notifications()
        main_screen(app).query_one(StatusLine).clear_note()
        await pilot.pause()

    return run_before


def test_today_on_the_seed_120x36(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    assert snap_compare(app, terminal_size=(120, 36), run_before=keys(app, "j", "j", "b", "a"))


def test_today_on_the_seed_80x24(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(app, "j", "a"))


def test_detail_after_search_120x36(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    presses = ("slash", *"diffusion", "enter", "j")
    assert snap_compare(app, terminal_size=(120, 36), run_before=keys(app, *presses))


def test_help_screen_120x36(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    assert snap_compare(app, terminal_size=(120, 36), run_before=keys(app, "question_mark"))


def test_queue_pane_focused_80x24(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    presses = ("a", "j", "a", "j", "a", "tab", "tab")
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(app, *presses))
