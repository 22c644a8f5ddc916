"""Filters in the query (``is:``, ``has:``, ``source:``, ``category:``, ``date:``, ``upvotes:``), alone or
with words, a search kept to a view, and every match returned (not the best 300)."""

from __future__ import annotations

import pytest

from paper_tui.library import Library
from paper_tui.model import Link, QueryError, View
from tests.helpers import ingest, paper


@pytest.fixture
def filtered(library: Library) -> dict[str, int]:
    """Six papers about graphs or robots, each with one thing a filter looks for; their ids by name."""
    ingest(
        library,
        paper("Graph networks read", "2608.00001", categories=("cs.LG",), upvotes=3),
        paper("Graph networks bookmarked", "2608.00002", categories=("cs.CL",), upvotes=12),
        paper(
            "Graph networks with code",
            "2608.00003",
            links=(Link("code", "https://github.com/a/b"),),
            upvotes=40,
        ),
        date="2026-08-02",
        source="hf-api",
    )
    ingest(
        library,
        paper("Graph networks queued", "2607.00004", categories=("cs.CL",)),
        paper("Robot arms with a note", "2607.00005"),
        paper("Robot legs", "2607.00006"),
        date="2026-07-15",
        source="arxiv-rss",
    )
    ids = {r.title.split()[-1]: r.id for r in library.papers(library.view_ids(View()))}
    library.mark_read([ids["read"]])
    library.bookmark([ids["bookmarked"]])
    library.queue_add([ids["queued"]])
    library.set_note(ids["note"], "look at the gripper")
    return ids


def _titles(library: Library, query: str, **options: object) -> set[str]:
    ids = library.find(query, **options).ids  # type: ignore[arg-type]
    return {r.title for r in library.papers(ids)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:read", {"Graph networks read"}),
        ("is:bookmarked", {"Graph networks bookmarked"}),
        ("is:queued", {"Graph networks queued"}),
        ("has:note", {"Robot arms with a note"}),
        ("has:code", {"Graph networks with code"}),
        ("source:hf", {"Graph networks read", "Graph networks bookmarked", "Graph networks with code"}),
        ("source:arxiv", {"Graph networks queued", "Robot arms with a note", "Robot legs"}),
        ("category:cs.CL", {"Graph networks bookmarked", "Graph networks queued"}),
        (
            "date:>=2026-08-01",
            {"Graph networks read", "Graph networks bookmarked", "Graph networks with code"},
        ),
        ("upvotes:>=10", {"Graph networks bookmarked", "Graph networks with code"}),
        ("upvotes:<5", {"Graph networks read"}),
    ],
)
def test_a_filter_alone_keeps_the_papers_it_names(
    library: Library, filtered: dict[str, int], query: str, expected: set[str]
) -> None:
    assert _titles(library, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "graph is:unread",
            {"Graph networks bookmarked", "Graph networks with code", "Graph networks queued"},
        ),
        ("robot has:note", {"Robot arms with a note"}),
        ("graph source:arxiv", {"Graph networks queued"}),
        ("graph category:cs.CL is:unread", {"Graph networks bookmarked", "Graph networks queued"}),
        ("graph upvotes:>=10 has:code", {"Graph networks with code"}),
        ("robot is:bookmarked", set()),
    ],
)
def test_filters_combine_with_words_and_with_each_other(
    library: Library, filtered: dict[str, int], query: str, expected: set[str]
) -> None:
    assert _titles(library, query) == expected


def test_a_source_no_digest_has_is_refused_on_enter(library: Library, filtered: dict[str, int]) -> None:
    with pytest.raises(QueryError, match="source:hff matches no digest"):
        library.find("graph source:hff")


def test_a_search_kept_to_a_view_finds_its_papers_and_counts_the_whole_library(
    library: Library, filtered: dict[str, int]
) -> None:
    result = library.find("graph", scope=View(unread=True))
    titles = {r.title for r in library.papers(result.ids)}
    assert titles == {"Graph networks bookmarked", "Graph networks with code", "Graph networks queued"}
    assert result.total == 3 and result.everywhere == 4
    bookmarked = library.find("graph OR robot", scope=View(bookmarked=True))
    assert bookmarked.ids == [filtered["bookmarked"]]
    only_filters = library.find("has:code", scope=View(unread=True))
    assert only_filters.ids == [filtered["code"]] and only_filters.everywhere == 1


def test_every_match_is_found_not_only_the_best_300(library: Library) -> None:
    # Before, a search kept its best 300 papers and the rest could not be reached.
    ingest(library, *(paper(f"Sparse attention study {n}", f"2608.{n:05d}") for n in range(1, 351)))
    result = library.find("sparse attention")
    assert result.total == 350
    assert len(set(result.ids)) == 350
    best = library.find("sparse attention", limit=20)
    assert best.total == 350 and best.ids == result.ids[:20]
