"""Fixtures of the unit tests (no Textual, no subprocess): the core over the temporary home."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest

from paper_tui import importers
from paper_tui.library import Library


@pytest.fixture
def library() -> Iterator[Library]:
    """An empty library in the temporary home, closed after the test."""
    with Library.open() as opened:
        yield opened


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real importer registry, limited to the importer modules that exist so far."""
    try:
        importers._modules()
    except ImportError:
        available = []
        for name in ("hf_api", "arxiv_feed", "arxiv_email", "hf_page"):
            try:
                available.append(importlib.import_module(f"paper_tui.importers.{name}"))
            except ImportError:
                continue
        monkeypatch.setattr(importers, "_modules", lambda: available)
