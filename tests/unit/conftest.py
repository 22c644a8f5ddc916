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


@pytest.fixture(scope="module")
def sample_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The bundled sample digest and the digests of ../shared/samples (when present), imported once
    per module into a folder of its own: the library a new user searches first."""
    from tests.helpers import SAMPLES, SEEDS

    files = sorted(SEEDS.glob("*.txt"))
    if SAMPLES.is_dir():
        files += sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".xml", ".json"))
    with Library.open(tmp_path_factory.mktemp("sample-library")) as opened:
        opened.import_paths(files)
        yield opened
