"""Search as you type in two phases: a quick title-and-author search per key, the full one on a pause or Enter."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from paper_tui.library import Library
from paper_tui.model import Paper
from paper_tui.ui.widgets import search_bar as main
from tests.helpers import ingest
from tests.helpers.ui import SIZE, main_screen, make_app, press, screen_text, settle, titles

CHEMISTRY = "Graph Neural Networks for Chemistry"  # "graph" in the title
TENSOR = "Tensor[float] ops"  # "graph" in the abstract only
DIFFUSIONNET = "DiffusionNet: Learning on Surfaces"
#: A pause longer than any gap between the test's key presses, even on a loaded machine.
SLOW_TYPIST = 0.8


@pytest.fixture(autouse=True)
def _a_title_only_a_prefix_finds(library: Library) -> None:
    """Every test here: the small fixed library, plus a title that only a prefix of "diffusion" finds."""
    ingest(
        library,
        Paper(title=DIFFUSIONNET, abstract="Heat flows on meshes.", arxiv_id="2608.00009"),
        date="2026-07-30",
        source="arxiv-rss",
    )


@pytest.fixture
def searches(library: Library, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every (text, quick) the reader asks the library's index for (not Library.warm's one query at
    start): the query as searched, its last word a prefix while typed."""
    calls: list[tuple[str, bool]] = []
    search = library.rank
    warming = threading.local()

    def spy(query: str, *args: Any, **kwargs: Any) -> Any:
        if not getattr(warming, "on", False):
            calls.append((query.strip(), bool(kwargs.get("quick"))))
        return search(query, *args, **kwargs)

    def warm() -> None:
        warming.on = True
        try:
            Library.warm(library)
        finally:
            warming.on = False

    monkeypatch.setattr(library, "rank", spy)
    monkeypatch.setattr(library, "warm", warm)
    return calls


async def test_a_trailing_space_ends_the_word(
    library: Library, searches: list[tuple[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only Enter runs the full search here: on a loaded machine the pause after the space could
    # otherwise already have run it for the same word (CI, stop 19).
    monkeypatch.setattr(main, "FULL_SEARCH_DELAY", 60.0)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash", *"diffusion")
        assert DIFFUSIONNET in titles(app)  # a prefix while the word is being typed
        await press(app, pilot, "space")
        assert searches[-1] == ("diffusion", True)
        assert len(titles(app)) == 2 and DIFFUSIONNET not in titles(app)
        assert "Search: diffusion · at least 2" in screen_text(app)  # titles and authors so far
        await press(app, pilot, "enter")
        assert searches[-1] == ("diffusion", False)
        assert DIFFUSIONNET not in titles(app)


async def test_a_query_of_spaces_is_no_query(library: Library, searches: list[tuple[str, bool]]) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        today = list(screen.papers.ids)
        await press(app, pilot, "slash", *"gra")
        assert screen.view.kind == "search"
        await pilot.press("backspace", "backspace", "backspace", "space", "space")
        await pilot.pause(main.FULL_SEARCH_DELAY * 2)
        await settle(app, pilot)
        assert screen.view.kind == "today"
        assert screen.papers.ids == today
        assert all(query.strip() for query, _ in searches)


async def test_quick_results_first_then_the_full_search_on_enter(
    library: Library, searches: list[tuple[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "FULL_SEARCH_DELAY", 60.0)  # only Enter runs the full search here

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "slash", *"graph")
        # Titles and authors only: the paper with "graph" in its abstract is not there yet.
        assert titles(app) == [CHEMISTRY]
        assert all(quick for _, quick in searches)
        highlighted = screen.papers.highlighted_id
        await press(app, pilot, "enter")
        assert searches[-1] == ("graph*", False)
        assert sorted(titles(app)) == sorted([CHEMISTRY, TENSOR])
        # The user had not moved: the full results start at their best match (this one here).
        assert screen.papers.highlighted_id == highlighted
        assert app.focused is screen.papers
        assert "Search: graph · 2" in screen_text(app)


async def test_the_full_search_follows_a_pause_in_typing(
    library: Library, searches: list[tuple[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "FULL_SEARCH_DELAY", SLOW_TYPIST)

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "slash", *"graph")
        await pilot.pause(main.FULL_SEARCH_DELAY * 2)  # the pause is what is under test
        await settle(app, pilot)
        assert sorted(titles(app)) == sorted([CHEMISTRY, TENSOR])
        # Every key restarted the timer: one full search, for the whole word.
        assert [query for query, quick in searches if not quick] == ["graph*"]
        quick_queries = [query for query, quick in searches if quick]
        assert quick_queries[-1] == "graph*"
        assert set(quick_queries) <= {"gr*", "gra*", "grap*", "graph*"}  # one letter: nothing yet
        # Enter after the full search does not run it again.
        await press(app, pilot, "enter")
        assert [query for query, quick in searches if not quick] == ["graph*"]
        assert screen.view.kind == "search"


async def test_esc_cancels_a_pending_full_search(
    library: Library, searches: list[tuple[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "FULL_SEARCH_DELAY", SLOW_TYPIST)

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("slash", *"graph", "escape")
        await pilot.pause(main.FULL_SEARCH_DELAY * 2)
        await settle(app, pilot)
        assert screen.view.kind == "today"
        assert not [query for query, quick in searches if not quick]


ZEBRA_TITLE = "Zebra crossings and traffic calming on rural roads"  # "zebra" once, in a long title
ZEBRA_ABSTRACT = "Animal stripes"  # "zebra" five times in its abstract: the full search's best


def zebra_library(library: Library) -> None:
    ingest(
        library,
        Paper(title=ZEBRA_TITLE, abstract="Roads and cars.", arxiv_id="2608.00011"),
        Paper(
            title=ZEBRA_ABSTRACT,
            abstract="Zebra zebra stripes: why the zebra has stripes, zebra foals, zebra herds.",
            arxiv_id="2608.00012",
        ),
        date="2026-07-31",
        source="arxiv-rss",
    )


@pytest.mark.parametrize("moved", [False, True])
async def test_full_results_keep_the_highlight_only_where_the_user_moved_to_it(
    library: Library, monkeypatch: pytest.MonkeyPatch, moved: bool
) -> None:
    monkeypatch.setattr(main, "FULL_SEARCH_DELAY", 60.0)  # only Enter runs the full search here
    zebra_library(library)
    other = "Zebra: a graph of stripes"
    ingest(library, Paper(title=other, abstract="Nothing else.", arxiv_id="2608.00013"), date="2026-07-31")

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "slash", *"zebra", "space")
        quick = titles(app)
        assert set(quick) == {ZEBRA_TITLE, other}  # titles only
        if moved:
            screen.papers.focus()
            await press(app, pilot, "j")
        chosen = screen.papers.highlighted_id
        await press(app, pilot, "slash", "enter")
        full = titles(app)
        assert set(full) == {ZEBRA_TITLE, ZEBRA_ABSTRACT, other}
        assert full[0] == ZEBRA_ABSTRACT  # the full search ranks another paper first
        if moved:
            assert screen.papers.highlighted_id == chosen  # where the user went, wherever it is now
        else:
            assert screen.papers.cursor == 0  # nobody moved: the best match is highlighted
            assert screen.papers.highlighted_id != chosen


async def test_a_search_typed_while_the_index_is_rebuilt_from_nothing_runs_when_it_is_back(
    library: Library, searches: list[tuple[str, bool]]
) -> None:
    # Under load the reader found the damage, and started the rebuild, before the first key: the
    # query was refused ("Search is back when ...") and never ran, even after the rebuild.
    from paper_tui.ui.widgets.background import Background

    app = make_app(library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        screen.index.start_rebuild(missing=True, total=10)
        await press(app, pilot, "slash", *"diffusion", "space", "enter")
        assert searches == [] and screen.view.kind != "search"
        assert any("Search is back when the index is rebuilt" in text for text in app.said)  # type: ignore[attr-defined]
        screen.index.rebuilt()
        screen.background.post_message(Background.IndexReady())
        await settle(app, pilot)
        assert searches == [("diffusion", False)]
        assert screen.view.kind == "search" and len(titles(app)) == 2
