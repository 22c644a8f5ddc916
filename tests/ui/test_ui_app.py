"""Pilot tests of the reader: every key, its effect on the library, and what survives a restart."""

from __future__ import annotations

import os
import re
import webbrowser
from pathlib import Path

import pyperclip
import pytest
from textual import events
from textual.app import App
from textual.widgets import Input, OptionList

from paper_tui.export import bibtex_entry
from paper_tui.library import Library
from paper_tui.store import View
from paper_tui.ui.app import PaperApp
from paper_tui.ui.app import run as ui_run
from paper_tui.ui.screens.dialogs import ConfirmDialog, DatePicker, ExportDialog, LinkPicker, NoteDialog
from paper_tui.ui.screens.help import HelpScreen
from paper_tui.ui.widgets.detail import PaperDetail
from paper_tui.ui.widgets.status import StatusLine
from tests.helpers.ui import (
    BRACKET_TITLE,
    NEWEST,
    OLDER,
    SIZE,
    elapse,
    held_back,
    main_screen,
    make_app,
    notifications,
    press,
    row_text,
    screen_text,
    settle,
)


def today_ids(library: Library) -> list[int]:
    """Ids of the newest digest, in digest order."""
    return library.view_ids(View(latest=True))


async def test_opens_on_today_with_counts_detail_and_numbered_links(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.view.kind == "today"
        assert screen.papers.ids == today_ids(library)
        text = screen_text(app)
        assert NEWEST[0].title in text
        assert "6 papers · 6 unread · 0 queued" in text
        assert "digest 2026-08-01" in text
        assert OLDER[0].title not in text
        # The detail pane: authors, categories, state and every link numbered.
        assert "Ada Lovelace, Alan Turing" in text
        assert "Categories: cs.CV, cs.LG" in text
        for number, kind, url in [
            (1, "arXiv", "https://arxiv.org/abs/2608.00001"),
            (3, "HF page", "https://huggingface.co/papers/2608.00001"),
            (4, "Code", "https://github.com/example/longvideo"),
            (5, "Project", "https://example.org/longvideo"),
        ]:
            assert f"{number:>2} {kind:<8} {url}" in text
        assert "▲42" in text


async def test_movement_keys_and_enter_tab_focus(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        ids = screen.papers.ids
        await pilot.press("j", "j")
        assert screen.papers.highlighted_id == ids[2]
        await pilot.press("k")
        assert screen.papers.highlighted_id == ids[1]
        await pilot.press("G")
        assert screen.papers.highlighted_id == ids[-1]
        await pilot.press("g")
        assert screen.papers.highlighted_id == ids[0]
        await pilot.press("down", "pagedown")
        assert screen.papers.highlighted_id == ids[-1]
        await pilot.press("pageup")
        assert screen.papers.highlighted_id == ids[0]
        await settle(app, pilot)
        await pilot.press("enter")
        assert isinstance(app.focused, PaperDetail)
        assert screen.detail.record is not None and screen.detail.record.id == ids[0]
        await pilot.press("tab")
        assert app.focused is screen.queue_list
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is screen.papers
        await pilot.press("escape")
        assert app.focused is screen.papers


async def test_bookmark_toggle_persists_across_restart(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "j", "b")
        assert library.paper(ids[1]).bookmarked
        assert not library.paper(ids[0]).bookmarked
        assert "★" in row_text(main_screen(app).papers, 1)
        await pilot.press("q")
    assert app.return_code == 0

    again = Library.open()
    app = make_app(again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.papers.highlighted_id == ids[1]
        assert "★" in row_text(screen.papers, 1)
        assert "1 bookmarked" in screen_text(app)
        await press(app, pilot, "b")
        assert not again.paper(ids[1]).bookmarked
    again.close()


async def test_queue_add_reorder_done_and_remove(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "a", "j", "a", "j", "a")
        assert library.queue() == ids[:3]
        assert screen.queue_list.ids == ids[:3]
        assert screen.query_one(StatusLine).note.startswith("Queued (#3)")
        # The highlighted paper (third) moves up twice, then down once.
        await press(app, pilot, "K", "K")
        assert library.queue() == [ids[2], ids[0], ids[1]]
        await press(app, pilot, "J")
        assert library.queue() == [ids[0], ids[2], ids[1]]
        await press(app, pilot, "shift+up")
        assert library.queue() == [ids[2], ids[0], ids[1]]
        # x: done leaves the queue and marks read.
        await press(app, pilot, "x")
        assert library.queue() == [ids[0], ids[1]]
        assert library.paper(ids[2]).read
        # a on a queued paper removes it.
        await press(app, pilot, "g", "a")
        assert library.queue() == [ids[1]]
        assert not library.paper(ids[0]).read
        assert "Queue · 1" in screen_text(app)

    again = Library.open()
    app = make_app(again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert main_screen(app).queue_list.ids == [ids[1]]
    again.close()


async def test_reordering_in_the_queue_pane(library: Library) -> None:
    ids = today_ids(library)
    library.queue_add(ids[:3])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("tab", "tab")
        assert app.focused is screen.queue_list
        await settle(app, pilot)
        assert screen.detail.paper_id == ids[0]
        await press(app, pilot, "J", "J")
        assert library.queue() == [ids[1], ids[2], ids[0]]
        assert screen.queue_list.highlighted_id == ids[0]
        await press(app, pilot, "J")  # already last: nothing happens
        assert library.queue() == [ids[1], ids[2], ids[0]]


async def test_read_toggle(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "r")
        assert library.paper(ids[0]).read
        assert "5 unread" in screen_text(app)
        await press(app, pilot, "r")
        assert not library.paper(ids[0]).read


async def test_a_paper_opened_is_marked_read_after_the_configured_time(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library, mark_read_after=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # Moving over papers, however long, never marks them read.
        await press(app, pilot, "j")
        await elapse(app, pilot, 0.8)  # the timer is what is under test
        assert not library.paper(ids[1]).read
        # Opened (enter) and left before the time is up: the timer stops, so it stays unread (the
        # timer is looked at rather than raced, so that a loaded machine cannot fail this).
        detail = main_screen(app).detail
        await pilot.press("enter")
        assert detail._mark_timer is not None
        await pilot.press("escape")
        assert detail._mark_timer is None
        await settle(app, pilot)
        assert not library.paper(ids[1]).read
        # Opened and read: marked, and the opening is a signal for For you.
        await press(app, pilot, "enter")
        await elapse(app, pilot, 0.8)
        assert library.paper(ids[1]).read
        assert (ids[1], "open") in library.store.signals()
        # Marking it unread again is not undone by the timer.
        await press(app, pilot, "r")
        await elapse(app, pilot, 0.8)
        assert not library.paper(ids[1]).read


async def test_mark_read_dwell_keeps_the_old_timer_and_never_turns_it_off(library: Library) -> None:
    ids = today_ids(library)
    library.mark_read([ids[0]])  # the first paper starts read: no timer is running for it
    app = make_app(library, mark_read_after=0.5, mark_read="dwell")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "j")
        await elapse(app, pilot, 0.8)
        assert library.paper(ids[1]).read
        # Passing over a paper quickly does not mark it; the one that stays is marked.
        await press(app, pilot, "j", "j")
        await elapse(app, pilot, 0.8)
        assert not library.paper(ids[2]).read
        assert library.paper(ids[3]).read
    app = make_app(library, mark_read_after=0.2, mark_read="never")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("k", "enter")
        await elapse(app, pilot, 0.5)
        assert not library.paper(ids[2]).read


async def test_mark_read_off_when_zero(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library, mark_read_after=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await elapse(app, pilot, 0.5)
        assert not library.paper(ids[0]).read


async def test_copy_main_link(library: Library, clipboard: dict[str, list[str]]) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "y")
        url = "https://arxiv.org/abs/2608.00001"
        assert clipboard == {"osc52": [url], "pyperclip": [url]}
        message = notifications(app)[-1]
        assert url in message
        assert "sent to the terminal clipboard" in message


async def test_copy_survives_failing_clipboards(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_osc52(self: App[object], text: str) -> None:
        raise OSError("terminal gone")

    def broken_pyperclip(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard mechanism")

    monkeypatch.setattr(App, "copy_to_clipboard", broken_osc52)
    monkeypatch.setattr(pyperclip, "copy", broken_pyperclip)

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "y", "c")
        assert app.is_running
        assert any("https://arxiv.org/abs/2608.00001" in n for n in notifications(app))


async def test_pick_any_link_and_copy_bibtex(library: Library, clipboard: dict[str, list[str]]) -> None:
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("Y")
        assert isinstance(app.screen, LinkPicker)
        await press(app, pilot, "4")
        assert clipboard["osc52"] == ["https://github.com/example/longvideo"]
        await press(app, pilot, "Y", "down", "enter")
        assert clipboard["osc52"][-1] == "https://arxiv.org/pdf/2608.00001"
        await pilot.press("Y", "escape")
        assert len(clipboard["osc52"]) == 2
        await press(app, pilot, "c")
        entry = bibtex_entry(library.paper(ids[0]))
        assert clipboard["osc52"][-1] == entry
        assert clipboard["pyperclip"][-1] == entry
        assert "@" in entry and "Diffusion Transformers" in entry


async def test_open_uses_the_browser_locally(
    library: Library, monkeypatch: pytest.MonkeyPatch, clipboard: dict[str, list[str]]
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "o")
        assert opened == ["https://arxiv.org/abs/2608.00001"]
        await press(app, pilot, "O", "5")
        assert opened[-1] == "https://example.org/longvideo"
        assert clipboard["osc52"] == []


async def test_open_over_ssh_copies_instead(
    library: Library, monkeypatch: pytest.MonkeyPatch, clipboard: dict[str, list[str]]
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    monkeypatch.setenv("DISPLAY", ":0")

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "o")
        assert opened == []
        assert clipboard["osc52"] == ["https://arxiv.org/abs/2608.00001"]
        assert clipboard["pyperclip"] == ["https://arxiv.org/abs/2608.00001"]
        message = notifications(app)[-1]
        assert "remote machine" in message and "sent to the terminal clipboard" in message


async def test_only_http_links_are_opened(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.open_url("javascript:alert(1)")
        app.open_url("file:///etc/passwd")
        await settle(app, pilot)
        assert opened == []
        assert "Only http and https links are opened." in notifications(app)


async def test_search_as_you_type_highlights_and_esc_clears(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await press(app, pilot, *"diffu")
        expected = [hit.paper_id for hit in library.search("diffu*", 300)]
        assert len(expected) == 2
        assert screen.view.kind == "search"
        assert screen.papers.ids == expected
        assert "Search: diffu · at least 2" in screen_text(app)  # the full search still to come
        # The abstract is highlighted where the query matched.
        body = screen.detail.query_one("#detail-body").render()
        highlighted = {
            body.plain[span.start : span.end] for span in body.spans if "reverse" in str(span.style)
        }
        assert {w.lower() for w in highlighted} >= {"diffusion"}
        # Enter goes to the results; esc returns to Today with the search closed.
        await pilot.press("enter")
        assert app.focused is screen.papers
        await press(app, pilot, "escape")
        assert screen.view.kind == "today"
        assert screen.papers.ids == today_ids(library)
        assert not screen.search_bar.display


async def test_a_search_lists_every_match_and_counts_them_all(library: Library) -> None:
    # Before, a search kept its best 300 papers: the count said "300+" and the rest could not be reached.
    from tests.helpers import ingest, paper

    ingest(library, *(paper(f"Sparse attention study {n}", f"2609.{n:05d}") for n in range(1, 321)))
    expected = library.find("sparse attention")
    assert expected.total > 320
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash", *"sparse attention", "enter")
        screen = main_screen(app)
        assert screen.papers.ids == expected.ids
        assert f"Search: sparse attention · {expected.total:,}" in screen_text(app)
        await press(app, pilot, "G")  # the last match is reachable
        assert screen.papers.highlighted_id == expected.ids[-1]


def test_the_status_line_groups_thousands() -> None:
    status = StatusLine()
    status.view_label = "All"
    status.view_count = "100,000"
    status.counts = {"papers": 100000, "unread": 99996, "queued": 3, "bookmarked": 1200}
    status.digest_date = "2026-11-06"
    line = status.content(160).plain
    assert "All · 100,000" in line
    assert "100,000 papers · 99,996 unread · 3 queued · 1,200 bookmarked" in line


async def test_esc_stays_on_the_paper_found_when_the_view_holds_it_else_goes_back(library: Library) -> None:
    ids = today_ids(library)
    sparse = next(i for i in ids if library.paper(i).title.startswith("Sparse Mixture"))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "j")
        came_from = screen.papers.highlighted_id
        assert came_from not in (None, sparse)
        # Found a paper of Today: esc leaves the search on it.
        await press(app, pilot, "slash", *"sparse", "enter")
        assert screen.papers.highlighted_id == sparse
        await press(app, pilot, "escape")
        assert (screen.view.kind, screen.papers.highlighted_id) == ("today", sparse)
        # Found one that Today lacks: esc goes back to the paper the search started from.
        await press(app, pilot, "slash", *"chemistry", "enter")
        assert screen.papers.highlighted_id not in ids
        await press(app, pilot, "escape")
        assert (screen.view.kind, screen.papers.highlighted_id) == ("today", sparse)


async def test_view_keys_and_the_date_picker(library: Library) -> None:
    ids = today_ids(library)
    library.bookmark([ids[1]])
    library.queue_add([ids[3], ids[0]])
    library.mark_read([ids[2]])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        expectations = {
            "2": library.view_ids(View()),
            "3": library.view_ids(View(unread=True)),
            "4": [ids[1]],
            "5": [ids[3], ids[0]],
            "1": ids,
        }
        for key, expected in expectations.items():
            await press(app, pilot, key)
            assert screen.papers.ids == expected, key
        assert len(screen.papers.ids) == 4
        await pilot.press("d")
        assert isinstance(app.screen, DatePicker)
        await press(app, pilot, "down", "enter")
        assert screen.view.kind == "digest" and screen.view.digest_date == "2026-07-31"
        assert screen.papers.ids == library.view_ids(View(digest_date="2026-07-31"))
        assert "Digest 2026-07-31 · 2" in screen_text(app)


async def test_the_date_picker_counts_the_papers_and_unread_papers_of_each_date(library: Library) -> None:
    ids = today_ids(library)
    library.mark_read([ids[0]])
    library.mark_read(library.view_ids(View(digest_date="2026-07-31")))
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "d")
        picker = app.screen
        assert isinstance(picker, DatePicker)
        options = picker.query_one("#date-options", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts == [
            "2026-08-01 Sat       4 papers  3 unread",
            "2026-07-31 Fri       2 papers  all read",
        ]


async def test_more_like_this_and_back(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "m")
        expected = [hit.paper_id for hit in library.more_like(ids[0], 40)]
        assert expected, "the sample should have related papers"
        assert screen.view.kind == "similar"
        assert screen.papers.ids == expected
        assert "More like: Diffusion Transformers" in screen_text(app)
        await press(app, pilot, "escape")
        assert screen.view.kind == "today"
        assert screen.papers.highlighted_id == ids[0]


async def test_a_view_still_loading_shows_no_count_of_the_view_before(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    released = held_back(monkeypatch, library, "more_like")

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one(StatusLine)
        assert status.view_count == "4"
        await pilot.press("m")
        await pilot.pause()
        assert status.view_label.startswith("More like: Diffusion Transformers")
        assert status.view_count == "…"  # not the 4 papers of Today, still in the list
        released.set()
        await settle(app, pilot)
        assert status.view_count == str(main_screen(app).papers.count)
        assert main_screen(app).papers.count > 0


async def test_mark_all_read_asks_first_then_marks_every_paper_of_the_list(library: Library) -> None:
    ids = today_ids(library)
    library.mark_read([ids[1]])
    others = [i for i in library.view_ids(View()) if i not in ids]
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "A")
        assert isinstance(app.screen, ConfirmDialog)
        # Only the papers it will mark are counted.
        assert "Mark the 3 unread papers of Today read?" in screen_text(app)
        await press(app, pilot, "escape")
        assert [library.paper(i).read for i in ids] == [False, True, False, False]
        await press(app, pilot, "A")
        await press(app, pilot, "enter")
        assert all(library.paper(i).read for i in ids)
        await press(app, pilot, "A")
        assert "Every paper of Today is read already" in main_screen(app).status.note
        assert not any(library.paper(i).read for i in others)  # only the list's papers
        assert app.screen.query_one(StatusLine).counts["unread"] == len(others)
        # The list shows them read at once (no unread mark on any row).
        rows = [row_text(main_screen(app).papers, y) for y in range(len(ids))]
        assert not any("●" in row for row in rows), rows


async def test_note_edit_save_cancel_and_persist(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"read [this] first")
        await press(app, pilot, "ctrl+s")
        assert library.paper(ids[0]).note == "read [this] first"
        assert "read [this] first" in screen_text(app)
        await press(app, pilot, "n", "x", "escape")
        assert library.paper(ids[0]).note == "read [this] first"

    again = Library.open()
    app = make_app(again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "read [this] first" in screen_text(app)
    again.close()


async def test_the_status_line_says_an_export_is_under_way(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    released = held_back(monkeypatch, library, "export")

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one(StatusLine)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path_input = dialog.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "today.bib")
        path_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert status.activity == "Exporting 4 papers…"
        assert "Exporting 4 papers…" in screen_text(app)
        released.set()
        await settle(app, pilot)
        assert status.activity == ""
        assert (tmp_path / "today.bib").read_text(encoding="utf-8").startswith("@")


async def test_export_view_and_queue(library: Library, tmp_path: Path) -> None:
    ids = today_ids(library)
    library.queue_add([ids[2]])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        target = tmp_path / "out" / "today.md"
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.press("tab", "right")  # format: BibTeX -> Markdown
        await pilot.press("enter")
        path_input = dialog.query_one("#export-path", Input)
        assert path_input.value.endswith("paper-tui-today.md")
        path_input.value = str(target)
        path_input.focus()
        await press(app, pilot, "enter")
        assert target.read_text(encoding="utf-8") == library.export(ids, "markdown")
        assert any(f"Exported 4 papers to {target}" in n for n in notifications(app))

        # The queue as BibTeX; an existing file needs a second confirmation.
        target = tmp_path / "queue.bib"
        target.write_text("old", encoding="utf-8")
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.press("right", "enter")  # scope: the queue
        path_input = dialog.query_one("#export-path", Input)
        path_input.value = str(target)
        path_input.focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ExportDialog)
        assert "press Export again to replace it" in screen_text(app)
        assert target.read_text(encoding="utf-8") == "old"
        await pilot.click("#export-go")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == library.export([ids[2]], "bibtex")


async def test_enter_enter_enter_exports_with_the_choices_shown(library: Library) -> None:
    # Before: enter on the scope or format choice (where the dialog starts) did nothing visible.
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        target = Path(dialog.query_one("#export-path", Input).value)
        await pilot.press("enter")  # this view: on to the format
        assert dialog.focused is dialog.query_one("#export-format")
        await pilot.press("right", "enter")  # Markdown: on to the file name
        assert dialog.focused is dialog.query_one("#export-path")
        target = Path(dialog.query_one("#export-path", Input).value)
        assert target.suffix == ".md"
        await press(app, pilot, "enter")
        assert not isinstance(app.screen, ExportDialog)
        assert target.read_text(encoding="utf-8") == library.export(ids, "markdown")


async def test_help_screen_lists_keys_and_closes(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Bookmark or unbookmark the paper" in screen_text(app)
        body = app.screen.query_one("#help-body").render().plain
        for keys, description in [
            ("b", "Bookmark or unbookmark the paper"),
            ("J, shift+down", "Move the paper down the queue"),
            ("1", "The newest digest"),
            ("ctrl+p, :", "Commands and jump to a paper by title"),
        ]:
            assert re.search(rf"^  {re.escape(keys)} +{re.escape(description)}$", body, re.M), keys
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_a_long_help_line_continues_under_its_description_and_f1_toggles_the_help(
    library: Library,
) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        app.screen.query_one("#help-scroll").scroll_end(animate=False)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "ctrl+l" in line)
        column = lines[first].index("a search from")
        continued = lines[first + 1]
        assert continued[column:].startswith("Bookmarked, the queue"), continued
        assert not continued[lines[first].index("ctrl+l") : column].strip()
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen)


async def test_keys_are_remappable_from_the_config(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library, keys={"bookmark": "B", "nonsense": "z"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "b")
        assert not library.paper(ids[0]).bookmarked
        await press(app, pilot, "B")
        assert library.paper(ids[0]).bookmarked
        assert any("nonsense" in n for n in notifications(app))
        await pilot.press("question_mark")
        body = app.screen.query_one("#help-body").render().plain
        assert re.search(r"^  B +Bookmark or unbookmark the paper$", body, re.M)


async def test_an_empty_view_says_why_and_what_to_do_with_the_keys_chosen(library: Library) -> None:
    def first_lines(app: PaperApp) -> str:
        papers = main_screen(app).papers
        return " ".join(papers.render_line(y).text.strip() for y in range(3)).strip()

    app = make_app(library, keys={"bookmark": "B"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "4")
        assert main_screen(app).papers.count == 0
        assert first_lines(app) == "No bookmarks yet: press B on a paper to bookmark it."
        await press(app, pilot, "slash", *"zzzqq")
        # The search field has focus, where ? is typed: the hint names a key that works there.
        assert first_lines(app) == (
            "No papers match 'zzzqq' in Bookmarked. Press f1 for the search syntax, esc to go back."
        )  # a search from Bookmarked is kept to it
        assert str(main_screen(app).detail.border_title) == "Paper"  # no paper's number left behind
        await pilot.press("f1")
        body = app.screen.query_one("#help-body").render().plain
        assert re.search(r"^  diffu\* +prefix$", body, re.M), body
        words = " ".join(body.split())  # at 80 columns the longer descriptions continue below
        assert "author:smith one field: title: abstract: author: category: id:" in words


async def test_the_no_match_hint_names_esc_first_when_every_help_key_would_be_typed(library: Library) -> None:
    app = make_app(library, keys={"help": "h"})
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash", *"zzzqq")
        papers = main_screen(app).papers
        text = " ".join(papers.render_line(y).text.strip() for y in range(3)).strip()
        assert text == "No papers match 'zzzqq'. Press esc to go back, then h for the search syntax."


async def test_last_view_and_selection_are_restored(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "2", "j", "j")
        chosen = main_screen(app).papers.highlighted_id
        await pilot.press("q")
    assert chosen is not None

    again = Library.open()
    app = make_app(again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.view.kind == "all"
        assert screen.papers.highlighted_id == chosen
        assert screen.detail.record is not None and screen.detail.record.id == chosen
    again.close()


async def test_theme_choice_persists(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.theme = "nord"
        await settle(app, pilot)
    assert library.store.get_meta("ui.theme") == "nord"

    again = Library.open()
    app = make_app(again)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "nord"
    again.close()


async def test_every_key_is_a_palette_command(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        listed = [command.title for command in app.get_system_commands(screen)]
        assert listed.count("Quit") == 1  # the reader's (it saves first), not Textual's too
        titles = set(listed)
        for expected in (
            "Bookmark",
            "Queue",
            "Done",
            "Copy BibTeX",
            "View: Unread",
            "View: Digest by date",
        ):
            assert expected in titles
        assert len(titles) >= len(screen.BINDINGS) - 1
        # Running one from the palette does what the key does.
        await pilot.press("ctrl+p")
        await press(app, pilot, *"View: All")
        await press(app, pilot, "enter")
        assert screen.view.kind == "all"


async def test_fuzzy_title_jump_from_the_palette(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("colon")
        await press(app, pilot, *"chemstry graph")  # misspelt on purpose
        await press(app, pilot, "enter")
        target = next(i for i in library.view_ids(View()) if library.paper(i).title == OLDER[0].title)
        # Not in Today: the reader switched to All to show it.
        assert screen.view.kind == "all"
        assert screen.papers.highlighted_id == target


async def test_the_palette_finds_titles_typed_while_they_still_load(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 100,000 papers the titles take most of a second to load; each key typed meanwhile aborts
    # the palette's search, which must not abort the loading (the palette then found nothing, ever).
    from paper_tui.titles import TitleCache

    released = held_back(monkeypatch, TitleCache, "get")

    from textual.command import CommandList, CommandPalette

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("colon", *"chemstry")
        await pilot.pause()
        await pilot.press(*" graph")  # each key aborts the search before it
        released.set()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await settle(app, pilot)
        commands = palette.query_one(CommandList)
        assert commands.option_count > 0
        first = commands.get_option_at_index(0).prompt
        assert OLDER[0].title in str(first)


@pytest.mark.parametrize("quit_key", ["q", "ctrl+q"])
async def test_quit_saves_everything_before_exit(library: Library, quit_key: str) -> None:
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # No settling: q right after the keys must still leave everything written.
        await pilot.press("j", "j", "b", "a", "r", quit_key)
        await pilot.pause()
    assert app.return_code == 0
    check = Library.open()
    assert check.paper(ids[2]).bookmarked
    assert check.queue() == [ids[2]]
    assert check.paper(ids[2]).read
    assert check.store.get_meta("ui.selected") == str(ids[2])
    check.close()


async def test_keys_typed_in_a_burst_act_on_the_row_under_the_cursor(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # A terminal (tmux send-keys, a fast typist) delivers these before any repaint.
        for key in ("j", "j", "b", "a", "j", "r", "a"):
            app._driver.send_message(events.Key(key, key))
        await settle(app, pilot)
        assert [i for i in ids if library.paper(i).bookmarked] == [ids[2]]
        assert library.queue() == [ids[2], ids[3]]
        assert [i for i in ids if library.paper(i).read] == [ids[3]]
        # Into the queue pane and act there at once: "x" is done for the queue's first paper.
        for key in ("tab", "tab", "x"):
            app._driver.send_message(events.Key(key, "\t" if key == "tab" else key))
        await settle(app, pilot)
        assert library.queue() == [ids[3]]
        assert library.paper(ids[2]).read


async def test_a_burst_after_slash_types_into_the_search_and_esc_returns_at_once(library: Library) -> None:
    ids = today_ids(library)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        for key in ("slash", "d", "i", "f", "f", "u"):
            app._driver.send_message(events.Key(key, "/" if key == "slash" else key))
        await settle(app, pilot)
        assert screen.search_bar.value == "diffu"
        assert screen.view.kind == "search"
        assert library.queue() == []  # the "f"/"u" keys did not reach the list
        for key in ("escape", "j", "b"):
            app._driver.send_message(events.Key(key, None if key == "escape" else key))
        await settle(app, pilot)
        assert screen.view.kind == "today"
        assert screen.search_bar.value == ""
        bookmarked = [i for i in ids if library.paper(i).bookmarked]
        assert len(bookmarked) == 1 and bookmarked[0] == screen.papers.highlighted_id


async def test_brackets_render_literally_in_list_and_detail(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "j", "j")
        text = screen_text(app)
        assert text.count(BRACKET_TITLE) >= 2  # the row and the detail title


async def test_a_paper_read_in_the_unread_view_stays_until_left(library: Library) -> None:
    library.store.set_meta("ui.view", "unread")
    unread = library.view_ids(View(unread=True))
    app = make_app(library, mark_read_after=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.view.kind == "unread"
        first = screen.papers.highlighted_id
        assert first == unread[0]
        await pilot.press("enter")
        await pilot.pause(0.4)  # the mark-read timer
        await press(app, pilot, "escape")
        assert library.paper(first).read
        assert screen.papers.ids == unread  # still listed, still highlighted
        assert screen.papers.highlighted_id == first
        await press(app, pilot, "j", "b")  # move on; the bookmark's refresh drops the read paper
        assert first not in screen.papers.ids
        assert screen.papers.highlighted_id == unread[1]


async def test_narrow_terminal_stacks_panes_and_collapses_the_queue(library: Library) -> None:
    ids = today_ids(library)
    library.queue_add(ids[:3])
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert screen.has_class("-narrow")
        # The list takes the whole width and height; the detail pane is a key away.
        papers, queue = screen.papers.region, screen.queue_list.region
        assert papers.bottom <= queue.y and papers.width == 80
        assert not screen.detail.display or screen.detail.region.height == 0
        assert queue.height == 3
        await press(app, pilot, "enter")  # read: the detail in the list's place
        assert app.focused is screen.detail and screen.detail.region.width == 80
        assert screen.detail.region.height > papers.height // 2 and screen.papers.region.height == 0
        await press(app, pilot, "escape")
        assert app.focused is screen.papers and screen.papers.region.height == papers.height
        await press(app, pilot, "tab")
        assert app.focused is screen.queue_list
        assert screen.queue_list.region.height > 3
        assert "3. ●" in screen_text(app)


async def test_wide_terminal_shows_three_columns(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        papers, detail, queue = screen.papers.region, screen.detail.region, screen.queue_list.region
        assert papers.right <= detail.x and detail.right <= queue.x
        assert papers.y == detail.y == queue.y


def test_run_reports_a_bad_config_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    home = Path(os.environ["PAPER_TUI_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[reader\nmark_read_after = 'x'", encoding="utf-8")
    assert ui_run() == 1
    err = capsys.readouterr().err
    assert err.startswith("paper-tui: ") and "config.toml" in err
    assert err.count("\n") == 1


def test_run_reports_a_damaged_library_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    home = Path(os.environ["PAPER_TUI_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "library.sqlite3").write_bytes(b"")
    assert ui_run(str(home)) == 1
    err = capsys.readouterr().err
    assert err.startswith("paper-tui: ") and "library" in err
