"""The virtual paper list: ids only, rows fetched for the visible window, placeholders until then."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from textual.app import App, ComposeResult

from paper_tui.model import Row
from paper_tui.ui.widgets.paper_list import FETCH_MARGIN, PaperList

HEIGHT = 20


class Loader:
    """A row loader that records what was asked; it can be held to show placeholders."""

    def __init__(self) -> None:
        self.requested: list[int] = []
        self.calls = 0
        self.release = threading.Event()
        self.release.set()

    def __call__(self, ids: Sequence[int]) -> dict[int, Row]:
        self.release.wait(10)
        self.calls += 1
        self.requested.extend(ids)
        return {
            i: Row(i, f"Paper number {i}", "2026-08-01", i % 50, i % 3 == 0, i % 7 == 0, False) for i in ids
        }


class ListApp(App[None]):
    """Only a PaperList."""

    CSS = f"PaperList {{ height: {HEIGHT}; }}"

    def __init__(self, loader: Loader, ids: list[int]) -> None:
        super().__init__()
        self.loader = loader
        self.ids = ids
        self.highlighted: list[int | None] = []

    def compose(self) -> ComposeResult:
        yield PaperList(self.loader)

    def on_mount(self) -> None:
        paper_list = self.query_one(PaperList)
        paper_list.set_ids(self.ids)
        paper_list.focus()

    def on_paper_list_highlighted(self, message: PaperList.Highlighted) -> None:
        self.highlighted.append(message.paper_id)


async def settle(app: ListApp, pilot: object) -> None:
    """Let the row worker finish and the list repaint."""
    for _ in range(5):
        await pilot.pause()  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()


async def test_a_hundred_thousand_ids_fetch_only_the_window() -> None:
    loader = Loader()
    ids = list(range(1, 100_001))
    app = ListApp(loader, ids)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        paper_list = app.query_one(PaperList)
        assert len(paper_list.children) == 0
        assert set(loader.requested) <= set(range(1, HEIGHT + FETCH_MARGIN + 1))
        assert "Paper number 1" in paper_list.render_line(0).text
        await pilot.press("G")
        await settle(app, pilot)
        assert paper_list.highlighted_id == 100_000
        assert "Paper number 100000" in paper_list.render_line(HEIGHT - 1).text
        # Both ends were loaded, nothing in between: the cost does not grow with the list.
        assert len(loader.requested) <= 2 * (HEIGHT + 2 * FETCH_MARGIN)
        assert 50_000 not in loader.requested
        await pilot.press("pageup", "pageup")
        await settle(app, pilot)
        assert paper_list.highlighted_id == 100_000 - 2 * (HEIGHT - 1)


async def test_rows_not_loaded_yet_show_a_placeholder() -> None:
    loader = Loader()
    loader.release.clear()
    app = ListApp(loader, [10, 11, 12])
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        paper_list = app.query_one(PaperList)
        assert "…" in paper_list.render_line(0).text
        assert "Paper number 10" not in paper_list.render_line(0).text
        loader.release.set()
        await settle(app, pilot)
        assert "Paper number 10" in paper_list.render_line(0).text
        # The unread marker: 10 is unread, 12 is read (the loader marks multiples of 3 read).
        assert "●" in paper_list.render_line(0).text
        assert "●" not in paper_list.render_line(2).text


async def test_set_ids_keeps_the_highlighted_paper_or_its_position() -> None:
    loader = Loader()
    app = ListApp(loader, [1, 2, 3, 4, 5])
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        paper_list = app.query_one(PaperList)
        await pilot.press("j", "j")
        assert paper_list.highlighted_id == 3
        paper_list.set_ids([9, 8, 3, 1])
        assert paper_list.highlighted_id == 3 and paper_list.cursor == 2
        paper_list.set_ids([9, 8, 1, 7])  # 3 is gone: the cursor stays at its row
        assert paper_list.highlighted_id == 1
        paper_list.set_ids([5, 6], reset=True)
        assert paper_list.highlighted_id == 5
        paper_list.set_ids([])
        assert paper_list.highlighted_id is None
        await settle(app, pilot)
        assert "No papers here." in paper_list.render_line(0).text
        assert app.highlighted[-1] is None


async def test_invalidate_refetches_but_keeps_showing_old_rows() -> None:
    loader = Loader()
    app = ListApp(loader, [1, 2, 3])
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        paper_list = app.query_one(PaperList)
        calls = loader.calls
        loader.release.clear()
        paper_list.invalidate()
        await pilot.pause()
        assert "Paper number 1" in paper_list.render_line(0).text  # stale, not a placeholder
        loader.release.set()
        await settle(app, pilot)
        assert loader.calls == calls + 1


async def test_clicking_a_row_highlights_it() -> None:
    loader = Loader()
    app = ListApp(loader, [1, 2, 3, 4])
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        await pilot.click(PaperList, offset=(10, 2))
        assert app.query_one(PaperList).highlighted_id == 3
        assert app.highlighted[-1] == 3
