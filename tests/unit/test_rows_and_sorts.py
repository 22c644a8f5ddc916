"""What a list row shows (authors, source, upvotes, marks, new) and the orders a view can be sorted in,
from the library and the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library
from paper_tui.model import SORTS, Link, View
from paper_tui.reader.views import ViewSpec, next_sort
from paper_tui.ui.render import short_authors
from tests.helpers import ingest, paper


@pytest.fixture
def library() -> Iterator[Library]:
    library = Library.open()
    ingest(
        library,
        paper("Zeta older arXiv paper", "2607.00001", categories=("cs.CL", "cs.LG"), published="2026-07-01"),
        date="2026-07-31",
        source="arxiv-rss",
    )
    ingest(
        library,
        paper(
            "Beta diffusion",
            "2608.00001",
            authors=("Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra"),
            upvotes=7,
            published="2026-07-20",
            links=(Link("code", "https://github.com/x/y"),),
        ),
        paper(
            "alpha transformers", "2608.00002", authors=("Marie Curie",), upvotes=42, published="2026-07-25"
        ),
        paper("Gamma graphs", "2608.00003", published="2026-07-30"),
        date="2026-08-01",
    )
    with library:
        yield library


def ids_by_title(library: Library, view: View) -> list[str]:
    ids = library.view_ids(view)
    rows = library.rows(ids)
    return [rows[i].title for i in ids]


def test_each_sort_orders_a_digest_and_the_whole_library(library: Library) -> None:
    day = View(digest_date="2026-08-01")
    assert ids_by_title(library, day) == ["Beta diffusion", "alpha transformers", "Gamma graphs"]
    assert ids_by_title(library, View(digest_date="2026-08-01", sort="newest")) == [
        "Gamma graphs",
        "alpha transformers",
        "Beta diffusion",
    ]
    assert ids_by_title(library, View(digest_date="2026-08-01", sort="upvotes")) == [
        "alpha transformers",
        "Beta diffusion",
        "Gamma graphs",  # unknown upvotes last
    ]
    assert ids_by_title(library, View(sort="title")) == [
        "alpha transformers",
        "Beta diffusion",
        "Gamma graphs",
        "Zeta older arXiv paper",
    ]
    # Digest order over the library: the newest digest first, each in its own order.
    assert ids_by_title(library, View())[-1] == "Zeta older arXiv paper"
    # Nothing learned yet: For you puts what readers upvoted first (bench/ranking.py: P@10 0.12 -> 0.40
    # after 5 triage labels), then the digest's order.
    assert ids_by_title(library, View(digest_date="2026-08-01", sort="for-you")) == [
        "alpha transformers",
        "Beta diffusion",
        "Gamma graphs",
    ]


def test_a_row_carries_authors_source_upvotes_and_marks(library: Library) -> None:
    ids = library.view_ids(View())
    rows = {row.title: row for row in library.rows(ids).values()}
    beta = rows["Beta diffusion"]
    assert beta.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper") and beta.author_count == 4
    assert (beta.badge, beta.upvotes, beta.has_code) == ("HF", 7, True)
    assert rows["Zeta older arXiv paper"].badge == "cs.CL"  # an arXiv paper: its first category
    library.queue_add([beta.id])
    library.bookmark([beta.id])
    library.set_note(beta.id, "read the appendix")
    marked = library.rows([beta.id])[beta.id]
    assert (marked.queued, marked.queue_position, marked.bookmarked, marked.has_note) == (True, 1, True, True)


def test_papers_that_arrived_since_the_last_session_are_new(library: Library) -> None:
    assert library.begin_session() is not None  # a first session: nothing is new
    assert not any(row.new for row in library.rows(library.view_ids(View())).values())
    library.end_session()
    ingest(library, paper("Delta arrives later", "2608.00009"), date="2026-08-02")
    library.begin_session()
    new = [row.title for row in library.rows(library.view_ids(View())).values() if row.new]
    assert new == ["Delta arrives later"]


def test_s_cycles_every_sort_and_views_remember_theirs(library: Library) -> None:
    seen = ["digest"]
    while (sort := next_sort(seen[-1])) != "digest":
        seen.append(sort)
    assert tuple(seen) == SORTS
    assert ViewSpec(kind="search", query="x").sortable is False
    assert ViewSpec(kind="queue").sortable is False
    library.save_reader_prefs(sorts={"today": "upvotes"}, rows="compact")
    prefs = library.reader_prefs()
    assert prefs.sorts == {"today": "upvotes"} and prefs.rows == "compact"


def test_list_sort_on_the_command_line(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--latest", "--sort", "upvotes", "--json"]) == 0
    titles = [p["title"] for p in json.loads(capsys.readouterr().out)]
    assert titles == ["alpha transformers", "Beta diffusion", "Gamma graphs"]
    with pytest.raises(SystemExit):
        main(["list", "--sort", "stars"])
    assert "invalid choice" in capsys.readouterr().err


def test_mark_read_is_open_by_default_and_checked(tmp_path: Path) -> None:
    from paper_tui.config import Config, ConfigError

    config = tmp_path / "config.toml"
    assert Config.load(config).mark_read == "open"
    config.write_text('[reader]\nmark_read = "dwell"\n', encoding="utf-8")
    assert Config.load(config).mark_read == "dwell"
    config.write_text('[reader]\nmark_read = "hover"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r'reader\.mark_read must be one of "open", "dwell", "never"'):
        Config.load(config)


def test_a_whole_list_marked_read_counts_only_its_unread_papers(library: Library) -> None:
    ids = library.view_ids(View(digest_date="2026-08-01"))
    library.mark_read([ids[0]])
    assert library.unread_among(ids) == ids[1:]
    library.skip([ids[1]])  # a triage skip: read, and a signal
    assert library.unread_among(ids) == ids[2:]
    assert (ids[1], "skip") in library.store.signals()
    library.queue_add([ids[2]])
    library.queue_done([ids[2]])
    assert (ids[2], "done") in library.store.signals()


@pytest.mark.parametrize(
    ("authors", "count", "shown"),
    [
        (("Ada Lovelace",), 1, "Ada Lovelace"),
        (("Ada Lovelace", "Alan Turing"), 2, "Lovelace, Turing"),
        (("Ada Lovelace", "Alan Turing", "Grace Hopper"), 5, "Lovelace, Turing +3"),
        (("Wei Shen", "Tao Shen"), 2, "W. Shen, T. Shen"),
        (("Wei Shen", "tao shen", "Ann Li"), 3, "W. Shen, t. shen +1"),
        (("Shen", "Shen"), 2, "Shen, Shen"),
    ],
)
def test_a_row_tells_two_first_authors_of_one_surname_apart(
    authors: tuple[str, ...], count: int, shown: str
) -> None:
    assert short_authors(authors, count) == shown
