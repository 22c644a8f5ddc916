"""Hugging Face /api/daily_papers JSON: unit tests from strings, then the shared real sample."""

from __future__ import annotations

import json
from typing import Any

import pytest

from paper_tui import importers
from paper_tui.importers import hf_api
from paper_tui.model import DigestError, Link, Paper
from tests.helpers import SEEDS, sample

SAMPLE = "hf_daily_papers_api_2026-08_pretty_b.json"
ARXIV_SAMPLES = (
    "arxiv_email_listing_2026-01-22_cs_first5.txt",
    "arxiv_email_listing_2026-01-20_cs_slice3_replacements_boundary.txt",
    "arxiv_rss2_cs.AI_2026-04-27_3items.xml",
    "arxiv_api_atom_2026-06-14_query.xml",
)

FULL_ITEM: dict[str, Any] = {
    "paper": {
        "id": "2608.00001",
        "title": "Scaling Laws for\n  Contrastive Loss",
        "summary": "We study scaling laws\n  for contrastive loss.\n\n  A second paragraph\n  follows.",
        "authors": [{"_id": "x", "name": "Ann Smith", "hidden": False}, {"name": "Bo Li"}],
        "upvotes": 42,
        "githubRepo": "https://github.com/example/scaling",
        "projectPage": "https://example.org/scaling",
        "publishedAt": "2026-08-09T00:00:00.000Z",
        "submittedOnDailyAt": "2026-08-11T07:12:00.000Z",
        "ai_summary": "Contrastive loss scales\n  predictably.",
        "ai_keywords": ["scaling laws", "contrastive loss"],
    },
    "publishedAt": "2026-08-09T00:00:00.000Z",
    "numComments": 3,
    "title": "Scaling Laws for\n  Contrastive Loss",
}


def dumps(items: Any) -> str:
    """JSON text for a test input."""
    return json.dumps(items)


def one(paper: dict[str, Any], **top: Any) -> Paper:
    """Parse a single-item response and return its paper."""
    digest = hf_api.parse(dumps([{"paper": paper, **top}]))
    assert len(digest.papers) == 1
    return digest.papers[0]


def test_full_item() -> None:
    digest = hf_api.parse(dumps([FULL_ITEM]))
    assert digest.source == "hf-api"
    assert digest.date == "2026-08-11"
    assert digest.title == ""
    assert digest.papers == (
        Paper(
            title="Scaling Laws for Contrastive Loss",
            abstract="We study scaling laws for contrastive loss.\n\nA second paragraph follows.",
            authors=("Ann Smith", "Bo Li"),
            arxiv_id="2608.00001",
            links=(
                Link("arxiv", "https://arxiv.org/abs/2608.00001"),
                Link("pdf", "https://arxiv.org/pdf/2608.00001"),
                Link("hf", "https://huggingface.co/papers/2608.00001"),
                Link("code", "https://github.com/example/scaling"),
                Link("project", "https://example.org/scaling"),
            ),
            upvotes=42,
            published="2026-08-09",
            keywords=("scaling laws", "contrastive loss"),
            ai_summary="Contrastive loss scales predictably.",
        ),
    )


def test_wrapped_title_collapses_all_whitespace() -> None:
    paper = one({"title": "  A\tWrapped\n   Title\r\n  Here  "})
    assert paper.title == "A Wrapped Title Here"


def test_wrapped_summary_keeps_paragraph_breaks() -> None:
    summary = "Line one of the\n  first paragraph.\n\nSecond\n  paragraph.\n\n\n\nThird."
    paper = one({"title": "T", "summary": summary})
    assert paper.abstract == "Line one of the first paragraph.\n\nSecond paragraph.\n\nThird."


def test_minimal_item_has_defaults() -> None:
    assert one({"title": "Only A Title"}) == Paper(title="Only A Title")


def test_title_and_summary_at_top_level() -> None:
    digest = hf_api.parse(dumps([{"title": "Top Title", "summary": "Top summary."}]))
    assert [(p.title, p.abstract) for p in digest.papers] == [("Top Title", "Top summary.")]
    paper = one({"id": "2608.00002"}, title="From Top", summary="From top.")
    assert (paper.title, paper.abstract, paper.arxiv_id) == ("From Top", "From top.", "2608.00002")


def test_paper_fields_win_over_top_level() -> None:
    paper = one({"title": "Inner", "summary": "Inner."}, title="Outer", summary="Outer.")
    assert (paper.title, paper.abstract) == ("Inner", "Inner.")


@pytest.mark.parametrize(
    "item",
    [
        {"paper": {"id": "2608.00003"}},
        {"paper": {"title": "   \n  "}},
        {"paper": {"title": 5}},
        {"paper": {"title": None}},
        {"paper": "not an object"},
        {"paper": None, "title": ["not", "a", "string"]},
        {},
    ],
)
def test_items_without_a_usable_title_are_skipped(item: dict[str, Any]) -> None:
    digest = hf_api.parse(dumps([item, {"paper": {"title": "Kept"}}]))
    assert [p.title for p in digest.papers] == ["Kept"]


@pytest.mark.parametrize(
    ("raw_id", "arxiv_id", "kinds"),
    [
        ("2608.00001v2", "2608.00001", ["arxiv", "pdf", "hf"]),
        ("arXiv:2608.00001", "2608.00001", ["arxiv", "pdf", "hf"]),
        ("hep-th/9901001", "hep-th/9901001", ["arxiv", "pdf"]),
        ("not-an-id", None, []),
        (12345, None, []),
        ("", None, []),
    ],
)
def test_ids(raw_id: Any, arxiv_id: str | None, kinds: list[str]) -> None:
    paper = one({"id": raw_id, "title": "T"})
    assert paper.arxiv_id == arxiv_id
    assert [link.kind for link in paper.links] == kinds


@pytest.mark.parametrize(
    ("github", "project", "expected"),
    [
        (" https://github.com/a/b ", None, [Link("code", "https://github.com/a/b")]),
        ("user/repo", "https://p.example", [Link("project", "https://p.example")]),
        ("javascript:alert(1)", "ftp://example.org/x", []),
        ("https://github.com/a/b", "https://github.com/a/b", [Link("code", "https://github.com/a/b")]),
        (["https://github.com/a/b"], {"url": "https://p.example"}, []),
        ("", "", []),
    ],
)
def test_code_and_project_links(github: Any, project: Any, expected: list[Link]) -> None:
    paper = one({"title": "T", "githubRepo": github, "projectPage": project})
    assert list(paper.links) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(7, 7), (0, 0), (True, None), (False, None), (3.0, None), ("5", None), (None, None), ([1], None)],
)
def test_upvotes(value: Any, expected: int | None) -> None:
    assert one({"title": "T", "upvotes": value}).upvotes == expected


def test_missing_upvotes_is_none() -> None:
    assert one({"title": "T"}).upvotes is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["a", 1, " b ", None, "", "c d"], ("a", "b", "c d")),
        ("a, b", ()),
        ({"a": 1}, ()),
        (None, ()),
    ],
)
def test_keywords(value: Any, expected: tuple[str, ...]) -> None:
    assert one({"title": "T", "ai_keywords": value}).keywords == expected


def test_ai_summary_must_be_a_string() -> None:
    assert one({"title": "T", "ai_summary": ["x"]}).ai_summary == ""
    assert one({"title": "T", "ai_summary": " Short. "}).ai_summary == "Short."


def test_authors() -> None:
    authors = [{"name": "A"}, {"nope": 1}, "Plain Name", {"name": 5}, {"name": "  Multi \n Space "}, None]
    assert one({"title": "T", "authors": authors}).authors == ("A", "Plain Name", "Multi Space")
    assert one({"title": "T", "authors": "A, B"}).authors == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-08-09T00:00:00.000Z", "2026-08-09"),
        ("2026-08-09", "2026-08-09"),
        ("2026-13-40T00:00:00Z", None),
        ("yesterday", None),
        (20260809, None),
    ],
)
def test_published(value: Any, expected: str | None) -> None:
    assert one({"title": "T", "publishedAt": value}).published == expected


def item(title: str, featured: str | None = None, submitted: str | None = None) -> dict[str, Any]:
    """An item with a top-level ``publishedAt`` and an optional ``paper.submittedOnDailyAt``."""
    paper: dict[str, Any] = {"title": title}
    if submitted is not None:
        paper["submittedOnDailyAt"] = submitted
    result: dict[str, Any] = {"paper": paper}
    if featured is not None:
        result["publishedAt"] = featured
    return result


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (
            [item("a", "2026-08-10T12:00:00Z"), item("b", "2026-08-11"), item("c", "2026-08-11T01:00Z")],
            "2026-08-11",
        ),
        ([item("a", "2026-08-09T23:00:00Z"), item("b", "2026-08-10")], "2026-08-10"),  # a tie: the latest
        ([item("a", "2026-07-27", "2026-07-31"), item("b", "2026-07-29", "2026-07-31")], "2026-07-31"),
        (
            [item("a", None, "2026-08-01"), item("b", "2026-08-05", "2026-08-01"), item("c", "2026-08-02")],
            "2026-08-01",
        ),
        ([{"paper": {"title": "a"}, "submittedOnDailyAt": "2026-08-03T09:00:00Z"}], "2026-08-03"),
        ([item("a"), item("b", "not a date")], None),
    ],
)
def test_digest_date_is_the_most_common_featured_day(
    items: list[dict[str, Any]], expected: str | None
) -> None:
    assert hf_api.parse(dumps(items)).date == expected


def test_skipped_items_do_not_vote_for_the_date() -> None:
    items = [item("", "2026-01-01"), item("", "2026-01-01"), item("kept", "2026-08-11")]
    assert hf_api.parse(dumps(items)).date == "2026-08-11"


@pytest.mark.parametrize("key", ["papers", "dailyPapers"])
def test_object_with_a_list_of_papers(key: str) -> None:
    digest = hf_api.parse(dumps({key: [FULL_ITEM], "count": 1}))
    assert [p.arxiv_id for p in digest.papers] == ["2608.00001"]


def test_empty_list_is_an_empty_digest() -> None:
    digest = hf_api.parse("[]")
    assert digest.papers == ()
    assert digest.date is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('{"papers": "nope", "count": 3}', "an object with 'papers', 'count'"),
        ("{}", "an object with no keys"),
        ("42", "a number"),
        ('"text"', "a string"),
        ("null", "null"),
        ("true", "a boolean"),
    ],
)
def test_wrong_top_level_shape(text: str, found: str) -> None:
    with pytest.raises(DigestError) as caught:
        hf_api.parse(text)
    assert "expected a JSON array of daily papers" in caught.value.message
    assert found in caught.value.message


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([1, 2, "three"], "item 1 of the list is a number"),
        ([{"paper": {"title": "ok"}}, "three"], "item 2 of the list is a string"),
        ([{"paper": {"title": "ok"}}, [{"paper": {}}]], "item 2 of the list is an array"),
        ([None], "item 1 of the list is null"),
    ],
)
def test_items_that_are_not_objects(items: list[Any], message: str) -> None:
    with pytest.raises(DigestError) as caught:
        hf_api.parse(dumps(items))
    assert message in caught.value.message
    assert 'expected an object with a "paper" field' in caught.value.message


def test_invalid_json_reports_the_line() -> None:
    text = '[\n  {"paper": {"title": "A"}},\n  {"paper": {"title": "B"}\n'
    with pytest.raises(DigestError) as caught:
        hf_api.parse(text)
    assert caught.value.line == 4
    assert caught.value.message.startswith("invalid JSON: ")
    with pytest.raises(DigestError) as caught:
        importers.parse(text.encode(), "hf-api", path="x.json")
    assert str(caught.value).startswith("x.json:4: invalid JSON: ")


def test_trailing_comma_reports_the_line() -> None:
    with pytest.raises(DigestError) as caught:
        hf_api.parse('[\n{"paper": {"title": "A"}},\n]')
    assert caught.value.line == 3


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    text = f'[{{"paper": {{"id": "2608.00013", "title": "NaN", "upvotes": {constant}}}}}]'
    with pytest.raises(DigestError) as caught:
        hf_api.parse(text)
    assert constant in caught.value.message


def test_nan_inside_a_string_is_fine() -> None:
    assert one({"title": "NaN Infinity"}).title == "NaN Infinity"


def test_deeply_nested_json_is_refused() -> None:
    with pytest.raises(DigestError, match="nested too deeply"):
        hf_api.parse("[" * 100_000 + "]" * 100_000)


def test_oversized_integer_is_refused() -> None:
    with pytest.raises(DigestError, match="invalid JSON"):
        hf_api.parse('[{"paper": {"title": "T", "upvotes": ' + "9" * 5000 + "}}]")


def test_bytes_with_bom_and_utf16() -> None:
    text = dumps([FULL_ITEM])
    expected = hf_api.parse(text)
    for data in (text.encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16"), "\ufeff" + text):
        assert hf_api.parse(data) == expected


@pytest.mark.parametrize(
    "text",
    [
        dumps([FULL_ITEM]),
        json.dumps([FULL_ITEM], indent=2),
        "[]",
        " \n[ \n ]\n",
        '{"papers": []}',
        '\ufeff\n  [{"paper": {}}]',
        '{"papers": "nope", "count": 3}',  # claimed, so that parse() can say what shape was expected
    ],
)
def test_sniff_accepts(text: str) -> None:
    assert hf_api.sniff(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "[1, 2, 3]",
        '{"foo": 1}',
        "A paper about papers.",
        "Aug 11\n\nA paper\n\nAbstract.\n",
        '<?xml version="1.0"?><rss><channel><title>paper</title></channel></rss>',
        "[" + " " * 70_000 + '"paper"]',  # the mention comes too late for the cheap check
    ],
)
def test_sniff_rejects(text: str) -> None:
    assert not hf_api.sniff(text)


@pytest.mark.parametrize("name", ARXIV_SAMPLES)
def test_sniff_rejects_arxiv_samples(name: str) -> None:
    assert not hf_api.sniff(sample(name).read_text(encoding="utf-8"))


def test_sniff_rejects_the_seed_page() -> None:
    assert not hf_api.sniff((SEEDS / "000_900d19cfa6e3d565.txt").read_text(encoding="utf-8"))


def test_registry_detects_and_parses() -> None:
    data = dumps([FULL_ITEM]).encode()
    assert importers.detect(data) == "hf-api"
    digest = importers.parse(data, path="x.json")
    assert digest.source == "hf-api"
    assert [p.title for p in digest.papers] == ["Scaling Laws for Contrastive Loss"]


def test_registry_refuses_a_response_without_papers() -> None:
    with pytest.raises(DigestError) as caught:
        importers.parse(b'[{"paper": {"id": "2608.00001"}}]', path="x.json")
    assert str(caught.value) == "x.json: no papers found in this hf-api digest"


def test_registry_error_names_the_file() -> None:
    with pytest.raises(DigestError) as caught:
        importers.parse(b'{"papers": "nope", "count": 3}', path="x.json")
    assert str(caught.value).startswith("x.json: expected a JSON array of daily papers")


# Conformance: a real /api/daily_papers response.

SAMPLE_IDS = ["2607.23193", "2607.27958", "2607.28582", "2607.28308", "2607.16922"]
SAMPLE_TITLES = [
    "OmniScope: Modality-Decoupled Token Compression for Omnimodal Large Language Models",
    "Σ-Mem: An Online Reliability Memory for LLM-based Multi-Agent Systems",
    "β-OPSD: Deriving with Policy Optimization, Training with Self-Distillation",
    "Beyond Geometric Complementarity: Coherent Overlap in Sparse Mixture-of-Experts Routing",
    "Pedestrian Archetypes Extension -- More Pedestrian Models for Autonomous Vehicle Safety Testing",
]
SAMPLE_AUTHORS = [
    ("Jinsen Su", "Yongdong Luo", "Yuexiao Ma", "Yibo Hu", "Meiguang Jin", "Xiaowu Zheng"),
    ("Peilin Feng", "Suorong Yang", "Soujanya Poria"),
    ("Jiawei Xu", "Minghui Liu", "Juzheng Zhang", "Tom Goldstein", "Furong Huang"),
    ("Huiyuan Tian", "Bonan Xu", "Shijian Li"),
    (
        "Taorui Huang",
        "Namita Gaidhani",
        "Ritvik Bansal",
        "S M Jubaer",
        "Regina Lim",
        "Rhett Zhao",
        "Gavin Rafael Selin",
        "Sunnie Deng Gao",
        "Hasnain N Syed",
    ),
]
SAMPLE_EXTRA_LINKS = [
    [Link("code", "https://github.com/MAC-AutoML/OmniScope")],
    [Link("code", "https://github.com/declare-lab/sigma-mem")],
    [Link("project", "https://umd-huang-lab.github.io/beta-opsd/")],
    [],
    [],
]


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    """The shared HF API sample (skips when ../shared/samples is absent)."""
    return sample(SAMPLE).read_bytes()


def test_sample_is_detected(sample_bytes: bytes) -> None:
    assert hf_api.sniff(sample_bytes.decode("utf-8"))
    assert importers.detect(sample_bytes) == "hf-api"


def test_sample_papers(sample_bytes: bytes) -> None:
    digest = importers.parse(sample_bytes, path="x.json")
    assert digest.source == "hf-api"
    # Every item was put on the page on 2026-07-31; the items' own publishedAt days vary.
    assert digest.date == "2026-07-31"
    assert len(digest.papers) == 5
    assert [p.arxiv_id for p in digest.papers] == SAMPLE_IDS
    assert [p.title for p in digest.papers] == SAMPLE_TITLES
    assert [p.authors for p in digest.papers] == SAMPLE_AUTHORS
    assert [p.upvotes for p in digest.papers] == [3, 11, 17, 2, 0]
    assert [p.published for p in digest.papers] == [
        "2026-07-28",
        "2026-07-30",
        "2026-07-30",
        "2026-07-30",
        "2026-07-18",
    ]
    for paper, arxiv_id, extra in zip(digest.papers, SAMPLE_IDS, SAMPLE_EXTRA_LINKS, strict=True):
        assert list(paper.links) == [
            Link("arxiv", f"https://arxiv.org/abs/{arxiv_id}"),
            Link("pdf", f"https://arxiv.org/pdf/{arxiv_id}"),
            Link("hf", f"https://huggingface.co/papers/{arxiv_id}"),
            *extra,
        ]
        assert paper.keywords == ()
        assert paper.ai_summary == ""


def test_sample_abstracts_match_the_file(sample_bytes: bytes) -> None:
    items = json.loads(sample_bytes)
    digest = hf_api.parse(sample_bytes)
    assert [p.abstract for p in digest.papers] == [i["paper"]["summary"] for i in items]
    assert [p.title for p in digest.papers] == [i["paper"]["title"] for i in items]
    assert digest.papers[0].abstract.startswith("Existing token compression methods for omnimodal")
    assert digest.papers[0].abstract.endswith(
        "The code is available at https://github.com/MAC-AutoML/OmniScope."
    )


def test_sample_is_not_claimed_by_the_page_sniffer(sample_bytes: bytes) -> None:
    from paper_tui.importers import hf_page

    assert not hf_page.sniff(sample_bytes.decode("utf-8"))
