"""BibTeX from the paper, not the digest: year and month from the arXiv id or the published date, the key
from the first author's surname, else the first title word."""

from __future__ import annotations

import pytest

from paper_tui.export import bib_key, bibtex_entry, year_month
from paper_tui.model import Link, PaperRecord


def record(**fields: object) -> PaperRecord:
    base: dict[str, object] = dict(
        id=3,
        arxiv_id=None,
        title="DreamSync: Aligning Text-to-Image Generation with Image Understanding Feedback",
        abstract="",
        authors=(),
        categories=(),
        links=(),
        upvotes=None,
        comment="",
        published=None,
        first_seen="2026-08-11",
        last_seen="2026-08-11",
        replacement=False,
    )
    base.update(fields)
    return PaperRecord(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"arxiv_id": "2311.17946"}, ("2023", 11)),
        ({"arxiv_id": "0704.0001"}, ("2007", 4)),
        ({"arxiv_id": "hep-th/9901001"}, ("1999", 1)),
        ({"arxiv_id": "math.GT/0309136"}, ("2003", 9)),
        ({"published": "2024-02-29"}, ("2024", 2)),
        ({}, (None, None)),
    ],
)
def test_year_and_month(fields: dict[str, object], expected: tuple[str | None, int | None]) -> None:
    assert year_month(record(**fields)) == expected


def test_a_title_only_paper_has_no_year_from_its_digest() -> None:
    entry = bibtex_entry(record())
    assert entry.startswith("@misc{dreamsync,\n")
    assert "year" not in entry and "2026" not in entry


def test_a_resolved_paper_is_keyed_by_its_first_author_and_real_year() -> None:
    resolved = record(
        arxiv_id="2311.17946",
        authors=("Jiao Sun", "Deqing Fu"),
        categories=("cs.CV", "cs.AI"),
        links=(Link("arxiv", "https://arxiv.org/abs/2311.17946"),),
    )
    entry = bibtex_entry(resolved)
    assert entry.startswith("@misc{sun2023dreamsync,\n")
    assert "  year = {2023},\n  month = nov,\n" in entry
    assert "  eprint = {2311.17946},\n  archivePrefix = {arXiv},\n  primaryClass = {cs.CV},\n" in entry


@pytest.mark.parametrize(
    ("authors", "key"),
    [
        (("Smith, Ann",), "smith2023dreamsync"),
        (("Ann Smith, Jr.",), "smith2023dreamsync"),
        (("Zoë Müller",), "muller2023dreamsync"),
        (("李 华",), "dreamsync2023"),
    ],
)
def test_keys_are_ascii_surnames(authors: tuple[str, ...], key: str) -> None:
    found = bib_key(record(arxiv_id="2311.17946", authors=authors))
    assert found.endswith(key)
    assert found.isascii() and found[0].isalpha()
