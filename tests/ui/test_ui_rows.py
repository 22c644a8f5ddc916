"""The list's rows (comfortable and compact, ``v``) and its sorts (``s``), on the bundled sample."""

from __future__ import annotations

import pytest

from paper_tui.library import Library
from tests.helpers.ui import main_screen, make_app, press, settle


@pytest.mark.parametrize("size", [(120, 36), (200, 60)])
async def test_beside_the_detail_nine_titles_in_ten_show_in_full(
    seeded_library: Library, size: tuple[int, int]
) -> None:
    # Before, at 200x60 the list (72 columns and more) cut every title to one line.
    app = make_app(seeded_library)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        papers = main_screen(app).papers
        assert papers.comfortable and papers.row_height == 3
        rows = seeded_library.rows(papers.ids)
        whole = 0
        for index, paper_id in enumerate(papers.ids):
            papers.highlight(paper_id)
            await settle(app, pilot)
            height = papers.row_height
            first = index * height - papers.scroll_offset.y
            shown = [papers.render_line(first + part).text for part in range(height - 1)]
            title = " ".join(" ".join(line.strip(" ●").split()) for line in shown).strip()
            whole += title.startswith(" ".join(rows[paper_id].title.split()))  # then its facts
        assert whole / len(papers.ids) >= 0.9, whole


async def test_at_80x24_the_list_takes_the_screen_and_shows_eight_papers(seeded_library: Library) -> None:
    app = make_app(seeded_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        papers = main_screen(app).papers
        assert papers.region.width == 80
        assert papers.scrollable_content_region.height // papers.row_height >= 8


async def test_v_switches_to_compact_rows_and_back_and_is_kept(seeded_library: Library) -> None:
    app = make_app(seeded_library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        papers = main_screen(app).papers
        await pilot.press("j", "j")
        await press(app, pilot, "v")
        assert not papers.comfortable and papers.row_height == 1
        assert papers.cursor == 2  # the same paper stays highlighted
        assert "Rows: compact" in main_screen(app).status.note
        assert seeded_library.reader_prefs().rows == "compact"
    app = make_app(seeded_library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        papers = main_screen(app).papers
        assert not papers.comfortable
        await press(app, pilot, "v")
        assert papers.comfortable and papers.row_height == 3


async def test_s_cycles_the_sorts_shows_them_in_the_title_and_remembers_them_per_view(
    library: Library,
) -> None:
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        papers = screen.papers
        assert str(papers.border_title).endswith("· digest order")
        digest_order = papers.ids
        await press(app, pilot, "s", "s")  # newest, then upvotes
        assert str(papers.border_title).endswith("· most upvoted")
        rows = library.rows(papers.ids)
        votes = [rows[i].upvotes for i in papers.ids]
        known = [v for v in votes if v is not None]
        assert known == sorted(known, reverse=True) and votes[-1] is None
        assert sorted(papers.ids) == sorted(digest_order)
        await press(app, pilot, "2")  # All keeps its own sort
        assert str(papers.border_title).endswith("· digest order")
        await press(app, pilot, "1")
        assert str(papers.border_title).endswith("· most upvoted")
        assert library.reader_prefs().sorts == {"today": "upvotes"}
        await press(app, pilot, "5", "s")  # the queue keeps its order
        assert "keeps its own order" in screen.status.note
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "1")
        assert str(main_screen(app).papers.border_title).endswith("· most upvoted")
