"""The reader fetches (F, the palette, a schedule) from a local HTTP server and imports the inbox folder."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from textual.pilot import Pilot
from werkzeug import Request, Response

from paper_tui.fetch import FetchConfig, FetchResult
from paper_tui.library import Library
from paper_tui.model import IngestResult
from paper_tui.store import View
from paper_tui.sync import fetch_summary, source_label
from paper_tui.ui.app import PaperApp
from paper_tui.ui.widgets.status import StatusLine
from tests.helpers import FIXTURES, closed_port, ingest
from tests.helpers.ui import (
    OLDER,
    SIZE,
    main_screen,
    make_app,
    notifications,
    press,
    screen_text,
    settle,
    titles,
)

pytestmark = pytest.mark.usefixtures("no_proxy")

POLL = 0.5  # the smallest interval Config allows
MORNING = (FIXTURES / "fetch" / "hf_2026-08-03_morning.json").read_bytes()
MORNING_TITLES = ("Sparse Routers for Small Models", "Counting Tokens Twice")
JSON = "application/json; charset=utf-8"
#: Older than any day a fetch asks for, so that the fetched digest is always the newest.
OLD_DAY = "2000-01-03"


@pytest.fixture
def old_library() -> Iterator[Library]:
    """One old digest of two papers (2000-01-03)."""
    with Library.open() as library:
        ingest(library, *OLDER, date=OLD_DAY)
        yield library


def fetch_config(server: HTTPServer | str, **settings: Any) -> FetchConfig:
    """[fetch] pointing at the local server: Hugging Face, today only."""
    url = server if isinstance(server, str) else server.url_for("/").rstrip("/")
    return FetchConfig(hf_base_url=url, hf_days=1, **settings)


def status_text(app: PaperApp) -> str:
    return main_screen(app).query_one(StatusLine).content(SIZE[0]).plain


async def until(pilot: Pilot[Any], condition: Any, what: str) -> None:
    """Let the app run until ``condition()`` holds (a state the test waits on, not a worker)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


# -- F and the palette -------------------------------------------------------------------------


async def test_fetch_key_shows_progress_then_the_new_papers_in_today_and_unread(
    httpserver: HTTPServer, old_library: Library
) -> None:
    release = threading.Event()

    def answer(request: Request) -> Response:
        release.wait(10)  # held until the test has seen the progress
        return Response(MORNING, content_type=JSON)

    httpserver.expect_request("/api/daily_papers").respond_with_handler(answer)

    app = make_app(old_library, fetch=fetch_config(httpserver))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert titles(app) == [p.title for p in OLDER]
        await pilot.press("F")
        await until(pilot, lambda: "Fetching hf 20" in status_text(app), "progress in the status line")
        assert screen.background.fetching
        # A second F while the first runs starts nothing.
        await pilot.press("F")
        assert "A fetch is already running." in notifications(app)
        release.set()
        await settle(app, pilot)
        assert not screen.background.fetching
        assert "Fetching" not in status_text(app)
        assert "Fetched: 2 new, 0 updated" in notifications(app)
        assert not any(n.startswith("A new digest arrived") for n in notifications(app))
        # Today moved to the fetched digest at once, and the new papers are unread.
        assert screen.view.kind == "today"
        assert sorted(titles(app)) == sorted(MORNING_TITLES)
        assert screen.papers.today_date is not None and screen.papers.today_date > OLD_DAY
        assert "4 papers · 4 unread" in screen_text(app)
        await press(app, pilot, "3")
        assert set(MORNING_TITLES) <= set(titles(app))
    assert len(httpserver.log) == 1


async def test_fetch_keeps_the_place_in_the_unread_view(httpserver: HTTPServer, old_library: Library) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(MORNING, content_type=JSON)

    app = make_app(old_library, fetch=fetch_config(httpserver))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "3", "j")
        place = screen.papers.highlighted_id
        await press(app, pilot, "F")
        assert screen.view.kind == "unread"
        assert set(MORNING_TITLES) <= set(titles(app))
        assert len(screen.papers.ids) == 4
        assert screen.papers.highlighted_id == place


async def test_fetch_now_is_a_palette_command(httpserver: HTTPServer, old_library: Library) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(MORNING, content_type=JSON)

    app = make_app(old_library, fetch=fetch_config(httpserver))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert "Fetch now" in {command.title for command in app.get_system_commands(screen)}
        await press(app, pilot, "ctrl+p", *"Fetch now")
        await press(app, pilot, "enter")
        assert "Fetched: 2 new, 0 updated" in notifications(app)
        assert old_library.counts()["papers"] == 4


async def test_fetch_offline_says_so_in_one_notification_and_changes_nothing(old_library: Library) -> None:
    port = closed_port()

    app = make_app(old_library, fetch=fetch_config(f"http://127.0.0.1:{port}"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        before = screen.papers.ids
        await press(app, pilot, "F")
        errors = [n for n in notifications(app) if "cannot reach" in n]
        assert len(errors) == 1
        assert f"cannot reach 127.0.0.1:{port}: Connection refused; check the network" in errors[0]
        assert not any(n.startswith("Fetched") for n in notifications(app))
        assert old_library.counts()["papers"] == 2
        assert screen.papers.ids == before
        assert not screen.background.fetching
        assert app.is_running


async def test_a_malformed_answer_is_reported_with_its_url(
    httpserver: HTTPServer, old_library: Library
) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(MORNING[:300], content_type=JSON)

    app = make_app(old_library, fetch=fetch_config(httpserver))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "F")
        [error] = [n for n in notifications(app) if "nothing was imported" in n]
        assert "/api/daily_papers" in error
        assert old_library.counts()["papers"] == 2


def test_source_labels_match_the_fetch_results() -> None:
    assert source_label("http://h/api/daily_papers", {"date": "2026-08-03", "p": 1}) == "hf 2026-08-03"
    assert source_label("https://rss.arxiv.org/rss/cs.CL", None) == "arxiv cs.CL"
    assert source_label("https://example.org/x", None) == "example.org"


# -- the schedule ------------------------------------------------------------------------------


async def test_no_schedule_means_no_timer(old_library: Library) -> None:
    app = make_app(old_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert main_screen(app).background.fetch_timer is None


async def test_the_schedule_fetches_in_the_background(httpserver: HTTPServer, old_library: Library) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(MORNING, content_type=JSON)
    old_library.store.set_meta("ui.view", "unread")  # the reader opens on Unread
    minutes = 0.01  # 0.6 s

    app = make_app(old_library, fetch=fetch_config(httpserver, schedule_minutes=minutes))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.view.kind == "unread"
        assert screen.background.fetch_timer is not None
        assert screen.background.fetch_timer._interval == pytest.approx(minutes * 60)
        # Nothing but the timer fetches here.
        await until(pilot, lambda: len(httpserver.log) >= 1, "the scheduled fetch")
        screen.background.fetch_timer.stop()
        await settle(app, pilot)
        assert "Fetched: 2 new, 0 updated" in notifications(app)
        # Unread shows the new papers at once ...
        assert set(MORNING_TITLES) <= set(titles(app))
        assert len(screen.papers.ids) == 4
        # ... and choosing Today shows the fetched digest.
        assert screen.papers.today_date is None
        await press(app, pilot, "1")
        assert sorted(titles(app)) == sorted(MORNING_TITLES)


async def test_a_scheduled_fetch_keeps_today_and_is_quiet_when_nothing_is_new(
    httpserver: HTTPServer, old_library: Library
) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(MORNING, content_type=JSON)

    app = make_app(old_library, fetch=fetch_config(httpserver, schedule_minutes=60))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.background.fetch_timer is not None
        screen.background._scheduled_fetch()  # what the timer calls
        await settle(app, pilot)
        assert "Fetched: 2 new, 0 updated" in notifications(app)
        # In the background Today is not pulled from under the reader: it says so instead.
        assert screen.papers.today_date == OLD_DAY
        assert sorted(titles(app)) == sorted(p.title for p in OLDER)
        assert any(n.startswith("A new digest arrived (") for n in notifications(app))
        app.clear_notifications()
        screen.background._scheduled_fetch()
        await settle(app, pilot)
        assert len(httpserver.log) == 2
        assert not any(n.startswith("Fetched") for n in notifications(app))


# -- the inbox folder --------------------------------------------------------------------------


def settled(path: Path) -> Path:
    """Date the file a minute back: it is finished, not being written."""
    stamp = time.time() - 60
    os.utime(path, (stamp, stamp))
    return path


async def test_a_file_dropped_into_the_inbox_is_imported_while_the_reader_runs(old_library: Library) -> None:
    app = make_app(old_library, poll_interval=POLL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        inbox = screen.background.inbox_folder()
        assert inbox == old_library.paths.data_dir / "inbox"
        await press(app, pilot, "3")
        inbox.mkdir(parents=True, exist_ok=True)
        (inbox / "later.json.part").write_bytes(MORNING)  # still downloading: left alone
        (inbox / "morning.json").write_bytes(MORNING)
        settled(inbox / "morning.json")
        await until(pilot, lambda: (inbox / "done" / "morning.json").exists(), "the import")
        await settle(app, pilot)
        assert not (inbox / "morning.json").exists()
        assert (inbox / "later.json.part").exists()
        assert "Imported 2 papers from inbox/morning.json (2 new)" in notifications(app)
        assert set(MORNING_TITLES) <= set(titles(app))
        assert old_library.counts()["papers"] == 4


async def test_a_broken_inbox_file_moves_to_failed_with_a_notification(old_library: Library) -> None:
    app = make_app(old_library, poll_interval=POLL)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        inbox = main_screen(app).background.inbox_folder()
        inbox.mkdir(parents=True, exist_ok=True)
        broken = inbox / "notes.txt"
        broken.write_text("just some notes, not a digest\n", encoding="utf-8")
        settled(broken)
        failed = inbox / "failed" / "notes.txt"
        await until(pilot, failed.exists, "the refusal")
        await settle(app, pilot)
        reason = (inbox / "failed" / "notes.txt.reason.txt").read_text(encoding="utf-8")
        assert reason.startswith("notes.txt: ")
        [said] = [n for n in notifications(app) if n.startswith("Inbox: ")]
        assert said == f"Inbox: {reason.strip()} (moved to inbox/failed/)"
        assert old_library.counts()["papers"] == 2
        assert app.is_running


async def test_a_configured_inbox_folder_is_used(old_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    shutil.copy(FIXTURES / "fetch" / "hf_2026-08-03_morning.json", folder / "hf.json")
    settled(folder / "hf.json")

    app = make_app(old_library, poll_interval=POLL, fetch=FetchConfig(inbox=folder))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: (folder / "done" / "hf.json").exists(), "the import")
        await settle(app, pilot)
        assert "Imported 2 papers from drop/hf.json (2 new)" in notifications(app)
        assert len(old_library.view_ids(View(unread=True))) == 4


def test_the_summary_counts_new_and_updated_papers_and_groups_failures() -> None:
    offline = "cannot reach huggingface.co: Connection refused; check the network"
    day1 = FetchResult("hf 2026-08-02", "u1", error=offline)
    day2 = FetchResult("hf 2026-08-03", "u2", error=offline)
    feed = FetchResult(
        "arxiv cs.CL", "u3", result=IngestResult("x", new=12, merged=3, unchanged=5), papers=20
    )
    weekend = FetchResult("arxiv cs.LG", "u4")
    assert fetch_summary([day1, day2]) == (None, [f"hf 2026-08-02, hf 2026-08-03: {offline}"])
    assert fetch_summary([feed, weekend]) == ("Fetched: 12 new, 3 updated", [])
    line, errors = fetch_summary([day1, feed])
    assert line == "Fetched: 12 new, 3 updated (1 of 2 sources failed)"
    assert errors == [f"hf 2026-08-02: {offline}"]
    assert fetch_summary([])[0] is not None and fetch_summary([])[0].startswith("Nothing to fetch")


@pytest.mark.parametrize("width", [80, 120])
def test_the_status_line_shows_the_fetch_under_way_at_any_width(width: int) -> None:
    status = StatusLine()
    status.view_label = "Today"
    status.view_count = "61"
    status.counts = {"papers": 61, "unread": 61, "queued": 0, "bookmarked": 0}
    status.digest_date = "2025-08-11"
    status.fetch_activity = "Fetching hf 2026-11-28…"
    line = status.content(width).plain
    assert line.endswith("Fetching hf 2026-11-28…")
    assert len(line) <= width
    status.fetch_activity = ""
    # One date style per width: the compact one where space is short.
    assert status.content(width).plain.endswith("2025-08-11" if width >= 100 else " 08-11")
