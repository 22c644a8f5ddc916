"""The palette's jump to a paper by title: whole words first, then parts of words, then typos."""

from __future__ import annotations

import pytest

from paper_tui.library import Library
from paper_tui.titles import TitleCache, TitleIndex

DREAMSYNC = "DreamSync: Aligning Text-to-Image Generation with Image Understanding Feedback"
PLANGEN = "PlanGEN: A Multi-Agent Framework for Generating Planning and Reasoning Trajectories"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("dreamsync", DREAMSYNC), ("dreamsyc", DREAMSYNC), ("dremsink", DREAMSYNC), ("plangen", PLANGEN)],
)
def test_the_title_jump_puts_the_paper_typed_first_on_the_sample(
    sample_library: Library, typed: str, expected: str
) -> None:
    matches = TitleCache(sample_library).get().match(typed)
    assert matches, typed
    assert matches[0][1].startswith(expected)


def test_a_whole_word_ranks_above_part_of_a_word_and_above_a_close_spelling() -> None:
    titles = TitleIndex.build(
        [
            (1, "Graphs of graphene"),  # part of a word
            (2, "Grap: a typo"),  # a close spelling
            (3, "Learning on a graph"),  # the whole word, late in the title
            (4, "Graph"),  # the whole title
            (5, "Graph neural networks"),  # the whole word, first
        ]
    )
    assert [pid for pid, _, _ in titles.match("graph")] == [4, 5, 3, 1, 2]


def test_several_misspelt_words_find_the_title_with_both() -> None:
    titles = TitleIndex.build([(1, "Chemistry of graphs"), (2, "Chemistry"), (3, "Graph theory")])
    assert titles.match("chemstry graph")[0][0] == 1
