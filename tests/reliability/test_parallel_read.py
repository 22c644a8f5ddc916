"""Reading a batch of digest files in worker processes (the command line): the same library as reading
them one by one, errors that still name their file and line, and no worker left behind."""

from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from paper_tui import reading
from paper_tui.library import Library
from paper_tui.model import DigestError, IngestResult
from tests.helpers import (
    assert_digests_whole,
    child_pids,
    digest_json,
    integrity,
    start_import,
    wait_until,
    write_hf_digest,
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")


def _batch(folder: Path) -> list[Path]:
    """Twelve digests whose papers overlap (merges), one truncated JSON and one empty file."""
    folder.mkdir()
    files = []
    for day in range(1, 13):
        path = folder / f"2026-08-{day:02d}.json"
        # 30 papers a day, 10 of them also in the day before.
        path.write_text(digest_json(f"2026-08-{day:02d}", 30, start=day * 20))
        files.append(path)
    (folder / "2026-08-05-truncated.json").write_text(digest_json("2026-08-05", 3)[:150])
    (folder / "2026-08-07-empty.json").write_text("")
    return sorted(folder.iterdir())


def _contents(home: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(home / "library.sqlite3") as db:
        papers = db.execute("SELECT arxiv_id, title, last_seen, abstract FROM papers ORDER BY arxiv_id")
        digests = db.execute("SELECT date, source FROM digests ORDER BY date")
        return [*papers.fetchall(), *digests.fetchall()]


def _import(home: Path, files: list[Path], procs: int) -> tuple[list[str], list[set[int]]]:
    """What each file gave (in the order reported) and the child processes alive at each report."""
    seen: list[str] = []
    children: list[set[int]] = []

    def on_file(path: Path, result: IngestResult | DigestError) -> None:
        outcome = str(result) if isinstance(result, DigestError) else (result.new, result.merged)
        seen.append(f"{path.name}: {outcome}")
        children.append(child_pids(os.getpid()))

    library = Library.open(home)
    try:
        library.import_paths(files, on_file=on_file, procs=procs)
        assert library.index.pids() == set(library.store.all_ids())
    finally:
        library.close()
    return seen, children


def test_a_batch_read_in_workers_gives_the_same_library_as_one_process(tmp_path: Path) -> None:
    files = _batch(tmp_path / "digests")
    serial, serial_children = _import(tmp_path / "one", files, procs=1)
    parallel, parallel_children = _import(tmp_path / "two", files, procs=2)
    assert parallel == serial
    assert _contents(tmp_path / "two") == _contents(tmp_path / "one")
    # The errors still name their file (and line where known), one line each.
    truncated = next(line for line in parallel if "truncated" in line)
    assert f"{tmp_path / 'digests' / '2026-08-05-truncated.json'}:" in truncated
    assert any("2026-08-07-empty.json" in line and "empty" in line for line in parallel)
    # Workers read the files; none is left once the import has returned.
    assert not any(serial_children)
    assert parallel_children[0], "no worker processes read the batch"
    assert not child_pids(os.getpid())


def test_a_small_batch_is_read_in_this_process(tmp_path: Path) -> None:
    files = _batch(tmp_path / "digests")[: reading.PARALLEL_MIN_FILES - 1]
    _, children = _import(tmp_path / "lib", files, procs=2)
    assert not any(children)


def test_a_reading_worker_that_dies_is_reported_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _batch(tmp_path / "digests")[:8]
    real = reading._read_or_error

    def dying(path: Path, fmt: str | None, digest_date: str | None) -> object:
        if path == files[4]:
            os._exit(3)  # in the worker (forked after this patch): a crash, an OOM kill
        return real(path, fmt, digest_date)

    monkeypatch.setattr(reading, "_read_or_error", dying)
    given: list[Path] = []
    with pytest.raises(DigestError) as caught:
        for path, _ in reading.read_files(files, procs=2):
            given.append(path)
    assert str(caught.value) == f"{files[4]}: the process reading it died (exit status 3)"
    assert given == files[:4]  # every file before it, in order
    assert not child_pids(os.getpid())  # the other worker is gone too


def test_a_bug_in_a_reading_worker_is_that_files_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per-file isolation (issue 17, finding 5): the other files are still read."""
    files = _batch(tmp_path / "digests")[:6]

    def buggy(path: Path, fmt: str | None, digest_date: str | None) -> object:
        raise ValueError("a bug")

    monkeypatch.setattr(reading, "_read_or_error", buggy)
    results = list(reading.read_files(files, procs=2))
    assert [path for path, _ in results] == files
    for path, result in results:
        assert isinstance(result, DigestError)
        assert str(result) == f"{path}: could not be read (ValueError: a bug)"
    assert not child_pids(os.getpid())


def test_closing_the_reading_early_stops_the_workers(tmp_path: Path) -> None:
    files = _batch(tmp_path / "digests")
    reads = reading.read_files(files, procs=2)
    path, _ = next(reads)
    assert path == files[0]
    assert len(child_pids(os.getpid())) == 2
    reads.close()  # what an interrupted import does
    assert not child_pids(os.getpid())


def test_a_digest_error_crosses_processes_whole() -> None:
    error = DigestError("unexpected end of data", path="/data/x.json", line=7)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.path, copy.line, str(copy)) == (
        "unexpected end of data",
        "/data/x.json",
        7,
        "/data/x.json:7: unexpected end of data",
    )


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_while_workers_read_stops_the_import_in_one_line(
    signum: signal.Signals, tmp_path: Path
) -> None:
    folder = tmp_path / "digests"
    files = [
        write_hf_digest(
            folder / f"day-{n:02d}.json",
            f"2026-{5 + n // 28:02d}-{1 + n % 28:02d}",
            150,
            start=n * 150,
            seed=n,
        )
        for n in range(1, 81)
    ]
    home = tmp_path / "home"
    process = start_import(home, str(folder))
    assert process.stdout is not None and process.stderr is not None
    out = bytearray()
    workers: set[int] = set()

    def reading_in_workers() -> bool:
        nonlocal workers
        out.extend(process.stdout.read() or b"")  # type: ignore[union-attr]
        workers = child_pids(process.pid)
        return b"day-02.json" in out and bool(workers)

    wait_until(reading_in_workers, 60, "the workers to read the first digests")
    if signum == signal.SIGINT:
        for pid in {process.pid, *workers}:  # as ctrl-c: the whole foreground process group
            os.kill(pid, signal.SIGINT)
    else:
        process.send_signal(signum)
    process.wait(timeout=15)
    err = process.stderr.read().decode()
    process.stdout.close()
    process.stderr.close()
    assert process.returncode == 128 + signum, err
    assert err.count("\n") == 1 and err.startswith("paper-tui: interrupted"), err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert integrity(home / "library.sqlite3") == "ok"
    present = assert_digests_whole(home / "library.sqlite3", {str(p): 150 for p in files})
    assert str(files[0]) in present and len(present) < len(files)
    library = Library.open(home)
    try:
        assert library.search("diffusion", 1)  # the index catches up with what was stored
        assert library.index.pids() == set(library.store.all_ids())
    finally:
        library.close()
