"""What keeps the reader quick at 100,000 papers, as behaviour: the detail pane follows the cursor from
records fetched with the rows, views come back from their cached ids, counts move with the key, the
index is warmed (or rebuilt, with progress, in a child process) after the first frame, and no library
I/O runs on the UI thread."""

from __future__ import annotations

import gc
import shutil
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.worker import Worker
from whoosh.util.filelock import FileLock

from paper_tui.library import Library
from paper_tui.model import Paper
from paper_tui.reader.index_state import IndexPhase
from paper_tui.reader.view_cache import ViewSource
from paper_tui.reader.views import ViewSpec
from paper_tui.store import View
from paper_tui.ui.app import PaperApp
from paper_tui.ui.commands import REINDEX_COMMAND
from paper_tui.ui.screens import main as main_screen_module
from paper_tui.ui.widgets import view_list as main
from paper_tui.ui.widgets.status import StatusLine
from tests.helpers import ingest
from tests.helpers.ui import (
    SIZE,
    held_back,
    main_screen,
    make_app,
    notifications,
    press,
    row_text,
    screen_text,
    settle,
)


async def until(pilot: Pilot[Any], condition: Callable[[], object], what: str, seconds: float = 15.0) -> None:
    """Pause in small steps until ``condition`` holds (bounded): for timers and child processes,
    which ``app.workers.wait_for_complete()`` does not cover."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def status(app: PaperApp) -> str:
    return main_screen(app).query_one(StatusLine).content(SIZE[0]).plain


async def test_the_detail_follows_j_at_once_from_the_records_fetched_with_the_rows(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = library.view_ids(View(latest=True))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        # From now on a paper fetched on its own would never arrive: what shows came with the rows.
        gate = held_back(monkeypatch, library, "paper")
        for expected in ids[1:4]:
            await pilot.press("j")
            assert screen.detail.record is not None and screen.detail.record.id == expected
            assert f"Paper #{expected}" in screen_text(app)
        gate.set()


async def test_the_records_are_fetched_again_when_the_library_changes_under_them(
    library: Library, other: Library
) -> None:
    ids = library.view_ids(View(latest=True))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.papers.record(ids[1]) is not None  # cached with the rows
        other.set_note(ids[1], "written by another reader")
        other.bookmark([ids[1]])
        screen.refresh_data()  # what the poll does when it sees another process's commit
        await settle(app, pilot)
        await pilot.press("j")
        record = screen.detail.record
        assert record is not None and record.id == ids[1]
        assert record.note == "written by another reader" and record.bookmarked
        assert "written by another reader" in screen_text(app)


async def test_counts_and_panes_follow_a_at_once_and_the_write_confirms_them(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = library.view_ids(View(latest=True))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        gate = held_back(monkeypatch, library, "queue_add")
        await pilot.press("a")
        # Before the library has it: the status line, the row, the queue pane and the detail.
        assert "1 queued" in status(app)
        assert "Queued (#1)" in status(app)
        assert screen.queue_list.ids == [ids[0]]
        assert "»" in row_text(screen.papers, 0)
        assert screen.detail.record is not None and screen.detail.record.queue_position == 1
        assert library.queue() == []
        gate.set()
        await settle(app, pilot)
        assert library.queue() == [ids[0]]
        assert "1 queued" in status(app) and screen.status.counts["queued"] == 1


async def test_a_prefetch_that_lands_after_a_key_does_not_take_back_what_the_key_showed(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The views fetched in the background read the library before ``a`` was written: landing after
    the key, their rows must not put the paper back as not queued."""
    ids = library.view_ids(View(latest=True))
    asked, go = threading.Event(), threading.Event()
    top = ViewSource.top

    def held_top(self: ViewSource, view_ids: list[int]) -> Any:
        asked.set()
        go.wait(30)
        return top(self, view_ids)

    monkeypatch.setattr(ViewSource, "top", held_top)
    gate = held_back(monkeypatch, library, "queue_add")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await until(pilot, asked.is_set, "the views' fetch after the first frame")
        await pilot.press("a")
        assert "»" in row_text(screen.papers, 0)
        go.set()  # the prefetch reads the library now, where the paper is not queued yet
        await until(pilot, lambda: screen.papers.cache.get(ViewSpec(kind="all")), "the views' ids")
        await pilot.pause()
        assert "»" in row_text(screen.papers, 0)
        assert screen.detail.record is not None and screen.detail.record.queue_position == 1
        assert library.queue() == []
        gate.set()
        await settle(app, pilot)
        assert library.queue() == [ids[0]] and "»" in row_text(screen.papers, 0)


async def test_a_fetch_that_starts_after_a_key_and_before_its_write_shows_what_the_key_did(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_screen_module, "WARM_DELAY", 60.0)  # the views are fetched when asked here
    ids = library.view_ids(View(latest=True))
    gate = held_back(monkeypatch, library, "queue_add")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("a", "b")
        screen.papers.schedule_prefetch(0)  # reads the library, where neither mark is written yet
        await until(pilot, lambda: screen.papers.cache.get(ViewSpec(kind="all")), "the views' ids")
        await pilot.pause()
        row = screen.papers.row(ids[0])
        assert row is not None and row.queued and row.bookmarked
        assert library.queue() == []
        gate.set()
        await settle(app, pilot)
        assert library.queue() == [ids[0]]


async def test_views_come_back_from_their_cached_ids_and_are_checked_after_a_change(
    library: Library, other: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main, "PREFETCH_DELAY", 0.05)

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        # After the first frame the other views' ids are fetched in the background.
        await until(
            pilot,
            lambda: all(screen.papers.cache.get(ViewSpec(kind=k)) for k in ("all", "unread", "bookmarked")),
            "prefetch",
        )
        await settle(app, pilot)
        calls: list[object] = []
        view_ids = library.view_ids
        monkeypatch.setattr(library, "view_ids", lambda *a, **k: calls.append(a) or view_ids(*a, **k))
        await pilot.press("2")
        assert screen.papers.count == 6 and screen.view.kind == "all"  # at once, no query
        await press(app, pilot, "3", "1", "2")
        assert calls == []
        # Another process imports a paper: the cached ids show at once, then the list catches up.
        ingest(other, Paper(title="Arrived Meanwhile", arxiv_id="2608.00077"), date="2026-08-02")
        screen.refresh_data()
        await press(app, pilot, "3")
        await press(app, pilot, "2")
        assert screen.papers.count == 7
        assert any(call[0] == View() for call in calls)


async def test_the_views_are_fetched_right_after_the_first_frame_with_their_first_papers(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No quiet period first (a switch in the first seconds finds the views), and a switch to one shows
    its first paper in the detail pane from what was fetched with its ids, not from a query after it."""
    monkeypatch.setattr(main, "PREFETCH_DELAY", 60.0)  # a timer would not fire within the test
    dates = sorted(library.digest_dates())
    older = library.view_ids(View(digest_date=dates[0]))[0]
    library.bookmark([older])  # Bookmarked's first paper is not in Today, where the reader starts
    armed, release = threading.Event(), threading.Event()

    def gated(function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if armed.is_set():
                release.wait(30)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(library, "paper", gated(library.paper))
    monkeypatch.setattr(library, "papers", gated(library.papers))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await until(pilot, lambda: screen.papers.cache.get(ViewSpec(kind="bookmarked")), "the views' ids")
        await settle(app, pilot)
        assert screen.view.kind == "today" and screen.detail.record is not None
        assert screen.detail.record.id != older
        armed.set()  # from now on a record asked of the library waits
        try:
            await pilot.press("4")
            assert screen.view.kind == "bookmarked"
            assert screen.detail.record is not None and screen.detail.record.id == older
        finally:
            release.set()
        await settle(app, pilot)


async def test_a_view_switch_holds_the_repaint_for_one_frame_only_even_under_a_dialog(
    library: Library,
) -> None:
    """A switch paints list, detail and status together by holding the screen's repaint until the
    messages it queued are handled; the hold always ends, also while a dialog is on top."""
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("question_mark")
        assert app.screen is not screen
        screen.load_view(ViewSpec(kind="all"))
        assert app._batch_count == 1
        await until(pilot, lambda: app._batch_count == 0, "the end of the hold")
        await press(app, pilot, "escape")
        assert app.screen is screen and screen.view.kind == "all"
        await pilot.press("3")
        assert app._batch_count == 0 and screen.view.kind == "unread"


async def test_no_library_io_on_the_ui_thread(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Queries, searches, the index sync and its warm-up run in workers: the UI thread only paints."""
    watched = ("view_ids", "rows", "papers", "paper", "counts", "search", "sync_index", "warm", "queue")
    on_ui_thread: list[str] = []
    ui_thread = threading.current_thread()

    def watch(name: str) -> None:
        function = getattr(library, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is ui_thread:
                on_ui_thread.append(name)
            return function(*args, **kwargs)

        monkeypatch.setattr(library, name, call)

    for name in watched:
        watch(name)

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await until(pilot, lambda: screen.index.phase is IndexPhase.READY, "the index warm-up")
        await press(app, pilot, "j", "a", "b", "r", "2", "3", "5", "1", "m")
        await press(app, pilot, "escape", "slash", *"graph", "enter")
        await press(app, pilot, "j")
        assert screen.view.kind == "search"
    assert on_ui_thread == []


async def test_the_index_is_warmed_after_the_first_frame(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    warmed: list[str] = []
    warm = library.warm
    monkeypatch.setattr(library, "warm", lambda: warmed.append(threading.current_thread().name) or warm())

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await until(pilot, lambda: screen.index.phase is IndexPhase.READY, "the index warm-up")
        assert len(warmed) == 1


async def _held_rebuild(
    app: PaperApp, pilot: Pilot[Any], library: Library, start: Callable[[], Awaitable[None]]
) -> None:
    """Start a rebuild with the index's lock held (the child waits for it): check that the reader is
    usable and shows the rebuild meanwhile, then let it finish."""
    screen = main_screen(app)
    lock = FileLock(str(library.paths.index_dir.with_name("index.lock")))
    lock.acquire(blocking=True)
    try:
        await start()
        await until(pilot, lambda: "Indexing" in status(app), "the rebuild in the status line")
        assert screen.index.phase is IndexPhase.REBUILDING
        # Lists, detail and queue work meanwhile.
        await pilot.press("j")
        await until(pilot, lambda: screen.detail.record is not None, "the detail")
        assert screen.detail.record is not None and screen.detail.record.id == screen.papers.highlighted_id
        await pilot.press("a")
        await until(pilot, lambda: library.queue() == [screen.papers.highlighted_id], "the queue write")
    finally:
        lock.release()
    await until(pilot, lambda: screen.index.phase is IndexPhase.READY, "the rebuild to finish", 60)
    await settle(app, pilot)
    assert "Indexing" not in status(app)
    assert library.index.pids() == set(library.store.all_ids())


async def test_the_palette_rebuilds_the_index_in_the_background(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await until(pilot, lambda: screen.index.phase is IndexPhase.READY, "the index warm-up")

        async def from_the_palette() -> None:
            await pilot.press("ctrl+p")
            assert CommandPalette.is_open(app)
            await pilot.press(*REINDEX_COMMAND)
            await settle(app, pilot)  # every provider has answered (the titles too)
            assert REINDEX_COMMAND in screen_text(app)
            await pilot.press("enter")
            await until(pilot, lambda: screen.index.phase is IndexPhase.REBUILDING, "the rebuild")
            # One at a time; and the old index answers searches until the new one is swapped in.
            screen.action_reindex()
            await until(
                pilot, lambda: any("already being rebuilt" in n for n in notifications(app)), "no 2nd"
            )
            await pilot.press("slash", *"graph", "enter")
            await until(pilot, lambda: screen.view.kind == "search" and screen.papers.count == 2, "a search")
            await pilot.press("escape")

        await _held_rebuild(app, pilot, library, from_the_palette)
        assert any("Search index rebuilt: 6 papers" in n for n in notifications(app))
        await press(app, pilot, "slash", *"diffusion", "enter")
        assert screen.view.kind == "search" and screen.papers.count == 2


async def test_a_missing_index_is_rebuilt_after_start_and_search_waits_for_it(library: Library) -> None:
    library.close()
    shutil.rmtree(library.paths.index_dir)
    app = make_app(library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = main_screen(app)

        async def at_start() -> None:
            await until(pilot, lambda: screen.started, "the start")

        async def search_is_refused() -> None:
            await pilot.press("slash", *"graph")
            await until(pilot, lambda: any("Search is back" in n for n in notifications(app)), "a message")
            assert screen.view.kind != "search"
            await pilot.press("escape")

        async def start() -> None:
            await at_start()
            await until(pilot, lambda: screen.index.phase is IndexPhase.REBUILDING, "the rebuild")
            await search_is_refused()

        await _held_rebuild(app, pilot, library, start)
        assert any("missing, damaged" in n for n in notifications(app))
        await press(app, pilot, "slash", *"graph", "enter")
        assert screen.view.kind == "search" and screen.papers.count == 2


async def test_the_palette_s_workers_never_describe_themselves_by_every_title(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: the title match's worker was described by the repr of its callable, every title of the
    # library in it: 150 ms of each key at 100,000 papers, spent building a string nobody read.
    described: list[str] = []
    original = Worker.__init__

    def recording(self: Worker[Any], *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        described.append(self.description)

    monkeypatch.setattr(Worker, "__init__", recording)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("colon")
        await press(app, pilot, *"graph chemistry")
        assert any(d == "title match" for d in described), described
        titles = [r.title for r in library.papers(library.view_ids(View()))]
        assert not [d for d in described if any(title in d for title in titles)]


async def test_the_palette_s_title_index_is_settled_out_of_full_collections(library: Library) -> None:
    # Before: every full collection walked the title index (and the views' id lists) again, 50-90 ms at
    # 100,000 papers every few keys typed in the palette (bench/palette_speed.py).
    assert gc.get_freeze_count() == 0
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert gc.get_freeze_count() == 0  # a headless reader does not freeze at start
        await pilot.press("colon")
        await press(app, pilot, *"graph")
        assert gc.get_freeze_count() > 0
