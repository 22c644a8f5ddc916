"""What For you learns from and says: signals, taste scores, watch and mute rules and the papers they
match, and the undo log of the user's marks."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from paper_tui.store.base import StoreBase, id_chunks, now_iso
from paper_tui.store.state import renumber_queue


class TasteTables(StoreBase):
    """Signals, taste scores, rules, rule hits and the undo log."""

    if TYPE_CHECKING:

        def all_ids(self) -> list[int]: ...  # PaperTables

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
        for chunk, marks in id_chunks(ids):
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
        for chunk, marks in id_chunks(ids):
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
            for chunk, marks in id_chunks(ids):
                rows += self.conn.execute(
                    f"SELECT paper_id, action, rule FROM rule_hits WHERE paper_id IN ({marks}) ORDER BY rule",
                    chunk,
                ).fetchall()
        for pid, action, rule in rows:
            hits.setdefault(pid, []).append((action, rule))
        return hits

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
        for chunk, marks in id_chunks(ids):
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

    def push_undo(
        self, label: str, before: dict[str, Any], after: dict[str, Any] | None = None, keep: int = 100
    ) -> None:
        """Keep the state before a change (:meth:`user_state`), newest last; the oldest beyond ``keep``
        go. With the state ``after`` it, what the change changed is kept too, and undo puts back only
        that: a read mark, a bookmark or a signal given since (a paper read in the detail pane after a
        like) stays."""
        if after is not None:
            before = {**before, **_changes(before, after)}
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
            every = [int(pid) for pid in before["ids"]]
            # What the change changed (entries kept before that was recorded: every mark of its papers).
            changed = before.get("changed") or {"reads": every, "bookmarks": every, "queue": every}
            for table, column in (("reads", "read_at"), ("bookmarks", "created_at")):
                ids = [int(pid) for pid in changed[table]]
                conn.executemany(f"DELETE FROM {table} WHERE paper_id = ?", [(pid,) for pid in ids])
                conn.executemany(
                    f"INSERT INTO {table}(paper_id, {column}) VALUES (?, ?)",
                    [(pid, before[table][str(pid)]) for pid in ids if str(pid) in before[table]],
                )
            ids = [int(pid) for pid in changed["queue"]]
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
            renumber_queue(conn, order)
            # The signals and rules the change added (not those given since), and the rules it removed.
            signal_after = before.get("signal_after", _NO_END)
            for chunk, marks in id_chunks(every):
                conn.execute(
                    f"DELETE FROM signals WHERE id > ? AND id <= ? AND paper_id IN ({marks})",
                    [before["signal"], signal_after, *chunk],
                )
            rule_after = before.get("rule_after", _NO_END)
            conn.execute("DELETE FROM rules WHERE id > ? AND id <= ?", (before["rule"], rule_after))
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


#: Beyond any row id (an undo entry kept before "after" was recorded: everything since is its).
_NO_END = 2**62


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What a change did to its papers' marks: the papers whose read mark, bookmark or place in the
    queue differ, and the newest signal and rule after it."""
    changed: dict[str, list[int]] = {}
    for table in ("reads", "bookmarks"):
        was, now = before[table], after[table]
        changed[table] = sorted(int(pid) for pid in set(was) | set(now) if was.get(pid) != now.get(pid))
    ids = {int(pid) for pid in before["ids"]}
    was_queue = {int(pid): position for pid, position, _ in before["queue"] if int(pid) in ids}
    now_queue = {int(pid): position for pid, position, _ in after["queue"] if int(pid) in ids}
    changed["queue"] = sorted(pid for pid in ids if was_queue.get(pid) != now_queue.get(pid))
    return {"changed": changed, "signal_after": after["signal"], "rule_after": after["rule"]}
