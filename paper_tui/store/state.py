"""What the user did with papers: bookmarks, read marks, notes and the reading queue."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from paper_tui.store.base import StoreBase, id_chunks, now_iso


def renumber_queue(conn: sqlite3.Connection, order: list[int]) -> None:
    """Give the queued papers the positions 1..n in ``order``."""
    # Shift out of the way first so no two rows collide mid-update.
    conn.execute("UPDATE queue SET position = -position")
    for position, pid in enumerate(order, start=1):
        conn.execute("UPDATE queue SET position = ? WHERE paper_id = ?", (position, pid))


class StateTables(StoreBase):
    """Bookmarks, read marks, notes and the queue."""

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
        for chunk, marks in id_chunks(ids):
            read.update(
                r[0]
                for r in self.conn.execute(f"SELECT paper_id FROM reads WHERE paper_id IN ({marks})", chunk)
            )
        return [pid for pid in ids if pid not in read]

    def queue_ids(self) -> list[int]:
        """The reading queue in order."""
        return [r[0] for r in self.conn.execute("SELECT paper_id FROM queue ORDER BY position")]

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
            renumber_queue(conn, order)

    def queue_move(self, paper_id: int, position: int) -> int:
        """Move a queued paper to 1-based ``position`` (clamped); returns the position it got."""
        with self.write() as conn:
            order = [r[0] for r in conn.execute("SELECT paper_id FROM queue ORDER BY position")]
            if paper_id not in order:
                raise KeyError(paper_id)
            order.remove(paper_id)
            index = max(0, min(position - 1, len(order)))
            order.insert(index, paper_id)
            renumber_queue(conn, order)
            return index + 1
