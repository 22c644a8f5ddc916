"""The Hugging Face Daily Papers page saved as text: unit tests from strings, then the bundled seed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from paper_tui import importers
from paper_tui.importers import hf_page
from paper_tui.model import DigestError, Link
from tests.helpers import SEEDS, sample

SEED = SEEDS / "000_900d19cfa6e3d565.txt"
HEADER = (
    "New\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community\n\n"
)
PAGE = (
    HEADER + "Aug 11\n\n"
    "Knowledge Infused Decoding\n\n"
    "We decode with knowledge. Code for KID is available at https://github.com/microsoft/KID.\n\n"
    "TAME: Task Agnostic Continual Learning using Multiple Experts\n\n"
    "The goal of lifelong learning is to learn continuously.\n"
)
ARXIV_SAMPLES = (
    "arxiv_email_listing_2026-01-22_cs_first5.txt",
    "arxiv_email_listing_2026-01-20_cs_slice3_replacements_boundary.txt",
    "arxiv_rss2_cs.AI_2026-04-27_3items.xml",
    "arxiv_api_atom_2026-06-14_query.xml",
)
HF_JSON_SAMPLE = "hf_daily_papers_api_2026-08_pretty_b.json"


def page(body: str, date_line: str = "Aug 11") -> str:
    """A page with the usual header, a date line and ``body``."""
    return f"{HEADER}{date_line}\n\n{body}"


def test_small_page() -> None:
    digest = hf_page.parse(PAGE, reference_date=date(2026, 9, 1))
    assert digest.source == "hf-page"
    assert digest.date == "2026-08-11"
    assert digest.title == ""
    assert [p.title for p in digest.papers] == [
        "Knowledge Infused Decoding",
        "TAME: Task Agnostic Continual Learning using Multiple Experts",
    ]
    kid, tame = digest.papers
    assert (
        kid.abstract
        == "We decode with knowledge. Code for KID is available at https://github.com/microsoft/KID."
    )
    assert kid.links == (Link("code", "https://github.com/microsoft/KID"),)
    assert tame.abstract == "The goal of lifelong learning is to learn continuously."
    assert tame.links == ()
    for paper in digest.papers:
        assert paper.arxiv_id is None
        assert paper.authors == ()
        assert paper.upvotes is None


def test_bytes_crlf_and_bom_give_the_same_digest() -> None:
    expected = hf_page.parse(PAGE, reference_date=date(2026, 9, 1))
    for data in (
        PAGE.encode(),
        PAGE.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + PAGE.encode(),
        PAGE.encode("utf-16"),
    ):
        assert hf_page.parse(data, reference_date=date(2026, 9, 1)) == expected


@pytest.mark.parametrize(
    ("line", "reference", "expected"),
    [
        ("Aug 11", date(2026, 8, 11), date(2026, 8, 11)),  # the reference day itself counts
        ("Aug 11", date(2026, 8, 10), date(2025, 8, 11)),  # one day later would be in the future
        ("Dec 31", date(2026, 1, 5), date(2025, 12, 31)),  # across the year boundary
        ("Jan 2", date(2026, 1, 5), date(2026, 1, 2)),
        ("August 11", date(2026, 9, 1), date(2026, 8, 11)),
        ("Aug. 11", date(2026, 9, 1), date(2026, 8, 11)),
        ("Sept 3", date(2026, 9, 1), date(2025, 9, 3)),
        ("september 3", date(2026, 9, 3), date(2026, 9, 3)),
        ("Feb 29", date(2026, 3, 1), date(2024, 2, 29)),  # back to the last leap year
        ("Aug 11, 2024", date(2026, 9, 1), date(2024, 8, 11)),  # a written year wins
        ("Aug 11 2030", date(2026, 9, 1), date(2030, 8, 11)),
    ],
)
def test_date_line_year(line: str, reference: date, expected: date) -> None:
    assert hf_page.parse_date_line(line, reference) == expected
    digest = hf_page.parse(page("Title\n\nAbstract.\n", date_line=line), reference_date=reference)
    assert digest.date == expected.isoformat()


def test_default_reference_date_is_today() -> None:
    digest = hf_page.parse(page("Title\n\nAbstract.\n", date_line="Jan 1"))
    assert digest.date is not None
    parsed = date.fromisoformat(digest.date)
    today = date.today()
    assert (parsed.month, parsed.day) == (1, 1)
    assert today - timedelta(days=366) < parsed <= today


@pytest.mark.parametrize("line", ["Feb 30", "Feb 30, 2026", "Apr 31"])
def test_impossible_date_is_refused_with_its_line(line: str) -> None:
    with pytest.raises(DigestError) as caught:
        hf_page.parse(page("Title\n\nAbstract.\n", date_line=line), reference_date=date(2026, 9, 1))
    assert caught.value.line == 11
    assert line in caught.value.message


@pytest.mark.parametrize(
    ("abstract", "links"),
    [
        ("Code: https://github.com/a/b.", [Link("code", "https://github.com/a/b")]),
        ("Code (https://github.com/a/b).", [Link("code", "https://github.com/a/b")]),
        ("See https://example.org/proj, and more.", [Link("project", "https://example.org/proj")]),
        ("Data at https://gitlab.com/x/y; models soon!", [Link("code", "https://gitlab.com/x/y")]),
        (
            "Code https://github.com/o/r/tree/main/sub-dir. DOI https://doi.org/10.5281/zenodo.1.",
            [
                Link("code", "https://github.com/o/r/tree/main/sub-dir"),
                Link("doi", "https://doi.org/10.5281/zenodo.1"),
            ],
        ),
        (
            "Twice https://github.com/a/b and https://github.com/a/b.",
            [Link("code", "https://github.com/a/b")],
        ),
        ("Not a link: ftp://example.org/x or javascript:alert(1).", []),
    ],
)
def test_urls_in_abstracts_become_links(abstract: str, links: list[Link]) -> None:
    digest = hf_page.parse(page(f"Title\n\n{abstract}\n"), reference_date=date(2026, 9, 1))
    (paper,) = digest.papers
    assert paper.abstract == abstract  # the text keeps its punctuation
    assert list(paper.links) == links


def test_multi_line_abstract_is_joined_with_spaces() -> None:
    body = "Title One\n\nFirst line of the abstract\n  second line.\nThird line.\n\nTitle Two\n\nShort.\n"
    digest = hf_page.parse(page(body), reference_date=date(2026, 9, 1))
    assert [(p.title, p.abstract) for p in digest.papers] == [
        ("Title One", "First line of the abstract second line. Third line."),
        ("Title Two", "Short."),
    ]


def test_title_at_the_end_without_abstract() -> None:
    body = "Title One\n\nAbstract one.\n\nLonely Title\n\n\n"
    digest = hf_page.parse(page(body), reference_date=date(2026, 9, 1))
    assert [(p.title, p.abstract) for p in digest.papers] == [
        ("Title One", "Abstract one."),
        ("Lonely Title", ""),
    ]


def test_wrapped_title_is_joined() -> None:
    body = "A Rather Long Title That Was\nWrapped Onto Two Lines\n\nAbstract.\n"
    (paper,) = hf_page.parse(page(body), reference_date=date(2026, 9, 1)).papers
    assert paper.title == "A Rather Long Title That Was Wrapped Onto Two Lines"
    assert paper.abstract == "Abstract."


def test_title_directly_followed_by_its_abstract() -> None:
    abstract = "A sentence about the method. " * 20
    body = f"Glued Title\n{abstract.strip()}\n\nNext Title\n\nNext abstract.\n"
    digest = hf_page.parse(page(body), reference_date=date(2026, 9, 1))
    assert [(p.title, p.abstract) for p in digest.papers] == [
        ("Glued Title", abstract.strip()),
        ("Next Title", "Next abstract."),
    ]


def test_surrounding_whitespace_is_stripped_inner_text_kept() -> None:
    body = "   Title  With  Spaces \t\n\n\t An   abstract,  exactly.  \n"
    (paper,) = hf_page.parse(page(body), reference_date=date(2026, 9, 1)).papers
    assert paper.title == "Title  With  Spaces"
    assert paper.abstract == "An   abstract,  exactly."


def test_page_without_header_but_with_a_date_line() -> None:
    digest = hf_page.parse("Aug 11\n\nTitle\n\nAbstract.\n", reference_date=date(2026, 9, 1))
    assert digest.date == "2026-08-11"
    assert [p.title for p in digest.papers] == ["Title"]


def test_header_without_date_line_names_the_line() -> None:
    with pytest.raises(DigestError) as caught:
        hf_page.parse(HEADER + "Some Title\n\nSome abstract.\n")
    assert caught.value.line == 11
    assert "date line" in caught.value.message
    assert "Some Title" in caught.value.message


def test_header_only_page_is_refused() -> None:
    with pytest.raises(DigestError) as caught:
        hf_page.parse(HEADER)
    assert caught.value.line == 9
    assert "date line" in caught.value.message


def test_empty_page_is_refused() -> None:
    with pytest.raises(DigestError, match="empty"):
        hf_page.parse(" \n\n \n")


def test_date_line_too_far_down_is_not_found() -> None:
    text = "".join(f"line {n}\n\n" for n in range(40)) + "Aug 11\n\nTitle\n\nAbstract.\n"
    with pytest.raises(DigestError) as caught:
        hf_page.parse(text)
    assert caught.value.line == 1


@pytest.mark.parametrize(
    "text",
    [
        PAGE,
        HEADER,  # the header alone: claimed, so that parse() can say what is missing
        "Aug 11\n\nTitle\n\nAbstract.\n",
        "\ufeff\r\nAugust 11, 2025\r\n\r\nTitle\r\n\r\nAbstract.\r\n",
    ],
)
def test_sniff_accepts(text: str) -> None:
    assert hf_page.sniff(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Just some prose.\n\nAnother paragraph of prose.\n\nA third one.\n",
        "Aug 11\n\nOnly one block after the date.\n",  # no title/abstract pair
        "Meeting on Aug 11\n\nTitle\n\nAbstract.\n",  # not a line of its own
        "Aug 11\n\n" + "x" * 400 + "\n\nAbstract.\n",  # far too long for a title
        "Augtober 11\n\nTitle\n\nAbstract.\n",
        "Aug 41\n\nTitle\n\nAbstract.\n",
        "".join(f"line {n}\n" for n in range(40)) + "Aug 11\n\nTitle\n\nAbstract.\n",
        '[{"paper": {"title": "Aug 11"}}]',
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Aug 11</title></channel></rss>',
        "x" * 200_000,
    ],
)
def test_sniff_rejects(text: str) -> None:
    assert not hf_page.sniff(text)


@pytest.mark.parametrize("name", [*ARXIV_SAMPLES, HF_JSON_SAMPLE])
def test_sniff_rejects_other_formats_samples(name: str) -> None:
    assert not hf_page.sniff(sample(name).read_text(encoding="utf-8"))


def test_registry_detects_and_parses() -> None:
    assert importers.detect(PAGE.encode()) == "hf-page"
    digest = importers.parse(PAGE.encode(), path="page.txt", reference_date=date(2026, 9, 1))
    assert digest.source == "hf-page"
    assert len(digest.papers) == 2


def test_registry_error_names_file_and_line() -> None:
    with pytest.raises(DigestError) as caught:
        importers.parse((HEADER + "Some Title\n\nSome abstract.\n").encode(), path="page.txt")
    assert str(caught.value).startswith("page.txt:11: ")


# Conformance: the bundled seed, a real Daily Papers page copied as text.

SEED_FIRST_ABSTRACT = (
    "Despite their wide-spread success, Text-to-Image models (T2I) still struggle to produce images "
    "that are both aesthetically pleasing and faithful to the user's input text. We introduce "
    "DreamSync, a model-agnostic training algorithm by design that improves T2I models to be faithful"
    " to the text input. DreamSync builds off a recent insight from TIFA's evaluation framework -- "
    "that large vision-language models (VLMs) can effectively identify the fine-grained discrepancies"
    " between generated images and the text inputs. DreamSync uses this insight to train T2I models "
    "without any labeled data; it improves T2I models using its own generations. First, it prompts "
    "the model to generate several candidate images for a given input text. Then, it uses two VLMs to"
    " select the best generation: a Visual Question Answering model that measures the alignment of "
    "generated images to the text, and another that measures the generation's aesthetic quality. "
    "After selection, we use LoRA to iteratively finetune the T2I model to guide its generation "
    "towards the selected best generations. DreamSync does not need any additional human annotation. "
    "model architecture changes, or reinforcement learning. Despite its simplicity, DreamSync "
    "improves both the semantic alignment and aesthetic appeal of two diffusion-based T2I models, "
    "evidenced by multiple benchmarks (+1.7% on TIFA, +2.9% on DSG1K, +3.4% on VILA aesthetic) and "
    "human evaluation."
)


@pytest.fixture(scope="module")
def seed_bytes() -> bytes:
    """The seed digest as it ships."""
    return SEED.read_bytes()


def test_seed_is_detected(seed_bytes: bytes) -> None:
    assert hf_page.sniff(seed_bytes.decode("utf-8"))
    assert importers.detect(seed_bytes) == "hf-page"


def test_seed_papers(seed_bytes: bytes) -> None:
    digest = hf_page.parse(seed_bytes, reference_date=date(2026, 1, 1))
    assert digest.source == "hf-page"
    assert digest.date == "2025-08-11"
    assert len(digest.papers) == 61
    first, last = digest.papers[0], digest.papers[-1]
    assert first.title == "DreamSync: Aligning Text-to-Image Generation with Image Understanding Feedback"
    assert first.abstract == SEED_FIRST_ABSTRACT
    assert digest.papers[1].title == "TAME: Task Agnostic Continual Learning using Multiple Experts"
    assert last.title == (
        "On Penalty Methods for Nonconvex Bilevel Optimization and First-Order Stochastic Approximation"
    )
    assert last.abstract.endswith("O(epsilon^{-3}) and O(epsilon^{-5}), respectively.")
    assert all(p.arxiv_id is None and p.authors == () for p in digest.papers)


def test_seed_titles_and_abstracts_are_the_lines_unchanged(seed_bytes: bytes) -> None:
    lines = seed_bytes.decode("utf-8").split("\n")
    digest = hf_page.parse(seed_bytes, reference_date=date(2026, 1, 1))
    # After the date line (line 11) the page alternates title, blank, abstract, blank.
    assert [p.title for p in digest.papers] == lines[12::4]
    assert [p.abstract for p in digest.papers] == lines[14::4]


def test_seed_links(seed_bytes: bytes) -> None:
    digest = hf_page.parse(seed_bytes, reference_date=date(2026, 1, 1))
    with_code = [p for p in digest.papers if any(link.kind == "code" for link in p.links)]
    assert len(with_code) == 11
    kid = next(p for p in digest.papers if p.title == "Knowledge Infused Decoding")
    assert kid.links == (Link("code", "https://github.com/microsoft/KID"),)
    assert kid.abstract.endswith("Code for KID is available at https://github.com/microsoft/KID.")
    logic = next(p for p in digest.papers if p.title.startswith("Generative Logic: "))
    assert logic.links == (
        Link("code", "https://github.com/Generative-Logic/GL/tree/35a111ea9ba53afe051703d6050be0c3923e9724"),
        Link("doi", "https://doi.org/10.5281/zenodo.16408441"),
    )
    enamel = next(p for p in digest.papers if any("q-rz/enamel" in link.url for link in p.links))
    assert enamel.links == (Link("code", "https://github.com/q-rz/enamel"),)  # "... enamel ." in the text
    for paper in digest.papers:
        assert all(not link.url.endswith((".", ",", ")")) for link in paper.links)


def test_seed_year_follows_the_reference_date(seed_bytes: bytes) -> None:
    assert hf_page.parse(seed_bytes, reference_date=date(2026, 8, 11)).date == "2026-08-11"
    assert hf_page.parse(seed_bytes, reference_date=date(2026, 8, 10)).date == "2025-08-11"
