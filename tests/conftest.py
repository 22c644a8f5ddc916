"""Fixtures for every test: a temporary paper-tui home, and a guard that fails a test touching the real one.

Each folder (unit, ui, e2e, reliability) has its own conftest.py for its fixtures; helpers shared
between folders are in tests/helpers.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from tests.helpers.hostile_http import HostileServer

#: The user's real paper-tui folders (as platformdirs names them before any test moves them).
REAL_FOLDERS = (
    Path(platformdirs.user_data_dir("paper-tui", appauthor=False)),
    Path(platformdirs.user_config_dir("paper-tui", appauthor=False)),
)

#: A proxy set on the machine would route the tests' requests to 127.0.0.1 elsewhere.
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


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


def _describe(state: tuple[str, int, int] | None) -> str:
    """One folder's state in words, for the guard's message."""
    if state is None:
        return "absent"
    names = state[0].replace(",", ", ")
    return f"holding {names}" if names else "empty"


def _changes(
    before: list[tuple[str, int, int] | None], after: list[tuple[str, int, int] | None]
) -> list[str]:
    """A line for each real folder that was created, removed or written between the two states."""
    lines = []
    for folder, old, new in zip(REAL_FOLDERS, before, after, strict=True):
        if old == new:
            continue
        line = f"{folder}: {_describe(old)} before, {_describe(new)} after"
        if old is not None and new is not None and old[:2] == new[:2]:
            line += " (a file in it was written)"
        lines.append(line)
    return lines


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
    # Inside tmux a copy would ask the real tmux and fill its paste buffer (tests/helpers/fake_tmux.py).
    monkeypatch.delenv("TMUX", raising=False)
    yield home
    changed = _changes(before, _real_state())
    if changed:
        pytest.fail(
            "this test created or wrote the user's real paper-tui folders; tests must use the temporary "
            "home that PAPER_TUI_HOME points at (monkeypatch.undo() also undoes that: use "
            "monkeypatch.context() instead).\n" + "\n".join(changed),
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _collector_as_usual() -> Iterator[None]:
    """A reader run in a test freezes what it keeps (paper_tui/heap.py); after the test everything goes
    back to the collector, so that one session of a thousand tests does not keep their garbage."""
    yield
    gc.unfreeze()


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy from the machine's environment: the tests' local servers are reached directly."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def hostile_server(no_proxy: None) -> Iterator[HostileServer]:
    """A hostile HTTP server on 127.0.0.1 (tests.helpers.hostile_http): set its ``behaviour``."""
    with HostileServer() as server:
        yield server
