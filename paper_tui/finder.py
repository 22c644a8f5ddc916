"""One search as the front ends run it: the query's words through the index, its filters and the view
it is kept to through the store, the typos respelt, every match ranked (:meth:`Library.find`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from paper_tui.model import NO_HIGHLIGHTS, QueryError, SearchHit, SearchResult, View
from paper_tui.query_text import NAMES, split

if TYPE_CHECKING:
    from paper_tui.library import Library

__all__ = ["find", "names_a_field"]


def find(
    library: Library,
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
    """The papers ``query`` finds (see :meth:`Library.find`)."""
    parsed = split(query, typing=typing)
    store = library.store
    if not parsed.text and not parsed.filters:
        return SearchResult([], 0, left_out=parsed.left_out, ran=False)
    if not typing:
        _check_sources(parsed.filters.sources, store.sources())
    among, excluded = store.filter_sets(parsed.filters) if parsed.filters else (None, set())
    scoped = set(store.view_ids(scope)) if scope is not None else None

    def kept(pid: int, *, in_scope: bool = True) -> bool:
        if pid in excluded or (among is not None and pid not in among):
            return False
        return not in_scope or scoped is None or pid in scoped

    note, searched = "", parsed.text
    if parsed.text:
        narrowed = among is not None or excluded or scoped is not None or parsed.only_fields
        naming = typing and not submitted and names_a_field(query)
        ranking = library.rank(
            parsed.text,
            None if narrowed else limit,
            quick=quick,
            should_stop=should_stop,
            respelling=not naming,
        )
        if naming and not ranking.total:
            # "auth" on its way to "author:": a field's name, not a word that matches nothing. What is
            # complete before it is searched ("transfer auth": "transfer"), or nothing yet.
            last = query.split()[-1]
            before = query[: query.rstrip().rindex(last)]
            complete = split(before, typing=True)
            if not complete.text.strip() and not complete.filters:
                return SearchResult([], 0, left_out=(*parsed.left_out, last), ran=False)
            found = find(
                library,
                before,
                scope=scope,
                typing=True,
                submitted=True,
                quick=quick,
                limit=limit,
                highlights=highlights,
                should_stop=should_stop,
            )
            return replace(found, left_out=(*found.left_out, last))
        note, searched = ranking.note, ranking.searched
        ranked = ranking.hits
        if parsed.only_fields:  # no words to rank by: newest first, as the lists are
            order = {pid: at for at, pid in enumerate(store.view_ids(View()))}
            ranked = sorted(ranked, key=lambda hit: order.get(hit[0], len(order)))
        if narrowed:
            hits = [(pid, score) for pid, score in ranked if kept(pid)]
            total = len(hits)
            everywhere = (
                sum(1 for pid, _ in ranked if kept(pid, in_scope=False)) if scoped is not None else None
            )
        else:
            hits, total, everywhere = ranked, ranking.total, None
    else:
        # Only filters: the view's papers in its order (else the library's, newest first).
        listed = store.view_ids(scope) if scope is not None else store.view_ids(View())
        hits = [(pid, 0.0) for pid in listed if kept(pid, in_scope=False)]
        total = len(hits)
        everywhere = (
            sum(1 for pid in store.view_ids(View()) if kept(pid, in_scope=False))
            if scope is not None
            else None
        )
    if typing and note and not query.rstrip().endswith("*"):
        note = note.replace('*"', '"')  # the prefix was the reader's, not typed: say the words
    if limit is not None:
        hits = hits[:limit]
    fragments = _fragments(library, searched, [pid for pid, _ in hits]) if highlights and searched else {}
    return SearchResult(
        [SearchHit(pid, score, fragments.get(pid, NO_HIGHLIGHTS)) for pid, score in hits]
        if fragments
        else [SearchHit(pid, score) for pid, score in hits],
        total,
        everywhere,
        searched,
        note,
        parsed.left_out,
    )


def _fragments(library: Library, text: str, ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """The passages of each paper's title and abstract where ``text``'s words are, marked."""
    index = library.index
    try:
        terms = index.terms(text)
    except Exception:
        return {}
    found: dict[int, dict[str, str]] = {}
    for record in library.store.papers(ids):
        found[record.id] = {
            field: snippet
            for field, body in (("title", record.title), ("abstract", record.abstract))
            if (snippet := index.highlight_fragments(body, terms, field))
        }
    return found


def names_a_field(query: str) -> bool:
    """Whether the query being typed ends with what may be the start of a field's or a filter's name
    (``auth`` before ``author:``)."""
    if not query or query[-1].isspace():
        return False
    last = query.split()[-1].lstrip("(").lower()
    return len(last) >= 2 and last.isalpha() and any(name.startswith(last) for name in NAMES)


def _check_sources(sources: tuple[str, ...], known: list[str]) -> None:
    """Refuse a ``source:`` that no digest of the library has (a typo would otherwise find nothing)."""
    for source in sources:
        if not any(name == source or name.startswith(source + "-") for name in known):
            listed = ", ".join(known) or "none yet"
            raise QueryError(f"source:{source} matches no digest in the library (its sources: {listed})")
