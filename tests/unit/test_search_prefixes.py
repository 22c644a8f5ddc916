"""Prefixes over the words as written: a prefix finds every word that starts with it, whatever the
stemmer made of the word (``learni*`` finds *learning*, indexed as ``learn``)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from paper_tui.index_query import stem_of
from paper_tui.library import Library
from paper_tui.model import View
from paper_tui.vocabulary import words_of


def _texts(library: Library) -> dict[int, str]:
    """Each paper's searched text: title, abstract and authors."""
    ids = library.view_ids(View())
    return {r.id: "\n".join((r.title, r.abstract, *r.authors)) for r in library.papers(ids)}


def _found(library: Library, query: str) -> set[int]:
    return {hit.paper_id for hit in library.search(query, 100_000)}


@pytest.mark.parametrize(
    ("prefix", "word"),
    [
        ("learni", "learning"),
        ("agnosti", "agnostic"),
        ("diffusi", "diffusion"),
        ("diffusio", "diffusion"),
        ("retrieva", "retrieval"),
        ("manipulati", "manipulation"),
        ("compressio", "compression"),
    ],
)
def test_a_prefix_past_the_stem_finds_the_papers_with_the_word(
    sample_library: Library, prefix: str, word: str
) -> None:
    texts = _texts(sample_library)
    holding = {pid for pid, text in texts.items() if re.search(rf"\b{word}\b", text, re.IGNORECASE)}
    assert holding, f"the sample has no paper with {word!r}"
    assert holding <= _found(sample_library, f"{prefix}*")


def test_every_prefix_of_every_word_of_the_sample_finds_every_paper_with_the_word(
    sample_library: Library,
) -> None:
    """The property, exhaustively: for every word of 3+ letters the index holds (stop words are not
    indexed, so no query finds them) and each of its prefixes of 2+ letters, ``prefix*`` finds every
    paper whose title, abstract or authors contain the word."""
    papers_with: defaultdict[str, set[int]] = defaultdict(set)
    for pid, text in _texts(sample_library).items():
        for word in words_of([text]):
            if len(word) >= 3 and word.isalpha() and stem_of(word) is not None:
                papers_with[word].add(pid)
    expected: defaultdict[str, set[int]] = defaultdict(set)
    for word, pids in papers_with.items():
        for end in range(2, len(word) + 1):
            expected[word[:end]] |= pids
    assert len(expected) > 1000
    missed = {}
    for prefix, pids in expected.items():
        lost = pids - _found(sample_library, f"{prefix}*")
        if lost:
            missed[prefix] = sorted(lost)
    assert not missed, f"{len(missed)} prefixes miss papers, e.g. {list(missed.items())[:5]}"


def test_the_stems_of_the_word_list_are_those_the_index_holds(sample_library: Library) -> None:
    analyzer = sample_library.index.schema["abstract"].analyzer
    vocabulary = sample_library.index.vocabulary()
    assert vocabulary is not None and len(vocabulary.words) > 1000
    for word in vocabulary.words:
        assert [t.text for t in analyzer(word, mode="query")] == ([stem_of(word)] if stem_of(word) else [])


def _old_index(library: Library) -> None:
    """Replace the library's index by one in the schema of paper-tui before the word list."""
    import shutil

    from whoosh import index as whoosh_index

    from paper_tui.index import Document, make_schema

    schema = make_schema()
    schema.remove("abstract_terms")
    library.index.close()
    folder = library.paths.index_dir
    shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer()
    for record in library.papers(library.view_ids(View())):
        fields = Document.of(record).fields()
        del fields["abstract_terms"]
        writer.add_document(**fields)
    writer.commit()
    ix.close()


def test_an_index_from_before_the_word_list_is_rebuilt_and_said_so(library: Library) -> None:
    from tests.helpers import ingest, paper

    ingest(library, paper("Learning to rank", "2401.00001"), paper("Diffusion for video", "2401.00002"))
    _old_index(library)
    assert not library.index_usable()  # the reader rebuilds it in the background, with progress
    assert len(library.search("learni*")) == 1
    assert any("older paper-tui" in notice for notice in library.notices.take())
    assert library.index_usable()
    assert library.index.vocabulary() is not None


def test_the_word_list_follows_each_import(library: Library) -> None:
    from tests.helpers import ingest, paper

    ingest(library, paper("Learning to rank", "2401.00001"))
    ingest(library, paper("Tokenizers everywhere", "2401.00002"), date="2026-08-02")
    vocabulary = library.index.vocabulary()
    assert vocabulary is not None
    assert {"learning", "tokenizers", "everywhere"} <= set(vocabulary.words)
    assert len(library.search("tokenize*")) == 1
