"""Keeping the search index in step with the library, its source of truth: the papers changed in
SQLite written into it, a rebuild from SQLite (when the index is missing, outdated or damaged, with a
notice), for :class:`~paper_tui.library.Library`'s ``sync_index`` and ``reindex``."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from paper_tui.model import PARALLEL_MIN_DOCS, IndexBusy, IndexDamaged, IndexOutdated

if TYPE_CHECKING:
    from paper_tui.index import Document, Index
    from paper_tui.library import Library
    from paper_tui.store import Store

__all__ = ["documents", "rebuild", "rebuild_after", "sync"]

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
