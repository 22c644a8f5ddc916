"""SQLite store: papers, digests, sightings and everything the user did (queue, bookmarks, reads, notes).

SQLite is the source of truth. WAL mode, a busy timeout and ``BEGIN IMMEDIATE`` for every write
transaction, so that a cron import, a second reader and this process can share one library. Each thread
gets its own connection (readers never wait for one another in WAL mode).

:class:`Store` is one class composed of a mixin per group of tables over the connection base
(:mod:`~paper_tui.store.base`): :mod:`~paper_tui.store.papers` (reading papers, digests and
sightings; removal), :mod:`~paper_tui.store.ingest` (digests in; enrich's fills),
:mod:`~paper_tui.store.state` (bookmarks, reads, notes, the queue), :mod:`~paper_tui.store.taste`
(signals, scores, rules, undo) and :mod:`~paper_tui.store.backup`; the schema is in
:mod:`~paper_tui.store.schema`.
"""

from __future__ import annotations

from paper_tui.model import View
from paper_tui.store.backup import (
    BackupFailed,
    BackupTables,
    check_database_file,
    is_disk_full,
    stays_empty,
)
from paper_tui.store.base import DatabaseDamaged, StoreBase, StoreError, WriteRefused, is_damage
from paper_tui.store.ingest import IngestTables
from paper_tui.store.papers import PaperTables
from paper_tui.store.schema import SCHEMA_VERSION
from paper_tui.store.state import StateTables
from paper_tui.store.taste import TasteTables

__all__ = [
    "SCHEMA_VERSION",
    "BackupFailed",
    "DatabaseDamaged",
    "Store",
    "StoreError",
    "View",
    "WriteRefused",
    "check_database_file",
    "is_damage",
    "is_disk_full",
    "stays_empty",
]


class Store(PaperTables, IngestTables, StateTables, TasteTables, BackupTables, StoreBase):
    """The SQLite library. Thread-safe: every thread uses its own connection."""
