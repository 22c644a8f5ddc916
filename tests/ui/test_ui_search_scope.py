"""The reader's search kept to the view it started from (a line under the field says so, ctrl+l widens
it), typos respelt and said, and a query that cannot run said on enter."""

from __future__ import annotations

from paper_tui.library import Library
from tests.helpers.ui import SIZE, main_screen, make_app, notifications, press, screen_text, settle


def _info(app: object) -> str:
    """The line under the search field, when it shows."""
    info = main_screen(app).list_pane.search_info  # type: ignore[arg-type]
    return info.render().plain if info.display else ""  # type: ignore[union-attr]


def _diffusion_papers(library: Library) -> list[int]:
    ids = library.find("diffusion").ids
    assert len(ids) == 2
    return ids


async def test_a_search_from_unread_is_kept_to_it_and_ctrl_l_widens_it(library: Library) -> None:
    # Before, a search always ran over the whole library, whatever view it started from.
    first, second = _diffusion_papers(library)
    library.mark_read([first])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "3")
        assert screen.view.kind == "unread"
        await press(app, pilot, "slash", *"diffusion", "enter")
        assert screen.papers.ids == [second]
        assert "Search: diffusion in Unread · 1" in screen_text(app)
        assert _info(app) == "in Unread (1 more in the library) · ctrl+l: whole library"
        await press(app, pilot, "ctrl+l")
        assert sorted(screen.papers.ids) == sorted([first, second])
        assert "Search: diffusion · 2" in screen_text(app)
        assert _info(app) == ""


async def test_a_search_from_today_searches_the_whole_library(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash", *"diffusion", "enter")
        assert sorted(main_screen(app).papers.ids) == sorted(_diffusion_papers(library))
        assert _info(app) == ""


async def test_a_filter_alone_in_the_reader_lists_what_it_keeps(library: Library) -> None:
    first, _ = _diffusion_papers(library)
    library.bookmark([first])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash", *"is:bookmarked", "enter")
        assert main_screen(app).papers.ids == [first]


async def test_a_typo_in_the_reader_shows_the_close_spelling_and_says_so(library: Library) -> None:
    # Before, "difusion" showed "No papers match" and no hint.
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash", *"difusion", "space", "enter")
        assert sorted(main_screen(app).papers.ids) == sorted(_diffusion_papers(library))
        assert _info(app) == 'Showing results for "diffusion" (no papers match "difusion")'


async def test_an_unfinished_field_while_typing_keeps_the_results_and_enter_says_why(
    library: Library,
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "slash", *"diffusion author:")
        # Before: "No papers match 'author'" while the field name was typed.
        assert sorted(screen.papers.ids) == sorted(_diffusion_papers(library))
        assert "No papers match" not in screen_text(app)
        await press(app, pilot, "enter")
        said = " ".join(notifications(app))
        assert "author: needs a word after it (column 11 of the query)" in said


async def test_the_start_of_a_field_name_never_shows_an_earlier_query_s_results_and_enter_searches_it(
    seeded_library: Library,
) -> None:
    # Before: "aut" found 5 papers, then "auth" (on its way to "author:") kept them under the title
    # "Search: aut"; enter on "auth" left them there too.
    app = make_app(seeded_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "slash", *"aut")
        assert "Search: aut · " in screen_text(app)
        await press(app, pilot, "h")
        assert screen.papers.view.kind == "today"
        assert "Search: aut" not in screen_text(app)
        await press(app, pilot, "enter")
        assert screen.papers.view.kind == "search"
        submitted = seeded_library.find("auth", typing=True, submitted=True)
        assert submitted.total and screen.papers.ids == submitted.ids
        assert _info(app) == 'Showing results for "auto" (no papers match "auth")'
