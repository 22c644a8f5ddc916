"""Backups you can trust (issue 17, finding 3): a backup is verified before it takes its name, a failed
one leaves no file and does not fail the import, ``restore`` refuses what would empty the library, and
a full disk is said as a full disk, never as damage."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library, list_backups
from paper_tui.paths import resolve
from tests.helpers import FIXTURES, cli_command, cli_env, write_hf_digest
from tests.helpers.disks import Mount, fill_disk

HF = FIXTURES / "hf_small.json"


def _backup_files(home: Path) -> list[str]:
    folder = home / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_backup_that_fails_leaves_no_file_and_the_import_still_succeeds(small_disk: Mount) -> None:
    """The finding: on a nearly full disk the import stored its digest, then the daily backup crashed
    with a traceback, exit 1, and left a 0-byte backup that a later ``restore`` picked."""
    disk = small_disk("4m")
    home = disk / "home"
    big = write_hf_digest(disk.parent / "big.json", "2026-08-12", 300, start=0, seed=1)
    first = subprocess.run(
        cli_command(home, "import", str(big)), capture_output=True, text=True, env=cli_env()
    )
    assert first.returncode == 0, first.stderr
    for backup in (home / "backups").iterdir():
        backup.unlink()  # the daily backup is due again
    # Room for the import (a few pages of log, a small index segment), not for a 440 KB backup.
    fill_disk(disk, leave=250_000)
    done = subprocess.run(cli_command(home, "import", str(HF)), capture_output=True, text=True, env=cli_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{HF}: hf-api 2026-08-11: 2 new, 0 merged, 0 unchanged\n"
    assert done.stderr.startswith("paper-tui: warning: the daily backup was not written (")
    assert f"no space left on tmpfs (mounted on {disk}): " in done.stderr
    assert done.stderr.endswith("; the import is complete\n") and done.stderr.count("\n") == 1
    assert _backup_files(home) == []  # neither a 0-byte backup nor the temporary file
    (disk / "filler").unlink()
    fill_disk(disk, leave=250_000)  # the import took some of the room left
    manual = subprocess.run(cli_command(home, "backup"), capture_output=True, text=True, env=cli_env())
    assert (
        manual.returncode == 1
        and manual.stderr.count("\n") == 1
        and "no space left on tmpfs" in manual.stderr
    )
    assert "Traceback" not in manual.stderr and _backup_files(home) == []
    (disk / "filler").unlink()
    again = subprocess.run(cli_command(home, "backup"), capture_output=True, text=True, env=cli_env())
    assert again.returncode == 0, again.stderr
    assert len(_backup_files(home)) == 1


def _limit_file_size(limit: int) -> Callable[[], None]:
    def limit_it() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_it


def test_a_backup_cut_short_leaves_no_file_and_the_import_still_succeeds(tmp_path: Path) -> None:
    """The same without root: a file size limit cuts the backup's copy short (an I/O error)."""
    home = tmp_path / "home"
    big = write_hf_digest(tmp_path / "big.json", "2026-08-12", 60, start=0, seed=1)
    first = subprocess.run(
        cli_command(home, "import", str(big)), capture_output=True, text=True, env=cli_env()
    )
    assert first.returncode == 0, first.stderr
    for backup in (home / "backups").iterdir():
        backup.unlink()
    size = (home / "library.sqlite3").stat().st_size
    done = subprocess.run(
        cli_command(home, "import", str(HF)),
        capture_output=True,
        text=True,
        env=cli_env(),
        preexec_fn=_limit_file_size(size // 2),
    )
    assert done.returncode == 0, done.stderr
    assert "2 new" in done.stdout
    assert done.stderr.startswith("paper-tui: warning: the daily backup was not written (")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert _backup_files(home) == []


def _library() -> Library:
    library = Library.open()
    library.import_file(HF)
    return library


def _state(home: Path) -> bytes:
    conn = sqlite3.connect(home / "library.sqlite3")
    try:
        return repr(conn.execute("SELECT id, title FROM papers ORDER BY id").fetchall()).encode()
    finally:
        conn.close()


def _bad_backups(folder: Path) -> dict[str, Path]:
    """name -> a file ``restore`` must refuse without --force."""
    folder.mkdir(parents=True, exist_ok=True)
    empty = folder / "empty.sqlite3"
    empty.write_bytes(b"")
    text = folder / "text.sqlite3"
    text.write_text("not a database at all\n" * 100, encoding="utf-8")
    other = folder / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t(x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    paperless = folder / "paperless.sqlite3"
    Library.open(folder / "paperless-home").close()
    shutil.copy(folder / "paperless-home" / "library.sqlite3", paperless)
    damaged = folder / "damaged.sqlite3"
    source = Library.open(folder / "damaged-home")
    source.import_file(write_hf_digest(folder / "big.json", "2026-08-12", 300, start=0, seed=1))
    source.store.backup(damaged)
    source.close()
    with open(damaged, "r+b") as file:
        file.seek(8192)
        file.write(b"\xab" * 4000)
    return {
        "empty": empty,
        "not sqlite": text,
        "not paper-tui": other,
        "no papers": paperless,
        "damaged": damaged,
        "device": Path("/dev/zero"),
    }


def test_restore_refuses_empty_foreign_damaged_and_paperless_backups_and_devices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_backups(tmp_path / "bad")
    library = _library()
    home = library.paths.data_dir
    library.close()
    before = (home / "library.sqlite3").read_bytes()
    expected = {
        "empty": "is an empty file (0 bytes)",
        "not sqlite": "is not an SQLite database",
        "not paper-tui": "is not a paper-tui library (no such table: papers)",
        "no papers": "holds no papers",
        "damaged": "fails SQLite's integrity check",
        "device": "is not a regular file",
    }
    for name, path in bad.items():
        assert main(["restore", str(path)]) == 1, name
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1, (name, err)
        assert err.startswith(f"paper-tui: {path} {expected[name]}"), (name, err)
        assert "the library was left as it is" in err
        assert (home / "library.sqlite3").read_bytes() == before, name
    # --force restores what SQLite can read, never a device
    assert main(["restore", "--force", str(bad["device"])]) == 1
    assert "is not a regular file" in capsys.readouterr().err
    assert main(["restore", "--force", str(bad["no papers"])]) == 0
    out, _ = capsys.readouterr()
    assert f"restored {bad['no papers']} (0 papers) in place of the current database" in out
    assert "the old database (2 papers) is kept as" in out
    reopened = Library.open()
    assert reopened.counts()["papers"] == 0
    reopened.close()


def test_restore_refuses_a_fifo_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _library().close()
    fifo = tmp_path / "backup.sqlite3"
    os.mkfifo(fifo)
    assert main(["restore", "--force", str(fifo)]) == 1  # never opened: opening a FIFO blocks
    assert "is not a regular file" in capsys.readouterr().err


def test_restore_without_a_name_takes_the_newest_good_backup_and_says_what_it_replaces(
    capsys: pytest.CaptureFixture[str],
) -> None:
    library = _library()
    good = library.backup("daily")
    paths = library.paths
    library.close()
    newer = paths.backups_dir / "library-29990101T000000000000Z-daily.sqlite3"
    newer.write_bytes(b"")  # what the old backup left on a full disk
    os.utime(newer, (4_000_000_000, 4_000_000_000))
    assert list_backups(paths)[0] == newer
    assert main(["restore"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith(
        f"restored {good} (2 papers) in place of the current database: the old database (2 papers)"
    )
    assert f"skipped newer backups that are not usable: {newer} (is an empty file (0 bytes))" in out
    newer.unlink()
    for backup in list_backups(paths):
        backup.write_bytes(b"")
    assert main(["restore"]) == 1
    _, err = capsys.readouterr()
    assert err.startswith(f"paper-tui: no usable backup in {paths.backups_dir} (") and "--fresh" in err


def test_a_backup_is_verified_before_it_takes_its_name() -> None:
    library = _library()
    path = library.backup("manual")
    assert not list(path.parent.glob(".*"))  # no temporary file left
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM papers").fetchone() == (2,)
    conn.close()
    library.close()


def test_a_full_disk_is_said_as_a_full_disk_not_as_damage(small_disk: Mount) -> None:
    """The finding: a library created on a full disk was called damaged (advice: restore a backup, which
    would roll the library back), and the 0-byte file SQLite left then blocked every later start."""
    disk = small_disk("1m")
    home = disk / "home"
    filler = fill_disk(disk)
    done = subprocess.run(cli_command(home, "list"), capture_output=True, text=True, env=cli_env())
    assert done.returncode == 1
    assert done.stderr == (
        f"paper-tui: {home}/library.sqlite3: cannot open the library: no space left on tmpfs (mounted on "
        f"{disk}): 0.0 MB free; free some space and run paper-tui again (the library was left untouched)\n"
    )
    assert not (home / "library.sqlite3").exists()
    filler.unlink()
    again = subprocess.run(
        cli_command(home, "import", str(HF)), capture_output=True, text=True, env=cli_env()
    )
    assert again.returncode == 0, again.stderr


def test_restore_keeps_the_library_when_the_copy_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The copy is made beside the database and checked before the current database is moved aside."""
    library = _library()
    good = library.backup("manual")
    home = library.paths.data_dir
    library.close()
    before = (home / "library.sqlite3").read_bytes()
    paths = resolve()
    assert paths.database.exists()
    with open(good, "r+b") as file:
        file.seek(16)
        file.write(b"\x00\x03")  # a page size of 3 bytes: SQLite cannot read it, --force or not
    assert main(["restore", "--force", str(good)]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "cannot be restored" in err and "the library was left as it is" in err
    assert (home / "library.sqlite3").read_bytes() == before
    assert not list(home.glob(".library.sqlite3.*")) and not list(home.glob("library.sqlite3.damaged-*"))
