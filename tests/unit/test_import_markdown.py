"""Markdown digests: unit tests from small strings, then conformance over real files from several
repositories and years (tests/fixtures/real/markdown/README.md says where each was published)."""

from __future__ import annotations

import pytest

from paper_tui import importers
from paper_tui.importers import markdown
from paper_tui.model import DigestError, Link
from paper_tui.reading import read_file
from tests.helpers import FIXTURES, SEEDS, sample

REAL = FIXTURES / "real" / "markdown"

BOT = """# Daily arXiv digest

## Updated on 2024.03.05

### 1. [Sparse Attention at Scale](https://arxiv.org/abs/2403.01234v2)
**Authors**: Ann Smith, Bo Li and Chen Wu
**Category**: cs.CL, cs.LG
Abstract: We study sparse attention.
It scales.

### 2. [Graph Kernels Revisited](http://arxiv.org/pdf/2403.05678)
**Authors**: Dana Xu
"""

TABLE = """## Updated on 2023.01.18

<details><summary>Table of Contents</summary><ol><li><a href=#slam>SLAM</a></li></ol></details>

## SLAM

|Publish Date|Title|Authors|PDF|Code|
|---|---|---|---|---|
|**2023-01-17**|**Fast SLAM Again**|Ann Smith et.al.|[2301.06789](http://arxiv.org/abs/2301.06789)|**[link](https://github.com/a/fast-slam)**|
|**2023-01-16**|**No Code Here**|Bo Li et.al.|[2301.05555v1](http://arxiv.org/abs/2301.05555v1)|null|

| Type | Link | Papers |
|------|------|--------|
| Latest | [`latest.json`](data/latest.json) | 26 |
"""


def test_bot_headings_with_authors_category_and_abstract() -> None:
    assert importers.detect(BOT) == "markdown"
    digest = markdown.parse(BOT)
    assert (digest.source, digest.date, digest.title) == ("markdown", "2024-03-05", "Daily arXiv digest")
    first, second = digest.papers
    assert (first.arxiv_id, first.title) == ("2403.01234", "Sparse Attention at Scale")
    assert first.authors == ("Ann Smith", "Bo Li", "Chen Wu")
    assert first.categories == ("cs.CL", "cs.LG")
    assert first.abstract == "We study sparse attention. It scales."
    assert first.links[0] == Link("arxiv", "https://arxiv.org/abs/2403.01234")
    assert (second.arxiv_id, second.authors) == ("2403.05678", ("Dana Xu",))


def test_tables_by_header_names_and_null_cells() -> None:
    digest = markdown.parse(TABLE)
    assert digest.date == "2023-01-18"
    fast, plain = digest.papers  # the archive table (no title column) gives none
    assert (fast.title, fast.arxiv_id, fast.authors, fast.published) == (
        "Fast SLAM Again",
        "2301.06789",
        ("Ann Smith",),
        "2023-01-17",
    )
    assert Link("code", "https://github.com/a/fast-slam") in fast.links
    assert fast.keywords == ("SLAM",)
    assert plain.arxiv_id == "2301.05555"
    assert not any(link.kind == "code" for link in plain.links)


@pytest.mark.parametrize(
    ("heading", "day"),
    [
        ("# Daily Papers (2024-01-10)", "2024-01-10"),
        ("## 【2023-09-13】", "2023-09-13"),
        ("**Last Updated:** August 22, 2026", "2026-08-22"),
        ("# Papers for 2025-09-22", "2025-09-22"),
        (" Automated deployment @ 2023-08-21 21:10:26 Asia/Shanghai", "2023-08-21"),
        ("## 2024年3月5日", "2024-03-05"),
    ],
)
def test_dated_headings_and_lines(heading: str, day: str) -> None:
    text = f"{heading}\n\n## [A Paper Title Here](https://arxiv.org/abs/2401.00001)\nsummary: short.\n"
    assert markdown.parse(text).date == day


def test_the_file_name_dates_an_undated_digest() -> None:
    text = "## [A Paper Title Here](https://arxiv.org/abs/2401.00001)\n"
    assert markdown.parse(text, name="archive/2025/09/22.md").date == "2025-09-22"
    assert markdown.parse(text, name="digest-2024-02-03.md").date == "2024-02-03"
    assert markdown.parse(text, name="notes.md").date is None


def test_hf_summary_in_another_language_with_votes_with_and_without_links() -> None:
    text = (
        "# 허깅페이스 데일리 페이퍼 (2024-01-10)\n\n"
        "## 1. Sparse Attention at Scale\n\nVote: 24\nAuthors: Ann Smith, Bo Li\n\n"
        "희소 어텐션을 연구합니다.\n\n"
        "## 2. [Graph Kernels Revisited](https://huggingface.co/papers/2401.05678)\n\n"
        "- Vote: 7\n- 저자: Dana Xu\n\n그래프 커널.\n"
    )
    digest = markdown.parse(text)
    assert digest.date == "2024-01-10"
    first, second = digest.papers
    assert (first.title, first.arxiv_id, first.upvotes, first.authors) == (
        "Sparse Attention at Scale",
        None,
        24,
        ("Ann Smith", "Bo Li"),
    )
    assert first.abstract == "희소 어텐션을 연구합니다."
    assert (second.arxiv_id, second.upvotes, second.authors, second.abstract) == (
        "2401.05678",
        7,
        ("Dana Xu",),
        "그래프 커널.",
    )


def test_reference_style_dump_with_split_heading_and_bracketed_abstract() -> None:
    text = (
        "Daily Papers\n\n### [Sparse Attention at Scale for Very Long\n### Documents][12]\n\n"
        "[We study sparse attention over very long documents.][12]\n\n"
        "### [Graph Kernels Revisited][13]\n\n[Graph kernels, again.][13]\n\n"
        "References\n\n[12]: https://huggingface.co/papers/2401.00012\n[13]: https://huggingface.co/papers/2401.00013\n"
    )
    digest = markdown.parse(text, name="2024-01-15.md")
    assert [p.title for p in digest.papers] == [
        "Sparse Attention at Scale for Very Long Documents",
        "Graph Kernels Revisited",
    ]
    assert [p.arxiv_id for p in digest.papers] == ["2401.00012", "2401.00013"]
    assert digest.papers[0].abstract == "We study sparse attention over very long documents."


def test_badges_images_navigation_and_code_never_become_papers() -> None:
    text = (
        "[![Stars](https://img.shields.io/github/stars/a/b.svg)](https://github.com/a/b)\n\n"
        "# Papers\n\n- [SLAM](#slam)\n- [About](https://example.org/about)\n\n"
        "```\n### [Not A Paper](https://arxiv.org/abs/2401.99999)\n```\n\n"
        "## [A Real Paper Title](https://arxiv.org/abs/2401.00001)\n"
        "![figure](https://arxiv.org/pdf/2401.00001.png)\n"
    )
    digest = markdown.parse(text)
    assert [p.title for p in digest.papers] == ["A Real Paper Title"]
    assert not any("shields.io" in link.url or link.url.endswith(".png") for link in digest.papers[0].links)


def test_a_markdown_file_without_papers_is_refused() -> None:
    with pytest.raises(DigestError) as caught:
        importers.parse(
            "# Notes\n\n## Why\n\nSome text with a [link](https://example.org).\n", "markdown", path="n.md"
        )
    assert str(caught.value) == "n.md: no papers found in this markdown digest"


def test_existing_formats_are_not_taken_for_markdown() -> None:
    assert importers.detect((SEEDS / "000_900d19cfa6e3d565.txt").read_bytes()) == "hf-page"
    for name, fmt in (
        ("arxiv_email_listing_2026-01-22_cs_first5.txt", "arxiv-email"),
        ("arxiv_rss2_cs.AI_2026-04-27_3items.xml", "arxiv-feed"),
        ("hf_daily_papers_api_2026-08_pretty_b.json", "hf-api"),
    ):
        assert importers.detect(sample(name).read_bytes()) == fmt


# -- real files ---------------------------------------------------------------------------------------


def real(name: str):  # type: ignore[no-untyped-def]
    path = REAL / name
    assert importers.detect(path.read_bytes()) == "markdown"
    return read_file(path).digest


@pytest.mark.parametrize(
    ("name", "day", "count", "first", "last"),
    [
        (
            "vincentqyw-cv-arxiv-daily_README_2024-01-12.md",
            "2024-01-12",
            66,
            (
                "2401.05836",
                "On State Estimation in Multi-Sensor Fusion Navigation: Optimization and Filtering",
                "Feng Zhu",
                "2024-01-11",
            ),
            ("2401.02616", None, "Hao Zhang", "2024-01-05"),
        ),
        (
            "vincentqyw-cv-arxiv-daily_README_2026-06-29.md",
            "2026-06-29",
            67,
            (
                "2605.13741",
                "LEXI-SG: Monocular 3D Scene Graph Mapping with Room-Guided Feed-Forward Reconstruction",
                "Christina Kassab",
                "2026-05-13",
            ),
            ("2605.02086", None, "Baobing Zhang", "2026-05-03"),
        ),
        (
            "it985-arxiv-daily_README_2023-08-21.md",
            "2023-08-21",
            112,
            (
                "2308.09717",
                "Smoothness Similarity Regularization for Few-Shot GAN Adaptation",
                "Vadim Sushko",
                "2023-08-18",
            ),
            ("2308.09658", None, "Pengbo Hu", "2023-08-18"),
        ),
        (
            "cosword-meta-paper-daily_index_2023-11-20.md",
            "2023-11-20",
            48,
            (
                "2302.06658",
                "In Search for a Generalizable Method for Source Free Domain Adaptation",
                "M Boudiaf",
                "2023-11-12",
            ),
            ("2303.07280", "Vision-Language Models as Success Detectors", "Y Du", "2023-11-15"),
        ),
    ],
)
def test_real_readme_tables(
    name: str,
    day: str,
    count: int,
    first: tuple[str, str, str, str],
    last: tuple[str, str | None, str, str],
) -> None:
    digest = real(name)
    assert (digest.source, digest.date) == ("markdown", day)
    # Every row of every topic table, once per paper (the bots list a paper under each topic it matches).
    assert len(digest.papers) == count
    head, tail = digest.papers[0], digest.papers[-1]
    assert (head.arxiv_id, head.title, head.authors, head.published) == (
        first[0],
        first[1],
        (first[2],),
        first[3],
    )
    assert (tail.arxiv_id, tail.authors, tail.published) == (last[0], (last[2],), last[3])
    if last[1]:
        assert tail.title == last[1]
    assert all(p.title and not p.title.startswith("**") for p in digest.papers)
    assert not any(
        "shields.io" in link.url or link.url.endswith(".json") for p in digest.papers for link in p.links
    )


def test_real_table_with_non_arxiv_pdf_links_and_glued_et_al() -> None:
    digest = real("cosword-meta-paper-daily_index_2023-11-20.md")
    assert sum(1 for p in digest.papers if p.arxiv_id) == 35
    seeker = next(p for p in digest.papers if p.title.startswith("Model-Free Source Seeking"))
    assert seeker.authors == ("Shivam Bajpai",)  # "Shivam Bajpaiet.al" in the file
    assert seeker.arxiv_id == "2311.04330"


def test_real_hf_summaries_in_chinese_headings_linking_the_pdf() -> None:
    digest = real("chenin-wang-daily_huggingface_paper_2025-09-22.md")
    assert (digest.date, digest.title, len(digest.papers)) == ("2025-09-22", "Papers for 2025-09-22", 20)
    first, last = digest.papers[0], digest.papers[-1]
    assert (first.arxiv_id, first.title) == (
        "2509.15221",
        "ScaleCUA: Scaling Open-Source Computer Use Agents with Cross-Platform Data",
    )
    assert first.ai_summary.startswith("核心关键词: 计算机使用智能体")
    assert (last.arxiv_id, last.title) == (
        "2509.06482",
        "FSG-Net: Frequency-Spatial Synergistic Gated Network for High-Resolution Remote Sensing Change Detection",
    )


def test_real_readme_with_badges_statistics_archives_and_details() -> None:
    digest = real("atharvadomale-daily-hf-ai-papers_README_2026-08-22.md")
    # "**Last Updated:** August 22, 2026" above the list; 26 <details> papers; the badges, quick start,
    # statistics and archive tables (links to data/*.json) are none.
    assert (digest.date, len(digest.papers)) == ("2026-08-22", 26)
    first = digest.papers[0]
    assert (first.arxiv_id, first.title) == (
        "2608.19880",
        "EnvHarness: Awakening Static Worlds for Agent Learning",
    )
    assert Link("code", "https://github.com/google-research/envharness") in first.links
    assert digest.papers[1].abstract.startswith(
        "Training terminal agents requires scalable executable supervision"
    )
    assert (digest.papers[-1].arxiv_id, digest.papers[-1].title) == (
        "2607.21596",
        "FlowEvo: Self-Evolving Agents through the Co-Evolution of Workflows and Executable Skills",
    )
    assert all(p.arxiv_id for p in digest.papers)


def test_an_undated_file_is_dated_by_the_file_with_a_notice(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import os

    from paper_tui import cli

    path = tmp_path / "notes.md"
    path.write_text("## [A Paper Title Here](https://arxiv.org/abs/2401.00001)\nAuthors: Ann Smith\n")
    os.utime(path, (1_700_000_000, 1_700_000_000))  # 2023-11-14
    digest = read_file(path).digest
    assert digest.date == "2023-11-14"
    assert digest.notice == "no date in it: dated 2023-11-14 (the file's date); --date sets another"
    assert cli.main(["import", str(path)]) == 0
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith(
            "markdown 2023-11-14: 1 new, 0 merged, 0 unchanged (no date in it: dated 2023-11-14 (the file's date); --date sets another)"
        )
    )
