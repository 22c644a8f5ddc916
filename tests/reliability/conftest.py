"""Fixtures of the reliability tests (processes killed, signalled, run side by side; damage; full disks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import Tmux, require_tmux
from tests.helpers.disks import Mount, small_disks


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    """A private tmux server (the test is skipped without tmux)."""
    require_tmux()
    terminal = Tmux()
    try:
        yield terminal
    finally:
        terminal.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Mount]:
    """``mount(size)``: a fresh tmpfs of that size (the test is skipped where mounting is not allowed)."""
    with small_disks(tmp_path) as mount:
        yield mount
