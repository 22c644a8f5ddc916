"""Shared fixtures: every test runs against a temporary paper-tui home, never the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point PAPER_TUI_HOME (and XDG dirs) at a temporary folder for every test."""
    home = tmp_path / "home"
    monkeypatch.setenv("PAPER_TUI_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return home


def sample(name: str) -> Path:
    """A file of ../shared/samples, or skip the test when that folder is absent."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path
