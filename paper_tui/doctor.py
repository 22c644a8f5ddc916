"""``paper-tui doctor``: SQLite's integrity check, the index against its checksums and against the
library (repaired by a rebuild), and hints beyond repairs (:meth:`Library.doctor`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from paper_tui.model import IndexDamaged
from paper_tui.text import plural

if TYPE_CHECKING:
    from paper_tui.library import Library
    from paper_tui.store import Store

__all__ = ["doctor", "hints"]


def doctor(library: Library, progress: Callable[[int, int], None] | None, *, procs: int) -> list[str]:
    """Check the database and the index, rebuild the index when it is damaged or out of step; returns
    what was found and fixed, a line each (see :meth:`Library.doctor`)."""
    damage = library.database_damage()
    if damage is not None:
        return [f"database: {damage}", "index: not checked (restore the database first)"]
    report = ["database: integrity check ok"]
    ids = set(library.store.all_ids())
    index = library.index
    try:
        index.verify(deep=True)
        indexed = index.pids()
        missing, extra = ids - indexed, indexed - ids
        if missing or extra:
            report.append(
                f"index: {plural(len(missing), 'paper')} missing and "
                f"{plural(len(extra), 'stale document')}; rebuilding"
            )
            library.reindex(progress, procs=procs)
            report.append(f"index: rebuilt ({plural(len(ids), 'paper')})")
        else:
            report.append(f"index: consistent ({plural(len(ids), 'paper')})")
    except IndexDamaged as error:
        report.append(f"index: damaged ({error}); rebuilding")
        library.reindex(progress, procs=procs)
        report.append(f"index: rebuilt ({plural(len(ids), 'paper')})")
    return report


def hints(store: Store) -> list[str]:
    """What doctor suggests beyond repairs (see :meth:`Library.doctor_hints`)."""
    row = store.conn.execute(
        "SELECT count(*), (SELECT count(*) FROM digests) FROM papers WHERE arxiv_id IS NULL"
    ).fetchone()
    found = []
    if row[0]:
        found.append(
            f"{plural(row[0], 'paper')} without an arXiv id (title only): `paper-tui enrich` looks "
            "them up and fills their authors, dates and links"
        )
    if row[1]:
        found.append(
            f"{plural(row[1], 'digest')}: `paper-tui remove --digest DATE` takes back one imported by mistake"
        )
    from paper_tui.clipboard import tmux_clipboard_hint

    tmux = tmux_clipboard_hint()
    if tmux:
        found.append(tmux)
    return found
