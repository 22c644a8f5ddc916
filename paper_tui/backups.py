"""Backups and a library database that cannot be used: writing verified backups and their schedule,
restoring one (or starting afresh), and saying in one paragraph why the library cannot open or is
damaged (a read-only folder, a full disk, damage: with the good backups and the command that restores
the newest)."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from paper_tui.locks import Waits
from paper_tui.paths import Paths, free_bytes, no_space_message
from paper_tui.store import Store, StoreError, check_database_file, is_disk_full, stays_empty
from paper_tui.text import plural

BACKUPS_KEPT = 7


def _remove_if_empty(database: Path) -> None:
    """Remove a database and its companions when the database is 0 bytes (one SQLite could not write)."""
    try:
        if database.stat().st_size:
            return
    except OSError:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        companion = database.with_name(database.name + suffix)
        with contextlib.suppress(OSError):
            if companion.stat().st_size == 0:
                companion.unlink()


def list_backups(paths: Paths) -> list[Path]:
    """Backups of the library database, newest first."""
    if not paths.backups_dir.is_dir():
        return []
    return sorted(paths.backups_dir.glob("library-*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)


def read_only_message(paths: Paths) -> str | None:
    """Why the library cannot be written (a read-only file system, no permission), or None."""
    for target in (paths.database.parent, paths.database):
        if target.exists() and not os.access(target, os.W_OK):
            try:
                read_only = bool(os.statvfs(target).f_flag & os.ST_RDONLY)
            except OSError:
                read_only = False
            reason = "the file system is read-only" if read_only else "no permission to write"
            return (
                f"{target}: cannot write to the library ({reason}); paper-tui keeps its library "
                "there and writes to it: make it writable, or choose another folder with --data-dir"
            )
    return None


@dataclass(frozen=True)
class BackupCheck:
    """A backup file and what :func:`~paper_tui.store.check_database_file` found in it."""

    path: Path
    problem: str | None
    papers: int | None

    @property
    def good(self) -> bool:
        """True when the backup can be restored."""
        return self.problem is None

    def describe(self) -> str:
        """``PATH (1,234 papers, 2026-08-11 07:30)`` or ``PATH (is an empty file (0 bytes))``."""
        if self.problem is not None:
            return f"{self.path} ({self.problem})"
        try:
            written = datetime.fromtimestamp(self.path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        except OSError:
            written = "time unknown"
        return f"{self.path} ({plural(self.papers or 0, 'paper')}, {written})"


def check_backups(paths: Paths) -> list[BackupCheck]:
    """Every backup, newest first, checked (each is read whole: for damage reports and restore)."""
    return [BackupCheck(path, *check_database_file(path)) for path in list_backups(paths)]


def restore_command(paths: Paths, backup: Path | None = None) -> str:
    """The exact command that restores ``backup`` (None: ``--fresh``) into this library."""
    target = shlex.quote(str(backup)) if backup is not None else "--fresh"
    return f"paper-tui --data-dir {shlex.quote(str(paths.data_dir))} restore {target}"


def damaged_message(paths: Paths, problem: str) -> str:
    """One paragraph for a damaged library: what is damaged, that nothing was written, which backups
    are good, and the exact command that restores the best one."""
    checks = check_backups(paths)
    good = [check for check in checks if check.good]
    bad = [check for check in checks if not check.good]
    if good:
        listed = "; ".join(check.describe() for check in good)
        command = restore_command(paths, good[0].path)
        offer = (
            f"Good backups, newest first: {listed}. Restore the newest with `{command}` "
            "(the damaged file is kept aside)"
        )
    else:
        offer = (
            f"No good backup exists; `{restore_command(paths)}` keeps the damaged file aside and starts "
            "an empty library"
        )
    if bad:
        offer += f". Not usable: {'; '.join(check.describe() for check in bad)}"
    return f"{problem}. The file was left untouched. {offer}"


def full_disk_message(paths: Paths, error: BaseException | str) -> str | None:
    """A full disk, said as one (``no space left on DEVICE: N MB free``) rather than as damage whose
    advice would roll the library back; None when the disk is not full."""
    free = free_bytes(paths.data_dir)
    full = ("disk is full" in str(error) or "No space left" in str(error)) or (
        isinstance(error, BaseException) and is_disk_full(error)
    )
    if not full and (free is None or free >= DISK_NEARLY_FULL):
        return None
    return (
        f"{paths.database}: cannot open the library: {no_space_message(paths.data_dir)}; free some space "
        "and run paper-tui again (the library was left untouched)"
    )


#: Less free space than this on the library's file system makes an error opening it a full disk.
DISK_NEARLY_FULL = 1 << 20


def restore(paths: Paths, source: Path | None = None, *, fresh: bool = False, force: bool = False) -> str:
    """Put a backup (or, with ``fresh``, nothing) in place of the current database, which is kept aside.

    Without ``source``, the newest good backup. A backup that is empty, not SQLite, damaged, from a
    newer paper-tui or without papers is refused unless ``force``; a device or a pipe always. The copy
    is made and checked beside the database before anything is moved. Returns a sentence saying what
    was restored and what it replaced. The index is removed; it is rebuilt on the next start.
    """
    skipped: list[BackupCheck] = []
    papers: int | None = None
    if source is None and not fresh:
        checks = check_backups(paths)
        if not checks:
            raise StoreError(f"no backups in {paths.backups_dir}; use --fresh to start an empty library")
        good = [check for check in checks if check.good]
        if not good:
            listed = "; ".join(check.describe() for check in checks)
            raise StoreError(
                f"no usable backup in {paths.backups_dir} ({listed}); name one with --force to restore it "
                "anyway, or use --fresh to start an empty library"
            )
        skipped = checks[: checks.index(good[0])]
        source, papers = good[0].path, good[0].papers
    elif source is not None:
        problem, papers = check_database_file(source)
        if problem is not None and (not force or problem.startswith("is not a regular file")):
            advice = "" if problem.startswith("is not a regular file") else " (--force restores it anyway)"
            raise StoreError(f"{source} {problem}: not restored; the library was left as it is{advice}")
    database = paths.database
    replaced = _describe_current(database)
    incoming = None
    if source is not None:
        incoming = database.with_name(f".{database.name}.restoring")
        try:
            src = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
            try:
                dest = sqlite3.connect(incoming)
                try:
                    src.backup(dest)
                finally:
                    dest.close()
            finally:
                src.close()
        except sqlite3.Error as error:
            incoming.unlink(missing_ok=True)
            raise StoreError(
                f"{source}: cannot be restored ({error}); the library was left as it is"
            ) from None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        current = database.with_name(database.name + suffix)
        if current.exists():
            aside = database.with_name(f"{database.name}.damaged-{stamp}{suffix}")
            current.rename(aside)
            moved.append(aside)
    shutil.rmtree(paths.index_dir, ignore_errors=True)
    said = f"the old database ({replaced}) is kept as {moved[0]}" if moved else "there was no database"
    if incoming is None:
        return f"{said}; the next start creates an empty library"
    incoming.rename(database)
    count = "papers unknown" if papers is None else plural(papers, "paper")
    done = f"restored {source} ({count}) in place of the current database: {said}"
    if skipped:
        done += f"; skipped newer backups that are not usable: {'; '.join(c.describe() for c in skipped)}"
    return done


def _describe_current(database: Path) -> str:
    """What the current database holds, for restore's sentence: ``1,234 papers``, or why it is unreadable."""
    if not database.exists():
        return "none"
    try:
        conn = sqlite3.connect(f"{database.absolute().as_uri()}?mode=ro", uri=True)
        try:
            return plural(int(conn.execute("SELECT count(*) FROM papers").fetchone()[0]), "paper")
        finally:
            conn.close()
    except sqlite3.Error as error:
        return f"unreadable: {error}"


def open_store(paths: Paths, waits: Waits) -> Store:
    """The library's database, opened (created and migrated when needed); StoreError says in one
    paragraph why it cannot be: a read-only folder, a full disk, or damage (with what restores it)."""
    database = paths.database
    existed = database.exists()
    try:
        if existed and stays_empty(database):
            raise StoreError(f"{database}: the library database is empty (0 bytes)")
        return Store(database, backup_dir=paths.backups_dir, waits=waits)
    except StoreError as error:
        if not existed:
            # The file SQLite created for a new library and could not write (a full disk): gone
            # again, or the next start would take it for an empty, damaged database.
            _remove_if_empty(database)
        # A folder that cannot be written, or a full disk, looks like a broken database to SQLite:
        # say which it is (the advice for damage, restoring a backup, would roll the library back).
        raise StoreError(
            read_only_message(paths)
            or full_disk_message(paths, error.__cause__ or error)
            or damaged_message(paths, str(error))
        ) from None


def write_backup(paths: Paths, store: Store, reason: str) -> Path:
    """Write a verified backup named for ``reason`` (see :meth:`Store.backup`); keeps the newest
    :data:`BACKUPS_KEPT`. Raises :class:`~paper_tui.store.BackupFailed` (one line; no file left)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = paths.backups_dir / f"library-{stamp}-{reason}.sqlite3"
    store.backup(target)
    for old in list_backups(paths)[BACKUPS_KEPT:]:
        old.unlink(missing_ok=True)
    return target


def backup_due(paths: Paths, store: Store, max_age: timedelta) -> bool:
    """Whether the schedule calls for a backup: the newest is older than ``max_age`` (or there is none)
    and the library holds papers."""
    backups = list_backups(paths)
    if backups and datetime.now().timestamp() - backups[0].stat().st_mtime < max_age.total_seconds():
        return False
    return bool(store.count())


def database_damage(paths: Paths, store: Store, *, quick: bool = False) -> str | None:
    """None for a healthy database, else the paragraph of :func:`damaged_message` (``quick``: SQLite's
    quick_check rather than the full integrity check)."""
    problems = store.integrity_check(quick=quick)
    if not problems:
        return None
    return damaged_message(paths, describe_damage(paths, store, problems))


def describe_damage(paths: Paths, store: Store, problems: Sequence[str]) -> str:
    """``DATABASE: the library database is damaged, in the table papers (PROBLEM; …)``."""
    tables = store.damaged_tables(problems)
    where = f", in the table{'s' if len(tables) > 1 else ''} {', '.join(tables)}" if tables else ""
    shown = "; ".join(problems[:3])
    if len(problems) > 3:
        more = len(problems) - 3
        shown += f"; {more} more problem{'s' if more > 1 else ''}"
    return f"{paths.database}: the library database is damaged{where} (SQLite: {shown})"
