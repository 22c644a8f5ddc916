"""The rough edges of issue 18, each as the reader shows it: the detail pane's words and links, the
queue view, the footer and the status line, notifications over dialogs, the export folder, the
clipboard inside tmux."""

from __future__ import annotations

import pyperclip
import pytest
from textual.app import App

from paper_tui.library import Library
from paper_tui.model import Link, PaperRecord
from paper_tui.ui.screens.dialogs import LinkPicker
from paper_tui.ui.widgets.detail import detail_content
from tests.helpers.ui import SIZE, main_screen, make_app, notifications, screen_text, settle


def record(**changes: object) -> PaperRecord:
    """A paper record with a long abstract, a note and three links."""
    fields: dict[str, object] = {
        "id": 7,
        "arxiv_id": "2608.00001",
        "title": "Diffusion Transformers",
        "abstract": "\n".join(f"Abstract line {n}." for n in range(40)),
        "authors": ("Ada Lovelace",),
        "categories": ("cs.CV",),
        "links": (
            Link("arxiv", "https://arxiv.org/abs/2608.00001"),
            Link("pdf", "https://arxiv.org/pdf/2608.00001"),
            Link("code", "https://github.com/example/x"),
        ),
        "upvotes": 1,
        "comment": "",
        "published": "2026-08-01",
        "first_seen": "2026-08-01",
        "last_seen": "2026-08-01",
        "replacement": False,
        "note": "My note.",
    }
    fields.update(changes)
    return PaperRecord(**fields)  # type: ignore[arg-type]


def test_one_upvote_is_singular() -> None:
    text = detail_content(record(upvotes=1)).plain
    assert "▲ 1 upvote" in text and "1 upvotes" not in text
    assert "▲ 2 upvotes" in detail_content(record(upvotes=2)).plain


def test_links_come_before_the_abstract_numbered_as_y_uses_them() -> None:
    lines = detail_content(record()).plain.splitlines()
    first_link = next(i for i, line in enumerate(lines) if "https://arxiv.org/abs/2608.00001" in line)
    abstract = lines.index("Abstract")
    assert first_link < abstract
    assert first_link < 8, lines[:10]  # right under the title, authors and badges
    numbered = [line.split()[0] for line in lines if "https://" in line]
    assert numbered == ["1", "2", "3"]
    assert lines.index("Note") > abstract


async def test_the_queue_view_numbers_the_queue_and_the_queue_pane_gives_way(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        for key in ("a", "j", "a"):
            await pilot.press(key)
        await settle(app, pilot)
        detail_before = screen.detail.region
        assert screen.queue_list.display and not screen.papers.numbered

        await pilot.press("5")
        await settle(app, pilot)
        assert screen.view.kind == "queue" and screen.papers.count == 2
        assert screen.papers.numbered
        assert not screen.queue_list.display  # shown once, as the list
        detail = screen.detail.region
        assert detail.width * detail.height > detail_before.width * detail_before.height
        text = screen_text(app)
        assert " 1. " in text and " 2. " in text

        await pilot.press("1")
        await settle(app, pilot)
        assert screen.queue_list.display and not screen.papers.numbered
        assert screen.detail.region == detail_before


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_queue_view_at_other_widths(library: Library, size: tuple[int, int]) -> None:
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await pilot.press("a", "5")
        await settle(app, pilot)
        assert not screen.queue_list.display and screen.papers.numbered
        assert screen.detail.region.width > 0 and screen.detail.region.height > 0


@pytest.fixture
def clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record what goes to OSC 52; pyperclip does nothing."""
    copied: list[str] = []
    monkeypatch.setattr(App, "copy_to_clipboard", lambda self, text: copied.append(text))
    monkeypatch.setattr(pyperclip, "copy", lambda text: None)
    return copied


async def test_a_notification_never_covers_an_open_dialog(library: Library, clipboard: list[str]) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert any("Copied link" in n for n in notifications(app))

        await pilot.press("Y")
        await settle(app, pilot)
        assert isinstance(app.screen, LinkPicker)
        assert notifications(app) == []  # the toast no longer covers the picker's corner
        assert "Copied link" not in screen_text(app)
        app.notify("A new digest arrived (2026-08-02): press 1 to read it.", markup=False)
        app.notify("Fetch failed: offline", severity="error", markup=False)
        await settle(app, pilot)
        assert notifications(app) == [] and "offline" not in screen_text(app)

        await pilot.press("2")  # picks the PDF link: the picker closes, then the copy is said
        await settle(app, pilot)
        shown = notifications(app)
        assert "A new digest arrived (2026-08-02): press 1 to read it." in shown
        assert "Fetch failed: offline" in shown
        assert any("Copied link: https://arxiv.org/pdf/2608.00001" in n for n in shown)


async def test_a_warning_shown_when_a_dialog_opens_comes_back_when_it_closes(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.notify("Could not change the bookmark: disk full", severity="error", markup=False, timeout=30)
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert notifications(app) == []
        await pilot.press("escape")
        await settle(app, pilot)
        assert notifications(app) == ["Could not change the bookmark: disk full"]
