"""Whoosh full-text index over the library: schema, build, update, search, highlights, more-like-this.

The index is derived data: it stores only the library id and can always be rebuilt from SQLite. Any
error opening or reading it is reported as :class:`IndexDamaged`, and the library rebuilds it.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import shutil
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType

from whoosh import highlight, index, query
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.collectors import Collector, TimeLimit, WrappingCollector
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from paper_tui.model import HL_END, HL_START, PARALLEL_MIN_DOCS, IndexDamaged, PaperRecord, SearchHit

__all__ = ["Document", "Index", "IndexDamaged", "make_schema"]

WRITER_TIMEOUT_S = 60.0

#: Fields searched when a query names none.
DEFAULT_FIELDS = ("title", "abstract", "author")
#: Fields a quick (as-you-type) search looks in when the query names none: short texts, few postings.
QUICK_FIELDS = ("title", "author")
#: A prefix in a quick search stands for at most this many words, the most frequent ones.
QUICK_PREFIX_TERMS = 8


def make_schema() -> Schema:
    """The index schema: only ``pid`` is stored; SQLite holds everything shown."""
    stem = StemmingAnalyzer()
    return Schema(
        pid=ID(stored=True, unique=True),
        id=ID(),
        title=TEXT(analyzer=stem, field_boost=2.0),
        abstract=TEXT(analyzer=stem),
        author=TEXT(analyzer=StandardAnalyzer(stoplist=None)),
        category=KEYWORD(lowercase=True, scorable=True),
        date=DATETIME(sortable=True),
    )


@dataclass(frozen=True)
class Document:
    """What the index holds of one paper."""

    pid: int
    arxiv_id: str | None
    title: str
    abstract: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    date: str | None

    @classmethod
    def of(cls, record: PaperRecord) -> Document:
        """The document for a library record."""
        return cls(
            record.id,
            record.arxiv_id,
            record.title,
            record.abstract,
            record.authors,
            record.categories,
            record.last_seen or record.published,
        )

    def fields(self) -> dict[str, object]:
        """Keyword arguments for Whoosh's add/update_document."""
        fields: dict[str, object] = {
            "pid": str(self.pid),
            "title": self.title,
            "abstract": self.abstract,
            "author": "\n".join(self.authors),
            "category": " ".join(self.categories),
        }
        if self.arxiv_id:
            fields["id"] = self.arxiv_id
        if self.date:
            with contextlib.suppress(ValueError):
                fields["date"] = datetime.fromisoformat(self.date[:10])
        return fields


def _check_private(path: Path) -> None:
    """Refuse an index folder that other users can write to (they could plant a crafted index)."""
    mode = path.stat().st_mode
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise IndexDamaged(f"{path}: the index folder is writable by other users; refusing to open it")
    if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
        raise IndexDamaged(f"{path}: the index folder belongs to another user; refusing to open it")


class Index:
    """The Whoosh index in one folder; thread-safe for one writer and many searches."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.schema = make_schema()
        self._ix: index.Index | None = None
        self._lock = threading.RLock()

    def exists(self) -> bool:
        """Whether an index has been built in the folder."""
        # Only look for a table of contents: opening it here would raise on a damaged index.
        return self.path.is_dir() and any(p.suffix == ".toc" for p in self.path.iterdir())

    def _open(self) -> index.Index:
        with self._lock:
            if self._ix is None:
                if not self.exists():
                    raise IndexDamaged(f"{self.path}: no index")
                try:
                    _check_private(self.path)
                    self._ix = index.open_dir(str(self.path))
                except IndexDamaged:
                    raise
                except Exception as error:
                    raise IndexDamaged(f"{self.path}: {type(error).__name__}: {error}") from error
            return self._ix

    def close(self) -> None:
        """Forget the open index (files stay)."""
        with self._lock:
            if self._ix is not None:
                self._ix.close()
            self._ix = None

    def _searcher(self) -> Searcher:
        # A fresh searcher per query: Searcher.refresh() can return deleted and duplicated documents.
        try:
            return self._open().searcher()
        except IndexDamaged:
            raise
        except Exception as error:
            raise IndexDamaged(f"{self.path}: {type(error).__name__}: {error}") from error

    # -- writing ---------------------------------------------------------------------------

    def update(self, documents: Iterable[Document], deleted: Iterable[int] = (), *, procs: int = 1) -> int:
        """Add or replace documents (and delete ids) in one commit; returns how many were written.

        ``procs`` > 1 indexes in that many worker processes (only from a single-threaded program: the
        command line; see :func:`_writer`).
        """
        ix = self._open()
        count = 0
        try:
            writer = _writer(ix, procs)
        except Exception as error:
            raise IndexDamaged(f"{self.path}: cannot open a writer: {error}") from error
        try:
            for pid in deleted:
                writer.delete_by_term("pid", str(pid))
            for doc in documents:
                writer.update_document(**doc.fields())
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return count

    def rebuild(
        self,
        documents: Iterable[Document],
        total: int,
        progress: Callable[[int, int], None] | None = None,
        *,
        procs: int = 1,
    ) -> int:
        """Build a fresh index beside the old one, then swap it in; returns the document count.

        One process at a time (a lock file beside the folder): two processes that find no index at
        once (a cron import and the reader starting) would otherwise build into the same folder.
        """
        from whoosh.util.filelock import FileLock

        lock = FileLock(str(self.path.with_name(self.path.name + ".lock")))
        lock.acquire(blocking=True)
        try:
            return self._rebuild_locked(documents, total, progress, procs)
        finally:
            lock.release()

    def _rebuild_locked(
        self,
        documents: Iterable[Document],
        total: int,
        progress: Callable[[int, int], None] | None,
        procs: int,
    ) -> int:
        fresh = self.path.with_name(self.path.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True, mode=0o700)
        ix = index.create_in(str(fresh), self.schema)
        writer = _writer(ix, procs if total >= PARALLEL_MIN_DOCS else 1)
        count = 0
        try:
            for doc in documents:
                writer.add_document(**doc.fields())
                count += 1
                if progress and count % 500 == 0:
                    progress(count, total)
        except BaseException:
            writer.cancel()
            ix.close()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        writer.commit(optimize=True)
        ix.close()
        with self._lock:
            self.close()
            old = self.path.with_name(self.path.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.path.exists():
                self.path.rename(old)
            fresh.rename(self.path)
            shutil.rmtree(old, ignore_errors=True)
        if progress:
            progress(count, total)
        return count

    # -- reading ---------------------------------------------------------------------------

    def parse(self, text: str, *, quick: bool = False) -> query.Query:
        """Parse the user's query: words (AND), phrases, AND/OR/NOT, ``diffu*``, ``word~``, fields, dates.

        ``quick`` looks in :data:`QUICK_FIELDS` when the query names no field.
        """
        parser = MultifieldParser(list(QUICK_FIELDS if quick else DEFAULT_FIELDS), self.schema)
        parser.add_plugin(FuzzyTermPlugin())
        parser.add_plugin(GtLtPlugin())
        return parser.parse(text)

    def _query(self, text: str, searcher: Searcher, quick: bool) -> query.Query:
        q = self.parse(text, quick=quick)
        return _limit_prefixes(q, searcher.reader(), QUICK_PREFIX_TERMS) if quick else q

    def doc_count(self) -> int:
        """Documents in the index."""
        with self._searcher() as searcher:
            return int(searcher.doc_count())

    def pids(self) -> set[int]:
        """Every library id the index holds."""
        with self._searcher() as searcher:
            return {int(fields["pid"]) for fields in searcher.all_stored_fields()}

    def search(
        self,
        text: str,
        limit: int = 50,
        *,
        texts: Callable[[list[int]], dict[int, dict[str, str]]] | None = None,
        time_limit: float | None = None,
        should_stop: Callable[[], bool] | None = None,
        quick: bool = False,
    ) -> list[SearchHit]:
        """Ranked hits for a query; with ``texts`` (id -> field -> text) hits carry highlighted fragments.

        ``time_limit`` (seconds) and ``should_stop`` (polled per matching document) end a slow search
        early with the best hits found so far: search-as-you-type must never queue up behind one.
        ``quick`` searches titles and authors only, each prefix standing for its most frequent words:
        milliseconds at 100,000 papers where a full search can take a large part of a second.
        """
        try:
            with self._searcher() as searcher:
                q = self._query(text, searcher, quick)
                collector = _BoundedCollector(searcher.collector(limit=limit), time_limit, should_stop)
                with contextlib.suppress(TimeLimit):
                    searcher.search_with_collector(q, collector)
                results = collector.results()
                hits = [(int(hit["pid"]), float(hit.score or 0.0), hit) for hit in results]
                fragments: dict[int, dict[str, str]] = {}
                if texts is not None and hits:
                    results.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=40)
                    results.formatter = _MarkerFormatter()
                    sources = texts([pid for pid, _, _ in hits])
                    for pid, _, hit in hits:
                        found: dict[str, str] = {}
                        for field, body in sources.get(pid, {}).items():
                            snippet = hit.highlights(field, text=body, top=2)
                            if snippet:
                                found[field] = snippet
                        fragments[pid] = found
                return [SearchHit(pid, score, fragments.get(pid, {})) for pid, score, _ in hits]
        except IndexDamaged:
            raise
        except Exception as error:
            raise IndexDamaged(f"{self.path}: {type(error).__name__}: {error}") from error

    def terms(self, text: str, *, quick: bool = False) -> set[str]:
        """The indexed words a query matches (prefixes and fuzzy terms expanded), for highlighting."""
        with self._searcher() as searcher:
            reader = searcher.reader()
            q = self._query(text, searcher, quick)
            words = {
                term.decode("utf-8") if isinstance(term, bytes) else str(term)
                for field, term in q.existing_terms(reader, expand=True)
                if field in ("title", "abstract", "author")
            }
        return words

    def highlight_whole(self, text: str, terms: set[str], field: str = "abstract") -> str:
        """The whole ``text`` with the words matching ``terms`` wrapped in highlight markers."""
        if not terms or not text:
            return text
        analyzer = self.schema[field].analyzer
        return str(
            highlight.highlight(
                text, frozenset(terms), analyzer, highlight.WholeFragmenter(), _MarkerFormatter(), top=1
            )
            or text
        )

    def more_like(self, pid: int, text: str, limit: int = 20) -> list[SearchHit]:
        """Papers whose abstracts share the key terms of ``text`` (the paper's title and abstract)."""
        try:
            with self._searcher() as searcher:
                docnum = searcher.document_number(pid=str(pid))
                if docnum is None:
                    return []
                results = searcher.more_like(docnum, "abstract", text=text, top=limit, numterms=12)
                return [SearchHit(int(hit["pid"]), float(hit.score or 0.0)) for hit in results]
        except IndexDamaged:
            raise
        except Exception as error:
            raise IndexDamaged(f"{self.path}: {type(error).__name__}: {error}") from error


def _writer(ix: index.Index, procs: int) -> SegmentWriter:
    """A writer that writes separate segment files (a compound file is read whole into memory by every
    searcher); with ``procs`` > 1, one that indexes in worker processes (about 2x faster on 2 cores).

    Whoosh's own parallel writer leaves its workers waiting forever when the parent dies or cancels;
    these die with their parent (Linux) and are terminated on cancel.
    """
    if procs <= 1:
        return ix.writer(timeout=WRITER_TIMEOUT_S, limitmb=128, compound=False)
    from whoosh.multiproc import MpWriter, SubWriterTask

    parent = os.getpid()

    class Task(SubWriterTask):
        def run(self) -> None:
            _leave_signals_to_parent()
            _die_with_parent(parent)
            super().run()

    class Writer(MpWriter):
        def _new_task(self) -> Task:
            task = Task(
                self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment
            )
            task.daemon = True
            self.tasks.append(task)
            with _signals_held():
                task.start()
            return task

        def cancel(self) -> None:
            for task in self.tasks:
                task.terminate()
                task.join(5)
            SegmentWriter.cancel(self)

    writer = Writer(ix, procs=procs, multisegment=True, timeout=WRITER_TIMEOUT_S, limitmb=128, compound=False)
    # An interrupted run must not wait at exit to hand queued batches to workers that are gone.
    writer.jobqueue.cancel_join_thread()
    # Nor hang at exit on the queue's lock, left taken by a ctrl-c raised in the middle of a put.
    queue_put = writer.jobqueue.put

    def put(item: object, *args: object, **kwargs: object) -> None:
        with _signals_held():
            queue_put(item, *args, **kwargs)

    writer.jobqueue.put = put
    return writer


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (a SIGKILLed import leaves no workers)."""
    import ctypes
    import signal

    with contextlib.suppress(Exception):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Around a fork: a stop signal (SIGINT, SIGTERM, SIGHUP) is acted on once the fork is done.

    Raised inside Python's at-fork hooks, the exception would be printed and dropped (the import would
    carry on); another thread may take the signal, so blocking it here is not enough: the handlers
    only note it, and it is sent again afterwards. The new worker starts with the signals blocked
    until it has chosen how to take them (see :func:`_leave_signals_to_parent`).
    """
    caught: list[int] = []
    previous: dict[signal.Signals, Callable[[int, FrameType | None], object]] = {}

    def note(number: int, frame: FrameType | None) -> None:
        caught.append(number)

    if threading.current_thread() is threading.main_thread():
        for stop in _STOP_SIGNALS:
            handler = signal.getsignal(stop)
            if callable(handler):
                previous[stop] = handler
                signal.signal(stop, note)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)


def _leave_signals_to_parent() -> None:
    """ctrl-c reaches the whole process group and the parent cancels its workers with SIGTERM: a worker
    ignores the one and dies quietly of the other, instead of printing a traceback into the terminal.
    (It starts with these signals blocked; a ctrl-c that came meanwhile is dropped here.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _limit_prefixes(q: query.Query, reader: object, keep: int) -> query.Query:
    """``q`` with each prefix or wildcard replaced by its ``keep`` most frequent words."""
    if isinstance(q, query.PatternQuery):
        field = q.fieldname
        from_bytes = reader.schema[field].from_bytes  # type: ignore[attr-defined]
        words = [from_bytes(text) for _, text in q.expanded_terms(reader)]
        frequency = reader.doc_frequency  # type: ignore[attr-defined]
        top = heapq.nlargest(keep, words, key=lambda word: frequency(field, word))
        if not top:
            return query.NullQuery
        return query.Or([query.Term(field, word) for word in top], boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _limit_prefixes(sub, reader, keep))


class _BoundedCollector(WrappingCollector):
    """Stops collecting at a deadline or when the caller says so, keeping the hits found so far."""

    def __init__(
        self, child: Collector, time_limit: float | None, should_stop: Callable[[], bool] | None
    ) -> None:
        self.child = child
        self.deadline = None if time_limit is None else time.monotonic() + time_limit
        self.should_stop = should_stop

    def collect_matches(self) -> None:
        """Collect like the child, checking the deadline and the stop flag between documents."""
        child, deadline, should_stop = self.child, self.deadline, self.should_stop
        for count, sub_docnum in enumerate(child.matches()):
            if count % 64 == 0 and (
                (deadline is not None and time.monotonic() > deadline) or (should_stop and should_stop())
            ):
                raise TimeLimit
            child.collect(sub_docnum)


class _MarkerFormatter(highlight.Formatter):
    """Wraps matched words in HL_START/HL_END (control characters cannot occur in sanitised text)."""

    between = " … "

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        """One highlighted token."""
        return HL_START + highlight.get_text(text, token, replace) + HL_END
