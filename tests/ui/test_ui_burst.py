"""Keys that arrive together (a fast typist, or SSH sending several in one packet): each acts where it
was typed. ``/`` is a priority key: it moves focus to the search field before the keys queued ahead of
it are handled, and the search field hides the screen's letter bindings it would type."""

from __future__ import annotations

from textual import events

from paper_tui.library import Library
from tests.helpers.ui import SIZE, main_screen, make_app, settle

CHARACTERS = {"slash": "/", "enter": "\r"}


def burst(app: object, *keys: str) -> None:
    """Post keys to the app at once, as the terminal driver does with a burst of input."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key)))  # type: ignore[attr-defined]


async def test_a_bookmark_typed_just_before_slash_is_kept(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        second = screen.papers.ids[1]
        burst(app, "j", "b", "a", "slash", "g", "r")
        await settle(app, pilot)
        record = library.paper(second)
        assert record is not None and record.bookmarked and record.queued
        assert screen.list_pane.search_bar.value == "gr"  # the keys after / were typed into the field
        assert library.counts()["bookmarked"] == 1
