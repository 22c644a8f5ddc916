"""Library text is shown literally everywhere: list, detail, notifications, palette, notes, search."""

from __future__ import annotations

from textual.command import CommandPalette

from paper_tui.library import Library
from paper_tui.store import View
from paper_tui.ui.widgets.status import StatusLine
from tests.helpers.ui import (
    BRACKET_TITLE,
    INJECTION_TITLE,
    SIZE,
    main_screen,
    make_app,
    press,
    row_text,
    screen_text,
    settle,
)


def injection_id(library: Library) -> int:
    """The id of the paper titled like a Textual click action."""
    return next(i for i in library.view_ids(View()) if library.paper(i).title == INJECTION_TITLE)


async def test_markup_in_titles_authors_and_abstracts_renders_literally(library: Library) -> None:
    target = injection_id(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        rows = [row_text(screen.papers, y) for y in range(4)]
        assert any(INJECTION_TITLE in row.splitlines()[0] for row in rows)
        assert any(BRACKET_TITLE in row.splitlines()[0] for row in rows)
        screen.papers.highlight(target)
        await settle(app, pilot)
        text = screen_text(app)
        assert text.count(INJECTION_TITLE) == 2  # list row and detail title
        assert "[red]Mallory[/red]" in text
        body = screen.detail.query_one("#detail-body").render().plain
        assert "An abstract that mentions [b]markup[/b] and [@click=app.bell]bells[/]." in body
        # Clicking where the title is drawn must not run app.quit.
        await pilot.click("#detail", offset=(3, 1))
        await pilot.click("#papers", offset=(20, 2))
        await settle(app, pilot)
        assert app.is_running


async def test_notifications_show_titles_literally(library: Library) -> None:
    target = injection_id(library)
    app = make_app(library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        main_screen(app).papers.highlight(target)
        await settle(app, pilot)
        await press(app, pilot, "a")
        assert main_screen(app).query_one(StatusLine).note == f"Queued (#1): {INJECTION_TITLE}"
        # The status line on screen (not only the attribute) shows the brackets.
        assert f"Queued (#1): {INJECTION_TITLE}" in screen_text(app)
        assert app.is_running


async def test_palette_shows_titles_literally_and_jumps(library: Library) -> None:
    target = injection_id(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(app)
        await press(app, pilot, *"click app quit")
        assert INJECTION_TITLE in screen_text(app)
        await press(app, pilot, "enter")
        assert app.is_running
        assert main_screen(app).papers.highlighted_id == target


async def test_notes_and_queries_with_markup_are_literal(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "n", *"[@click=app.quit]boom[/]", "ctrl+s")
        assert "[@click=app.quit]boom[/]" in screen_text(app)
        await press(app, pilot, "slash", *"[bold]x[/")
        assert "Search: [bold]x[/" in screen_text(app)
        assert app.is_running


HOSTILE_TEXT = "Export failed: /tmp/a\x1b]0;PWNED\x07b\x1b[2J\u009b6n [b]c[/b]\u202e.csv\nsecond line"


async def test_every_notification_passes_the_terminal_sanitiser(library: Library) -> None:
    """Issue 17: OS errors, file names and servers' words reach notifications from many widgets; the
    app's notify is the one boundary, so a widget that forgets to clean its text leaks nothing."""
    app = make_app(library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        main_screen(app).query_one(StatusLine).notify(HOSTILE_TEXT, title="T\x1b]52;c;eA==\x07", markup=True)
        await settle(app, pilot)
        [shown] = [n for n in app._notifications if n.message.startswith("Export failed")]
        assert shown.message == "Export failed: /tmp/ab [b]c[/b].csv\nsecond line"
        assert shown.title == "T"
        assert not shown.markup


async def test_the_status_line_shows_activity_text_cleaned(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        status = main_screen(app).query_one(StatusLine)
        status.fetch_activity = "Fetching \x1b]0;PWNED\x07hf…"
        assert status.activity == "Fetching hf…"
