"""Backups, a damaged or empty database (refused, never silently replaced) and restoring."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library, StoreError, list_backups, restore
from paper_tui.paths import resolve
from paper_tui.store import SCHEMA_VERSION, Store
from tests.helpers import ingest, paper


def _library_with_state() -> Library:
    lib = Library.open()
    ingest(lib, paper("Kept paper", "2401.00001"))
    lib.bookmark([lib.resolve("2401.00001")])
    return lib


def test_backup_is_a_consistent_database_and_old_ones_are_pruned() -> None:
    lib = _library_with_state()
    first = lib.backup()
    conn = sqlite3.connect(first)
    assert conn.execute("SELECT title FROM papers").fetchall() == [("Kept paper",)]
    assert conn.execute("SELECT count(*) FROM bookmarks").fetchone() == (1,)
    conn.close()
    for _ in range(9):
        lib.backup()
    assert len(list_backups(lib.paths)) == 7
    lib.close()


def test_scheduled_backup_only_when_the_newest_is_old() -> None:
    lib = _library_with_state()
    assert lib.maybe_backup() is not None
    assert lib.maybe_backup() is None
    lib.close()


def test_garbage_database_is_refused_untouched_and_restore_brings_back_state(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lib = _library_with_state()
    lib.backup()
    paths = lib.paths
    lib.close()
    garbage = b"this is not sqlite" * 100
    paths.database.write_bytes(garbage)
    for suffix in ("-wal", "-shm"):
        paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreError) as caught:
        Library.open()
    message = str(caught.value)
    assert (
        str(paths.database) in message
        and "left untouched" in message
        and f"paper-tui --data-dir {paths.data_dir} restore " in message
    )
    assert paths.database.read_bytes() == garbage
    code = main(["list"])
    _, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and "restore " in err
    assert main(["restore"]) == 0
    out, _ = capsys.readouterr()
    assert "restored" in out
    (aside,) = paths.data_dir.glob("library.sqlite3.damaged-*")
    assert aside.read_bytes() == garbage
    again = Library.open()
    pid = again.resolve("2401.00001")
    assert again.paper(pid).bookmarked  # type: ignore[union-attr]
    assert [h.paper_id for h in again.search("kept")] == [pid]  # index rebuilt from the restored db
    again.close()


def test_empty_database_file_is_refused() -> None:
    paths = resolve()
    paths.ensure()
    paths.database.write_bytes(b"")
    with pytest.raises(StoreError, match="empty"):
        Library.open()
    with pytest.raises(StoreError, match="no backups"):
        restore(paths)
    assert "empty library" in restore(paths, fresh=True)
    lib = Library.open()
    assert lib.counts()["papers"] == 0
    lib.close()


def test_migration_from_an_older_schema_backs_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    store = Store(path, backup_dir=tmp_path / "b")
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()
    assert not (tmp_path / "b").exists()  # version 0 is a new database: nothing to keep
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
