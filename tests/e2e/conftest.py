"""Fixtures of the end-to-end tests: the installed paper-tui in a real terminal (tmux)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ReaderTerminal, require_script, require_tmux


@pytest.fixture
def terminal() -> Iterator[ReaderTerminal]:
    """A private tmux server for the reader over the temporary home, with mark-read off (the test
    controls read state); skipped without tmux or the paper-tui script."""
    require_tmux()
    require_script()
    home = Path(os.environ["PAPER_TUI_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        "[reader]\nmark_read_after = 0\n\n[fetch]\nenrich = false\n", encoding="utf-8"
    )
    term = ReaderTerminal(home)
    try:
        yield term
    finally:
        term.close()
