"""Whoosh full-text index over the library: schema, build, update, search, highlights, more-like-this.

The index is derived data: it stores only the library id and can always be rebuilt from SQLite. Any
error opening or reading it is reported as :class:`IndexDamaged`, and the library rebuilds it.

Whoosh keeps no checksums, and random bytes in some of its files are read without an error (a search
then silently finds too few papers). Its files are written once and never changed (a commit adds new
ones; a merge deletes old ones), so after each commit paper-tui records the size and CRC-32 of every
new file in :data:`SUMS_NAME`; :meth:`Index.verify` compares them.

Abstracts are indexed twice: ``abstract`` with word positions (phrases, highlights, more-like-this) and
``abstract_terms`` without (word searches read it: see :mod:`paper_tui.postings`). The words of every
paper as written are kept in a word list beside (:mod:`paper_tui.vocabulary`): a prefix stands for the
words it starts, found by their stems. The query itself is built in :mod:`paper_tui.index_query`.
"""

from __future__ import annotations

import contextlib
import errno
import heapq
import json
import os
import queue
import re
import shutil
import stat
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import highlight, index, query
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock
from whoosh.writing import SegmentWriter

from paper_tui.index_query import QUICK_PREFIX_TERMS, expand_prefixes, parse_query, respelt
from paper_tui.locks import Waits, describe_holder, record_holder, wait_for
from paper_tui.model import (
    HL_END,
    HL_START,
    NO_HIGHLIGHTS,
    PARALLEL_MIN_REBUILD,
    IndexBusy,
    IndexDamaged,
    IndexOutdated,
    PaperRecord,
    QueryError,
    SearchHit,
)
from paper_tui.postings import Cancelled, Evaluator, SegmentCache
from paper_tui.vocabulary import WORDS_NAME, Vocabulary, VocabularyCache, words_of, write_words
from paper_tui.workers import signals_held, start_worker

if TYPE_CHECKING:
    import multiprocessing.process

__all__ = ["Document", "Index", "IndexBusy", "IndexDamaged", "Ranking", "make_schema"]

WRITER_TIMEOUT_S = 60.0

#: A field without which an index is from an older paper-tui (rebuilt).
REQUIRED_FIELD = "abstract_terms"

#: The checksum list in the index folder: JSON, ``{"files": {name: [size, crc32]}}``.
SUMS_NAME = "paper-tui.sums"
#: Whoosh's files: tables of contents and segment files (not its lock, not temporary files).
_WHOOSH_FILE = re.compile(r"_MAIN_[0-9]+\.toc|MAIN_[0-9a-z]+\.[A-Za-z0-9_.]+")
#: Files are hashed in reads of this size: zlib releases the GIL for each, so the reader stays responsive.
_CHUNK = 1 << 20


def make_schema() -> Schema:
    """The index schema: only ``pid`` is stored; SQLite holds everything shown."""
    stem = StemmingAnalyzer()
    return Schema(
        pid=ID(stored=True, unique=True),
        id=ID(),
        title=TEXT(analyzer=stem, field_boost=2.0),
        abstract=TEXT(analyzer=stem),
        # The same words without positions: what word searches read (see paper_tui.postings).
        abstract_terms=TEXT(analyzer=stem, phrase=False),
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

    def words(self) -> set[str]:
        """The document's words as written (for the index's word list)."""
        return words_of((self.title, self.abstract, *self.authors))

    def fields(self) -> dict[str, object]:
        """Keyword arguments for Whoosh's add/update_document."""
        fields: dict[str, object] = {
            "pid": str(self.pid),
            "title": self.title,
            "abstract": self.abstract,
            "abstract_terms": self.abstract,
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

    def __init__(self, path: Path, waits: Waits | None = None) -> None:
        self.path = path
        #: How a wait for another process's write lock is said and cancelled (see paper_tui.locks).
        self.waits = waits
        self.schema = make_schema()
        self._ix: index.Index | None = None
        self._lock = threading.RLock()
        self._segments = SegmentCache()
        self._vocabulary = VocabularyCache()

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
                    self.verify(deep=False)
                    ix = index.open_dir(str(self.path))
                    if REQUIRED_FIELD not in ix.schema.names() or not (self.path / WORDS_NAME).exists():
                        ix.close()
                        raise IndexOutdated(f"{self.path}: the search index was built by an older paper-tui")
                    self._ix = ix
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

    @contextlib.contextmanager
    def _writing(self, *, wait: bool = True) -> Iterator[None]:
        """Be the only writer of this index, across processes (a lock file beside the folder).

        Every commit and every rebuild holds it: an update made while a rebuild runs would go into the
        old folder and be lost at the swap, and the checksum list is read, extended and replaced under
        it. Without ``wait``, raises :class:`IndexBusy` when another writer holds it; with it, the wait
        says who holds the lock and ends on ``waits.cancel`` (:class:`~paper_tui.locks.WaitCancelled`).
        """
        lock_path = self.path.with_name(self.path.name + ".lock")
        holder_file = lock_path.with_name(lock_path.name + ".holder")
        lock = FileLock(str(lock_path))
        if not wait and not lock.acquire(blocking=False):
            raise IndexBusy(f"{self.path}: {describe_holder(holder_file)} is writing the index")
        if wait:
            # Said once (who, since when) and cancellable: a rebuild in another process takes minutes.
            wait_for(
                lambda: bool(lock.acquire(blocking=False)),
                holder_file=holder_file,
                waits=self.waits,
                what="writing the search index",
            )
        try:
            if self.waits is not None:
                record_holder(holder_file, self.waits.holder())
            yield
        finally:
            lock.release()

    def update(
        self, documents: Iterable[Document], deleted: Iterable[int] = (), *, procs: int = 1, wait: bool = True
    ) -> int:
        """Add or replace documents (and delete ids) in one commit; returns how many were written.

        Waits while another process writes the index (a rebuild takes minutes at 100,000 papers); with
        ``wait=False`` raises :class:`IndexBusy` instead. ``procs`` > 1 indexes in that many worker
        processes (only from a single-threaded program: the command line; see :func:`_writer`).
        """
        with self._writing(wait=wait):
            ix = self._open()
            count = 0
            try:
                writer = _writer(ix, procs)
            except Exception as error:
                raise IndexDamaged(f"{self.path}: cannot open a writer: {error}") from error
            words: set[str] = set()
            try:
                for pid in deleted:
                    writer.delete_by_term("pid", str(pid))
                for doc in documents:
                    writer.update_document(**doc.fields())
                    words |= doc.words()
                    count += 1
                writer.commit()  # in the try: a commit refused (a worker died) still lets go of the lock
            except BaseException:
                with contextlib.suppress(Exception):
                    writer.cancel()
                raise
            if words:
                write_words(self.path, words, merge=True)
            _record_sums(self.path)
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

        One writer at a time (see :meth:`_writing`): two processes that find no index at once (a cron
        import and the reader starting) would otherwise build into the same folder, and an update
        made meanwhile would be lost at the swap.
        """
        with self._writing():
            return self._rebuild_locked(documents, total, progress, procs)

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
        writer = _writer(ix, procs if total >= PARALLEL_MIN_REBUILD else 1)
        count = 0
        words: set[str] = set()
        try:
            for doc in documents:
                writer.add_document(**doc.fields())
                words |= doc.words()
                count += 1
                if progress and count % 500 == 0:
                    progress(count, total)
            writer.commit(optimize=True)
            write_words(fresh, words, merge=False)
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            ix.close()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        ix.close()
        _record_sums(fresh)
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

    # -- checking --------------------------------------------------------------------------

    def verify(self, *, deep: bool = True) -> int:
        """Compare the index files with the sizes (and, ``deep``, the CRC-32s) recorded when they were
        written; raises :class:`IndexDamaged` naming the first file that differs. Returns how many
        files were compared.

        Files the list does not name are not errors: an index from before the list existed, or a
        commit whose entry is still being written; they are added at the next write. Neither is a
        listed file that is gone (a later commit merged it away). The deep check reads every file
        (about 240 MB at 100,000 papers): run it in the background, never per search.
        """
        try:
            folder = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return 0  # no index: nothing to compare (opening it says so)
        # Names are opened relative to this folder, not its path: a rebuild in another process may swap
        # in a new folder meanwhile, with the same table-of-contents name and other contents.
        try:
            sums = _read_sums(folder, self.path)
            for name, (size, crc) in (sums or {}).items():
                try:
                    fd = os.open(name, os.O_RDONLY, dir_fd=folder)
                except FileNotFoundError:
                    continue
                except OSError as error:
                    raise IndexDamaged(f"{self.path / name}: cannot read: {error.strerror}") from error
                with open(fd, "rb", buffering=0) as file:
                    found = os.fstat(fd).st_size
                    if found != size:
                        raise IndexDamaged(
                            f"{self.path / name}: {found} bytes, but {size} when it was written"
                        )
                    if deep and _crc32(file) != crc:
                        raise IndexDamaged(f"{self.path / name}: the contents changed since it was written")
            return len(sums or {})
        except OSError as error:
            raise IndexDamaged(f"{self.path}: cannot check the index files: {error}") from error
        finally:
            os.close(folder)

    # -- reading ---------------------------------------------------------------------------

    def vocabulary(self) -> Vocabulary | None:
        """The words of the indexed papers as written (None for an index without a word list)."""
        return self._vocabulary.get(self.path)

    def parse(self, text: str, *, quick: bool = False, reader: object = None) -> query.Query:
        """Parse the user's query: words (AND), phrases, AND/OR/NOT, ``diffu*``, ``word~``, fields, dates.

        ``quick`` looks in :data:`QUICK_FIELDS` when the query names no field, each prefix standing for
        its :data:`QUICK_PREFIX_TERMS` most frequent words. With ``reader``, a prefix in titles and
        abstracts stands for the stems of the words it starts (``learni*``: *learning*, *learnings*).
        Raises :class:`QueryError` for a query the parser cannot use.
        """
        q = parse_query(self.schema, text, quick=quick)
        if reader is not None:
            vocabulary = self.vocabulary()
            q = expand_prefixes(q, reader, vocabulary, QUICK_PREFIX_TERMS if quick else None)
        return q

    def doc_count(self) -> int:
        """Documents in the index."""
        with self._searcher() as searcher:
            return int(searcher.doc_count())

    def pids(self) -> set[int]:
        """Every library id the index holds."""
        with self._searcher() as searcher:
            return {int(fields["pid"]) for fields in searcher.all_stored_fields()}

    def rank(
        self,
        text: str,
        limit: int | None = None,
        *,
        quick: bool = False,
        should_stop: Callable[[], bool] | None = None,
        respelling: bool = True,
    ) -> Ranking:
        """Every paper a query matches, ranked (the best ``limit`` of them carry their ids), or an
        empty ranking when ``should_stop`` says so on the way. With ``respelling``, words that match
        nothing (or far fewer papers than a close spelling) are respelt (:mod:`paper_tui.spelling`).
        Raises :class:`QueryError` for a query that cannot run and :class:`IndexDamaged` when the index
        cannot be read."""
        try:
            with self._searcher() as searcher:
                reader = searcher.reader()
                evaluator = Evaluator(searcher, self._segments, should_stop)
                note = ""
                try:
                    if respelling:
                        corrected = respelt(
                            text, reader, self.vocabulary(), lambda word: evaluator.count(self.parse(word))
                        )
                        text, note = corrected.text, corrected.note
                    q = self.parse(text, quick=quick, reader=reader)
                    scores = evaluator.run(q)
                except Cancelled:
                    return Ranking([], 0, text)
                total = len(scores)
                if limit is not None and limit < total:
                    best = heapq.nlargest(limit, scores, key=scores.__getitem__)
                else:
                    best = sorted(scores, key=scores.__getitem__, reverse=True)
                pids = evaluator.pids_of(best)
                hits = list(zip(pids, map(scores.__getitem__, best), strict=True))
                return Ranking(hits, total, text, note)
        except (IndexDamaged, QueryError):
            raise
        except query.QueryError as error:
            raise QueryError(str(error)) from error
        except Exception as error:
            raise IndexDamaged(f"{self.path}: {type(error).__name__}: {error}") from error

    def search(
        self,
        text: str,
        limit: int = 50,
        *,
        texts: Callable[[list[int]], dict[int, dict[str, str]]] | None = None,
        should_stop: Callable[[], bool] | None = None,
        quick: bool = False,
    ) -> list[SearchHit]:
        """Ranked hits for a query; with ``texts`` (id -> field -> text) hits carry highlighted fragments.

        ``should_stop`` (polled between the words' postings) ends a search that is no longer wanted
        (no hits). ``quick`` searches titles and authors only, each prefix standing for its most
        frequent words: search-as-you-type's first results.
        """
        ranking = self.rank(text, limit, quick=quick, should_stop=should_stop)
        hits = ranking.hits[:limit]
        fragments: dict[int, dict[str, str]] = {}
        if texts is not None and hits:
            terms = self.terms(text, quick=quick)
            sources = texts([pid for pid, _ in hits])
            for pid, _ in hits:
                found: dict[str, str] = {}
                for field, body in sources.get(pid, {}).items():
                    snippet = self.highlight_fragments(body, terms, field)
                    if snippet:
                        found[field] = snippet
                fragments[pid] = found
        return [SearchHit(pid, score, fragments.get(pid, NO_HIGHLIGHTS)) for pid, score in hits]

    def terms(self, text: str, *, quick: bool = False) -> set[str]:
        """The indexed words a query matches (prefixes and fuzzy terms expanded), for highlighting."""
        with self._searcher() as searcher:
            reader = searcher.reader()
            q = self.parse(text, quick=quick, reader=reader)
            words = {
                term.decode("utf-8") if isinstance(term, bytes) else str(term)
                for field, term in q.existing_terms(reader, expand=True)
                if field in ("title", "abstract", "author")
            }
        return words

    def highlight_fragments(self, text: str, terms: set[str], field: str = "abstract") -> str:
        """The best two passages of ``text`` with the words matching ``terms`` marked ("" for none)."""
        if not terms or not text or field not in self.schema:
            return ""
        return str(
            highlight.highlight(
                text,
                frozenset(terms),
                self.schema[field].analyzer,
                highlight.ContextFragmenter(maxchars=160, surround=40),
                _MarkerFormatter(),
                top=2,
            )
            or ""
        )

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


def _crc32(file: object) -> int:
    """The CRC-32 of an open binary file, read from where it is in :data:`_CHUNK` pieces."""
    crc = 0
    read = file.read  # type: ignore[attr-defined]
    while chunk := read(_CHUNK):
        crc = zlib.crc32(chunk, crc)
    return crc


def _read_sums(folder: int, path: Path) -> dict[str, tuple[int, int]] | None:
    """The checksum list of the index folder open as ``folder`` (None when there is none); raises
    IndexDamaged when it cannot be read (it is replaced whole, so a half-written one means damage)."""
    try:
        fd = os.open(SUMS_NAME, os.O_RDONLY, dir_fd=folder)
    except FileNotFoundError:
        return None
    try:
        with open(fd, "rb") as file:
            files = json.loads(file.read())["files"]
        sums = {str(name): (int(size), int(crc)) for name, (size, crc) in files.items()}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexDamaged(f"{path / SUMS_NAME}: unreadable ({type(error).__name__}: {error})") from error
    # Only Whoosh's own file names: never open a path the list makes up.
    return {name: entry for name, entry in sums.items() if _WHOOSH_FILE.fullmatch(name)}


def _record_sums(path: Path) -> None:
    """Add the size and CRC-32 of the index files the checksum list lacks, drop those that are gone.

    Called by the writer after its commit, holding the write lock. Files are never changed once
    written, so the entries already there are kept without reading their files again.
    """
    folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        sums = _read_sums(folder, path) or {}
        present = [name for name in os.listdir(folder) if _WHOOSH_FILE.fullmatch(name)]
        recorded = {name: sums[name] for name in present if name in sums}
        for name in present:
            if name not in recorded:
                with contextlib.suppress(FileNotFoundError):
                    fd = os.open(name, os.O_RDONLY, dir_fd=folder)
                    with open(fd, "rb", buffering=0) as file:
                        recorded[name] = (os.fstat(fd).st_size, _crc32(file))
    finally:
        os.close(folder)
    body = json.dumps({"files": {name: list(entry) for name, entry in sorted(recorded.items())}}, indent=0)
    temporary = path / (SUMS_NAME + ".tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(body)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path / SUMS_NAME)
    except OSError as error:
        # The commit is done; files missing from the list are only not checked until the next write.
        temporary.unlink(missing_ok=True)
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise


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
            start_worker(parent)
            super().run()

    class Writer(MpWriter):
        def _new_task(self) -> Task:
            task = Task(
                self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment
            )
            task.daemon = True
            self.tasks.append(task)
            with signals_held():
                task.start()
            return task

        def cancel(self) -> None:
            for task in self.tasks:
                task.terminate()
                task.join(5)
            SegmentWriter.cancel(self)

        def _commit(self, mergetype: object, optimize: object, merge: object) -> None:
            # Whoosh commits without the segments of a worker that died (an index silently short of
            # documents): let the workers finish first, and refuse if one did not.
            if self.docbuffer:
                self._enqueue()
            for _ in self.tasks:
                self.jobqueue.put(None)
            for task in self.tasks:
                task.join()
            _check_workers(self.tasks)
            super()._commit(mergetype, optimize, merge)  # its second "finish" reaches no one

    writer = Writer(ix, procs=procs, multisegment=True, timeout=WRITER_TIMEOUT_S, limitmb=128, compound=False)
    # An interrupted run must not wait at exit to hand queued batches to workers that are gone.
    writer.jobqueue.cancel_join_thread()
    # Nor hang at exit on the queue's lock, left taken by a ctrl-c raised in the middle of a put: a put
    # holds the stop signals, briefly. When the queue stays full it lets them through between tries (a
    # hang-up reaching the process group killed the workers, which will never empty it) and checks
    # that the workers are alive.
    queue_put = writer.jobqueue.put

    def put(item: object, *args: object, **kwargs: object) -> None:
        while True:
            with signals_held():
                try:
                    queue_put(item, True, 0.2)
                    return
                except queue.Full:
                    pass
            _check_workers(writer.tasks)

    writer.jobqueue.put = put
    return writer


def _check_workers(tasks: Iterable[multiprocessing.process.BaseProcess]) -> None:
    """Raise ChildProcessError (one line) when an indexing worker has died."""
    for task in tasks:
        if task.exitcode:
            raise ChildProcessError(
                f"an indexing worker process died (exit status {task.exitcode}); "
                "the index catches up at the next import or start"
            )


@dataclass(frozen=True)
class Ranking:
    """What a query matched: ``(library id, score)`` best first (all, or the best asked for), and how
    many papers match in all."""

    hits: list[tuple[int, float]]
    total: int
    #: The text searched (respelt where it had typos).
    searched: str = ""
    #: What the respelling says ("" when nothing was respelt).
    note: str = ""


class _MarkerFormatter(highlight.Formatter):
    """Wraps matched words in HL_START/HL_END (control characters cannot occur in sanitised text)."""

    between = " … "

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        """One highlighted token."""
        return HL_START + highlight.get_text(text, token, replace) + HL_END
