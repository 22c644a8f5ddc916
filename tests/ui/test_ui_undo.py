"""u in the reader: the last changes undone one by one, the status line saying which."""

from __future__ import annotations

from paper_tui.library import Library
from paper_tui.model import View
from tests.helpers.ui import main_screen, make_app, press, settle


async def test_u_undoes_the_last_changes_one_level_at_a_time(library: Library) -> None:
    ids = library.view_ids(View(latest=True))
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "b", "j", "a")
        await press(app, pilot, "A")
        await press(app, pilot, "enter")  # yes: every paper of Today read
        assert all(library.paper(i).read for i in ids)  # type: ignore[union-attr]
        await press(app, pilot, "u")
        assert "Undone: read mark of 4 papers" in screen.status.note
        assert not any(library.paper(i).read for i in ids)  # type: ignore[union-attr]
        assert screen.status.counts["unread"] == 6
        await press(app, pilot, "u")
        assert library.queue() == [] and screen.queue_list.ids == []
        await press(app, pilot, "u")
        assert not library.paper(ids[0]).bookmarked  # type: ignore[union-attr]
        await press(app, pilot, "u")
        assert "Nothing to undo" in screen.status.note
