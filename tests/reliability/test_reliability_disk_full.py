"""A full disk: the command line fails in one line, the reader says so and stays up, nothing is lost.

Where the tests may mount (root, and ``mount -t tmpfs`` allowed) the library lives on a tiny tmpfs, a
real full disk for SQLite and Whoosh alike; elsewhere those tests are skipped. ``PRAGMA
max_page_count``, SQLite's own size limit (it fails a write exactly as a full disk does, with
SQLITE_FULL), covers the same paths without root.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library, View
from paper_tui.store import Store
from tests.helpers import FIXTURES, UserState, cli_command, cli_env, integrity, write_hf_digest
from tests.helpers.disks import Mount, fill_disk
from tests.helpers.ui import main_screen, make_app, notifications, settle


def _resize(point: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(point)], check=True, capture_output=True)


def _library_with_state(home: Path) -> UserState:
    library = Library.open(home)
    try:
        library.import_file(FIXTURES / "hf_small.json")
        library.bookmark([1])
        library.set_note(2, "a note written before the disk filled up")
        return UserState.of(library)
    finally:
        library.close()


@pytest.mark.slow
@pytest.mark.parametrize(("size", "full"), [("400k", "database"), ("1500k", "index")])
def test_an_import_onto_a_full_disk_fails_in_one_line_and_keeps_the_library(
    size: str, full: str, small_disk: Mount, tmp_path: Path
) -> None:
    disk = small_disk(size)
    home = disk / "home"
    before = _library_with_state(home)
    big = write_hf_digest(tmp_path / "big.json", "2026-08-12", 700, start=0, seed=3)
    done = subprocess.run(
        cli_command(home, "import", str(big)), capture_output=True, text=True, env=cli_env()
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("paper-tui: "), done.stderr
    assert ("disk is full" if full == "database" else "No space left on device") in done.stderr
    assert integrity(home / "library.sqlite3") == "ok"

    _resize(disk, "64m")  # space again: the library carries on where it stopped
    library = Library.open(home)
    try:
        assert UserState.of(library) == before
        expected = 2 if full == "database" else 702  # the digest was refused whole, or stored whole
        assert library.counts()["papers"] == expected
        assert len(library.search("diffusion OR graph", 1000)) > (0 if full == "database" else 100)
        assert library.index.pids() == set(library.store.all_ids())
    finally:
        library.close()
    again = subprocess.run(
        cli_command(home, "import", str(big)), capture_output=True, text=True, env=cli_env()
    )
    assert again.returncode == 0, again.stderr


def test_sqlite_full_makes_the_cli_fail_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _library_with_state(Path(os.environ["PAPER_TUI_HOME"]))
    connect = Store._connect

    def limited(self: Store) -> sqlite3.Connection:
        conn = connect(self)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 4}")  # no room for 300 more papers
        return conn

    big = write_hf_digest(tmp_path / "big.json", "2026-08-12", 300, start=0, seed=3)
    with monkeypatch.context() as patched:
        patched.setattr(Store, "_connect", limited)
        assert main(["import", str(big)]) == 1
        out, err = capsys.readouterr()
        assert err.count("\n") == 1 and "database or disk is full" in err and str(big) not in out
        assert main(["bookmark", "2"]) == 0  # a write that needs no new page still works
    library = Library.open()
    try:
        assert library.counts()["papers"] == 2
        assert UserState.of(library).bookmarks == before.bookmarks | {2}
        assert library.paper(2).note == "a note written before the disk filled up"  # type: ignore[union-attr]
    finally:
        library.close()


async def _a_refused_bookmark_is_reported_and_kept_later(
    home: Path, block: Callable[[Library], None], unblock: Callable[[Library], None], reason: str
) -> None:
    """In the reader, ``b`` on paper 2 while ``block`` is in effect: one notification naming
    ``reason``, the reader up, the star gone again, moving still works; after ``unblock`` the same key
    works, and the library afterwards holds what was committed and that bookmark."""
    before = _library_with_state(home)
    library = Library.open(home)

    try:
        app = make_app(library)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(app, pilot)
            screen = main_screen(app)
            screen.papers.highlight(2)
            await settle(app, pilot)
            block(library)
            await pilot.press("b")
            await settle(app, pilot)
            said = [text for text in notifications(app) if text.startswith("Could not change the bookmark")]
            assert len(said) == 1 and reason in said[0], notifications(app)
            assert app.is_running
            row = screen.papers.row(2)
            assert row is not None and not row.bookmarked  # the star went away again after the refresh
            await pilot.press("k", "j")  # reading still works
            await settle(app, pilot)
            assert screen.papers.highlighted_id == 2
            unblock(library)
            await pilot.press("b")  # the same key works again
            await settle(app, pilot)
            row = screen.papers.row(2)
            assert row is not None and row.bookmarked
            await pilot.press("q")
    finally:
        library.close()
    assert integrity(home / "library.sqlite3") == "ok"
    reopened = Library.open(home)
    try:
        after = UserState.of(reopened)
        assert after.bookmarks == before.bookmarks | {2}
        assert after.notes == before.notes and reopened.view_ids(View(bookmarked=True)) == [1, 2]
    finally:
        reopened.close()


async def test_a_bookmark_on_a_full_disk_is_reported_and_the_reader_stays_up(small_disk: Mount) -> None:
    disk = small_disk("2m")
    home = disk / "home"

    def fill(library: Library) -> None:
        # An empty write-ahead log and no byte left: the next write has nowhere to go.
        conn = sqlite3.connect(home / "library.sqlite3")
        assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
        conn.close()
        fill_disk(disk)
        with pytest.raises(OSError) as caught:
            (disk / "probe").write_bytes(b"x" * 4096)
        assert caught.value.errno == errno.ENOSPC

    await _a_refused_bookmark_is_reported_and_kept_later(
        home, fill, lambda library: (disk / "filler").unlink(), "full"
    )


# -- a read-only data folder ---------------------------------------------------------------------


def _remount(point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(point)], check=True, capture_output=True)


def test_a_read_only_data_folder_is_said_in_one_line_and_not_called_damage(
    small_disk: Mount, tmp_path: Path
) -> None:
    """A file system remounted read-only (as ext4 does after an I/O error): every command, the reader
    included, exits 1 saying so, and does not offer to restore a backup over a healthy library."""
    disk = small_disk("16m")
    home = disk / "home"
    before = _library_with_state(home)
    digest = write_hf_digest(tmp_path / "d.json", "2026-08-12", 5, start=0, seed=3)
    _remount(disk, "ro")
    try:
        for args in (("import", str(digest)), ("bookmark", "2"), ("list",), ()):
            done = subprocess.run(cli_command(home, *args), capture_output=True, text=True, env=cli_env())
            assert done.returncode == 1, (args, done.stdout, done.stderr)
            assert done.stderr == (
                f"paper-tui: {home}: cannot write to the library (the file system is read-only); paper-tui "
                "keeps its library there and writes to it: make it writable, or choose another folder "
                "with --data-dir\n"
            ), args
    finally:
        _remount(disk, "rw")
    library = Library.open(home)
    try:
        assert UserState.of(library) == before
        assert library.counts()["papers"] == 2
    finally:
        library.close()


def test_a_folder_the_user_cannot_write_is_said_in_one_line(tmp_path: Path) -> None:
    if os.getuid() == 0:
        pytest.skip("root writes to any folder")
    home = tmp_path / "home"
    before = _library_with_state(home)
    (home / "library.sqlite3").chmod(0o400)
    home.chmod(0o500)
    try:
        done = subprocess.run(
            cli_command(home, "bookmark", "2"), capture_output=True, text=True, env=cli_env()
        )
    finally:
        home.chmod(0o700)
        (home / "library.sqlite3").chmod(0o600)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "no permission to write" in done.stderr, done.stderr
    library = Library.open(home)
    try:
        assert UserState.of(library) == before
    finally:
        library.close()


async def test_a_library_turning_read_only_under_the_reader_is_reported_and_the_reader_stays_up(
    tmp_path: Path,
) -> None:
    """Linux will not remount a file system read-only while the reader has files open for writing, so
    SQLite's ``query_only`` makes its writes fail as a read-only file does (SQLITE_READONLY)."""

    def query_only(on: bool) -> Callable[[Library], None]:
        def switch(library: Library) -> None:
            for conn in library.store._connections:
                conn.execute(f"PRAGMA query_only = {int(on)}")

        return switch

    await _a_refused_bookmark_is_reported_and_kept_later(
        tmp_path / "home", query_only(True), query_only(False), "readonly"
    )
