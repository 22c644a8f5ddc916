"""A digest file cut off (copied, downloaded or saved in part): the import says so, and importing the
whole file later completes the papers whose text was cut, in the library and in the index.

Found by a new user: ``head -c`` of the real samples imported with exit 0 and no word, and the whole
file imported afterwards left the cut abstracts as they were ("3 unchanged")."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper_tui.importers import decode
from paper_tui.library import Library
from paper_tui.model import View
from tests.helpers import REPO, ingest, paper, sample

SEED = next((REPO / "seeds").glob("*.txt"))

#: Real digests of each format that can be cut mid-paper, and a cut inside one of their papers.
CUT = [
    pytest.param(lambda: sample("arxiv_email_listing_2026-01-22_cs_first5.txt"), 6000, id="arxiv-email"),
    pytest.param(
        lambda: sample("arxiv_email_listing_2026-01-20_cs_slice3_replacements_boundary.txt"),
        6000,
        id="arxiv-email-replacements",
    ),
    pytest.param(lambda: SEED, 30000, id="hf-page"),
    pytest.param(lambda: sample("arxiv_rss2_cs.AI_2026-04-27_3items.xml"), 5000, id="arxiv-rss"),
    pytest.param(lambda: sample("arxiv_api_atom_2026-06-14_query.xml"), 3000, id="arxiv-atom"),
]


@pytest.mark.parametrize(("path", "cut"), CUT)
def test_a_file_cut_off_inside_a_paper_is_said_and_the_whole_file_completes_it(
    library: Library, tmp_path: Path, path: object, cut: int
) -> None:
    whole_file = path()  # type: ignore[operator]
    data = whole_file.read_bytes()
    part = tmp_path / whole_file.name
    part.write_bytes(data[:cut])

    first = library.import_file(part)
    assert first.new > 0
    assert "cut off" in first.notice and "importing the whole file again completes it" in first.notice

    again = library.import_file(whole_file)
    assert again.notice == ""
    with Library.open(tmp_path / "fresh") as fresh:
        fresh.import_file(whole_file)
        expected = _texts(fresh)
    assert _texts(library) == expected
    # The index has the whole texts: each abstract's last long word finds its paper.
    for record in library.papers(library.view_ids(View())):
        words = [w.strip(".,;:()") for w in record.abstract.split()]
        last = next((w for w in reversed(words) if len(w) >= 5 and w.isalpha()), None)
        if last:
            assert record.id in library.find(f"abstract:{last}").ids, (record.title, last)


def _texts(library: Library) -> dict[str, tuple[str, tuple[str, ...], str]]:
    return {
        r.arxiv_id or r.title: (r.abstract, r.authors, r.comment)
        for r in library.papers(library.view_ids(View()))
    }


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(lambda: SEED, id="hf-page"),
        pytest.param(lambda: sample("arxiv_email_listing_2026-01-22_cs_first5.txt"), id="arxiv-email"),
        pytest.param(
            lambda: sample("arxiv_email_listing_2026-01-20_cs_slice3_replacements_boundary.txt"),
            id="arxiv-email-replacements",
        ),
        pytest.param(lambda: sample("arxiv_rss2_cs.AI_2026-04-27_3items.xml"), id="arxiv-rss"),
        pytest.param(lambda: sample("arxiv_api_atom_2026-06-14_query.xml"), id="arxiv-atom"),
        pytest.param(lambda: sample("hf_daily_papers_api_2026-08_pretty_b.json"), id="hf-api"),
    ],
)
def test_a_whole_file_says_nothing_of_being_cut(library: Library, path: object) -> None:
    assert library.import_file(path()).notice == ""  # type: ignore[operator]


def test_another_text_never_replaces_the_one_the_library_has(library: Library) -> None:
    ingest(library, paper("A paper", "2608.00001", abstract="We study graphs."), date="2026-08-01")
    ingest(library, paper("A paper", "2608.00001", abstract="We study trees instead."), date="2026-08-02")
    ingest(library, paper("A paper", "2608.00001", abstract="We study"), date="2026-08-03")
    (record,) = library.papers(library.view_ids(View()))
    assert record.abstract == "We study graphs."


def test_utf8_cut_inside_its_last_character_is_still_utf8() -> None:
    # Before: the whole file was read as Windows-1252 ("cafÃ©").
    assert decode("café naï".encode()[:-1]) == "café na\ufffd"
    assert decode("café".encode()) == "café"
    assert decode(b"caf\xe9") == "café"  # Windows-1252 text stays readable
