"""What a key's change to a paper's marks does to the library's counts, shown before the recount."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["counts_after"]

#: Each mark, the count it moves, and which way when it is set.
_COUNTED = (("read", "unread", -1), ("bookmarked", "bookmarked", 1), ("queued", "queued", 1))


def counts_after(
    counts: Mapping[str, int], was: Mapping[str, bool], changes: Mapping[str, object]
) -> dict[str, int]:
    """``counts`` (papers, unread, queued, bookmarked) after one paper's marks go from ``was`` to
    ``changes`` (``read=True`` ...); a mark not known before moves nothing. Never below zero."""
    after = dict(counts)
    if not counts:
        return after
    for mark, key, step in _COUNTED:
        if mark in changes and mark in was and bool(changes[mark]) != was[mark]:
            after[key] = max(0, after.get(key, 0) + (step if changes[mark] else -step))
    return after
