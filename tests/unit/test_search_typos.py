"""Typos forgiven without syntax: a word that matches nothing is searched as its close spelling from
the index's own words, and the searcher is told; ``word~`` compares the words as written."""

from __future__ import annotations

import re

import pytest

from paper_tui import cli
from paper_tui.library import Library
from paper_tui.model import View


def _holding(library: Library, word: str) -> set[int]:
    """The papers whose title, abstract or authors hold ``word`` (or its plural), by regular expression."""
    records = library.papers(library.view_ids(View()))
    pattern = re.compile(rf"\b{word}s?\b", re.IGNORECASE)
    return {r.id for r in records if pattern.search("\n".join((r.title, r.abstract, *r.authors)))}


@pytest.mark.parametrize(("typed", "meant"), [("transfomer", "transformer"), ("agnostc", "agnostic")])
def test_a_word_with_a_typo_finds_the_papers_of_its_spelling_and_says_so(
    sample_library: Library, typed: str, meant: str
) -> None:
    holding = _holding(sample_library, meant)
    assert holding
    result = sample_library.find(typed)
    assert holding <= set(result.ids)
    assert result.note == f'Showing results for "{meant}" (no papers match "{typed}")'


def test_a_word_spelt_right_is_not_respelt(sample_library: Library) -> None:
    result = sample_library.find("transformer")
    assert result.note == ""
    assert result.searched == "transformer"


def test_a_typo_beside_a_word_spelt_right_keeps_both(sample_library: Library) -> None:
    if sample_library.find("transformer serving").total == 0:
        pytest.skip("../shared/samples is absent: no paper on serving transformers")
    result = sample_library.find("transfomer serving")
    assert result.note.startswith('Showing results for "transformer serving"')
    assert result.total >= 1
    assert result.ids == sample_library.find("transformer serving").ids


def test_a_word_with_no_close_spelling_still_matches_nothing(sample_library: Library) -> None:
    result = sample_library.find("qwzxvbnk")
    assert result.total == 0 and result.note == ""


def test_the_command_line_says_on_stderr_which_spelling_it_searched(
    sample_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(
        ["--data-dir", str(sample_library.paths.data_dir), "search", "transfomer", "--limit", "3"]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert 'Showing results for "transformer" (no papers match "transfomer")' in err
    assert "Transformer" in out


def test_a_prefix_with_a_typo_while_typing_finds_the_prefix_it_is_near(sample_library: Library) -> None:
    # Typing "transfomer": "transfom" starts no word of the library; "transform" does.
    result = sample_library.find("transfom", typing=True)
    assert result.total > 0
    assert result.searched.startswith("transfor")


def test_a_fuzzy_word_finds_words_whose_stems_are_far_from_it(sample_library: Library) -> None:
    # manipulation is indexed as "manipul", four edits from "manipulaton": Whoosh's ~ alone found none.
    holding = _holding(sample_library, "manipulation")
    assert holding
    assert holding <= set(sample_library.find("manipulaton~").ids)
    assert sample_library.find("manipulaton~").note == ""  # the user chose the fuzziness
