"""Shared fixtures: every test runs against a temporary paper-tui home, never the real one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


#: The user's real paper-tui folders (as platformdirs names them before any test moves them).
REAL_FOLDERS = (
    Path(platformdirs.user_data_dir("paper-tui", appauthor=False)),
    Path(platformdirs.user_config_dir("paper-tui", appauthor=False)),
)


def _real_state() -> list[tuple[str, int, int] | None]:
    """What the real folders hold (None for a missing one): enough to see one created or written."""
    state: list[tuple[str, int, int] | None] = []
    for folder in REAL_FOLDERS:
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            state.append(None)
            continue
        newest = max((e.stat().st_mtime_ns for e in entries), default=0)
        state.append((",".join(e.name for e in entries), len(entries), newest))
    return state


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point PAPER_TUI_HOME (and XDG dirs) at a temporary folder for every test; fail a test that
    creates or writes the user's real paper-tui folders anyway (``monkeypatch.undo()`` in a test
    undoes this fixture too: use ``monkeypatch.context()``)."""
    before = _real_state()
    home = tmp_path / "home"
    monkeypatch.setenv("PAPER_TUI_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    yield home
    after = _real_state()
    assert after == before, f"the test touched the real paper-tui folders {REAL_FOLDERS}: {before} -> {after}"


def sample(name: str) -> Path:
    """A file of ../shared/samples, or skip the test when that folder is absent."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path
