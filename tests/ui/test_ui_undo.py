"""u in the reader: the last changes undone one by one, the status line saying which."""

from __future__ import annotations

from paper_tui.library import Library
from paper_tui.model import View
from tests.helpers.ui import main_screen, make_app, settle


async def test_u_undoes_the_last_changes_one_level_at_a_time(library: Library) -> None:
    ids = library.view_ids(View(latest=True))
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("b", "j", "a")
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        await pilot.press("enter")  # yes: every paper of Today read
        await settle(app, pilot)
        assert all(library.paper(i).read for i in ids)  # type: ignore[union-attr]
        await pilot.press("u")
        await settle(app, pilot)
        assert "Undone: read mark of 4 papers" in screen.status.note
        assert not any(library.paper(i).read for i in ids)  # type: ignore[union-attr]
        assert screen.status.counts["unread"] == 6
        await pilot.press("u")
        await settle(app, pilot)
        assert library.queue() == [] and screen.queue_list.ids == []
        await pilot.press("u")
        await settle(app, pilot)
        assert not library.paper(ids[0]).bookmarked  # type: ignore[union-attr]
        await pilot.press("u")
        await settle(app, pilot)
        assert "Nothing to undo" in screen.status.note
