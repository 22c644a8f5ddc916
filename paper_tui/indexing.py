"""Keeping the search index in step with the library, its source of truth: the papers changed in
SQLite written into it, a rebuild from SQLite (when the index is missing, outdated or damaged, with a
notice), for :class:`~paper_tui.library.Library`'s ``sync_index`` and ``reindex``."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, TypeVar

from paper_tui.model import PARALLEL_MIN_DOCS, IndexBusy, IndexDamaged, IndexOutdated

if TYPE_CHECKING:
    from paper_tui.index import Document, Index
    from paper_tui.library import Library
    from paper_tui.store import Store

__all__ = ["checked", "documents", "rebuild", "rebuild_after", "sync"]

_T = TypeVar("_T")

#: What gives the index documents of papers, given their ids.
Documents = Callable[[Sequence[int]], Iterable["Document"]]


def documents(store: Store, ids: Sequence[int]) -> Iterator[Document]:
    """The index documents of the papers ``ids``, read from the store 500 at a time."""
    from paper_tui.index import Document

    for start in range(0, len(ids), 500):
        for record in store.papers(ids[start : start + 500]):
            yield Document.of(record)


def sync(library: Library, documents: Documents, *, procs: int, wait: bool) -> None:
    """Write papers changed in SQLite into the index, rebuilding it when missing or damaged (see
    :meth:`Library.sync_index`)."""
    store, index = library.store, library.index
    pending = store.pending_index()
    if not index.exists():
        if index.path.is_dir() and store.count():
            # The folder is there but its table of contents is not: damage, not a first start.
            library.notices.add("The search index had lost its files; rebuilt it from the library.")
        library.reindex(procs=procs)
        return
    if not pending:
        return
    try:
        many = len(pending) >= PARALLEL_MIN_DOCS
        # A pending id that is no longer a paper was removed: its document goes too.
        deleted = set(pending) - store.existing_ids(pending)
        index.update(documents(pending), deleted, procs=procs if many else 1, wait=wait)
        store.clear_pending(pending)
    except IndexBusy:
        return
    except IndexDamaged as error:
        rebuild_after(library, error)


def rebuild_after(library: Library, error: Exception | str) -> None:
    """Rebuild an index found outdated or damaged, with a notice saying so."""
    if isinstance(error, IndexOutdated):
        library.notices.add("The search index was built by an older paper-tui; rebuilt it from the library.")
    else:
        library.notices.add(f"The search index was damaged ({error}); rebuilt it from the library.")
    library.reindex()


def rebuild(
    store: Store,
    index: Index,
    documents: Documents,
    progress: Callable[[int, int], None] | None,
    *,
    procs: int,
) -> int:
    """Rebuild the whole index from SQLite and check the files it wrote; returns the papers indexed."""
    # Pending ids first: a paper another process commits between the two reads is then left
    # pending (indexed next time), not cleared without being in the new index.
    # Papers committed after the ids are read stay pending too; their own process's sync waits
    # for the rebuild to end (the index's write lock) and writes them into the new index.
    pending = store.pending_index()
    ids = store.all_ids()
    count = index.rebuild(documents(ids), len(ids), progress, procs=procs)
    store.clear_pending(pending)
    try:
        index.verify(deep=True)
    except IndexDamaged as error:
        # Files that read back differently right after they were written: another rebuild would
        # not help (and must not loop); the disk, or a Whoosh that changes files after a commit.
        raise OSError(errno.EIO, f"the index just rebuilt reads back differently: {error}") from error
    return count


def checked(library: Library, action: Callable[[], _T]) -> _T:
    """``action`` (a search) on the index as it is now, after writing the papers changed in SQLite
    into it (without waiting for another process's rebuild), rebuilt and run again when damaged.

    The first search of a library compares the index files with their checksums (the whole index:
    about 60 ms at 100,000 papers from the page cache, 0.4 s from disk; Whoosh itself cannot tell
    damage from data). It runs beside the search (file reads and CRC-32s release the GIL), whose
    answer is kept only when the index is whole: the two take about as long as the longer of them.
    """
    try:
        library.sync_index(wait=False)
        if library.index_verified or not library.index.exists():
            return action()
        comparison: Future[str | None] = Future()
        threading.Thread(target=_settle, args=(comparison, library.index_damage), daemon=True).start()
        answer: Future[_T] = Future()
        _settle(answer, action)
        damage = comparison.result()
        if damage is None:
            return answer.result()  # or what the search raised (a query that cannot run)
        rebuild_after(library, damage)
        return action()
    except IndexDamaged as error:
        rebuild_after(library, error)
        return action()


def _settle(future: Future[_T], call: Callable[[], _T]) -> None:
    """``future`` with what ``call`` returns or raises."""
    try:
        future.set_result(call())
    except BaseException as error:
        future.set_exception(error)
