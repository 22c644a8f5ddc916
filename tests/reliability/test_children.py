"""The reader's child processes (rebuilding the index, learning For you) over their one protocol:
progress, the result, the child's error, a child that dies without one, and cancelling."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from paper_tui.child import run_child
from paper_tui.library import Library
from paper_tui.paths import Paths
from paper_tui.reindex_child import ReindexCancelled, run_reindex
from paper_tui.taste.child import run_learning
from tests.helpers import digest_json


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    """A library of five papers (its index built), closed: the child opens it."""
    digest = tmp_path / "digest.json"
    digest.write_text(digest_json("2026-08-11", 5), encoding="utf-8")
    with Library.open(tmp_path / "lib") as library:
        library.import_paths([digest])
        return library.paths


def test_reindex_child_reports_progress_and_the_count(paths: Paths) -> None:
    steps: list[tuple[int, int]] = []
    assert run_reindex(paths, lambda done, total: steps.append((done, total)), threading.Event()) == 5
    assert steps and steps[-1] == (5, 5)


def test_learning_child_reads_the_ids_to_score_first_and_returns_its_state(paths: Paths) -> None:
    state = json.loads(run_learning(paths, [1, 2], threading.Event()))
    assert state["mode"] == "none" and state["positives"] == 0


def test_the_childs_error_line_is_the_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    paths = Paths(data_dir=tmp_path / "file", config_dir=tmp_path / "config")
    with pytest.raises(RuntimeError, match=r"^FileExistsError: \[Errno 17\] File exists: "):
        run_reindex(paths, lambda done, total: None, threading.Event())


def test_a_child_that_dies_without_an_error_line_is_known_by_its_stderr(paths: Paths) -> None:
    with pytest.raises(RuntimeError, match=r"No module named paper_tui\.no_such_child"):
        run_child(
            "paper_tui.no_such_child", paths, threading.Event(), cancel=ReindexCancelled, doing="testing"
        )


def test_a_cancelled_child_is_stopped_and_says_so(paths: Paths) -> None:
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(ReindexCancelled):
        run_reindex(paths, lambda done, total: None, cancelled)
