"""Fixtures of the UI tests (Pilot and snapshots): the small fixed library, the seed, and a second
connection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
