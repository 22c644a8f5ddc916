"""Backups and the database file's health: checking a file before it is trusted (a backup, one to
restore), SQLite's integrity check and the tables it finds damaged, and writing a verified backup."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from paper_tui.paths import no_space_message
from paper_tui.store.base import StoreBase, StoreError
from paper_tui.store.schema import SCHEMA_VERSION
from paper_tui.text import plural


class BackupFailed(StoreError):
    """A backup could not be written; no file was left behind. ``str()`` is one line saying why."""


def stays_empty(path: Path, grace: float = 1.0) -> bool:
    """Whether ``path`` is a 0-byte file and stays so for ``grace`` seconds.

    SQLite creates a new database as an empty file and writes its first page milliseconds later; a
    second process opening the library in between must wait for that, not call the file damaged.
    """
    deadline = time.monotonic() + grace
    while path.stat().st_size == 0:
        if time.monotonic() > deadline:
            return True
        time.sleep(0.02)
    return False


SQLITE_HEADER = b"SQLite format 3\x00"


def check_database_file(path: Path, *, papers: int | None = None) -> tuple[str | None, int | None]:
    """Whether ``path`` is a usable paper-tui library (a backup, a file to restore): ``(problem, papers)``
    where ``problem`` is None or says what is wrong in a few words ("is an empty file (0 bytes)"), and
    ``papers`` is how many papers it holds (None when unreadable).

    Refused: anything but a regular file (a device, a pipe: never opened), an empty file, a file that is
    not SQLite, one that fails SQLite's integrity check, one without paper-tui's tables or from a newer
    paper-tui, one without papers, and, when ``papers`` is given, one with a different paper count.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return "is not a regular file (a device, a pipe or a folder)", None
        if info.st_size == 0:
            return "is an empty file (0 bytes)", None
        with open(path, "rb") as file:
            if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return "is not an SQLite database", None
    except OSError as error:
        return f"cannot be read ({error.strerror or error})", None
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return f"cannot be opened ({error})", None
    try:
        try:
            found = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        except sqlite3.DatabaseError as error:
            found = [str(error)]
        if found != ["ok"]:
            return f"fails SQLite's integrity check ({'; '.join(found)})", None
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return f"is from a newer paper-tui (schema version {version})", None
        count = int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
    except sqlite3.Error as error:
        return f"is not a paper-tui library ({error})", None
    finally:
        conn.close()
    if count == 0:
        return "holds no papers", 0
    if papers is not None and count != papers:
        return f"holds {plural(count, 'paper')} where the library had {papers:,}", count
    return None, count


def is_disk_full(error: BaseException) -> bool:
    """Whether an error from SQLite or the OS means that the disk (or the user's quota) is full."""
    if isinstance(error, sqlite3.Error):
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def _write_failure(error: BaseException, folder: Path) -> str:
    """Why a file could not be written to ``folder``, in a few words; a full disk said as one."""
    if is_disk_full(error):
        return no_space_message(folder)
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    return str(error)


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class BackupTables(StoreBase):
    """The database as a whole: its integrity, the damaged tables, a verified backup."""

    if TYPE_CHECKING:

        def count(self) -> int: ...  # PaperTables

    def integrity_check(self, *, quick: bool = False) -> list[str]:
        """SQLite's integrity_check (with ``quick``, its quick_check: no index contents, about 0.2 s
        at 200 MB) and foreign_key_check problems, one per line; empty when healthy. A check that SQLite
        cannot finish (a malformed page) is a problem too, followed by what quick_check finds."""
        problems: list[str] = []
        for pragma in ("quick_check",) if quick else ("integrity_check", "quick_check"):
            try:
                rows = self.conn.execute(f"PRAGMA {pragma}").fetchall()
            except sqlite3.DatabaseError as error:
                problems.append(str(error))
                continue
            problems += [
                line
                for row in rows
                if row[0] != "ok"
                for line in str(row[0]).splitlines()
                if line.strip() and not line.startswith("*** in database")
            ]
            break
        if not quick:
            with contextlib.suppress(sqlite3.DatabaseError):
                problems += [
                    f"foreign key violation in {r[0]} row {r[1]}"
                    for r in self.conn.execute("PRAGMA foreign_key_check")
                ]
        return list(dict.fromkeys(problems))

    def damaged_tables(self, problems: Sequence[str]) -> list[str]:
        """The tables the ``problems`` of :meth:`integrity_check` are in (a page or tree they name is the
        root of the table or of one of its indexes), else those whose own check fails; in schema order."""
        try:
            schema = self.conn.execute(
                "SELECT type, name, tbl_name, rootpage FROM sqlite_schema WHERE rootpage > 0"
            ).fetchall()
        except sqlite3.DatabaseError:
            return []
        pages = {int(n) for n in re.findall(r"\b(?:Page|Tree) (\d+)", " ".join(problems))}
        found = [str(row[2]) for row in schema if row[3] in pages]
        if not found:
            for kind, name, _, _ in schema:
                if kind != "table":
                    continue
                try:
                    rows = self.conn.execute(f'PRAGMA integrity_check("{name}")').fetchall()
                except sqlite3.DatabaseError:
                    rows = [("damaged",)]
                if rows != [("ok",)]:
                    found.append(str(name))
        return list(dict.fromkeys(found))

    def backup(self, target: Path) -> int:
        """Write a verified copy of the database to ``target`` with SQLite's backup API; returns the
        number of papers it holds.

        The copy is written to a hidden temporary file beside ``target``, checked (SQLite's
        integrity_check, and the paper count the database had when it was copied), flushed to disk,
        and only then given its name: ``target`` is a good backup or does not exist. Raises
        :class:`BackupFailed`, the temporary file removed (a full disk is said as such).
        """
        partial = target.with_name(f".{target.name}.partial")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            conn = self.conn
            conn.execute("BEGIN")  # one snapshot for the count and the copy
            try:
                papers = self.count()
                dest = sqlite3.connect(partial)
                try:
                    conn.backup(dest)
                    # One self-contained file: opening a backup in WAL mode would add files beside it.
                    dest.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dest.close()
            finally:
                conn.execute("COMMIT")
            problem, _ = check_database_file(partial, papers=papers)
            if problem is not None:
                raise BackupFailed(f"the copy written to {target.parent} {problem}")
            _fsync(partial)
            os.replace(partial, target)
            _fsync(target.parent)
            return papers
        except (sqlite3.Error, OSError) as error:
            partial.unlink(missing_ok=True)
            raise BackupFailed(f"{target.parent}: {_write_failure(error, target.parent)}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
