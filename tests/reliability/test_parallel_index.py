"""Indexing a large batch in worker processes (the command line): same index, no stray workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paper_tui import index
from paper_tui.library import Library
from paper_tui.model import PARALLEL_MIN_DOCS, PARALLEL_MIN_REBUILD
from tests.helpers import alive, child_pids, digest_json

N = PARALLEL_MIN_DOCS + 500


def _digest(tmp_path: Path, count: int = N) -> Path:
    path = tmp_path / "big.json"
    path.write_text(digest_json("2026-08-01", count))
    return path


def _hits(lib: Library, query: str) -> list[int]:
    return sorted(hit.paper_id for hit in lib.search(query, limit=10_000))


@pytest.mark.slow
def test_parallel_import_and_reindex_index_every_paper(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib")
    outcome = lib.import_paths([_digest(tmp_path)], procs=2)
    assert outcome.ok and outcome.results[0].new == N
    assert lib.store.pending_index() == []
    parallel = (_hits(lib, "testing"), _hits(lib, "paper AND 2017"), lib.index.doc_count())
    assert len(parallel[0]) == N and len(parallel[1]) == 1 and parallel[2] == N
    assert lib.reindex(procs=1) == N
    assert (_hits(lib, "testing"), _hits(lib, "paper AND 2017"), lib.index.doc_count()) == parallel
    assert lib.reindex(procs=2) == N
    assert (_hits(lib, "testing"), _hits(lib, "paper AND 2017"), lib.index.doc_count()) == parallel
    lib.close()


def test_a_first_import_rebuilds_in_workers_and_a_small_update_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Into an empty library, a few hundred papers are indexed by the workers; the next small
    import updates the index with one writer (one new segment, not one per worker)."""
    writers: list[int] = []
    real = index._writer

    def spy(ix: object, procs: int) -> object:
        writers.append(procs)
        return real(ix, procs)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "_writer", spy)
    lib = Library.open(tmp_path / "lib")
    first = tmp_path / "first.json"
    first.write_text(digest_json("2026-08-01", PARALLEL_MIN_REBUILD))
    assert lib.import_paths([first], procs=2).ok
    assert writers == [2]
    second = tmp_path / "second.json"
    second.write_text(digest_json("2026-08-02", 300, start=PARALLEL_MIN_REBUILD))
    assert lib.import_paths([second], procs=2).ok
    assert writers == [2, 1]
    assert lib.index.doc_count() == PARALLEL_MIN_REBUILD + 300
    assert len(_hits(lib, "testing")) == PARALLEL_MIN_REBUILD + 300
    lib.close()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_killed_import_leaves_no_index_workers(tmp_path: Path) -> None:
    digest = _digest(tmp_path, 8000)
    env = {**os.environ, "PAPER_TUI_HOME": str(tmp_path / "lib")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "paper_tui", "import", str(digest)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers = child_pids(proc.pid)
        if workers:
            break
        time.sleep(0.02)
    assert workers, "the import finished without starting index workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.05)
    survivors = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in workers if alive(pid)}
    assert not survivors
    # The papers were committed to SQLite before indexing; the next run indexes them.
    lib = Library.open(tmp_path / "lib")
    assert lib.store.count() == 8000
    assert len(lib.search("testing", limit=10_000)) == 8000
    lib.close()


def test_cancelled_parallel_writer_stops_its_workers(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "lib")
    lib.import_paths([_digest(tmp_path, 10)])

    docs = list(lib._documents(lib.store.all_ids()))
    started: list[set[int]] = []

    def documents():  # type: ignore[no-untyped-def]
        for _ in range(50):  # 500 documents: workers start after the first 100
            yield from docs
        started.append(child_pids(os.getpid()))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        lib.index.update(documents(), procs=2)
    assert started and started[0], "no workers were started"
    assert not any(alive(pid) for pid in started[0])
    assert lib.index.doc_count() == 10
    lib.close()


def test_an_indexing_worker_that_dies_fails_the_commit_instead_of_losing_its_papers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.multiproc import SubWriterTask

    lib = Library.open(tmp_path / "lib")
    lib.import_paths([_digest(tmp_path, 10)])
    docs = list(lib._documents(lib.store.all_ids()))
    # In the forked workers: the first job kills its worker (an OOM kill, a hang-up to the group).
    with (
        monkeypatch.context() as patched,
        pytest.raises(ChildProcessError, match=r"^an indexing worker process died \(exit status 9\)"),
    ):
        patched.setattr(SubWriterTask, "_process_file", lambda self, *args: os._exit(9))
        lib.index.update((doc for _ in range(50) for doc in docs), procs=2)
    assert lib.index.doc_count() == 10  # nothing committed short of papers
    assert lib.index.update(docs[:1]) == 1  # and the index is writable again
    lib.close()
