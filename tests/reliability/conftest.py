"""Fixtures of the reliability tests (processes killed, signalled, run side by side; damage; full disks)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers import Tmux, require_tmux


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    """A private tmux server (the test is skipped without tmux)."""
    require_tmux()
    terminal = Tmux()
    try:
        yield terminal
    finally:
        terminal.close()
