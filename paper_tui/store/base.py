"""The connection base every table group of :class:`~paper_tui.store.Store` builds on: a connection per
thread, write transactions (``BEGIN IMMEDIATE``, waiting for other writers), migrations and ``meta``."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from paper_tui.locks import POLL_S, Waits, record_holder, wait_for
from paper_tui.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 15_000


class StoreError(Exception):
    """The library database cannot be used (damaged, newer schema, not writable)."""


class DatabaseDamaged(StoreError):
    """SQLite met a malformed page (SQLITE_CORRUPT) or a file that is not a database while writing."""


class WriteRefused(StoreError, sqlite3.OperationalError):
    """SQLite refused a write (disk full, read-only file, locked past the busy timeout), said in one line
    that names the database; still an ``sqlite3.OperationalError`` for callers that catch that."""


def _wal_mode(conn: sqlite3.Connection) -> str:
    """Put the database in WAL mode (a no-op when it is); returns the mode it ends in.

    Retried for the busy timeout: SQLite answers "database is locked" at once, without waiting, when
    another process holds certain locks (creating the same new library, a checkpoint).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
            if mode.lower() != "wal":
                mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            return mode
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def is_damage(error: sqlite3.Error) -> bool:
    """Whether SQLite's error means a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB), not a refused write."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def id_chunks(ids: Sequence[int]) -> Iterator[tuple[list[int], str]]:
    """``ids`` in pieces of 500, each with its placeholders (``?,?,…``): a query per piece stays under
    SQLite's limit on variables."""
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        yield chunk, ",".join("?" * len(chunk))


def now_iso() -> str:
    """The current UTC time as an ISO string (seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class StoreBase:
    """A library database's connections and transactions; :class:`~paper_tui.store.Store` adds the
    tables. Thread-safe: every thread uses its own connection."""

    def __init__(self, path: Path, backup_dir: Path | None = None, waits: Waits | None = None) -> None:
        self.path = path
        self.backup_dir = backup_dir
        #: How a wait for another process's write is said and cancelled; None: SQLite's busy timeout.
        self.waits = waits
        #: Who writes an import into the database (read by a process that waits for it).
        self.writer_file = path.with_name(path.name + ".writer")
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._migrate()

    if TYPE_CHECKING:

        def backup(self, target: Path) -> int: ...  # BackupTables: before a migration

    # -- connections -------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = _wal_mode(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open the library database: {error}") from None
        if str(mode).lower() != "wal":
            conn.close()
            raise StoreError(f"{self.path}: cannot switch the database to WAL mode (got {mode})")
        return conn

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def _begin(self, conn: sqlite3.Connection) -> None:
        """``BEGIN IMMEDIATE``, waiting up to the busy timeout for another writer; with ``waits``, the
        wait says who writes (``waiting for the import running since 08:12 (pid 4242) …``) and its
        cancel event ends it (:class:`~paper_tui.locks.WaitCancelled`)."""
        if self.waits is None:
            conn.execute("BEGIN IMMEDIATE")
            return

        def attempt() -> bool:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    return False
                raise
            return True

        conn.execute(f"PRAGMA busy_timeout = {int(POLL_S * 1000)}")
        try:
            wait_for(
                attempt,
                holder_file=self.writer_file,
                waits=self.waits,
                what="writing to the library",
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
        except TimeoutError as error:
            raise sqlite3.OperationalError(f"database is locked: {error}") from None
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextmanager
    def write(self, *, holder: bool = False) -> Iterator[sqlite3.Connection]:
        """A write transaction: ``BEGIN IMMEDIATE`` (so the busy timeout applies), commit or roll back.

        SQLite refusing the write (disk full, a read-only file, locked past the busy timeout) raises
        one StoreError naming the database; nothing of the transaction is kept. ``holder`` (a long
        write: an import) names this process to others that wait meanwhile.
        """
        conn = self.conn
        try:
            self._begin(conn)
            if holder and self.waits is not None:
                record_holder(self.writer_file, self.waits.holder())
            try:
                yield conn
            except BaseException:
                # After some errors (SQLITE_FULL, SQLITE_IOERR ...) SQLite has already rolled back, and a
                # second ROLLBACK would raise "no transaction is active" in place of the real error.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as error:
            raise WriteRefused(f"{self.path}: cannot write to the library database: {error}") from error
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                raise
            raise DatabaseDamaged(f"{self.path}: the library database is damaged ({error})") from error

    def _migrate(self) -> None:
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a usable library database: {error}") from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this paper-tui "
                f"understands ({SCHEMA_VERSION}); upgrade paper-tui"
            )
        if 0 < version < SCHEMA_VERSION and self.backup_dir is not None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            self.backup(self.backup_dir / f"library-{stamp}-before-v{SCHEMA_VERSION}.sqlite3")
        for number in range(version, SCHEMA_VERSION):
            with self.write() as conn:
                # Another process opening the same new library may have migrated it meanwhile.
                if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                    continue
                # executescript would COMMIT on its own; run the statements one by one instead.
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")

    def data_version(self) -> int:
        """SQLite's ``data_version``: changes when another connection commits (cheap change polling)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- meta ------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """A persisted string setting (last view, selection ...)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Persist a string setting."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
