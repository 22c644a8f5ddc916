"""Search as you type, without Textual: one run of a query as typed (:func:`run_search`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paper_tui.finder import names_a_field
from paper_tui.model import QueryError, View
from paper_tui.query_text import split
from paper_tui.reader.index_state import IndexState
from paper_tui.reader.view_cache import Window, window_around

if TYPE_CHECKING:
    from paper_tui.library import Library

__all__ = ["SearchOutcome", "names_a_field", "run_search"]


@dataclass(frozen=True)
class SearchOutcome:
    """Every paper a query found, ranked, the words to highlight and the first results' rows; or an
    error. ``searched``: whether anything was searched (a query that is only ``author:`` so far is
    not: the list keeps what it shows)."""

    ids: list[int]
    terms: frozenset[str]
    window: Window | None = None
    error: str | None = None
    notices: tuple[str, ...] = ()
    searched: bool = True
    #: How many match: exactly (the full search) or at least (the quick one, titles and authors).
    total: int = 0
    exact: bool = True
    #: How many match in the whole library when the search is kept to a view (else None).
    everywhere: int | None = None
    #: The respelling said ("Showing results for ..."), "" for none.
    note: str = ""
    #: Why the query would not run as submitted (the search ran on what is complete), else None.
    problem: str | None = None


def run_search(
    library: Library,
    index: IndexState,
    query: str,
    *,
    full: bool,
    cancelled: Callable[[], bool],
    scope: View | None = None,
    submitted: bool = False,
) -> SearchOutcome:
    """One search as typed (call from a worker): quick (titles and authors, for each keystroke) or
    full, kept to ``scope`` when given (``submitted``: enter was pressed); every match, ranked. It
    waits for the index to be usable and finds nothing when ``cancelled``. The full search also says
    what would stop the query as submitted (``problem``), searching what is complete so far."""
    try:
        unavailable = index.wait_usable(cancelled)
        if unavailable is not None:
            raise RuntimeError(unavailable)
        index.mark_searched()
        problem = None
        if full:
            try:
                split(query)
            except QueryError as error:
                problem = str(error)
        result = library.find(
            query, scope=scope, typing=True, submitted=submitted, quick=not full, should_stop=cancelled
        )
        ids = result.ids
        terms = (
            frozenset(library.search_terms(result.searched, quick=not full))
            if ids and result.searched
            else frozenset()
        )
        outcome = SearchOutcome(
            ids,
            terms,
            window_around(library, ids, 0),
            searched=result.ran,
            total=result.total,
            exact=full,
            everywhere=result.everywhere,
            note=result.note,
            problem=problem,
        )
    except Exception as error:
        outcome = SearchOutcome([], frozenset(), error=str(error))
    notices = tuple(library.notices.take())
    return SearchOutcome(**{**outcome.__dict__, "notices": notices})
