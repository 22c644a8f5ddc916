"""For you in the reader: + and - record signals, a child process learns, the list sorted For you
follows, and the detail pane says why a paper ranks where it does."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from paper_tui.library import Library
from paper_tui.model import View
from paper_tui.ui.app import PaperApp
from tests.helpers import library_copy, listing_library
from tests.helpers.ui import main_screen, make_app, press, settle


@pytest.fixture(scope="module")
def listing_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the real listing, built once (copied per test)."""
    return listing_library(tmp_path_factory.mktemp("listing"))


@pytest.fixture
def listing(listing_home: Path, tmp_path: Path) -> Iterator[Library]:
    with library_copy(listing_home, tmp_path / "lib") as library:
        yield library


async def learned(app: PaperApp, pilot: Pilot[Any], library: Library) -> None:
    """Wait until the reader's child process has caught up with the signals (a process: no settle)."""
    for _ in range(300):
        await settle(app, pilot)
        if not library.taste_stale():
            await settle(app, pilot)
            return
        await asyncio.sleep(0.1)
    raise AssertionError("For you did not learn")


async def test_plus_and_minus_record_signals_and_for_you_follows_them(listing: Library) -> None:
    ids = listing.view_ids(View(latest=True))
    records = {r.id: r for r in listing.papers(ids)}
    vision = [i for i in ids if "cs.CV" in records[i].categories and records[i].abstract]
    other = [i for i in ids if "cs.CV" not in records[i].categories and records[i].abstract]
    app = make_app(listing, learn=True, poll_interval=0.5)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        notes: list[str] = []  # the status line's notes, kept (they expire on a clock)
        show_note = screen.status.show_note
        screen.status.show_note = lambda text, seconds=3.0, **how: (  # type: ignore[method-assign]
            notes.append(text),
            show_note(text, seconds, **how),
        )[-1]
        for paper_id in vision[:4]:
            screen.papers.highlight(paper_id)
            await pilot.press("plus")
        for paper_id in other[:4]:
            screen.papers.highlight(paper_id)
            await pilot.press("minus")
        await settle(app, pilot)
        assert any("Less like this in For you" in note for note in notes)
        signals = listing.store.signals()
        assert [(p, "like") for p in vision[:4]] == [s for s in signals if s[1] == "like"]
        assert [(p, "less") for p in other[:4]] == [s for s in signals if s[1] == "less"]
        await learned(app, pilot, listing)
        assert listing.taste_state().mode == "model"
        await press(app, pilot, "s", "s", "s")  # newest, upvotes, for you
        assert "For you: learned from 4 papers wanted, 4 not" in notes[-1], notes
        assert str(screen.papers.border_title).endswith("· for you")
        assert screen.papers.ids == listing.view_ids(View(latest=True, sort="for-you"))
        top = screen.papers.ids[:10]
        assert sum(1 for i in top if "cs.CV" in records[i].categories) >= 4
        # The detail pane says why: the score and the model's reasons.
        screen.papers.highlight(top[0])
        await settle(app, pilot)
        body = str(screen.detail.query_one("#detail-body").render())
        assert "For you " in body and "%" in body and " · + " in body


async def test_why_this_paper_shows_the_stored_reasons(listing: Library) -> None:
    ids = listing.view_ids(View(latest=True))
    listing.like(ids[:3])
    listing.skip(ids[3:6])
    listing.learn()
    record = listing.paper(ids[10])
    assert record is not None and record.reasons
    app = make_app(listing)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        screen.papers.highlight(ids[10])
        await settle(app, pilot)
        body = str(screen.detail.query_one("#detail-body").render())
        first, weight = record.reasons[0]
        assert f"For you {record.score:.0%}" in body
        assert f"{'+' if weight > 0 else '−'} {first}" in body
