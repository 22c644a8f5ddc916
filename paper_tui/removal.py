"""Taking back digests imported by mistake, or papers: what a removal would do, its refusal when it
would take the user's bookmarks, queue or notes, and carrying it out after a backup
(:meth:`Library.plan_removal`, :meth:`Library.remove`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from paper_tui.model import LookupFailed, RemovalPlan, RemovalResult
from paper_tui.text import plural

if TYPE_CHECKING:
    from paper_tui.library import Library

__all__ = ["RemovalRefused", "plan", "remove"]


class RemovalRefused(Exception):
    """A removal would take papers the user bookmarked, queued or annotated, and was not forced."""


def plan(
    library: Library, *, digest_date: str | None, source: str | None, refs: Sequence[str]
) -> RemovalPlan:
    """What removing a day's digest(s) or papers would do (see :meth:`Library.plan_removal`)."""
    store = library.store
    if digest_date is not None:
        digest_ids = store.digest_ids(digest_date, source)
        if not digest_ids:
            which = f" from {source}" if source else ""
            raise LookupFailed(f"no digest dated {digest_date}{which} in the library")
        what = f"the {source + ' ' if source else ''}digest of {digest_date}"
        return store.plan_removal(what, digest_ids=digest_ids)
    ids = [library.resolve(ref) for ref in refs]
    what = f"paper {ids[0]}" if len(ids) == 1 else plural(len(ids), "paper")
    return store.plan_removal(what, paper_ids=ids)


def remove(library: Library, plan: RemovalPlan, *, force: bool) -> RemovalResult:
    """Carry out a removal, refused without ``force`` when it takes the user's papers (see
    :meth:`Library.remove`)."""
    if plan.with_state and not force:
        raise RemovalRefused(
            f"{plan.summary()} Refused: {plan.state_summary()}. "
            "Remove them anyway with --force (a backup is taken first)"
        )
    backup = library.backup("before-remove")
    digests = library.store.remove(plan)
    library.sync_index()
    return RemovalResult(len(plan.paper_ids), len(plan.kept_ids), digests, str(backup))
