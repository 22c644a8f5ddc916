"""The reader's state without Textual: the session's ordered thread, the view cache, the index state,
the counts a key moves, one search as typed, and threads that never hold the quit."""

from __future__ import annotations

import threading
import time

import pytest

from paper_tui.library import Library
from paper_tui.model import View
from paper_tui.reader.index_state import IndexPhase, IndexState
from paper_tui.reader.marks import counts_after
from paper_tui.reader.search import run_search
from paper_tui.reader.session import QUIT_WAIT, ReaderSession
from paper_tui.reader.threads import DaemonExecutor
from paper_tui.reader.view_cache import ViewCache, ViewSource, Window, expected_cursor
from paper_tui.reader.views import ViewSpec
from tests.helpers import ingest, paper

# -- threads that never hold the quit -------------------------------------------------------------


def test_the_daemon_executor_runs_calls_in_order_on_daemon_threads() -> None:
    executor = DaemonExecutor(1, name="test-db")
    seen: list[tuple[int, bool]] = []
    futures = [
        executor.submit(lambda n=n: seen.append((n, threading.current_thread().daemon))) for n in range(50)
    ]
    for future in futures:
        future.result(5)
    assert seen == [(n, True) for n in range(50)]
    assert not executor.busy
    executor.shutdown()


def test_a_stuck_call_holds_shutdown_only_for_the_join_timeout() -> None:
    executor = DaemonExecutor(2, name="test-stuck", join_timeout=0.3)
    release = threading.Event()
    stuck = executor.submit(release.wait, 30)
    started = time.monotonic()
    executor.shutdown(wait=True)
    waited = time.monotonic() - started
    assert executor.busy and not stuck.done()
    assert waited < 3  # the join timeout (0.3 s), not the 30 s the call would take
    with pytest.raises(RuntimeError):
        executor.submit(print)
    release.set()
    assert stuck.result(5) is True


def test_cancelled_queued_calls_never_run() -> None:
    executor = DaemonExecutor(1, name="test-cancel", join_timeout=0.2)
    release = threading.Event()
    ran: list[int] = []
    executor.submit(release.wait, 5)
    queued = executor.submit(ran.append, 1)
    executor.shutdown(wait=False, cancel_futures=True)
    assert queued.cancelled()
    release.set()
    for thread in executor._daemons:
        thread.join(5)  # the thread ran what was left in its queue and ended
    assert ran == []


# -- the session ----------------------------------------------------------------------------------


def test_a_session_seeds_an_empty_library_and_reads_the_first_view(library: Library) -> None:
    said: list[str] = []
    session = ReaderSession(library, on_seeding=lambda: said.append("seeding"))
    snapshot = session.start().result(60)
    assert said == ["seeding"]
    assert snapshot.notes and snapshot.notes[0][0] == "information"
    assert "Imported the bundled sample" in snapshot.notes[0][1]
    assert snapshot.view == ViewSpec(kind="today")
    assert snapshot.latest is not None and snapshot.window.today == snapshot.latest
    assert snapshot.window.ids == library.view_ids(View(digest_date=snapshot.latest))
    assert set(snapshot.window.rows) <= set(snapshot.window.ids) and snapshot.window.records
    assert snapshot.queue.ids == []
    assert session.close()


def test_a_session_restores_the_saved_place_and_saves_only_changes(library: Library) -> None:
    ingest(library, paper("Alpha", "2401.00001"), paper("Bravo", "2401.00002"), date="2026-08-01")
    bravo = library.resolve("2401.00002")
    library.save_reader_state(view="all", selected=bravo, theme="nord")
    session = ReaderSession(library)
    snapshot = session.start().result(30)
    assert (snapshot.view, snapshot.selected, snapshot.theme) == (ViewSpec(kind="all"), bravo, "nord")
    assert session.save_place("all", bravo) is None  # what was saved: no write
    write = session.save_place("unread", bravo)
    assert write is not None
    write.result(5)
    assert library.reader_state().view == "unread"
    session.theme_shown("dracula")  # applied at start, from the config: not a choice to save
    assert session.save_theme("dracula") is None
    saved = session.save_theme("monokai")
    assert saved is not None
    saved.result(5)
    assert library.reader_state().theme == "monokai"
    assert session.close()


def test_a_saved_digest_that_is_gone_falls_back_to_today(library: Library) -> None:
    ingest(library, paper("Alpha", "2401.00001"), date="2026-08-01")
    library.save_reader_state(view="digest:2020-01-01")
    session = ReaderSession(library)
    assert session.start().result(30).view == ViewSpec(kind="today")
    session.close()


def test_the_poll_sees_other_processes_commits_not_its_own(library: Library) -> None:
    ingest(library, paper("Alpha", "2401.00001"))
    session = ReaderSession(library)
    session.start().result(30)
    assert session.poll().result(5) is False
    session.submit(lambda: library.bookmark([library.resolve("2401.00001")])).result(5)
    assert session.poll().result(5) is False  # its own write, on its own connection
    with Library.open(library.paths.data_dir) as other:
        other.mark_read([other.resolve("2401.00001")])
    assert session.poll().result(5) is True
    assert session.poll().result(5) is False
    session.close()


def test_closing_a_session_with_a_write_stuck_says_so_within_the_quit_wait(library: Library) -> None:
    session = ReaderSession(library)
    release = threading.Event()
    session.submit(lambda: release.wait(30))
    started = time.monotonic()
    assert session.close() is False
    assert time.monotonic() - started < QUIT_WAIT + 2
    release.set()


# -- the view cache and where views come from -----------------------------------------------------


def test_the_view_cache_keeps_the_newest_answer_and_follows_changes() -> None:
    cache = ViewCache()
    all_view, unread = ViewSpec(kind="all"), ViewSpec(kind="unread")
    cache.remember(all_view, Window([1, 2, 3]), 0)
    cache.remember(unread, Window([2]), 0)
    cache.changed(own=False)  # another process: everything is behind
    assert cache.generation == 1
    cached_all = cache.get(all_view)
    assert cached_all is not None and not cache.is_current(cached_all)
    cache.remember(all_view, Window([1, 2, 3, 4]), 1)
    cache.remember(all_view, Window([9]), 0)  # an older answer arriving late is dropped
    cached_all = cache.get(all_view)
    assert cached_all is not None and cached_all.window.ids == [1, 2, 3, 4]
    cache.changed(own=True)  # the user's own mark: Unread changes, All does not
    assert cache.get(unread) is None
    current = cache.get(all_view)
    assert current is not None and cache.is_current(current)
    assert [spec.kind for spec in cache.to_prefetch()] == ["today", "unread", "bookmarked"]


def test_search_results_and_the_queue_are_not_cached() -> None:
    cache = ViewCache()
    cache.remember(ViewSpec(kind="search", query="x"), Window([1]), 0)
    cache.remember(ViewSpec(kind="queue"), Window([1]), 0)
    assert cache.get(ViewSpec(kind="search", query="x")) is None
    assert cache.get(ViewSpec(kind="queue")) is None


def test_only_the_last_four_digests_are_kept() -> None:
    cache = ViewCache()
    for day in range(1, 7):
        cache.remember(ViewSpec(kind="digest", digest_date=f"2026-08-0{day}"), Window([day]), 0)
    kept = [day for day in range(1, 7) if cache.get(ViewSpec(kind="digest", digest_date=f"2026-08-0{day}"))]
    assert kept == [3, 4, 5, 6]


def test_the_cursor_lands_on_the_kept_paper_else_where_it_was() -> None:
    assert expected_cursor([5, 6, 7], 7, reset=False) == 2
    assert expected_cursor([5, 6, 7], 9, reset=False, old_cursor=1) == 1
    assert expected_cursor([5, 6, 7], 9, reset=True, old_cursor=1) == 0
    assert expected_cursor([5], None, reset=False, old_cursor=4) == 0


def test_a_view_source_reads_each_kind_of_view(library: Library) -> None:
    ingest(library, paper("Old paper", "2401.00001"), date="2026-07-01")
    ingest(library, paper("New paper", "2401.00002"), date="2026-08-01")
    new = library.resolve("2401.00002")
    source = ViewSource(library, lambda: None)
    assert source.latest() == "2026-08-01"
    assert source.ids(ViewSpec(kind="today")) == [new]
    assert len(source.ids(ViewSpec(kind="all"))) == 2
    assert source.ids(ViewSpec(kind="search", query="x")) == []
    refused = ViewSource(library, lambda: "the index is being rebuilt")
    assert refused.ids(ViewSpec(kind="similar", paper_id=new)) == []


# -- the index state ------------------------------------------------------------------------------


def test_the_index_state_says_when_search_cannot_run() -> None:
    state = IndexState()
    assert state.begin_check() and not state.begin_check()
    assert state.phase is IndexPhase.UNKNOWN
    assert state.checked(usable=False) is True  # rebuild now
    state.start_rebuild(missing=True, total=2000)
    assert state.rebuilding and state.checked(usable=False) is False  # not a second rebuild
    assert state.unavailable() == "Search is back when the index is rebuilt (0/2,000)."
    assert state.progress(1500, 2000)
    assert state.activity() == "Indexing 1,500/2,000…"
    assert state.wait_usable(lambda: False) == "Search is back when the index is rebuilt (1,500/2,000)."
    state.rebuilt()
    assert state.phase is IndexPhase.READY and state.unavailable() is None and state.activity() == ""
    assert not state.progress(1, 2)  # a late report after the end
    assert state.wait_usable(lambda: False) is None


def test_a_rebuild_beside_a_usable_index_lets_searches_run() -> None:
    state = IndexState()
    state.checked(usable=True)
    state.start_rebuild(missing=False, total=10)
    assert state.unavailable() is None
    assert state.wait_usable(lambda: False) is None
    assert state.activity() == "Indexing 0/10…"


def test_a_search_waiting_for_the_index_stops_when_cancelled() -> None:
    state = IndexState()
    cancelled = threading.Event()
    threading.Timer(0.1, cancelled.set).start()
    assert state.wait_usable(cancelled.is_set) == "cancelled"


# -- the counts a key moves, and one search --------------------------------------------------------


def test_counts_move_with_a_mark_and_never_below_zero() -> None:
    counts = {"papers": 10, "unread": 4, "queued": 0, "bookmarked": 1}
    was = {"read": False, "bookmarked": True, "queued": False}
    assert counts_after(counts, was, {"read": True})["unread"] == 3
    assert counts_after(counts, was, {"bookmarked": False})["bookmarked"] == 0
    assert counts_after(counts, was, {"queued": True, "read": True}) == {
        "papers": 10,
        "unread": 3,
        "queued": 1,
        "bookmarked": 1,
    }
    assert counts_after(counts, was, {"bookmarked": True}) == counts  # no change
    assert counts_after(counts, {}, {"read": True}) == counts  # the mark before is unknown
    assert counts_after({}, was, {"read": True}) == {}
    assert counts_after({"unread": 0}, {"read": True}, {"read": False}) == {"unread": 1}
    assert counts_after({"queued": 0}, {"queued": True}, {"queued": False}) == {"queued": 0}


def test_one_search_as_typed_finds_by_prefix_and_fetches_the_first_rows(library: Library) -> None:
    ingest(library, paper("Diffusion models for video", "2401.00001"), paper("Graph networks", "2401.00002"))
    state = IndexState()
    state.checked(usable=True)
    outcome = run_search(library, state, "diffu", full=False, cancelled=lambda: False)
    found = library.resolve("2401.00001")
    assert outcome.error is None and outcome.ids == [found]
    assert outcome.window is not None and found in outcome.window.rows
    assert state.searched
    assert run_search(library, state, "graph", full=True, cancelled=lambda: False).ids == [
        library.resolve("2401.00002")
    ]


def test_a_search_while_the_index_is_rebuilt_from_nothing_says_why(library: Library) -> None:
    state = IndexState()
    state.start_rebuild(missing=True, total=0)
    outcome = run_search(library, state, "anything", full=True, cancelled=lambda: False)
    assert outcome.ids == [] and outcome.error == "Search is back when the index is rebuilt."
