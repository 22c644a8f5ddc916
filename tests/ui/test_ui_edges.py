"""The rough edges of issue 18, each as the reader shows it: the detail pane's words and links, the
queue view, the footer and the status line, notifications over dialogs, the export folder, the
clipboard inside tmux."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from paper_tui.library import Library
from paper_tui.model import Link, PaperRecord
from paper_tui.ui.app import PaperApp
from paper_tui.ui.screens.dialogs import ExportDialog, LinkPicker, complete_path
from paper_tui.ui.widgets.detail import detail_content
from paper_tui.ui.widgets.search_bar import PLACEHOLDERS
from paper_tui.ui.widgets.status import StatusLine
from tests.helpers.fake_tmux import fake_tmux
from tests.helpers.ui import (
    SIZE,
    elapse,
    main_screen,
    make_app,
    notifications,
    press,
    said,
    screen_text,
    settle,
)


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
        detail_before, list_before = screen.detail.region, screen.papers.region
        assert screen.queue_list.display and not screen.papers.numbered

        await press(app, pilot, "5")
        assert screen.view.kind == "queue" and screen.papers.count == 2
        assert screen.papers.numbered
        assert not screen.queue_list.display  # shown once, as the list
        # 100-169 columns: the list (now the queue) takes the queue pane's rows; the detail pane keeps
        # its width (a new width re-wraps its text: a view switch over 100 ms at 100k, bench/jumps.py).
        assert screen.detail.region == detail_before
        assert screen.papers.region.height > list_before.height
        text = screen_text(app)
        assert " 1. " in text and " 2. " in text

        await press(app, pilot, "1")
        assert screen.queue_list.display and not screen.papers.numbered
        assert screen.detail.region == detail_before


async def test_the_queue_view_at_three_columns(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "a", "5")
        assert not screen.queue_list.display and screen.papers.numbered
        assert screen.detail.region.width > 0 and screen.detail.region.height > 0
        await press(app, pilot, "1")
        before = screen.detail.region
        await press(app, pilot, "5")
        after = screen.detail.region
        assert after.width * after.height > before.width * before.height  # the queue's place


async def test_the_queue_view_at_80_columns(library: Library) -> None:
    """Under 100 columns the list takes the screen and the detail is a key away (enter): the queue
    view's list takes the collapsed queue pane's row too."""
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "a")
        before = screen.papers.region
        await press(app, pilot, "5")
        assert not screen.queue_list.display and screen.papers.numbered
        assert screen.papers.region.height > before.height
        assert " 1. " in screen_text(app)
        await press(app, pilot, "enter")  # the detail in the list's place
        assert screen.detail.region.width > 0 and screen.detail.region.height > 0


async def test_a_notification_never_covers_an_open_dialog(
    library: Library, clipboard: dict[str, list[str]]
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "y")
        assert any("Copied link" in n for n in notifications(app))

        await press(app, pilot, "Y")
        assert isinstance(app.screen, LinkPicker)
        assert notifications(app) == []  # the toast no longer covers the picker's corner
        assert "Copied link" not in screen_text(app)
        app.notify("A new digest arrived (2026-08-02): press 1 to read it.", markup=False)
        app.notify("Fetch failed: offline", severity="error", markup=False)
        await settle(app, pilot)
        assert notifications(app) == [] and "offline" not in screen_text(app)

        await press(app, pilot, "2")  # picks the PDF link: the picker closes, then the copy is said
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
        await press(app, pilot, "question_mark")
        assert notifications(app) == []
        await press(app, pilot, "escape")
        assert notifications(app) == ["Could not change the bookmark: disk full"]


async def test_a_warning_held_by_dialogs_keeps_only_the_time_it_had_left(library: Library) -> None:
    # Before: each dialog gave it 3 s more, so the tmux clipboard hint came back after every dialog.
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.notify("tmux drops copies", severity="warning", markup=False, timeout=4.0)
        await settle(app, pilot)
        await press(app, pilot, "question_mark")
        await press(app, pilot, "escape")
        assert notifications(app) == ["tmux drops copies"]
        await elapse(app, pilot, 3.2)  # its 4 s nearly over
        await press(app, pilot, "question_mark")
        await press(app, pilot, "escape")
        assert notifications(app) == []


def footer_line(app: PaperApp) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("size", [(200, 60), (120, 36), (80, 24), (60, 20)])
@pytest.mark.parametrize("remap", [{}, {"bookmark": "B"}])
async def test_the_footer_shows_whole_keys_by_priority(
    library: Library, size: tuple[int, int], remap: dict[str, str]
) -> None:
    app = make_app(library, keys=remap)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        footer = main_screen(app).query_one(Footer)
        keys = [key for key in footer.query(FooterKey) if "-command-palette" not in key.classes]
        palette = footer.query_one(".-command-palette", FooterKey)
        line = footer_line(app)
        assert keys, line
        for key in keys:
            assert key.region.right <= palette.region.x, (key.description, line)
            assert f"{key.key_display} {key.description}" in line
        shown = [key.description for key in keys]
        assert len(shown) == len(set(shown)), shown  # each key once
        assert shown[:2] == ["Help", "Quit"]  # the first by priority, in the table's order
        assert ("Bookmark" in shown) == (size[0] >= 80)
        if remap and size[0] >= 80:
            assert "B Bookmark" in line and " b " not in line
        if size[0] >= 200:
            assert len(shown) == 12


async def test_the_footer_follows_a_resize(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(app, pilot)
        assert "e Export" in footer_line(app)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        line = footer_line(app)
        assert "e Export" not in line and "? Help" in line
        await pilot.resize_terminal(200, 40)
        await settle(app, pilot)
        assert "e Export" in footer_line(app)


def status_line(label: str, note: str = "") -> StatusLine:
    status = StatusLine()
    status.view_label = label
    status.view_count = "1,204"
    status.counts = {"papers": 100_000, "unread": 99_996, "queued": 13, "bookmarked": 1_200}
    status.digest_date = "2026-11-06"
    status.note = note
    return status


LONG_TITLE = "More like: Diffusion Transformers for Long Video Generation with Sparse Attention at Scale"


@pytest.mark.parametrize("width", [200, 120, 100, 80])
@pytest.mark.parametrize(
    "label", [LONG_TITLE, "Search: agent", "Search: " + "very long query " * 8, "Today", "Digest 2026-08-01"]
)
def test_the_status_line_keeps_the_counts_whole_and_shortens_the_label_first(label: str, width: int) -> None:
    line = status_line(label).content(width).plain
    assert len(line) <= width, line
    assert "1,204" in line
    assert "100,000 papers" in line and "99,996 unread" in line and "13 queued" in line
    assert "1,200 bookmarked" in line or "1,200★" in line
    if width >= 120:
        assert "1,200 bookmarked" in line
    if label.startswith("Search: "):
        query = label.removeprefix("Search: ")
        # The query whole, or not at all (the search field shows it): never a shortened one.
        assert f"Search: {query} ·" in line or ("Search ·" in line and query[:4] not in line), line
    elif len(label) < 20:
        assert label in line


@pytest.mark.parametrize("width", [120, 80])
def test_the_status_line_with_a_long_note_keeps_the_counts(width: int) -> None:
    note = "Queued (#13): " + "A very long title that goes on " * 4
    line = status_line(LONG_TITLE, note).content(width).plain
    assert len(line) <= width, line
    assert "Queued (#13)" in line
    if width >= 100:
        assert "1,200 bookmarked" in line


async def test_the_status_line_in_the_more_like_view_at_120(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "m")
        status = main_screen(app).status
        assert status.view_label.startswith("More like: ")
        first = screen_text(app).splitlines()[0]
        assert first.rstrip().endswith("digest 2026-08-01"), first
        assert "0 bookmarked" in first


async def test_export_defaults_to_the_data_folders_exports_not_the_current_folder(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    monkeypatch.chdir(checkout)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        exports = library.paths.data_dir / "exports"
        path_input = dialog.query_one("#export-path", Input)
        assert path_input.value == str(exports / "paper-tui-today.bib")
        assert str(exports) in screen_text(app)  # the folder is said in the dialog
        await pilot.click("#export-go")
        await settle(app, pilot)
        assert (exports / "paper-tui-today.bib").read_text(encoding="utf-8").startswith("@")
        assert list(checkout.iterdir()) == []


async def test_the_export_path_completes_with_tab(library: Library, tmp_path: Path) -> None:
    (tmp_path / "reading-lists" / "2026").mkdir(parents=True)
    (tmp_path / "reading-notes.txt").write_text("x", encoding="utf-8")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path_input = dialog.query_one("#export-path", Input)
        path_input.focus()
        path_input.value = str(tmp_path / "rea")
        path_input.cursor_position = len(path_input.value)
        await settle(app, pilot)
        await pilot.press("tab")  # as far as both names agree
        assert path_input.value == str(tmp_path / "reading-")
        await press(app, pilot, "l")
        await pilot.press("tab")
        assert path_input.value == str(tmp_path / "reading-lists") + "/"
        await settle(app, pilot)
        await pilot.press("tab")
        assert path_input.value == str(tmp_path / "reading-lists" / "2026") + "/"
        assert path_input.has_focus
        await pilot.press("x", "tab")  # nothing to complete: tab moves on
        assert not path_input.has_focus


def test_complete_path(tmp_path: Path) -> None:
    (tmp_path / "alpha").mkdir()
    (tmp_path / "alps.md").write_text("", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    assert complete_path(f"{tmp_path}/al") == f"{tmp_path}/alp"
    assert complete_path(f"{tmp_path}/alph") == f"{tmp_path}/alpha/"
    assert complete_path(f"{tmp_path}/alps.md") is None
    assert complete_path(f"{tmp_path}/zz") is None
    assert complete_path(f"{tmp_path}/.hi") == f"{tmp_path}/.hidden/"
    assert complete_path("al", tmp_path) == "alp"
    assert complete_path("") is None


async def test_inside_tmux_with_set_clipboard_off_the_first_copy_says_how_to_fix_it(
    library: Library, clipboard: dict[str, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer, _ = fake_tmux(tmp_path, monkeypatch, "off")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "y")
        assert buffer.read_text(encoding="utf-8") == "https://arxiv.org/abs/2608.00001"
        await press(app, pilot, "j", "y", "c")
        hints = [n for n in said(app) if "set -g set-clipboard on" in n]
        assert len(hints) == 1 and "\n" not in hints[0]  # once per session, in one line
        assert buffer.read_text(encoding="utf-8").startswith("@")  # the last copy (BibTeX)


async def test_with_set_clipboard_on_nothing_is_said(
    library: Library, clipboard: dict[str, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer, _ = fake_tmux(tmp_path, monkeypatch, "on")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "y")
        assert not any("set-clipboard" in n for n in said(app))
        assert not buffer.exists()


async def test_ctrl_c_says_which_key_quits_in_plain_words(library: Library) -> None:
    # Before: "Press [b]q[/b] to quit the app" (Textual's markup, shown literally by the reader).
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "ctrl+c")
        assert "Press q to quit paper-tui" in said(app)
        assert not any("[b]" in message for message in said(app))
        assert app.is_running


async def test_what_for_you_is_based_on_is_said_whole_when_the_status_line_shortens_it(
    library: Library,
) -> None:
    # Before: "For you: nothing to go on …" at 120 columns, and the rest (how to give it signals) was
    # never shown anywhere.
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "s", "s", "s")  # newest, upvotes, for you
        described = library.taste_state().describe()
        assert len(described) > SIZE[0]  # too long for the line at any width tried here
        assert described in said(app)
        # A note the line shows whole is not repeated in a toast.
        await press(app, pilot, "s")
        assert main_screen(app).status.note == "Sorted: by title"
        assert "Sorted: by title" not in said(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)])
async def test_the_search_field_s_hint_is_never_cut(library: Library, size: tuple[int, int]) -> None:
    # Before: 'Search: words, "a phrase", author:name, is:unread,' at 120 columns.
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "slash")
        hint = main_screen(app).list_pane.search_bar.placeholder
        assert hint in PLACEHOLDERS[:-1]
        assert hint in screen_text(app)


def test_the_detail_says_for_you_only_when_it_has_something_to_say() -> None:
    # Before: a paper scored by the watch list alone, without a rule of its own, showed a bare "For you".
    assert "For you" not in detail_content(record(score=0.0, score_kind="watch")).plain
    watched = record(score=0.2, score_kind="watch", reasons=(("watch: author: Ada Lovelace", 2.0),))
    assert "For you (the watch list) · + watch: author: Ada Lovelace" in detail_content(watched).plain
    assert "For you 82%" in detail_content(record(score=0.82, score_kind="model")).plain


@pytest.mark.parametrize("width", [24, 30, 40, 56])
def test_the_reasons_break_between_reasons_never_inside_one(width: int) -> None:
    # Before: wrapped as text, "· +" ended a line and "training" began the next.
    reasons = (
        ("video generation", 1.2),
        ("training", 0.8),
        ("author: Yang Song", 0.5),
        ("diffusion models", 0.4),
        ("survey", -0.3),
    )
    shown = detail_content(record(score=0.82, score_kind="model", reasons=reasons), width=width)
    lines = [line for line in shown.wrap(width) if "For you" in line.plain or line.plain.startswith("  ")]
    text = [line.plain for line in lines]
    for what, weight in reasons:
        item = ("+ " if weight > 0 else "− ") + what
        assert sum(item in line for line in text) == 1, (item, text)
    assert all(len(line) <= width for line in text), text
    assert not any(line.rstrip().endswith(("+", "−", "·")) for line in text), text


async def test_a_key_given_to_two_actions_is_said_and_hints_name_a_key_that_works(library: Library) -> None:
    # Before: nothing was said, and the empty queue said "press a" while a bookmarked.
    app = make_app(library, keys={"bookmark": "a", "queue": "a,Q", "fetch": "F,j"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        warning = next((m for m in said(app) if m.startswith("Keys given to two actions")), "")
        assert "a: bookmark and queue" in warning or "a: queue and bookmark" in warning, said(app)
        assert "j: " in warning and "fetch" in warning
        assert "press Q on a paper to add it" in screen_text(app)
