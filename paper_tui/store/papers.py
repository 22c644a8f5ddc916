"""Reading papers, digests and sightings: counts, the ids a view shows, a query's filters, list rows,
full records, the status line; removing digests and papers; the papers the index has yet to take."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from paper_tui.model import DigestInfo, Filters, Link, PaperRecord, RemovalPlan, Row, Sighting, View
from paper_tui.store.base import StoreBase, id_chunks, now_iso
from paper_tui.store.state import renumber_queue

#: What each sort orders by before the digests' own order (``View.sort``).
_SORT_ORDER = {
    "newest": "coalesce(p.published, p.last_seen) DESC, ",
    "upvotes": "p.upvotes IS NULL, p.upvotes DESC, ",
    # For you: the score, then (equal or no scores: nothing learned yet) what readers upvoted.
    "for-you": "t.score IS NULL, t.score DESC, p.upvotes IS NULL, p.upvotes DESC, ",
    "title": "p.title_key, ",
}

_PAPER_COLUMNS = (
    "id, arxiv_id, title, abstract, authors, categories, links, upvotes, comment, published, "
    "first_seen, last_seen, replacement, keywords, ai_summary"
)


class PaperTables(StoreBase):
    """Papers, digests and sightings as the lists, the detail pane and the status line read them."""

    if TYPE_CHECKING:

        def scores(self, ids: Sequence[int]) -> dict[int, tuple[float, list[list[object]], str]]: ...

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
        for chunk, marks in id_chunks(ids):
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
        for chunk, marks in id_chunks(ids):
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

    # -- removing --------------------------------------------------------------------------

    def digest_ids(self, date: str, source: str | None = None) -> list[int]:
        """The digests of one day (and source)."""
        sql = "SELECT id FROM digests WHERE date = ?" + (" AND source = ?" if source else "") + " ORDER BY id"
        return [r[0] for r in self.conn.execute(sql, (date, source) if source else (date,))]

    def existing_ids(self, ids: Sequence[int]) -> set[int]:
        """Which of ``ids`` are papers in the library."""
        found: set[int] = set()
        for chunk, marks in id_chunks(ids):
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
            renumber_queue(conn, order)
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
