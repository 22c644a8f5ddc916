"""Papers coming in: a digest ingested in one transaction (each paper matched to the library and
merged), and the gaps ``enrich`` fills from paper APIs (with where each value came from, and their
answers cached)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from paper_tui.model import Digest, IngestResult, Paper
from paper_tui.store.base import StoreBase, now_iso
from paper_tui.text import normalize_title


class IngestTables(StoreBase):
    """Ingesting digests and filling papers' gaps."""

    if TYPE_CHECKING:

        def existing_ids(self, ids: Sequence[int]) -> set[int]: ...  # PaperTables

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
            updates.update(_gaps_filled(r, paper))
            if paper.upvotes is not None and r["upvotes"] is None:
                updates["upvotes"] = paper.upvotes
            links = _links_added(r, paper)
            if links is not None:
                updates["links"] = links
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

    def uncache(self, url: str) -> None:
        """Forget an answer (one that turned out not to be what was asked for)."""
        with self.write() as conn:
            conn.execute("DELETE FROM http_cache WHERE url = ?", (url,))

    def cache(self, url: str, status: int, body: bytes) -> None:
        """Remember an answer."""
        with self.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO http_cache(url, status, body, fetched_at) "
                "VALUES (?, ?, ?, datetime('now'))",
                (url, status, body),
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


def _gaps_filled(r: sqlite3.Row, paper: Paper) -> dict[str, object]:
    """The columns of the paper row ``r`` that are empty and that ``paper`` has (its texts, and its lists
    as JSON), and the texts it has whole where the row has only their start: the update that fills
    them, never replacing a text with another."""
    updates: dict[str, object] = {}
    for column, value in (
        ("abstract", paper.abstract),
        ("comment", paper.comment),
        ("published", paper.published),
        ("ai_summary", paper.ai_summary),
    ):
        if value and (not r[column] or _completes(r[column], value)):
            updates[column] = value
    for column, values in (
        ("authors", paper.authors),
        ("categories", paper.categories),
        ("keywords", paper.keywords),
    ):
        if values and not json.loads(r[column]):
            updates[column] = json.dumps(list(values))
    return updates


def _completes(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with more after it: the whole text of which a cut-off digest (a file
    copied or downloaded in part) held only the start. Nothing else replaces a text the library has."""
    start, whole = " ".join(old.rstrip("\ufffd").split()), " ".join(new.split())
    return len(whole) > len(start) and whole.startswith(start)


def _links_added(r: sqlite3.Row, paper: Paper) -> str | None:
    """The row's links (JSON) with those of ``paper`` whose URL it lacks appended; None when none."""
    old_links = [tuple(pair) for pair in json.loads(r["links"])]
    known = {url for _, url in old_links}
    extra = [(link.kind, link.url) for link in paper.links if link.url not in known]
    return json.dumps([list(pair) for pair in old_links + extra]) if extra else None


def _merge_paper(conn: sqlite3.Connection, pid: int, paper: Paper, date: str | None, stamp: str) -> bool:
    """Fill what the library lacks from a new sighting; returns whether the row changed."""
    r = conn.execute("SELECT * FROM papers WHERE id = ?", (pid,)).fetchone()
    updates: dict[str, object] = {}
    if paper.arxiv_id and not r["arxiv_id"]:
        updates["arxiv_id"] = paper.arxiv_id
    updates.update(_gaps_filled(r, paper))
    if "categories" not in updates and paper.categories:
        # The one list merged when both have one: another digest may name other categories.
        old = json.loads(r["categories"])
        merged = _union(old, paper.categories)
        if merged != old:
            updates["categories"] = json.dumps(merged)
    links = _links_added(r, paper)
    if links is not None:
        updates["links"] = links
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
