"""The index's own evaluation of queries (paper_tui.postings) against Whoosh's: the same papers, the
same scores, over several segments and deleted documents."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

import pytest
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser

from paper_tui.index_query import DEFAULT_FIELDS
from paper_tui.library import Library
from tests.helpers import WORDS, synthetic_papers

QUERIES = (
    "diffusion",
    "graph neural network",
    "language model reasoning",
    '"graph neural"',
    '"reinforcement learning" policy',
    '"language model reasoning"',
    '"model model"',
    '"graph of the neural"',
    'title:"graph neural"',
    "title:graph",
    "title:graph title:neural",
    "author:author17",
    "author:author17 reasoning",
    'abstract:"sparse attention"',
    "reasoning OR quantum",
    "graph NOT neural",
    "NOT graph",
    "(robot OR agent) AND planning",
    "date:2026-01",
    "date:>=2026-01-03 video",
    "date:[2026-01-01 TO 2026-01-02]",
    "category:cs.cl",
    "robot^3 planning",
    "nothingmatchesthis",
)


@pytest.fixture(scope="module")
def segmented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """300 synthetic papers imported as four digests (four commits: several segments), then a few of
    them imported again changed (their old documents deleted in place)."""
    folder = tmp_path_factory.mktemp("segmented")
    with Library.open(folder) as library:
        for day in range(4):
            papers = synthetic_papers(75, start=day * 75, seed=day)
            items = [{"paper": p, "publishedAt": f"2026-01-0{day + 1}T00:00:00.000Z"} for p in papers]
            library.import_bytes(json.dumps(items).encode(), name=f"day{day}.json")
        changed = synthetic_papers(10, start=0, seed=99)
        items = [{"paper": p, "publishedAt": "2026-01-05T00:00:00.000Z"} for p in changed]
        library.import_bytes(json.dumps(items).encode(), name="again.json")
        yield library


def _whoosh(library: Library, text: str) -> dict[int, float]:
    """Whoosh's own answer: its parser and its matchers, every match scored."""
    index = library.index
    parser = MultifieldParser(list(DEFAULT_FIELDS), index.schema)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    with index._searcher() as searcher:
        results = searcher.search(parser.parse(text), limit=None)
        return {int(hit["pid"]): float(hit.score or 0.0) for hit in results}


def test_the_index_has_several_segments_and_deleted_documents(segmented: Library) -> None:
    with segmented.index._searcher() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        assert len(leaves) > 1
        assert any(leaf.has_deletions() for leaf in leaves)


@pytest.mark.parametrize("text", QUERIES)
def test_a_search_finds_the_papers_whoosh_finds_with_whoosh_s_scores(segmented: Library, text: str) -> None:
    expected = _whoosh(segmented, text)
    ranking = segmented.index.rank(text)
    found = dict(ranking.hits)
    assert set(found) == set(expected)
    assert ranking.total == len(expected)
    for pid, score in expected.items():
        assert math.isclose(found[pid], score, rel_tol=1e-9, abs_tol=1e-9), (pid, found[pid], score)
    # Best first.
    scores = [score for _, score in ranking.hits]
    assert scores == sorted(scores, reverse=True)


def test_a_limited_ranking_keeps_the_best_and_counts_them_all(segmented: Library) -> None:
    everything = segmented.index.rank("graph OR reasoning")
    best = segmented.index.rank("graph OR reasoning", 10)
    assert best.total == everything.total > 10
    assert [score for _, score in best.hits] == [score for _, score in everything.hits[:10]]


def test_every_word_of_the_synthetic_vocabulary_finds_what_whoosh_finds(segmented: Library) -> None:
    for word in WORDS:
        assert {pid for pid, _ in segmented.index.rank(word).hits} == set(_whoosh(segmented, word)), word


def test_field_lengths_are_read_in_one_piece_per_segment_not_one_call_per_paper(
    segmented: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh reads a length column one call per document (0.3 s at 100,000: most of a fresh process's
    first search); the BM25 factors are read in one piece and equal the ones read paper by paper."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN
    from whoosh.columns import NumericColumn

    from paper_tui.postings import _B, _K1, _LENGTHS, SegmentCache

    with segmented.index._searcher() as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        expected = []
        for leaf in leaves:
            column = leaf._perdoc._cached_reader("_abstract_len", LENGTHS_COLUMN)
            lengths = [_LENGTHS[value] if value else 1 for value in column]
            lengths += [1] * (leaf.doc_count_all() - len(lengths))
            expected.append([_K1 * (1 - _B) + _K1 * _B / 42.0 * length for length in lengths])
        calls: list[int] = []
        per_document = NumericColumn.Reader.__getitem__
        monkeypatch.setattr(
            NumericColumn.Reader, "__getitem__", lambda self, n: calls.append(n) or per_document(self, n)
        )
        cache = SegmentCache()
        found = [list(cache.norms(leaf, "abstract", 42.0)) for leaf in leaves]
    assert calls == []
    assert len(found) == len(expected) > 1
    for mine, theirs in zip(found, expected, strict=True):
        assert len(mine) == len(theirs)
        assert all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(mine, theirs, strict=True))
