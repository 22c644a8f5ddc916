"""Snapshots of the main states on the bundled sample (imported under a fixed date), 120x36 and 80x24."""

from __future__ import annotations

from paper_tui.library import Library
from tests.helpers.ui import Compare, before_snapshot, make_app


def test_today_on_the_seed_120x36(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    assert snap_compare(app, terminal_size=(120, 36), run_before=before_snapshot(app, "j", "j", "b", "a"))


def test_today_on_the_seed_80x24(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    assert snap_compare(app, terminal_size=(80, 24), run_before=before_snapshot(app, "j", "a"))


def test_detail_after_search_120x36(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    presses = ("slash", *"diffusion", "enter", "j")
    assert snap_compare(app, terminal_size=(120, 36), run_before=before_snapshot(app, *presses))


def test_help_screen_120x36(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    assert snap_compare(app, terminal_size=(120, 36), run_before=before_snapshot(app, "question_mark"))


def test_queue_pane_focused_80x24(snap_compare: Compare, seeded_library: Library) -> None:
    app = make_app(seeded_library)
    presses = ("a", "j", "a", "j", "a", "tab", "tab")
    assert snap_compare(app, terminal_size=(80, 24), run_before=before_snapshot(app, *presses))
