"""Triage (t) in the reader: every key, the progress line, the summary, and what the library holds."""

from __future__ import annotations

import webbrowser

import pytest

from paper_tui.library import Library
from paper_tui.model import View
from paper_tui.ui.screens.triage import TriageScreen
from tests.helpers.ui import main_screen, make_app, press, screen_text, settle


async def test_triage_decides_each_unread_paper_with_one_key(
    library: Library, clipboard: dict[str, list[str]]
) -> None:
    ids = library.view_ids(View(latest=True))
    library.mark_read([ids[2]])  # read already: triage leaves it out
    unread = [i for i in ids if i != ids[2]]
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "t")
        screen = app.screen
        assert isinstance(screen, TriageScreen) and screen.triage is not None
        assert screen.triage.ids == unread
        assert "Triage · Today · 1 / 3 · 0 queued · 0 bookmarked · 0 skipped" in screen_text(app)
        assert "Diffusion Transformers for Long Video Generation" in screen_text(app)
        await press(app, pilot, "y")  # copy the main link (a signal too)
        assert clipboard["osc52"] == ["https://arxiv.org/abs/2608.00001"]
        await press(app, pilot, "a")  # queue, next
        assert "2 / 3 · 1 queued" in screen_text(app)
        await pilot.press("space")  # skip: read, not for me
        await press(app, pilot, "k")  # back to it
        assert screen.triage.current == unread[1]
        await press(app, pilot, "j", "b")  # later, then bookmark the last
        assert screen.triage.finished
        assert "Triage: 1 queued · 1 bookmarked · 1 skipped · 0 left unread" in screen_text(app)
        assert library.queue() == [unread[0]]
        assert library.paper(unread[1]).read and not library.paper(unread[0]).read  # type: ignore[union-attr]
        assert library.paper(unread[2]).bookmarked  # type: ignore[union-attr]
        assert (unread[1], "skip") in library.store.signals()
        await press(app, pilot, "u")  # take back the bookmark: the last paper again
        assert screen.triage.current == unread[2] and not library.paper(unread[2]).bookmarked  # type: ignore[union-attr]
        await press(app, pilot, "x")
        await press(app, pilot, "q")
        main = main_screen(app)
        assert app.screen is main
        assert "Triage: 1 queued · 0 bookmarked · 2 skipped" in main.status.note
        assert main.queue_list.ids == [unread[0]]
        assert main.status.counts["unread"] == 6 - 3


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_triage_of_a_list_with_nothing_unread_says_so_and_esc_leaves(
    library: Library, size: tuple[int, int]
) -> None:
    library.mark_read(library.view_ids(View(latest=True)))
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "t")
        assert "Every paper of this list is read already" in screen_text(app)
        await press(app, pilot, "escape")
        assert app.screen is main_screen(app)


async def test_a_decision_changed_after_k_replaces_the_first_and_o_opens_the_link(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    first = library.view_ids(View(latest=True))[0]
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "t")
        await press(app, pilot, "o")  # the main link in the browser (a signal too)
        assert opened == ["https://arxiv.org/abs/2608.00001"]
        assert (first, "link") in library.store.signals()
        await press(app, pilot, "a", "k", "x")  # queued, then skipped on second thought
        assert "2 / 4 · 0 queued · 0 bookmarked · 1 skipped" in screen_text(app)
        assert library.queue() == [] and library.paper(first).read  # type: ignore[union-attr]
        await press(app, pilot, "u")  # the skip taken back: queued again, as the progress line says
        assert "1 / 4 · 1 queued · 0 bookmarked · 0 skipped" in screen_text(app)
        assert library.queue() == [first] and not library.paper(first).read  # type: ignore[union-attr]
        await press(app, pilot, "u")
        assert "1 / 4 · 0 queued" in screen_text(app) and library.queue() == []
        await press(app, pilot, "q")
        assert app.screen is main_screen(app) and main_screen(app).queue_list.ids == []
