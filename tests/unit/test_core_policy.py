"""Policy decided once in the core for every front end: after an import, notices, the reader's saved
place, and the one atomic-write helper."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from paper_tui import cli
from paper_tui.files import write_atomic
from paper_tui.library import Library, ReaderState, list_backups
from paper_tui.model import SearchResult
from tests.helpers import ingest, paper


def test_after_an_import_the_daily_backup_is_written_once(library: Library) -> None:
    ingest(library, paper("Alpha", "2401.00001"))
    assert library.after_import(True) == []
    assert len(list_backups(library.paths)) == 1
    assert library.after_import(True) == []  # the newest backup is less than a day old
    assert len(list_backups(library.paths)) == 1


def test_nothing_imported_writes_no_backup(library: Library) -> None:
    ingest(library, paper("Alpha", "2401.00001"))
    assert library.after_import(False) == []
    assert list_backups(library.paths) == []


def test_a_backup_that_fails_is_a_notice_not_an_error(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(library, paper("Alpha", "2401.00001"))

    def full_disk(reason: str = "manual") -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(library, "backup", full_disk)
    notices = library.after_import(True)
    assert notices == ["Could not write the daily backup: [Errno 28] No space left on device"]
    assert library.notices.pending() == []  # handed over, not said twice


def test_notices_from_other_threads_are_taken_once(library: Library) -> None:
    threads = [threading.Thread(target=library.notices.add, args=(f"notice {n}",)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = library.notices.take()
    assert sorted(taken) == sorted(f"notice {n}" for n in range(20))
    assert library.notices.take() == []


def test_the_readers_place_round_trips_and_parts_are_kept(library: Library) -> None:
    assert library.reader_state() == ReaderState()
    library.save_reader_state(view="digest:2026-08-01", selected=42)
    library.save_reader_state(theme="nord")
    assert library.reader_state() == ReaderState(view="digest:2026-08-01", selected=42, theme="nord")
    library.store.set_meta("ui.selected", "garbage")
    assert library.reader_state().selected is None


def test_the_cli_says_a_notice_left_by_any_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open() as opened:
        ingest(opened, paper("Alpha", "2401.00001"))

    def search_that_rebuilt(self: Library, query: str, **kwargs: object) -> SearchResult:
        self.notices.add("The search index was damaged (test); rebuilt it from the library.")
        return SearchResult([], 0)

    monkeypatch.setattr(Library, "find", search_that_rebuilt)
    assert cli.main(["search", "alpha"]) == 0
    err = capsys.readouterr().err
    assert err.count("paper-tui: The search index was damaged (test); rebuilt it from the library.") == 1


def test_an_atomic_write_that_fails_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "file.txt"
    write_atomic(target, "first\n")
    assert target.read_text() == "first\n"

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched, pytest.raises(OSError):
        patched.setattr(os, "fsync", full_disk)
        write_atomic(target, "second\n")
    assert target.read_text() == "first\n"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]
    write_atomic(target, b"third\n", mode=0o600)
    assert target.read_bytes() == b"third\n" and target.stat().st_mode & 0o777 == 0o600


def test_an_atomic_write_into_a_pipe_writes_through_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(5)
    assert received == [b"through the pipe\n"]
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]
