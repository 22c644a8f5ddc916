"""The library changes under a running reader (cron imports, a second reader); empty libraries seed."""

from __future__ import annotations

import pytest

from paper_tui.library import Library
from paper_tui.model import Link, Paper
from paper_tui.store import View
from tests.helpers import ingest
from tests.helpers.ui import SIZE, main_screen, make_app, notifications, press, row_text, screen_text, settle

POLL = 0.5  # the smallest interval Config allows


async def test_another_readers_bookmark_shows_after_the_poll(library: Library, other: Library) -> None:
    ids = library.view_ids(View(latest=True))
    app = make_app(library, poll_interval=POLL)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "j", "j")
        other.bookmark([ids[0]])
        other.queue_add([ids[3]])
        await pilot.pause(POLL * 2)  # the poll timer is what is under test
        await settle(app, pilot)
        assert "★" in row_text(screen.papers, 0)
        assert screen.queue_list.ids == [ids[3]]
        assert "1 queued · 1 bookmarked" in screen_text(app)
        assert screen.papers.highlighted_id == ids[2]


async def test_a_cron_import_appears_and_the_place_is_kept(library: Library, other: Library) -> None:
    app = make_app(library, poll_interval=POLL)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "2", "j", "j")
        place = screen.papers.highlighted_id
        before = len(screen.papers.ids)
        fresh = (
            Paper(
                title="A Paper From Tomorrow",
                arxiv_id="2608.00101",
                links=(Link("arxiv", "https://arxiv.org/abs/2608.00101"),),
            ),
            Paper(title="Another Paper From Tomorrow", arxiv_id="2608.00102"),
        )
        ingest(other, *fresh, date="2026-08-02")
        await pilot.pause(POLL * 2)
        await settle(app, pilot)
        assert len(screen.papers.ids) == before + 2
        assert screen.papers.highlighted_id == place
        assert screen.papers.ids.index(place) == 4
        text = screen_text(app)
        assert "A Paper From Tomorrow" in text
        assert "8 papers · 8 unread" in text
        assert "digest 2026-08-02" in text


async def test_two_readers_never_overwrite_each_other(library: Library, other: Library) -> None:
    ids = library.view_ids(View(latest=True))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "b", "a")
        # The other reader acts without the first one having refreshed.
        other.bookmark([ids[1]])
        other.queue_add([ids[2]])
        await press(app, pilot, "j", "j", "j", "b", "a")
    assert {i for i in ids if other.paper(i).bookmarked} == {ids[0], ids[1], ids[3]}
    assert other.queue() == [ids[0], ids[2], ids[3]]


async def test_an_empty_library_imports_the_sample_and_says_so() -> None:
    library = Library.open()
    app = make_app(library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert library.counts()["papers"] == 61
        assert len(screen.papers.ids) == 61
        assert any("Imported the bundled sample: 61 papers" in n for n in notifications(app))
        assert "Imported the bundled sample" in screen_text(app)
    library.close()


async def test_a_failing_seed_import_is_reported_and_the_reader_stays_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: Library) -> list[object]:
        raise RuntimeError("the sample is unreadable")

    monkeypatch.setattr(Library, "ensure_seeded", broken)

    library = Library.open()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.is_running
        assert any("the sample is unreadable" in n for n in notifications(app))
        assert "No digest yet: press F to fetch" in screen_text(app)
        await press(app, pilot, "b", "a", "y", "o", "n", "m")  # nothing highlighted: no crash
        assert app.is_running
    library.close()


async def test_today_stays_on_its_digest_when_a_newer_one_arrives(library: Library, other: Library) -> None:
    app = make_app(library, poll_interval=POLL)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        before = screen.papers.ids
        await press(app, pilot, "j")
        place = screen.papers.highlighted_id
        ingest(other, Paper(title="Tomorrow's Only Paper", arxiv_id="2608.00201"), date="2026-08-02")
        await pilot.pause(POLL * 2)
        await settle(app, pilot)
        # Not pulled from under the reader: same list, same place, and a word about the new digest.
        assert screen.papers.ids == before
        assert screen.papers.highlighted_id == place
        assert "A new digest arrived (2026-08-02): press 1 to read it." in notifications(app)
        assert "Today (2026-08-01) · 4" in screen_text(app)
        await press(app, pilot, "1")
        assert len(screen.papers.ids) == 1
        assert "Tomorrow's Only Paper" in screen_text(app)


async def test_leaving_a_search_after_a_newer_digest_arrived_keeps_today_on_its_digest(
    library: Library, other: Library
) -> None:
    # Before: esc from the search showed the new digest, on another paper, and nothing was said.
    app = make_app(library, poll_interval=POLL)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        before = screen.papers.ids
        await press(app, pilot, "j", "j", "slash", *"sparse mixture", "enter")
        found = screen.papers.highlighted_id
        assert screen.papers.view.kind == "search" and found in before
        ingest(other, Paper(title="Tomorrow's Only Paper", arxiv_id="2608.00201"), date="2026-08-02")
        await pilot.pause(POLL * 2)  # the poll timer is what brings the import in
        await settle(app, pilot)
        await press(app, pilot, "escape")
        assert screen.papers.view.kind == "today"
        assert screen.papers.ids == before
        assert screen.papers.highlighted_id == found
        assert "Today (2026-08-01) · 4" in screen_text(app)
        assert "A new digest arrived (2026-08-02): press 1 to read it." in notifications(app)
