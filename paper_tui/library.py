"""The one facade the CLI and the UI call: import, list, search, queue, bookmarks, reads, notes, export."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from paper_tui import indexing, removal
from paper_tui.backups import (
    backup_due,
    damaged_message,
    database_damage,
    list_backups,
    open_store,
    restore,
    write_backup,
)
from paper_tui.doctor import doctor
from paper_tui.doctor import hints as doctor_hints
from paper_tui.importing import ImportOutcome, expand_paths, import_paths, seed, store_read, will_seed
from paper_tui.locks import Waits
from paper_tui.model import (
    SIGNALS,
    TRIAGE_DECISIONS,
    Digest,
    DigestError,
    IndexDamaged,
    IngestResult,
    LookupFailed,
    PaperRecord,
    RemovalPlan,
    RemovalResult,
    Row,
    SearchHit,
    SearchResult,
    View,
)
from paper_tui.notices import Notices
from paper_tui.paths import Paths
from paper_tui.paths import resolve as resolve_paths
from paper_tui.reader import place
from paper_tui.reader.place import ROW_STYLES, ReaderPrefs, ReaderState
from paper_tui.removal import RemovalRefused
from paper_tui.rules import ACTIONS as RULE_ACTIONS
from paper_tui.rules import FIELDS as RULE_FIELDS
from paper_tui.rules import Rule, all_rules, sync_hits
from paper_tui.store import BackupFailed, StoreError
from paper_tui.text import MAX_ABSTRACT, clean_digest, parse_arxiv_id, plural, sanitize

if TYPE_CHECKING:
    from paper_tui.enrich import EnrichReport
    from paper_tui.index import Document, Index, Ranking
    from paper_tui.taste.learn import TasteState

_T = TypeVar("_T")


# Re-exported: the front ends and the tests take these from the facade.
__all__ = [
    "ROW_STYLES",
    "STATUS_FIELDS",
    "BackupFailed",
    "ImportOutcome",
    "Library",
    "LookupFailed",
    "Notices",
    "ReaderPrefs",
    "ReaderState",
    "RemovalRefused",
    "StoreError",
    "View",
    "damaged_message",
    "expand_paths",
    "list_backups",
    "restore",
]

Progress = Callable[[int, int], None]


#: What ``paper-tui status --format`` can name: the newest digest's date, its papers, its unread papers
#: (muted ones left out) and its unread watched ones, unread papers that arrived since the reader's last
#: session, unread papers, the queue, bookmarks, papers.
STATUS_FIELDS = (
    "today",
    "today_papers",
    "today_unread",
    "today_watched",
    "new",
    "unread",
    "queued",
    "bookmarked",
    "papers",
)


class Library:
    """A paper-tui library: the SQLite store plus the Whoosh index derived from it."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        paths.ensure()
        #: How this process names itself to others and waits for their locks (the command line sets
        #: ``activity`` and ``on_wait``; the reader ``on_wait`` and ``cancel``): see paper_tui.locks.
        self.waits = Waits()
        self.store = open_store(paths, self.waits)
        #: Things the user should hear about once (for example, an index rebuilt after damage).
        self.notices = Notices()
        #: The index files were compared with their checksums since the library was opened (or the
        #: reader took that over: :meth:`take_over_index_check`).
        self.index_verified = False
        #: Papers with a higher id arrived since the reader's last session (:meth:`begin_session`).
        self.new_after: int | None = None

    @cached_property
    def index(self) -> Index:
        """The Whoosh index, imported on first use: the reader shows its first frame without Whoosh."""
        from paper_tui.index import Index

        return Index(self.paths.index_dir, waits=self.waits)

    @classmethod
    def open(cls, data_dir: str | Path | None = None) -> Library:
        """Open (creating if needed) the library in ``data_dir`` / ``$PAPER_TUI_HOME`` / the user dir."""
        return cls(resolve_paths(data_dir))

    def close_index(self) -> None:
        """Close the search index; the next search opens it again (after another process rebuilt it)."""
        if "index" in self.__dict__:
            self.index.close()

    def close(self) -> None:
        """Close the database connections and the index."""
        if "index" in self.__dict__:
            self.index.close()
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- backups ---------------------------------------------------------------------------

    def backup(self, reason: str = "manual") -> Path:
        """Write a verified backup with SQLite's backup API (see :meth:`Store.backup`); keeps the newest
        :data:`~paper_tui.backups.BACKUPS_KEPT`. Raises :class:`BackupFailed` (one line; no file left
        behind)."""
        return write_backup(self.paths, self.store, reason)

    def maybe_backup(self, max_age: timedelta = timedelta(hours=24)) -> Path | None:
        """Back up when the newest backup is older than ``max_age`` (the schedule); returns the new file.

        A backup that fails is a notice (``self.notices``), never an error: the import before it is
        done and stays done; the next import tries again.
        """
        if not backup_due(self.paths, self.store, max_age):
            return None
        try:
            return self.backup("daily")
        except BackupFailed as error:
            self.notices.add(f"warning: the daily backup was not written ({error}); the import is complete")
            return None

    def after_import(self, imported: bool) -> list[str]:
        """What follows every import (the command line, a fetch, the inbox, the reader's seed): the
        daily backup when something was imported. A backup that fails is a notice, never a failed
        import. Returns every notice not said yet (this call's and the import's own)."""
        if imported:
            try:
                self.maybe_backup()
            except Exception as error:
                self.notices.add(f"Could not write the daily backup: {error}")
        return self.notices.take()

    # -- importing -------------------------------------------------------------------------

    def import_bytes(
        self,
        data: bytes | str,
        *,
        name: str = "<stdin>",
        fmt: str | None = None,
        digest_date: str | None = None,
        reference_date: date | None = None,
        sync: bool = True,
    ) -> IngestResult:
        """Parse and ingest one digest; raises DigestError (naming ``name``) when it cannot be read.

        ``sync=False`` leaves the index update to a later :meth:`sync_index` (one per batch of files).
        """
        from paper_tui.reading import read_bytes

        read = read_bytes(data, name=name, fmt=fmt, digest_date=digest_date, reference_date=reference_date)
        return store_read(self, read, sync=sync)

    def import_file(
        self, path: Path, *, fmt: str | None = None, digest_date: str | None = None, sync: bool = True
    ) -> IngestResult:
        """Read and ingest one file (``-`` is standard input); the file's date anchors year inference."""
        from paper_tui.reading import read_file

        return store_read(self, read_file(path, fmt=fmt, digest_date=digest_date), sync=sync)

    def import_paths(
        self,
        paths: Sequence[str | Path],
        *,
        fmt: str | None = None,
        digest_date: str | None = None,
        on_file: Callable[[Path, IngestResult | DigestError], None] | None = None,
        procs: int = 1,
    ) -> ImportOutcome:
        """Import files and folders; a file that fails is reported and the others still import.

        ``procs`` > 1 lets worker processes read a batch of files (while this process stores the ones
        read) and index a large batch (the command line only).
        """
        return import_paths(self, paths, fmt=fmt, digest_date=digest_date, on_file=on_file, procs=procs)

    def ingest(self, digest: Digest, *, name: str, content_hash: str, sync: bool = True) -> IngestResult:
        """Sanitise a parsed digest, store it in one transaction, then bring the index up to date."""
        result = self.store.ingest(clean_digest(digest), name=name, content_hash=content_hash)
        if sync:
            self.sync_index()
        return result

    def will_seed(self) -> bool:
        """Whether :meth:`ensure_seeded` would import the bundled sample (an empty, never seeded
        library): the reader says so before the import's second or so."""
        return will_seed(self.store)

    def ensure_seeded(self) -> list[IngestResult]:
        """On an empty library, import the bundled sample digest(s); returns what was imported."""
        return seed(self)

    # -- the index -------------------------------------------------------------------------

    def _documents(self, ids: Sequence[int]) -> Iterator[Document]:
        return indexing.documents(self.store, ids)

    def sync_index(self, *, procs: int = 1, wait: bool = True) -> None:
        """Write papers changed in SQLite into the index (rebuilding it when missing or damaged).

        ``procs`` > 1 allows worker processes for a large batch (the command line only). While another
        process writes the index (a rebuild: minutes at 100,000 papers) this waits for it, unless
        ``wait`` is false: the papers then stay pending and the next sync writes them.
        """
        indexing.sync(self, self._documents, procs=procs, wait=wait)

    def reindex(self, progress: Progress | None = None, *, procs: int = 1) -> int:
        """Rebuild the whole index from SQLite; returns the number of papers indexed."""
        count = indexing.rebuild(self.store, self.index, self._documents, progress, procs=procs)
        self.index_verified = True
        return count

    def _with_index(self, action: Callable[[], _T]) -> _T:
        return indexing.checked(self, action)

    def search(
        self,
        query: str,
        limit: int = 50,
        *,
        highlights: bool = False,
        should_stop: Callable[[], bool] | None = None,
        quick: bool = False,
    ) -> list[SearchHit]:
        """Ranked hits for a query (see the README for the syntax); optionally with highlighted fragments.

        ``should_stop`` ends a search no longer wanted (it then finds nothing).
        ``quick`` (for each keystroke of search-as-you-type) looks at titles and authors only, a prefix
        standing for its most frequent words; the full search follows when typing pauses. Raises
        :class:`~paper_tui.model.QueryError` (one line) for a query the parser or a field refuses.
        """
        if not query.strip():
            return []
        # Parsed first, from the schema alone: a query error (QueryError) is said before the index is
        # synced, opened or checked, and is never taken for damage.
        self.index.parse(query, quick=quick)

        def texts(ids: list[int]) -> dict[int, dict[str, str]]:
            return {r.id: {"title": r.title, "abstract": r.abstract} for r in self.store.papers(ids)}

        return self._with_index(
            lambda: self.index.search(
                query,
                limit,
                texts=texts if highlights else None,
                should_stop=should_stop,
                quick=quick,
            )
        )

    def find(
        self,
        query: str,
        *,
        scope: View | None = None,
        typing: bool = False,
        submitted: bool = False,
        quick: bool = False,
        limit: int | None = None,
        highlights: bool = False,
        should_stop: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """The papers a query finds, best first: its words through the index (typos respelt, said in
        ``note``), its filters (``is:unread``, ``has:code``, ``source:hf``, ``upvotes:>=10``) and
        ``scope`` (a view the search is kept to) through the library; every match, or the best
        ``limit``, and how many match in all. ``typing``: the query is being typed (its last word is a
        prefix, unfinished syntax is left out; ``submitted``: and enter was pressed, so a last word
        such as ``auth`` is a word, not a field's name on its way); otherwise syntax that cannot run
        raises :class:`QueryError`. ``quick`` looks at titles and authors only (search-as-you-type's first
        results)."""
        from paper_tui.finder import find

        return find(
            self,
            query,
            scope=scope,
            typing=typing,
            submitted=submitted,
            quick=quick,
            limit=limit,
            highlights=highlights,
            should_stop=should_stop,
        )

    def rank(
        self,
        text: str,
        limit: int | None = None,
        *,
        quick: bool = False,
        should_stop: Callable[[], bool] | None = None,
        respelling: bool = True,
    ) -> Ranking:
        """Every paper the index finds for ``text`` (words and fields, no filters), ranked; with
        ``respelling``, words that match nothing are searched as their close spellings."""
        return self._with_index(
            lambda: self.index.rank(text, limit, quick=quick, should_stop=should_stop, respelling=respelling)
        )

    def warm(self) -> None:
        """Run one query, so that the user's first search after launch is warm. Like any first search
        it compares the index files with their checksums first, unless that was done or taken over
        (a damaged index is rebuilt, with a notice): call it in the background."""
        self.search("model OR learning", 1)

    def index_usable(self) -> bool:
        """Whether the search index is there, opens and its files have the sizes they were written with,
        without repairing it (when it is not, the next search or sync rebuilds it: minutes at 100,000
        papers; the reader does it with progress). Contents are :meth:`index_damage`'s job."""
        try:
            return self.index.exists() and self.index.doc_count() >= 0
        except IndexDamaged:
            return False

    def take_over_index_check(self) -> None:
        """Searches no longer compare the index files with their checksums first: the caller (the
        reader) calls :meth:`index_damage` in the background and rebuilds, with progress, on damage."""
        self.index_verified = True

    def index_damage(self) -> str | None:
        """Compare every index file with its checksum (reads the whole index: about 60 ms at 100,000
        papers from the page cache, 0.4 s from disk); what is damaged, or None. Repairs nothing."""
        self.index_verified = True
        try:
            self.index.verify(deep=True)
        except IndexDamaged as error:
            return str(error)
        return None

    def search_terms(self, query: str, *, quick: bool = False) -> set[str]:
        """Indexed words the query matches, for highlighting a paper reached through a search."""
        try:
            return self.index.terms(query, quick=quick)
        except Exception:
            return set()

    def highlight(self, text: str, terms: set[str], field: str = "abstract") -> str:
        """``text`` with the words in ``terms`` wrapped in highlight markers."""
        return self.index.highlight_whole(text, terms, field)

    def more_like(self, paper_id: int, limit: int = 20) -> list[SearchHit]:
        """Papers related to one paper, from the index."""
        record = self.store.paper(paper_id)
        if record is None:
            return []
        text = f"{record.title}\n{record.abstract}"
        return self._with_index(lambda: self.index.more_like(paper_id, text, limit))

    def database_damage(self, *, quick: bool = False) -> str | None:
        """None for a healthy database, else one paragraph: what is damaged, which backups are good and
        the exact command that restores the newest. ``quick`` runs SQLite's quick_check (about 0.2 s at
        200 MB) instead of the full integrity check."""
        return database_damage(self.paths, self.store, quick=quick)

    def refuse_if_damaged(self) -> None:
        """Raise StoreError (the paragraph of :meth:`database_damage`) when SQLite's quick check finds the
        database damaged: nothing is written into it (the command line's import checks first)."""
        damage = self.database_damage(quick=True)
        if damage is not None:
            raise StoreError(f"{damage}. Nothing was imported")

    def doctor(self, progress: Progress | None = None, *, procs: int = 1) -> list[str]:
        """Check SQLite integrity and index consistency, repair the index; returns what was found/fixed.

        A damaged database is one line (``database: PARAGRAPH``, see :meth:`database_damage`) and the
        index is then left alone. A rebuild reports to ``progress`` and may use ``procs`` worker
        processes, as :meth:`reindex`."""
        return doctor(self, progress, procs=procs)

    def doctor_hints(self) -> list[str]:
        """What ``doctor`` suggests beyond repairs: ``enrich`` for title-only papers, ``remove`` for a
        digest imported by mistake, tmux's clipboard setting when it drops the reader's copies."""
        return doctor_hints(self.store)

    # -- reading ---------------------------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes when another connection commits to the library (SQLite's
        ``data_version``: nothing is read when nothing changed). Per thread: compare values read
        on the same thread."""
        return self.store.data_version()

    def reader_state(self) -> ReaderState:
        """The reader's saved place and theme."""
        return place.load_state(self.store)

    def save_reader_state(
        self, *, view: str | None = None, selected: int | None = None, theme: str | None = None
    ) -> None:
        """Save the parts of the reader's place given (None leaves a part as it is)."""
        place.save_state(self.store, view=view, selected=selected, theme=theme)

    def reader_prefs(self) -> ReaderPrefs:
        """How the reader shows its lists: each view's sort and the row style."""
        return place.load_prefs(self.store)

    def save_reader_prefs(self, *, sorts: dict[str, str] | None = None, rows: str | None = None) -> None:
        """Save the views' sorts and the row style (None leaves one as it is)."""
        place.save_prefs(self.store, sorts=sorts, rows=rows)

    def begin_session(self) -> int | None:
        """The reader starts: papers that arrived since its last session are new (their rows say so);
        the next session's new papers are those after this one's. Returns the last paper id seen
        before (None for a first session: nothing is new then)."""
        self.new_after = place.begin_session(self.store)
        return self.new_after

    def end_session(self) -> None:
        """The reader quits: the papers it had are not new in its next session."""
        place.end_session(self.store)

    def resolve(self, ref: str) -> int:
        """The library id for a reference: a list id, or an arXiv id in any spelling."""
        ref = ref.strip()
        arxiv_id = parse_arxiv_id(ref)
        if arxiv_id:
            found = self.store.id_for_arxiv(arxiv_id)
            if found is not None:
                return found
        if re.fullmatch(r"#?\d{1,18}", ref):  # longer is no id SQLite can hold
            pid = int(ref.lstrip("#"))
            if self.store.exists(pid):
                return pid
        raise LookupFailed(f"no paper {ref!r} in the library")

    def view_ids(self, view: View, limit: int | None = None) -> list[int]:
        """Ids a view shows, in order."""
        return self.store.view_ids(view, limit)

    def rows(self, ids: Sequence[int]) -> dict[int, Row]:
        """List-row data for a window of ids (new: arrived since :meth:`begin_session`'s last session)."""
        return self.store.rows(ids, self.new_after)

    def paper(self, paper_id: int) -> PaperRecord | None:
        """One paper with the user's state."""
        return self.store.paper(paper_id)

    def papers(self, ids: Sequence[int]) -> list[PaperRecord]:
        """Papers in the order given."""
        return self.store.papers(ids)

    def counts(self) -> dict[str, int]:
        """Papers, unread, queued and bookmarked counts."""
        return self.store.counts()

    def latest_date(self) -> str | None:
        """The newest digest's date ("today")."""
        return self.store.latest_digest_date()

    def digest_dates(self) -> list[str]:
        """Digest dates, newest first."""
        return self.store.digest_dates()

    def digest_counts(self) -> dict[str, tuple[int, int]]:
        """Papers and unread papers in the digests of each date: ``{date: (papers, unread)}``."""
        return self.store.digest_counts()

    # -- user state ------------------------------------------------------------------------

    def bookmark(self, ids: Sequence[int], on: bool = True) -> None:
        """Add or remove bookmarks (``undo`` puts them back)."""
        with self._undoable("bookmark" if on else "unbookmark", ids):
            self.store.set_bookmarked(ids, on)

    def mark_read(self, ids: Sequence[int], on: bool = True, *, undo: bool = True) -> None:
        """Mark read or unread (``undo`` puts them back, unless ``undo`` is False: the reader's timer)."""
        if not undo:
            self.store.set_read(ids, on)
            return
        with self._undoable("read mark" if on else "unread mark", ids):
            self.store.set_read(ids, on)

    def queue(self) -> list[int]:
        """The reading queue in order."""
        return self.store.queue_ids()

    def queue_add(self, ids: Sequence[int]) -> None:
        """Append to the reading queue."""
        with self._undoable("queue", ids):
            self.store.queue_add(ids)

    def queue_remove(self, ids: Sequence[int]) -> None:
        """Remove from the reading queue."""
        with self._undoable("removal from the queue", ids):
            self.store.queue_remove(ids)

    def queue_done(self, ids: Sequence[int]) -> None:
        """Remove from the queue and mark read (a signal for For you: read to the end)."""
        with self._undoable("done", ids):
            self.store.queue_remove(ids, mark_read=True)
            self.store.add_signals(ids, "done")

    def queue_move(self, paper_id: int, position: int) -> int:
        """Move a queued paper to a 1-based position; returns the position it got."""
        try:
            with self._undoable("move in the queue", [paper_id]):
                return self.store.queue_move(paper_id, position)
        except KeyError:
            raise LookupFailed(f"paper {paper_id} is not in the queue") from None

    # -- undo ----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _undoable(self, what: str, ids: Sequence[int]) -> Iterator[None]:
        """Keep the marks of ``ids`` as they were before the change inside, for :meth:`undo` (kept
        only when the change went through)."""
        unique = list(dict.fromkeys(ids))
        before = self.store.user_state(unique)
        yield
        self.store.push_undo(self._undo_label(what, ids), before, self.store.user_state(unique))

    def _undo_label(self, what: str, ids: Sequence[int]) -> str:
        unique = list(dict.fromkeys(ids))
        if not unique:
            return what
        if len(unique) == 1:
            record = self.store.paper(unique[0])
            title = " ".join(record.title.split()) if record else f"paper {unique[0]}"
            return f"{what} of {title[:60] + ('…' if len(title) > 60 else '')}"
        return f"{what} of {plural(len(unique), 'paper')}"

    def undo(self) -> str | None:
        """Undo the latest change to the user's marks (a bookmark, a read mark or a whole list's, the
        queue, a like, a triage decision, a watch or mute rule), in this process or another; what was
        undone, or None when nothing is left to undo. Several levels: call again for the one before."""
        label = self.store.pop_undo()
        if label is not None:
            self.sync_rules()
        return label

    # -- watch and mute -------------------------------------------------------------------------

    def rules(self) -> list[Rule]:
        """Every watch and mute rule: the config file's ``[watch]`` and ``[mute]`` tables, then those
        added in the reader or on the command line."""
        return all_rules(self.paths.config_file, self.store)

    def add_rule(self, action: str, field: str, value: str) -> bool:
        """Watch or mute papers by an author, a word or a category (``undo`` takes it back); False when
        the rule was there already. The papers it matches are found at once."""
        value = " ".join(value.split())
        if action not in RULE_ACTIONS or field not in RULE_FIELDS or not value:
            raise ValueError(
                f"a rule is watch or mute, then author, word or category, and a value: {value!r}"
            )
        with self._undoable(f"{action} {field}: {value}", []):
            added = self.store.add_rule(action, field, value)
        self.sync_rules()
        return added

    def remove_rule(self, action: str, field: str, value: str) -> bool:
        """Stop watching or muting (a rule of the config file stays: edit the file); False when none."""
        with self._undoable(f"removal of {action} {field}: {value}", []):
            removed = self.store.remove_rule(action, field, " ".join(value.split()))
        self.sync_rules()
        return removed

    def sync_rules(self, *, full: bool = False) -> int:
        """Find which papers the rules match: every paper when the rules changed (or ``full``), else
        those imported since the last time. Cheap when nothing changed; about a second for a full pass
        at 100,000 papers. Returns how many papers were looked at."""
        return sync_hits(self.store, self.rules(), full=full)

    def status(self, fields: Iterable[str] = STATUS_FIELDS) -> dict[str, object]:
        """Figures for a status bar (tmux's ``status-right``): only those asked for are counted. Reads
        only; about 20 ms at 100,000 papers for the default line."""
        unknown = [name for name in fields if name not in STATUS_FIELDS]
        if unknown:
            raise LookupFailed(f"no status field {unknown[0]!r} (known: {', '.join(STATUS_FIELDS)})")
        return self.store.status(fields)

    def rule_hits(self, paper_id: int) -> list[tuple[str, str]]:
        """The watch and mute rules a paper matches: (action, ``field: value``)."""
        return self.store.rule_hits_for([paper_id]).get(paper_id, [])

    def count_muted(self, view: View) -> int:
        """How many papers of a view the mute rules hide."""
        return self.store.count_muted(view)

    def undo_labels(self, limit: int = 10) -> list[str]:
        """What :meth:`undo` would undo, newest first."""
        return self.store.undo_labels(limit)

    def set_note(self, paper_id: int, body: str) -> None:
        """Set or clear a paper's note."""
        self.store.set_note(paper_id, sanitize(body, max_len=MAX_ABSTRACT, multiline=True))

    # -- deciding what to read: signals ------------------------------------------------------

    def unread_among(self, ids: Sequence[int]) -> list[int]:
        """The unread papers of ``ids``, in their order."""
        return self.store.unread_among(ids)

    def signal(self, ids: Sequence[int], kind: str) -> None:
        """Record what the user did with papers (one of :data:`paper_tui.model.SIGNALS`) for For you."""
        if kind not in SIGNALS:
            raise ValueError(f"unknown signal {kind!r} (known: {', '.join(SIGNALS)})")
        self.store.add_signals(ids, kind)

    def like(self, ids: Sequence[int], *, less: bool = False) -> None:
        """More like these (``+``), or with ``less`` fewer like these (``-``), in For you."""
        with self._undoable("less like this" if less else "like", ids):
            self.signal(ids, "less" if less else "like")

    def skip(self, ids: Sequence[int]) -> None:
        """Skip papers as triage does: marked read, and a signal that they are not of interest."""
        with self._undoable("skip", ids):
            self.store.set_read(ids, True)
            self.store.add_signals(ids, "skip")

    def decide(self, paper_id: int, action: str, *, replacing: str | None = None) -> None:
        """A triage decision on a paper (``queue``, ``bookmark`` or ``skip``), one change for
        :meth:`undo`. With ``replacing``, the paper's earlier decision in the same triage is taken back
        first (a paper queued, then skipped on second thought, leaves the queue), so that it holds one
        decision only."""
        if action not in TRIAGE_DECISIONS or replacing not in (None, *TRIAGE_DECISIONS):
            raise ValueError(f"a triage decision is one of {', '.join(TRIAGE_DECISIONS)}: {action!r}")
        ids = [paper_id]
        with self._undoable(action, ids):
            if replacing == action:
                return
            if replacing == "queue":
                self.store.queue_remove(ids)
            elif replacing == "bookmark":
                self.store.set_bookmarked(ids, False)
            elif replacing == "skip":
                self.store.set_read(ids, False)
                self.store.remove_signals(ids, "skip")
            if action == "queue":
                self.store.queue_add(ids)
            elif action == "bookmark":
                self.store.set_bookmarked(ids, True)
            else:
                self.store.set_read(ids, True)
                self.store.add_signals(ids, "skip")

    # -- deciding what to read: For you -------------------------------------------------------

    def taste_state(self) -> TasteState:
        """What For you was last computed from (cheap: no model is loaded)."""
        from paper_tui.taste.learn import state_of

        return state_of(self.store)

    def taste_stale(self) -> bool:
        """Whether For you lags behind the user's signals, or papers have no score yet."""
        from paper_tui.taste.learn import stale

        self.sync_rules()  # new papers' watch and mute marks first (cheap when nothing is new)
        return stale(self.store)

    def learn(
        self,
        *,
        progress: Progress | None = None,
        first: Sequence[int] = (),
        use_categories: bool = True,
        force: bool = False,
    ) -> TasteState:
        """Train For you on the user's signals and score the library (the papers of ``first`` before
        the others); only the papers without a score when the signals did not change. Blocking (seconds,
        about 30 at 100,000 papers): the reader runs it in a child process, the command line when
        :meth:`taste_stale`."""
        from paper_tui.taste.learn import learn

        self.sync_rules()  # watched papers rise, muted ones sink
        state = learn(self.store, progress=progress, first=first, use_categories=use_categories, force=force)
        assert state is not None
        return state

    def learn_without_model(self) -> TasteState | None:
        """:meth:`learn` when it needs no model (no signals yet, or only the watch list: no scikit-learn,
        milliseconds); None when it does (nothing was done)."""
        from paper_tui.taste.learn import learn

        self.sync_rules()
        return learn(self.store, without_model=True)

    def learn_if_stale(self, first: Sequence[int] = ()) -> TasteState:
        """:meth:`learn` when For you lags behind the signals, else what it is based on."""
        return self.learn(first=first) if self.taste_stale() else self.taste_state()

    def export_path_problem(self, path: Path) -> str | None:
        """Why an export may not be written to ``path``, or None: nothing inside the data folder (the
        database, its backups, the index) and not the config file, also through a link."""
        from paper_tui.export import path_problem

        return path_problem(self.paths, path)

    # -- enriching ---------------------------------------------------------------------------

    def enrich(
        self,
        *,
        arxiv_base_url: str | None = None,
        hf_base_url: str | None = None,
        ids: Sequence[int] | None = None,
        cancel: threading.Event | None = None,
        on_paper: Callable[[int, list[str]], None] | None = None,
    ) -> EnrichReport:
        """Fill what digests left out from the arXiv API and Hugging Face (see :mod:`paper_tui.enrich`);
        base URLs default to the config's. Blocking and network-bound: the reader runs it in a worker
        thread after an import (never before its first frame) and sets ``cancel`` to stop it."""
        from paper_tui.config import Config
        from paper_tui.enrich import enrich

        config = Config.load(self.paths.config_file).fetch
        return enrich(
            self,
            arxiv_base_url=arxiv_base_url or config.arxiv_api_base_url,
            hf_base_url=hf_base_url or config.hf_base_url,
            ids=ids,
            cancel=cancel,
            on_paper=on_paper,
        )

    def provenance(self, paper_id: int) -> dict[str, str]:
        """Which of a paper's fields ``enrich`` filled, and from where (``{"authors": "arxiv-api"}``)."""
        return self.store.provenance(paper_id)

    # -- removing ----------------------------------------------------------------------------

    def plan_removal(
        self, *, digest_date: str | None = None, source: str | None = None, refs: Sequence[str] = ()
    ) -> RemovalPlan:
        """What removing a day's digest(s) (``digest_date``, optionally one ``source``) or papers
        (``refs``: ids or arXiv ids) would do; nothing is changed. A paper also seen in another digest
        stays (only the sighting goes). Show :meth:`RemovalPlan.summary` (and, when ``with_state``,
        :meth:`RemovalPlan.state_summary`) before calling :meth:`remove`."""
        return removal.plan(self, digest_date=digest_date, source=source, refs=refs)

    def remove(self, plan: RemovalPlan, *, force: bool = False) -> RemovalResult:
        """Carry out a removal: refused (:class:`RemovalRefused`, naming them) when it would take papers
        the user bookmarked, queued or annotated, unless ``force``; a backup is written first (restore
        brings everything back); one transaction; then the index follows."""
        return removal.remove(self, plan, force=force)

    def export(self, ids: Sequence[int], fmt: str) -> str:
        """Render papers as bibtex, markdown, json or csv."""
        from paper_tui import export as exporting

        return exporting.export(self.store.papers(ids), fmt)
