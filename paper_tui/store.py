"""SQLite store: papers, digests, sightings and everything the user did (queue, bookmarks, reads, notes).

SQLite is the source of truth. WAL mode, a busy timeout and ``BEGIN IMMEDIATE`` for every write
transaction, so that a cron import, a second reader and this process can share one library. Each thread
gets its own connection (readers never wait for one another in WAL mode).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sqlite3
import stat
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from paper_tui.locks import POLL_S, Waits, record_holder, wait_for
from paper_tui.model import (
    Digest,
    DigestInfo,
    Filters,
    IngestResult,
    Link,
    Paper,
    PaperRecord,
    RemovalPlan,
    Row,
    Sighting,
    View,
)
from paper_tui.paths import no_space_message
from paper_tui.text import normalize_title, plural

BUSY_TIMEOUT_MS = 15_000

# Each entry upgrades the schema by one version, inside one transaction.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE papers (
        id INTEGER PRIMARY KEY,
        arxiv_id TEXT UNIQUE,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        abstract TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        categories TEXT NOT NULL DEFAULT '[]',
        links TEXT NOT NULL DEFAULT '[]',
        upvotes INTEGER,
        comment TEXT NOT NULL DEFAULT '',
        published TEXT,
        keywords TEXT NOT NULL DEFAULT '[]',
        ai_summary TEXT NOT NULL DEFAULT '',
        replacement INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT,
        last_seen TEXT,
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX papers_title_key ON papers(title_key);
    CREATE INDEX papers_last_seen ON papers(last_seen DESC, id);
    CREATE TABLE digests (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        date TEXT,
        title TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE INDEX digests_date ON digests(date);
    CREATE TABLE sightings (
        digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        announce_type TEXT,
        upvotes INTEGER,
        PRIMARY KEY (digest_id, paper_id)
    );
    CREATE INDEX sightings_paper ON sightings(paper_id);
    CREATE TABLE queue (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE bookmarks (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE reads (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        read_at TEXT NOT NULL
    );
    CREATE TABLE notes (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE index_pending (
        paper_id INTEGER PRIMARY KEY
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # Version 2: where each value ``enrich`` filled came from, and the answers it was given.
    """
    CREATE TABLE provenance (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        source TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        filled_at TEXT NOT NULL,
        PRIMARY KEY (paper_id, field)
    );
    CREATE TABLE http_cache (
        url TEXT PRIMARY KEY,
        status INTEGER NOT NULL,
        body BLOB NOT NULL,
        fetched_at TEXT NOT NULL
    );
    """,
    # Version 3: what the taste model learns from (signals), what it said (scores and reasons), the
    # watch and mute rules added in the reader or the command line and the papers they match, and
    # the undo log (each entry: the state before one change, to put back).
    """
    CREATE TABLE IF NOT EXISTS signals (
        id INTEGER PRIMARY KEY,
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS signals_paper ON signals(paper_id);
    CREATE TABLE IF NOT EXISTS taste_scores (
        paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
        score REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        model TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS rules (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (action, field, value)
    );
    CREATE TABLE IF NOT EXISTS rule_hits (
        paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
        action TEXT NOT NULL,
        rule TEXT NOT NULL,
        PRIMARY KEY (action, paper_id, rule)
    );
    CREATE INDEX IF NOT EXISTS rule_hits_paper ON rule_hits(paper_id);
    CREATE TABLE IF NOT EXISTS undo_log (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The library database cannot be used (damaged, newer schema, not writable)."""


class BackupFailed(StoreError):
    """A backup could not be written; no file was left behind. ``str()`` is one line saying why."""


class DatabaseDamaged(StoreError):
    """SQLite met a malformed page (SQLITE_CORRUPT) or a file that is not a database while writing."""


class WriteRefused(StoreError, sqlite3.OperationalError):
    """SQLite refused a write (disk full, read-only file, locked past the busy timeout), said in one line
    that names the database; still an ``sqlite3.OperationalError`` for callers that catch that."""


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


def is_damage(error: sqlite3.Error) -> bool:
    """Whether SQLite's error means a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB), not a refused write."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


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


def now_iso() -> str:
    """The current UTC time as an ISO string (seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


#: What each sort orders by before the digests' own order (``View.sort``).
_SORT_ORDER = {
    "newest": "coalesce(p.published, p.last_seen) DESC, ",
    "upvotes": "p.upvotes IS NULL, p.upvotes DESC, ",
    "for-you": "t.score IS NULL, t.score DESC, ",
    "title": "p.title_key, ",
}

_PAPER_COLUMNS = (
    "id, arxiv_id, title, abstract, authors, categories, links, upvotes, comment, published, "
    "first_seen, last_seen, replacement, keywords, ai_summary"
)


class Store:
    """The SQLite library. Thread-safe: every thread uses its own connection."""

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

    # -- reading papers --------------------------------------------------------------------

    def count(self) -> int:
        """How many papers the library holds."""
        return int(self.conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    def counts(self) -> dict[str, int]:
        """Papers, unread, queued and bookmarked counts for the status line."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM papers), "
            "(SELECT count(*) FROM papers WHERE id NOT IN (SELECT paper_id FROM reads)), "
            "(SELECT count(*) FROM queue), (SELECT count(*) FROM bookmarks)"
        ).fetchone()
        return {"papers": row[0], "unread": row[1], "queued": row[2], "bookmarked": row[3]}

    def max_paper_id(self) -> int:
        """The highest paper id (new papers get higher ones); 0 for an empty library."""
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM papers").fetchone()[0])

    def exists(self, paper_id: int) -> bool:
        """Whether a paper id is in the library."""
        return self.conn.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone() is not None

    def id_for_arxiv(self, arxiv_id: str) -> int | None:
        """The library id of an arXiv paper, if present."""
        row = self.conn.execute("SELECT id FROM papers WHERE arxiv_id = ?", (arxiv_id,)).fetchone()
        return None if row is None else int(row[0])

    def latest_digest_date(self) -> str | None:
        """The date of the newest digest ("today")."""
        row = self.conn.execute("SELECT max(date) FROM digests").fetchone()
        return None if row is None else row[0]

    def digests(self) -> list[DigestInfo]:
        """Every imported digest, newest first, with its paper count."""
        rows = self.conn.execute(
            "SELECT d.id, d.source, d.date, d.name, d.imported_at, "
            "(SELECT count(*) FROM sightings s WHERE s.digest_id = d.id) "
            "FROM digests d ORDER BY d.date DESC, d.id DESC"
        ).fetchall()
        return [DigestInfo(r[0], r[1], r[2], r[3], r[5], r[4]) for r in rows]

    def digest_dates(self) -> list[str]:
        """Distinct digest dates, newest first."""
        rows = self.conn.execute(
            "SELECT DISTINCT date FROM digests WHERE date IS NOT NULL ORDER BY date DESC"
        ).fetchall()
        return [r[0] for r in rows]

    def digest_counts(self) -> dict[str, tuple[int, int]]:
        """Papers and unread papers in the digests of each date: ``{date: (papers, unread)}``."""
        rows = self.conn.execute(
            """
            SELECT d.date, COUNT(DISTINCT s.paper_id),
                   COUNT(DISTINCT CASE WHEN r.paper_id IS NULL THEN s.paper_id END)
            FROM digests d
            JOIN sightings s ON s.digest_id = d.id
            LEFT JOIN reads r ON r.paper_id = s.paper_id
            WHERE d.date IS NOT NULL
            GROUP BY d.date
            """
        ).fetchall()
        return {str(date): (int(papers), int(unread)) for date, papers, unread in rows}

    def view_ids(self, view: View, limit: int | None = None) -> list[int]:
        """Paper ids a view shows, in display order: the queue in its order; else ``view.sort``, whose
        ties (and the ``digest`` sort) keep the digests' order, newest digest first."""
        where: list[str] = []
        params: list[object] = []
        date = view.digest_date
        if view.latest and date is None:
            date = self.latest_digest_date()
            if date is None:
                return []
        if date is not None:
            where.append(
                "p.id IN (SELECT s.paper_id FROM sightings s JOIN digests d ON d.id = s.digest_id "
                "WHERE d.date = ?)"
            )
            params.append(date)
        if view.unread:
            where.append("p.id NOT IN (SELECT paper_id FROM reads)")
        if view.bookmarked:
            where.append("p.id IN (SELECT paper_id FROM bookmarks)")
        if view.hide_muted:
            where.append("p.id NOT IN (SELECT paper_id FROM rule_hits WHERE action = 'mute')")
        if view.watched:
            where.append("p.id IN (SELECT paper_id FROM rule_hits WHERE action = 'watch')")
        join = ""
        if view.queued:
            sql = "SELECT p.id FROM queue q JOIN papers p ON p.id = q.paper_id"
            order = " ORDER BY q.position"
        else:
            if view.sort == "for-you":
                join = " LEFT JOIN taste_scores t ON t.paper_id = p.id"
            first = _SORT_ORDER.get(view.sort, "")
            sql = "SELECT p.id FROM papers p" + join
            order = f" ORDER BY {first}p.last_seen DESC, p.id ASC"
            if date is not None:
                # Within one digest keep the digest's own order.
                sql = (
                    "SELECT p.id FROM papers p JOIN sightings s ON s.paper_id = p.id "
                    "JOIN digests d ON d.id = s.digest_id AND d.date = ?" + join
                )
                params.insert(0, date)
                order = f" GROUP BY p.id ORDER BY {first}min(d.id), min(s.position)"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += order
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [r[0] for r in self.conn.execute(sql, params)]

    def count_muted(self, view: View) -> int:
        """How many papers of a view a mute rule hides (``view`` without ``hide_muted``)."""
        if not self.conn.execute("SELECT 1 FROM rule_hits WHERE action = 'mute' LIMIT 1").fetchone():
            return 0
        shown = set(self.view_ids(View(digest_date=view.digest_date, latest=view.latest, unread=view.unread)))
        muted = {r[0] for r in self.conn.execute("SELECT paper_id FROM rule_hits WHERE action = 'mute'")}
        return len(shown & muted)

    def filter_sets(self, filters: Filters) -> tuple[set[int] | None, set[int]]:
        """The papers a query's filters keep, as (the ids they must be among, or None for any paper;
        the ids they must not be): ``is:unread`` excludes the read papers rather than listing the rest."""
        conn = self.conn
        among: set[int] | None = None
        excluded: set[int] = set()

        def keep(sql: str, params: Sequence[object] = ()) -> None:
            nonlocal among
            found = {r[0] for r in conn.execute(sql, params)}
            among = found if among is None else among & found

        if filters.read is True:
            keep("SELECT paper_id FROM reads")
        elif filters.read is False:
            excluded = {r[0] for r in conn.execute("SELECT paper_id FROM reads")}
        if filters.bookmarked:
            keep("SELECT paper_id FROM bookmarks")
        if filters.queued:
            keep("SELECT paper_id FROM queue")
        if filters.note:
            keep("SELECT paper_id FROM notes")
        if filters.code:
            keep("""SELECT id FROM papers WHERE instr(links, '["code",') > 0""")
        for source in filters.sources:
            keep(
                "SELECT DISTINCT s.paper_id FROM sightings s JOIN digests d ON d.id = s.digest_id "
                "WHERE d.source = ? OR d.source LIKE ?",
                (source, source.replace("%", "").replace("_", "") + "-%"),
            )
        for operator, number in filters.upvotes:
            # operator is one of the five comparisons the query parser accepts, never other text.
            assert operator in ("=", ">", ">=", "<", "<=")
            keep(f"SELECT id FROM papers WHERE upvotes IS NOT NULL AND upvotes {operator} ?", (number,))
        return among, excluded

    def sources(self) -> list[str]:
        """The digest sources in the library (``hf-api``, ``arxiv-rss`` ...)."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT source FROM digests ORDER BY source")]

    def rows(self, ids: Sequence[int], new_after: int | None = None) -> dict[int, Row]:
        """List-row data for a window of ids (one query, chunked under SQLite's variable limit); a paper
        whose id is above ``new_after`` is new (arrived since the reader's last session)."""
        result: dict[int, Row] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT p.id, p.title, p.last_seen, p.upvotes, "
                f"EXISTS(SELECT 1 FROM reads WHERE paper_id = p.id), "
                f"EXISTS(SELECT 1 FROM bookmarks WHERE paper_id = p.id), "
                f"(SELECT position FROM queue WHERE paper_id = p.id), p.authors, p.categories, "
                f"instr(p.links, '[\"code\"') > 0, EXISTS(SELECT 1 FROM notes WHERE paper_id = p.id), "
                f"EXISTS(SELECT 1 FROM sightings s JOIN digests d ON d.id = s.digest_id "
                f"WHERE s.paper_id = p.id AND d.source IN ('hf-page', 'hf-api', 'hf-feed')), "
                f"EXISTS(SELECT 1 FROM rule_hits h WHERE h.paper_id = p.id AND h.action = 'watch'), "
                f"EXISTS(SELECT 1 FROM rule_hits h WHERE h.paper_id = p.id AND h.action = 'mute') "
                f"FROM papers p WHERE p.id IN ({marks})",
                chunk,
            ):
                authors = json.loads(r[7])
                categories = json.loads(r[8]) if not r[11] else ()
                result[r[0]] = Row(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    bool(r[4]),
                    bool(r[5]),
                    r[6] is not None,
                    authors=tuple(authors[:3]),
                    author_count=len(authors),
                    badge="HF" if r[11] else (categories[0] if categories else ""),
                    has_code=bool(r[9]),
                    queue_position=r[6],
                    has_note=bool(r[10]),
                    new=new_after is not None and r[0] > new_after,
                    watched=bool(r[12]),
                    muted=bool(r[13]),
                )
        return result

    def papers(self, ids: Sequence[int]) -> list[PaperRecord]:
        """Full records for ids, in the order given (missing ids are skipped)."""
        found: dict[int, PaperRecord] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT {_PAPER_COLUMNS} FROM papers WHERE id IN ({marks})", chunk
            ).fetchall()
            states = self._user_state(chunk)
            for r in rows:
                found[r["id"]] = self._record(r, states.get(r["id"], {}))
        return [found[i] for i in ids if i in found]

    def paper(self, paper_id: int) -> PaperRecord | None:
        """One full record, or None."""
        records = self.papers([paper_id])
        return records[0] if records else None

    def _user_state(self, ids: list[int]) -> dict[int, dict[str, object]]:
        marks = ",".join("?" * len(ids))
        state: dict[int, dict[str, object]] = {i: {"digests": []} for i in ids}
        conn = self.conn
        for (pid,) in conn.execute(f"SELECT paper_id FROM bookmarks WHERE paper_id IN ({marks})", ids):
            state[pid]["bookmarked"] = True
        for (pid,) in conn.execute(f"SELECT paper_id FROM reads WHERE paper_id IN ({marks})", ids):
            state[pid]["read"] = True
        for pid, pos in conn.execute(
            f"SELECT paper_id, position FROM queue WHERE paper_id IN ({marks})", ids
        ):
            state[pid]["queue_position"] = pos
        for pid, body in conn.execute(f"SELECT paper_id, body FROM notes WHERE paper_id IN ({marks})", ids):
            state[pid]["note"] = body
        for pid, date, source in conn.execute(
            f"SELECT s.paper_id, d.date, d.source FROM sightings s JOIN digests d "
            f"ON d.id = s.digest_id WHERE s.paper_id IN ({marks}) ORDER BY d.date DESC, d.id DESC",
            ids,
        ):
            digests = state[pid]["digests"]
            assert isinstance(digests, list)
            digests.append(Sighting(date, source))
        for pid, (score, reasons, kind) in self.scores(ids).items():
            state[pid]["score"] = (
                score,
                tuple((str(what), float(str(weight))) for what, weight in reasons),
                kind,
            )
        return state

    @staticmethod
    def _record(r: sqlite3.Row, state: dict[str, object]) -> PaperRecord:
        position = state.get("queue_position")
        score: Any = state.get("score")
        return PaperRecord(
            id=r["id"],
            arxiv_id=r["arxiv_id"],
            title=r["title"],
            abstract=r["abstract"],
            authors=tuple(json.loads(r["authors"])),
            categories=tuple(json.loads(r["categories"])),
            links=tuple(Link(k, u) for k, u in json.loads(r["links"])),
            upvotes=r["upvotes"],
            comment=r["comment"],
            published=r["published"],
            first_seen=r["first_seen"],
            last_seen=r["last_seen"],
            replacement=bool(r["replacement"]),
            digests=tuple(state.get("digests", ())),  # type: ignore[arg-type]
            bookmarked=bool(state.get("bookmarked")),
            read=bool(state.get("read")),
            queue_position=position if isinstance(position, int) else None,
            note=str(state.get("note", "")),
            keywords=tuple(json.loads(r["keywords"])),
            ai_summary=r["ai_summary"],
            score=score[0] if score else None,
            reasons=score[1] if score else (),
            score_kind=score[2] if score else "",
        )

    def all_ids(self) -> list[int]:
        """Every paper id, ascending."""
        return [r[0] for r in self.conn.execute("SELECT id FROM papers ORDER BY id")]

    # -- user state ------------------------------------------------------------------------

    def _set_flag(self, table: str, stamp_column: str, ids: Iterable[int], on: bool) -> None:
        # table and stamp_column are constants of this module, never user input.
        with self.write() as conn:
            if on:
                conn.executemany(
                    f"INSERT OR IGNORE INTO {table}(paper_id, {stamp_column}) VALUES (?, ?)",
                    [(pid, now_iso()) for pid in ids],
                )
            else:
                conn.executemany(f"DELETE FROM {table} WHERE paper_id = ?", [(pid,) for pid in ids])

    def set_bookmarked(self, ids: Iterable[int], on: bool) -> None:
        """Add or remove bookmarks."""
        self._set_flag("bookmarks", "created_at", ids, on)

    def set_read(self, ids: Iterable[int], on: bool) -> None:
        """Mark papers read or unread."""
        self._set_flag("reads", "read_at", ids, on)

    def set_note(self, paper_id: int, body: str) -> None:
        """Set (or with an empty body, delete) a paper's note."""
        with self.write() as conn:
            if body:
                conn.execute(
                    "INSERT INTO notes(paper_id, body, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(paper_id) DO UPDATE SET body = excluded.body, "
                    "updated_at = excluded.updated_at",
                    (paper_id, body, now_iso()),
                )
            else:
                conn.execute("DELETE FROM notes WHERE paper_id = ?", (paper_id,))

    def unread_among(self, ids: Sequence[int]) -> list[int]:
        """The unread papers of ``ids``, in their order."""
        read: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            read.update(
                r[0]
                for r in self.conn.execute(f"SELECT paper_id FROM reads WHERE paper_id IN ({marks})", chunk)
            )
        return [pid for pid in ids if pid not in read]

    # -- signals for the taste model ------------------------------------------------------------

    def add_signals(self, ids: Iterable[int], kind: str) -> list[int]:
        """Record one signal per paper (``like``, ``skip``, ``open`` ...); returns the signals' row ids."""
        stamp = now_iso()
        with self.write() as conn:
            return [
                int(
                    conn.execute(
                        "INSERT INTO signals(paper_id, kind, created_at) VALUES (?, ?, ?)", (pid, kind, stamp)
                    ).lastrowid
                    or 0
                )
                for pid in ids
            ]

    def remove_signals(self, ids: Iterable[int], kind: str) -> None:
        """Forget the papers' signals of one kind (a triage decision changed on second thought)."""
        with self.write() as conn:
            conn.executemany(
                "DELETE FROM signals WHERE paper_id = ? AND kind = ?", [(pid, kind) for pid in ids]
            )

    def signals(self) -> list[tuple[int, str]]:
        """Every signal as (paper id, kind), oldest first."""
        return [(r[0], r[1]) for r in self.conn.execute("SELECT paper_id, kind FROM signals ORDER BY id")]

    # -- the taste model's inputs and outputs ------------------------------------------------

    def taste_inputs(self) -> dict[str, list[int]]:
        """What the taste model learns from: bookmarked, queued, noted, read and opened ids."""
        conn = self.conn
        return {
            "bookmarked": [r[0] for r in conn.execute("SELECT paper_id FROM bookmarks")],
            "queued": [r[0] for r in conn.execute("SELECT paper_id FROM queue")],
            "noted": [r[0] for r in conn.execute("SELECT paper_id FROM notes")],
            "read": [r[0] for r in conn.execute("SELECT paper_id FROM reads ORDER BY read_at DESC")],
            "opened": [
                r[0] for r in conn.execute("SELECT DISTINCT paper_id FROM signals WHERE kind = 'open'")
            ],
        }

    def taste_fingerprint(self) -> str:
        """A string that changes whenever what the taste model learns from changes (signals, bookmarks,
        the queue, notes, read marks, watch and mute rules); cheap at 100,000 papers."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) FROM signals), "
            "(SELECT count(*) || ':' || coalesce(sum(paper_id), 0) FROM bookmarks), "
            "(SELECT count(*) || ':' || coalesce(sum(paper_id), 0) FROM queue), "
            "(SELECT count(*) || ':' || coalesce(max(updated_at), '') FROM notes), "
            "(SELECT count(*) || ':' || coalesce(sum(paper_id), 0) FROM reads), "
            "(SELECT count(*) || ':' || coalesce(max(id), 0) FROM rules), "
            "(SELECT coalesce(max(value), '') FROM meta WHERE key = 'rules.applied')"
        ).fetchone()
        return "|".join(str(value) for value in row)

    def paper_texts(
        self, ids: Sequence[int] | None = None, *, after: int = 0, limit: int = 2000
    ) -> list[sqlite3.Row]:
        """id, title, abstract, authors, categories, keywords of ``ids``; or without ids, of the next
        ``limit`` papers by id after ``after`` (to go through the library in chunks)."""
        columns = "id, title, abstract, authors, categories, keywords"
        if ids is None:
            return self.conn.execute(
                f"SELECT {columns} FROM papers WHERE id > ? ORDER BY id LIMIT ?", (after, limit)
            ).fetchall()
        found: list[sqlite3.Row] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found += self.conn.execute(
                f"SELECT {columns} FROM papers WHERE id IN ({marks})", chunk
            ).fetchall()
        return found

    def sample_ids(self, count: int, exclude: set[int], seed: int = 7) -> list[int]:
        """Up to ``count`` paper ids not in ``exclude``, spread evenly over the library (repeatable)."""
        ids = [pid for pid in self.all_ids() if pid not in exclude]
        if len(ids) <= count:
            return ids
        step = len(ids) / count
        offset = seed % max(1, int(step))
        return [ids[min(len(ids) - 1, int(i * step) + offset)] for i in range(count)]

    def unscored_ids(self) -> list[int]:
        """Papers without a taste score."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM papers WHERE id NOT IN (SELECT paper_id FROM taste_scores) ORDER BY id"
            )
        ]

    def write_scores(self, rows: Sequence[tuple[int, float, str, str]], *, clear: bool = False) -> None:
        """Keep taste scores: (paper id, score, reasons as JSON, which model); ``clear`` drops the others
        first (a model that can no longer score: too few signals left)."""
        with self.write() as conn:
            if clear:
                conn.execute("DELETE FROM taste_scores")
            conn.executemany(
                "INSERT OR REPLACE INTO taste_scores(paper_id, score, reasons, model) VALUES (?, ?, ?, ?)",
                rows,
            )

    def scores(self, ids: Sequence[int]) -> dict[int, tuple[float, list[list[object]], str]]:
        """Taste score, reasons and model of the papers that have one."""
        found: dict[int, tuple[float, list[list[object]], str]] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for pid, score, reasons, model in self.conn.execute(
                f"SELECT paper_id, score, reasons, model FROM taste_scores WHERE paper_id IN ({marks})", chunk
            ):
                found[pid] = (float(score), json.loads(reasons), str(model))
        return found

    def rule_hits_for(self, ids: Sequence[int] | None = None) -> dict[int, list[tuple[str, str]]]:
        """The watch and mute rules each paper matches: ``{id: [(action, rule)]}`` (every paper's
        without ``ids``)."""
        hits: dict[int, list[tuple[str, str]]] = {}
        if ids is None:
            rows = self.conn.execute("SELECT paper_id, action, rule FROM rule_hits ORDER BY rule").fetchall()
        else:
            rows = []
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(
                    f"SELECT paper_id, action, rule FROM rule_hits WHERE paper_id IN ({marks}) ORDER BY rule",
                    chunk,
                ).fetchall()
        for pid, action, rule in rows:
            hits.setdefault(pid, []).append((action, rule))
        return hits

    # -- the status line for tmux ------------------------------------------------------------------

    def status(self, fields: Iterable[str]) -> dict[str, object]:
        """The figures ``paper-tui status`` can show, only those asked for (each is one query)."""
        conn = self.conn
        today = self.latest_digest_date()
        in_today = (
            "p.id IN (SELECT s.paper_id FROM sightings s JOIN digests d ON d.id = s.digest_id "
            "WHERE d.date = ?)"
        )
        unread = "p.id NOT IN (SELECT paper_id FROM reads)"
        shown = "p.id NOT IN (SELECT paper_id FROM rule_hits WHERE action = 'mute')"
        watched = "p.id IN (SELECT paper_id FROM rule_hits WHERE action = 'watch')"
        seen = self.get_meta("ui.seen_through")
        queries: dict[str, tuple[str, tuple[object, ...]]] = {
            "today_papers": (f"SELECT count(*) FROM papers p WHERE {in_today}", (today,)),
            "today_unread": (
                f"SELECT count(*) FROM papers p WHERE {in_today} AND {unread} AND {shown}",
                (today,),
            ),
            "today_watched": (
                f"SELECT count(*) FROM papers p WHERE {in_today} AND {unread} AND {watched}",
                (today,),
            ),
            "new": (
                f"SELECT count(*) FROM papers p WHERE p.id > ? AND {unread} AND {shown}",
                (int(seen or 0),),
            ),
            "unread": (f"SELECT count(*) FROM papers p WHERE {unread}", ()),
            "queued": ("SELECT count(*) FROM queue", ()),
            "bookmarked": ("SELECT count(*) FROM bookmarks", ()),
            "papers": ("SELECT count(*) FROM papers", ()),
        }
        result: dict[str, object] = {}
        for name in fields:
            if name == "today":
                result[name] = today or "none"
            elif name in queries:
                sql, params = queries[name]
                result[name] = (
                    0 if (name == "new" and not seen) else int(conn.execute(sql, params).fetchone()[0])
                )
        return result

    # -- watch and mute rules ---------------------------------------------------------------------

    def rule_rows(self) -> list[tuple[str, str, str]]:
        """The rules added in the reader or on the command line: (action, field, value), oldest first."""
        return [
            (r[0], r[1], r[2])
            for r in self.conn.execute("SELECT action, field, value FROM rules ORDER BY id")
        ]

    def add_rule(self, action: str, field: str, value: str) -> bool:
        """Keep a rule; False when it was there already."""
        with self.write() as conn:
            return (
                conn.execute(
                    "INSERT OR IGNORE INTO rules(action, field, value, created_at) VALUES (?, ?, ?, ?)",
                    (action, field, value, now_iso()),
                ).rowcount
                > 0
            )

    def remove_rule(self, action: str, field: str, value: str) -> bool:
        """Forget a rule (any case); False when there was none."""
        with self.write() as conn:
            return (
                conn.execute(
                    "DELETE FROM rules WHERE action = ? AND field = ? AND lower(value) = lower(?)",
                    (action, field, value),
                ).rowcount
                > 0
            )

    def write_rule_hits(self, hits: Sequence[tuple[int, str, str]], ids: Sequence[int] | None) -> None:
        """Replace the rule matches of ``ids`` (of every paper when None) with ``hits``."""
        with self.write() as conn:
            if ids is None:
                conn.execute("DELETE FROM rule_hits")
            else:
                conn.executemany("DELETE FROM rule_hits WHERE paper_id = ?", [(pid,) for pid in ids])
            conn.executemany("INSERT OR IGNORE INTO rule_hits(paper_id, action, rule) VALUES (?, ?, ?)", hits)

    # -- undo ------------------------------------------------------------------------------------

    def user_state(self, ids: Sequence[int]) -> dict[str, object]:
        """The user's marks on ``ids`` as they stand (read and bookmark times, queue places, the newest
        signal and rule): what :meth:`restore_user_state` puts back."""
        conn = self.conn
        found: dict[str, dict[str, str]] = {"reads": {}, "bookmarks": {}}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for table, column in (("reads", "read_at"), ("bookmarks", "created_at")):
                for pid, stamp in conn.execute(
                    f"SELECT paper_id, {column} FROM {table} WHERE paper_id IN ({marks})", chunk
                ):
                    found[table][str(pid)] = stamp
        queue = [
            list(r) for r in conn.execute("SELECT paper_id, position, added_at FROM queue ORDER BY position")
        ]
        return {
            "ids": list(ids),
            **found,
            "queue": queue,
            "signal": conn.execute("SELECT coalesce(max(id), 0) FROM signals").fetchone()[0],
            "rule": conn.execute("SELECT coalesce(max(id), 0) FROM rules").fetchone()[0],
            "rules": [
                list(r) for r in conn.execute("SELECT id, action, field, value, created_at FROM rules")
            ],
        }

    def push_undo(self, label: str, before: dict[str, object], keep: int = 100) -> None:
        """Keep the state before a change (:meth:`user_state`), newest last; the oldest beyond ``keep`` go."""
        with self.write() as conn:
            conn.execute(
                "INSERT INTO undo_log(label, state, created_at) VALUES (?, ?, ?)",
                (label, json.dumps(before), now_iso()),
            )
            conn.execute("DELETE FROM undo_log WHERE id <= (SELECT max(id) FROM undo_log) - ?", (keep,))

    def pop_undo(self) -> str | None:
        """Put back the state before the latest change kept, in one transaction; its label, or None
        when there is nothing to undo. Only the papers that change touched are put back: what happened
        to others since (another process's marks) stays."""
        with self.write() as conn:
            row = conn.execute("SELECT id, label, state FROM undo_log ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM undo_log WHERE id = ?", (row[0],))
            before = json.loads(row[2])
            ids = [int(pid) for pid in before["ids"]]
            for table, column in (("reads", "read_at"), ("bookmarks", "created_at")):
                conn.executemany(f"DELETE FROM {table} WHERE paper_id = ?", [(pid,) for pid in ids])
                conn.executemany(
                    f"INSERT INTO {table}(paper_id, {column}) VALUES (?, ?)",
                    [(int(pid), stamp) for pid, stamp in before[table].items()],
                )
            old_queue = {int(pid): (position, added) for pid, position, added in before["queue"]}
            order = [
                r[0] for r in conn.execute("SELECT paper_id FROM queue ORDER BY position") if r[0] not in ids
            ]
            conn.executemany("DELETE FROM queue WHERE paper_id = ?", [(pid,) for pid in ids])
            back = sorted((old_queue[pid][0], pid) for pid in ids if pid in old_queue)
            for position, pid in back:
                order.insert(min(position - 1, len(order)), pid)
                conn.execute(
                    "INSERT INTO queue(paper_id, position, added_at) VALUES (?, ?, ?)",
                    (pid, -pid - 1_000_000, old_queue[pid][1]),
                )
            self._renumber(conn, order)
            if ids:
                marks = ",".join("?" * len(ids))
                conn.execute(
                    f"DELETE FROM signals WHERE id > ? AND paper_id IN ({marks})", [before["signal"], *ids]
                )
            conn.execute("DELETE FROM rules WHERE id > ?", (before["rule"],))
            conn.executemany(
                "INSERT OR IGNORE INTO rules(id, action, field, value, created_at) VALUES (?, ?, ?, ?, ?)",
                [tuple(rule) for rule in before["rules"]],
            )
            return str(row[1])

    def undo_labels(self, limit: int = 10) -> list[str]:
        """What :meth:`pop_undo` would undo, newest first."""
        return [
            r[0] for r in self.conn.execute("SELECT label FROM undo_log ORDER BY id DESC LIMIT ?", (limit,))
        ]

    def queue_ids(self) -> list[int]:
        """The reading queue in order."""
        return [r[0] for r in self.conn.execute("SELECT paper_id FROM queue ORDER BY position")]

    def _renumber(self, conn: sqlite3.Connection, order: list[int]) -> None:
        # Positions are 1..n; shift out of the way first so no two rows collide mid-update.
        conn.execute("UPDATE queue SET position = -position")
        for position, pid in enumerate(order, start=1):
            conn.execute("UPDATE queue SET position = ? WHERE paper_id = ?", (position, pid))

    def queue_add(self, ids: Iterable[int]) -> None:
        """Append papers to the end of the queue (those already queued keep their place)."""
        with self.write() as conn:
            for pid in ids:
                conn.execute(
                    "INSERT OR IGNORE INTO queue(paper_id, position, added_at) "
                    "VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM queue), ?)",
                    (pid, now_iso()),
                )

    def queue_remove(self, ids: Iterable[int], *, mark_read: bool = False) -> None:
        """Remove papers from the queue (optionally marking them read) and close the gaps."""
        with self.write() as conn:
            for pid in ids:
                conn.execute("DELETE FROM queue WHERE paper_id = ?", (pid,))
                if mark_read:
                    conn.execute(
                        "INSERT OR IGNORE INTO reads(paper_id, read_at) VALUES (?, ?)",
                        (pid, now_iso()),
                    )
            order = [r[0] for r in conn.execute("SELECT paper_id FROM queue ORDER BY position")]
            self._renumber(conn, order)

    def queue_move(self, paper_id: int, position: int) -> int:
        """Move a queued paper to 1-based ``position`` (clamped); returns the position it got."""
        with self.write() as conn:
            order = [r[0] for r in conn.execute("SELECT paper_id FROM queue ORDER BY position")]
            if paper_id not in order:
                raise KeyError(paper_id)
            order.remove(paper_id)
            index = max(0, min(position - 1, len(order)))
            order.insert(index, paper_id)
            self._renumber(conn, order)
            return index + 1

    # -- enriching --------------------------------------------------------------------------

    def enrich_candidates(self, ids: Sequence[int] | None, checked: str) -> list[int]:
        """Papers with gaps a paper API can fill (no arXiv id; or no authors, abstract, date or
        categories), without a ``checked`` mark (unless named in ``ids``), in library order."""
        gaps = (
            "(arxiv_id IS NULL OR authors = '[]' OR abstract = '' OR published IS NULL OR categories = '[]')"
        )
        if ids is not None:
            found = self.existing_ids(ids)
            return [pid for pid in dict.fromkeys(ids) if pid in found]
        return [
            r[0]
            for r in self.conn.execute(
                f"SELECT id FROM papers WHERE {gaps} AND NOT EXISTS (SELECT 1 FROM provenance v "
                "WHERE v.paper_id = papers.id AND v.field = ?) ORDER BY id",
                (checked,),
            )
        ]

    def fill(self, pid: int, paper: Paper, source: str, url: str) -> list[str]:
        """Fill a paper's empty fields from ``paper`` (an API's answer), never overwriting; returns the
        fields filled, each recorded with its source and URL. An arXiv id another paper already has is
        not taken (it is left to a merge)."""
        filled: list[str] = []
        stamp = now_iso()
        with self.write() as conn:
            r = conn.execute("SELECT * FROM papers WHERE id = ?", (pid,)).fetchone()
            if r is None:
                return []
            updates: dict[str, object] = {}
            if paper.arxiv_id and not r["arxiv_id"]:
                taken = conn.execute("SELECT 1 FROM papers WHERE arxiv_id = ?", (paper.arxiv_id,)).fetchone()
                if taken is None:
                    updates["arxiv_id"] = paper.arxiv_id
            for column, value in (
                ("abstract", paper.abstract),
                ("comment", paper.comment),
                ("published", paper.published),
                ("ai_summary", paper.ai_summary),
            ):
                if value and not r[column]:
                    updates[column] = value
            for column, values in (
                ("authors", paper.authors),
                ("categories", paper.categories),
                ("keywords", paper.keywords),
            ):
                if values and not json.loads(r[column]):
                    updates[column] = json.dumps(list(values))
            if paper.upvotes is not None and r["upvotes"] is None:
                updates["upvotes"] = paper.upvotes
            old_links = [tuple(pair) for pair in json.loads(r["links"])]
            known = {url for _, url in old_links}
            extra = [(link.kind, link.url) for link in paper.links if link.url not in known]
            if extra:
                updates["links"] = json.dumps([list(pair) for pair in old_links + extra])
            if not updates:
                return []
            filled = list(updates)
            updates["updated_at"] = stamp
            assignments = ", ".join(f"{column} = ?" for column in updates)
            conn.execute(f"UPDATE papers SET {assignments} WHERE id = ?", [*updates.values(), pid])
            conn.executemany(
                "INSERT INTO provenance(paper_id, field, source, url, filled_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(paper_id, field) DO UPDATE SET source = excluded.source, url = excluded.url, "
                "filled_at = excluded.filled_at",
                [(pid, name, source, url, stamp) for name in filled],
            )
            conn.execute("INSERT OR IGNORE INTO index_pending(paper_id) VALUES (?)", (pid,))
        return filled

    def mark(self, pids: Iterable[int], field: str, source: str) -> None:
        """Record that ``source`` was asked about these papers (``enrich`` does not ask again)."""
        stamp = now_iso()
        with self.write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO provenance(paper_id, field, source, url, filled_at) "
                "VALUES (?, ?, ?, '', ?)",
                [(pid, field, source, stamp) for pid in pids],
            )

    def provenance(self, pid: int) -> dict[str, str]:
        """Field -> the source it was filled from (``enrich``'s record), marks left out."""
        return {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT field, source FROM provenance WHERE paper_id = ? AND field NOT LIKE 'checked:%' "
                "ORDER BY field",
                (pid,),
            )
        }

    def cached(self, url: str, max_age_days: float) -> tuple[int, bytes] | None:
        """A remembered answer to ``url`` no older than ``max_age_days``."""
        row = self.conn.execute(
            "SELECT status, body FROM http_cache WHERE url = ? AND fetched_at >= datetime('now', ?)",
            (url, f"-{max_age_days} days"),
        ).fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))

    def cache(self, url: str, status: int, body: bytes) -> None:
        """Remember an answer."""
        with self.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO http_cache(url, status, body, fetched_at) "
                "VALUES (?, ?, ?, datetime('now'))",
                (url, status, body),
            )

    # -- removing --------------------------------------------------------------------------

    def digest_ids(self, date: str, source: str | None = None) -> list[int]:
        """The digests of one day (and source)."""
        sql = "SELECT id FROM digests WHERE date = ?" + (" AND source = ?" if source else "") + " ORDER BY id"
        return [r[0] for r in self.conn.execute(sql, (date, source) if source else (date,))]

    def existing_ids(self, ids: Sequence[int]) -> set[int]:
        """Which of ``ids`` are papers in the library."""
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self.conn.execute(f"SELECT id FROM papers WHERE id IN ({marks})", chunk)
            )
        return found

    def plan_removal(
        self, what: str, *, digest_ids: Sequence[int] = (), paper_ids: Sequence[int] = ()
    ) -> RemovalPlan:
        """What removing digests (their papers seen nowhere else) or papers (everywhere) would do."""
        conn = self.conn
        going: list[int] = list(dict.fromkeys(paper_ids))
        kept: list[int] = []
        for digest_id in digest_ids:
            for pid, elsewhere in conn.execute(
                "SELECT s.paper_id, EXISTS(SELECT 1 FROM sightings o WHERE o.paper_id = s.paper_id "
                f"AND o.digest_id NOT IN ({','.join('?' * len(digest_ids))})) "
                "FROM sightings s WHERE s.digest_id = ? ORDER BY s.position",
                [*digest_ids, digest_id],
            ):
                if pid in going or pid in kept:
                    continue
                (kept if elsewhere else going).append(pid)
        with_state = []
        for record in self.papers(going):
            reasons = tuple(
                reason
                for reason, on in (
                    ("bookmarked", record.bookmarked),
                    (f"queued #{record.queue_position}", record.queue_position is not None),
                    ("note", bool(record.note)),
                )
                if on
            )
            if reasons:
                with_state.append((record.id, record.title, reasons))
        return RemovalPlan(what, tuple(digest_ids), tuple(going), tuple(kept), tuple(with_state))

    def remove(self, plan: RemovalPlan) -> int:
        """Carry out a plan in one transaction; returns how many digests went (including digests left
        empty by removing papers). Kept papers get their first/last seen dates from what is left; every
        paper touched is queued for the index in the same transaction."""
        with self.write() as conn:
            touched = {
                r[0]
                for pid in plan.paper_ids
                for r in conn.execute("SELECT digest_id FROM sightings WHERE paper_id = ?", (pid,))
            }
            for digest_id in plan.digest_ids:
                conn.execute("DELETE FROM sightings WHERE digest_id = ?", (digest_id,))
            conn.executemany("DELETE FROM papers WHERE id = ?", [(pid,) for pid in plan.paper_ids])
            emptied = [
                digest_id
                for digest_id in touched - set(plan.digest_ids)
                if conn.execute("SELECT 1 FROM sightings WHERE digest_id = ?", (digest_id,)).fetchone()
                is None
            ]
            gone = [*plan.digest_ids, *emptied]
            conn.executemany("DELETE FROM digests WHERE id = ?", [(d,) for d in gone])
            for pid in plan.kept_ids:
                conn.execute(
                    "UPDATE papers SET first_seen = (SELECT min(d.date) FROM sightings s JOIN digests d "
                    "ON d.id = s.digest_id WHERE s.paper_id = papers.id), last_seen = (SELECT max(d.date) "
                    "FROM sightings s JOIN digests d ON d.id = s.digest_id WHERE s.paper_id = papers.id), "
                    "updated_at = ? WHERE id = ?",
                    (now_iso(), pid),
                )
            order = [r[0] for r in conn.execute("SELECT paper_id FROM queue ORDER BY position")]
            self._renumber(conn, order)
            conn.executemany(
                "INSERT OR IGNORE INTO index_pending(paper_id) VALUES (?)",
                [(pid,) for pid in (*plan.paper_ids, *plan.kept_ids)],
            )
        return len(gone)

    # -- index bookkeeping -----------------------------------------------------------------

    def pending_index(self) -> list[int]:
        """Paper ids changed in SQLite whose Whoosh documents are not yet updated."""
        return [r[0] for r in self.conn.execute("SELECT paper_id FROM index_pending")]

    def clear_pending(self, ids: Iterable[int]) -> None:
        """Forget pending ids once the index holds them."""
        with self.write() as conn:
            conn.executemany("DELETE FROM index_pending WHERE paper_id = ?", [(i,) for i in ids])

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

    # -- ingest ----------------------------------------------------------------------------

    def ingest(self, digest: Digest, *, name: str, content_hash: str) -> IngestResult:
        """Add a (sanitised) digest in one transaction: the digest imports whole or not at all.

        Papers are matched to the library by arXiv id, then normalised title, then a near-identical
        title whose authors agree; a match is merged (missing fields filled, user state untouched).
        Changed papers are queued for the index in the same transaction.
        """
        key = digest_key(digest, content_hash)
        new = merged = unchanged = 0
        stamp = now_iso()
        with self.write(holder=True) as conn:
            row = conn.execute("SELECT id FROM digests WHERE key = ?", (key,)).fetchone()
            if row is None:
                digest_id = conn.execute(
                    "INSERT INTO digests(key, source, date, title, name, content_hash, imported_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, digest.source, digest.date, digest.title, name, content_hash, stamp),
                ).lastrowid
            else:
                digest_id = row[0]
                conn.execute(
                    "UPDATE digests SET content_hash = ?, name = ? WHERE id = ?",
                    (content_hash, name, digest_id),
                )
            assert digest_id is not None
            matcher = _Matcher(conn)
            for position, paper in enumerate(digest.papers):
                existing = matcher.find(paper)
                if existing is None:
                    pid = _insert_paper(conn, paper, digest.date, stamp)
                    matcher.added(pid, paper)
                    conn.execute("INSERT OR IGNORE INTO index_pending(paper_id) VALUES (?)", (pid,))
                    changed, is_new = True, True
                else:
                    pid = existing
                    changed = _merge_paper(conn, pid, paper, digest.date, stamp)
                    is_new = False
                    if changed:
                        conn.execute("INSERT OR IGNORE INTO index_pending(paper_id) VALUES (?)", (pid,))
                sighted = conn.execute(
                    "INSERT OR IGNORE INTO sightings(digest_id, paper_id, position, announce_type, "
                    "upvotes) VALUES (?, ?, ?, ?, ?)",
                    (digest_id, pid, position, paper.announce_type, paper.upvotes),
                ).rowcount
                if not sighted and paper.upvotes is not None:
                    conn.execute(
                        "UPDATE sightings SET upvotes = ? WHERE digest_id = ? AND paper_id = ?",
                        (paper.upvotes, digest_id, pid),
                    )
                if is_new:
                    new += 1
                elif changed or sighted:
                    merged += 1
                else:
                    unchanged += 1
        return IngestResult(
            name, new, merged, unchanged, digest_id, digest.source, digest.date, digest.notice
        )


def digest_key(digest: Digest, content_hash: str) -> str:
    """The identity of a digest: source, day and title (one day's list may grow), else the content."""
    if digest.date:
        return f"{digest.source}|{digest.date}|{digest.title}"
    return f"{digest.source}|sha256:{content_hash}"


def _insert_paper(conn: sqlite3.Connection, paper: Paper, date: str | None, stamp: str) -> int:
    pid = conn.execute(
        "INSERT INTO papers(arxiv_id, title, title_key, abstract, authors, categories, links, "
        "upvotes, comment, published, keywords, ai_summary, replacement, first_seen, last_seen, "
        "added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            paper.arxiv_id,
            paper.title,
            normalize_title(paper.title),
            paper.abstract,
            json.dumps(list(paper.authors)),
            json.dumps(list(paper.categories)),
            json.dumps([[link.kind, link.url] for link in paper.links]),
            paper.upvotes,
            paper.comment,
            paper.published,
            json.dumps(list(paper.keywords)),
            paper.ai_summary,
            int(paper.announce_type in ("replace", "replace-cross")),
            date,
            date,
            stamp,
            stamp,
        ),
    ).lastrowid
    assert pid is not None
    return pid


def _union(old: list[str], new: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*old, *new]))


def _merge_paper(conn: sqlite3.Connection, pid: int, paper: Paper, date: str | None, stamp: str) -> bool:
    """Fill what the library lacks from a new sighting; returns whether the row changed."""
    r = conn.execute("SELECT * FROM papers WHERE id = ?", (pid,)).fetchone()
    updates: dict[str, object] = {}
    if paper.arxiv_id and not r["arxiv_id"]:
        updates["arxiv_id"] = paper.arxiv_id
    for column, value in (
        ("abstract", paper.abstract),
        ("comment", paper.comment),
        ("published", paper.published),
        ("ai_summary", paper.ai_summary),
    ):
        if value and not r[column]:
            updates[column] = value
    for column, values in (
        ("authors", paper.authors),
        ("categories", paper.categories),
        ("keywords", paper.keywords),
    ):
        old = json.loads(r[column])
        if values and not old:
            updates[column] = json.dumps(list(values))
        elif column == "categories" and values:
            merged = _union(old, values)
            if merged != old:
                updates[column] = json.dumps(merged)
    old_links = [tuple(pair) for pair in json.loads(r["links"])]
    known_urls = {url for _, url in old_links}
    extra = [(link.kind, link.url) for link in paper.links if link.url not in known_urls]
    if extra:
        updates["links"] = json.dumps([list(pair) for pair in old_links + extra])
    if paper.upvotes is not None and (r["upvotes"] is None or paper.upvotes > r["upvotes"]):
        updates["upvotes"] = paper.upvotes
    if date and (r["last_seen"] is None or date > r["last_seen"]):
        updates["last_seen"] = date
    if date and (r["first_seen"] is None or date < r["first_seen"]):
        updates["first_seen"] = date
    if paper.announce_type not in ("replace", "replace-cross") and r["replacement"]:
        updates["replacement"] = 0
    if not updates:
        return False
    updates["updated_at"] = stamp
    assignments = ", ".join(f"{column} = ?" for column in updates)
    conn.execute(f"UPDATE papers SET {assignments} WHERE id = ?", [*updates.values(), pid])
    return True


def _surnames(authors: Iterable[str]) -> set[str]:
    names = set()
    for author in authors:
        parts = normalize_title(author).split()
        if parts:
            names.add(parts[-1])
    return names


def authors_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two author lists can be the same paper's: unknown on either side, or surnames overlap."""
    left, right = _surnames(a), _surnames(b)
    if not left or not right:
        return True
    return len(left & right) >= max(1, min(len(left), len(right)) // 2)


FUZZY_TITLE_CUTOFF = 94.0


class _Matcher:
    """Finds the library paper an incoming paper is, within one ingest transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._no_arxiv: list[tuple[int, str, list[str]]] | None = None
        self._all_keys: tuple[list[int], list[str]] | None = None

    def find(self, paper: Paper) -> int | None:
        conn = self.conn
        if paper.arxiv_id:
            row = conn.execute("SELECT id FROM papers WHERE arxiv_id = ?", (paper.arxiv_id,)).fetchone()
            if row:
                return int(row[0])
        key = normalize_title(paper.title)
        if paper.arxiv_id:
            # Only a paper seen without an id may be this one.
            row = conn.execute(
                "SELECT id FROM papers WHERE title_key = ? AND arxiv_id IS NULL", (key,)
            ).fetchone()
        else:
            row = conn.execute("SELECT id FROM papers WHERE title_key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
        return self._fuzzy(paper, key)

    def _fuzzy(self, paper: Paper, key: str) -> int | None:
        if len(key) < 12:
            return None
        from rapidfuzz import fuzz, process  # only when a title is compared: not at every start

        if paper.arxiv_id:
            if self._no_arxiv is None:
                self._no_arxiv = [
                    (r[0], r[1], json.loads(r[2]))
                    for r in self.conn.execute(
                        "SELECT id, title_key, authors FROM papers WHERE arxiv_id IS NULL"
                    )
                ]
            candidates = self._no_arxiv
            keys = [c[1] for c in candidates]
            match = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_TITLE_CUTOFF)
            if match and authors_agree(paper.authors, candidates[match[2]][2]):
                return candidates[match[2]][0]
            return None
        if self._all_keys is None:
            ids, keys = [], []
            for r in self.conn.execute("SELECT id, title_key FROM papers"):
                ids.append(r[0])
                keys.append(r[1])
            self._all_keys = (ids, keys)
        ids, keys = self._all_keys
        match = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_TITLE_CUTOFF)
        if not match:
            return None
        pid = ids[match[2]]
        authors = json.loads(
            self.conn.execute("SELECT authors FROM papers WHERE id = ?", (pid,)).fetchone()[0]
        )
        return pid if authors_agree(paper.authors, authors) else None

    def added(self, pid: int, paper: Paper) -> None:
        """Let later papers of the same digest match one just inserted."""
        key = normalize_title(paper.title)
        if self._no_arxiv is not None and not paper.arxiv_id:
            self._no_arxiv.append((pid, key, list(paper.authors)))
        if self._all_keys is not None:
            self._all_keys[0].append(pid)
            self._all_keys[1].append(key)
