"""Search as you type, without Textual: what query each keystroke runs, and one run of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paper_tui.reader.index_state import IndexState
from paper_tui.reader.view_cache import Window, window_around

if TYPE_CHECKING:
    from paper_tui.library import Library

__all__ = ["SEARCH_LIMIT", "SearchOutcome", "as_you_type", "run_search"]

#: Results kept for a search.
SEARCH_LIMIT = 300


def as_you_type(query: str) -> str:
    """The query to run while typing: the last word, when it is a plain word of 3+ letters, as a prefix."""
    stripped = query.rstrip()
    if stripped != query or not stripped:
        return stripped
    words = stripped.split()
    last = words[-1]
    bare = last.split(":", 1)[-1]
    if len(bare) >= 3 and bare.isalnum() and last.upper() not in ("AND", "OR", "NOT"):
        return stripped + "*"
    return stripped


@dataclass(frozen=True)
class SearchOutcome:
    """Ranked ids for a query, the words to highlight and the first results' rows; or an error."""

    ids: list[int]
    terms: frozenset[str]
    window: Window | None = None
    error: str | None = None
    notices: tuple[str, ...] = ()


def run_search(
    library: Library,
    index: IndexState,
    query: str,
    *,
    full: bool,
    cancelled: Callable[[], bool],
    limit: int | None = None,
) -> SearchOutcome:
    """One search as typed (call from a worker): quick (titles and authors, for each keystroke) or
    full, keeping the best ``limit`` (default :data:`SEARCH_LIMIT`); it waits for the index to be
    usable, and ends early with the best hits when ``cancelled``."""
    text = as_you_type(query)
    quick = not full
    limit = SEARCH_LIMIT if limit is None else limit
    try:
        unavailable = index.wait_usable(cancelled)
        if unavailable is not None:
            raise RuntimeError(unavailable)
        index.mark_searched()
        hits = library.search(text, limit, should_stop=cancelled, quick=quick)
        terms = frozenset(library.search_terms(text, quick=quick)) if hits else frozenset()
        ids = [hit.paper_id for hit in hits]
        outcome = SearchOutcome(ids, terms, window_around(library, ids, 0))
    except Exception as error:
        outcome = SearchOutcome([], frozenset(), error=str(error))
    notices = tuple(library.notices.take())
    return SearchOutcome(outcome.ids, outcome.terms, outcome.window, outcome.error, notices)
