"""Fixtures of the UI tests (Pilot and snapshots): the small fixed library, the seed, a second
connection, and clipboards that record."""

from __future__ import annotations

from collections.abc import Iterator

import pyperclip
import pytest
from textual.app import App

from paper_tui.library import Library
from tests.helpers.ui import sample_library, seed_library


@pytest.fixture
def library() -> Iterator[Library]:
    """The small fixed library of tests.helpers.ui (2026-08-01: 4 papers, 2026-07-31: 2 papers)."""
    with sample_library() as opened:
        yield opened


@pytest.fixture
def seeded_library() -> Iterator[Library]:
    """The seed digest (under a fixed date) as the whole library."""
    with seed_library() as opened:
        yield opened


@pytest.fixture
def other(library: Library) -> Iterator[Library]:
    """A second connection to the same library, as another process would have."""
    with Library.open() as opened:
        yield opened


@pytest.fixture
def clipboard(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Record what goes to OSC 52 (App.copy_to_clipboard) and to pyperclip (nothing reaches the real
    clipboards)."""
    copied: dict[str, list[str]] = {"osc52": [], "pyperclip": []}
    monkeypatch.setattr(App, "copy_to_clipboard", lambda self, text: copied["osc52"].append(text))
    monkeypatch.setattr(pyperclip, "copy", lambda text: copied["pyperclip"].append(text))
    return copied
