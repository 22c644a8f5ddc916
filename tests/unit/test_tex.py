"""TeX shown as text in the reader (search and exports keep the raw text)."""

from __future__ import annotations

import pytest

from paper_tui.model import HL_END, HL_START, PaperRecord
from paper_tui.text import display_tex, tex_to_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (r"6.01$\times$ faster", "6.01× faster"),
        (r"latency of 3 $\mu$s and $μ$s", "latency of 3 μs and μs"),
        (r"SAP^{2}: a model", "SAP²: a model"),
        (r"\textit{in vitro} results", "in vitro results"),
        (r"{\it in frequency space}", "in frequency space"),
        (r"$O(\log K)$ leakage", "O(log K) leakage"),
        (r"$\alpha$-Beta and $R^2$", "α-Beta and R²"),
        (r"$\mathcal{O}(n^2)$ time", "𝒪(n²) time"),
        (r"10\% faster \& smaller", "10% faster & smaller"),
        # Before: accents shown raw, and a % in math taken for TeX's comment ("<3").
        (r"Psych\=eChat for counselors", "PsychēChat for counselors"),
        (r"Dvo\v{r}\'ak and Fran\c{c}ois, na\"ive", "Dvořák and François, naïve"),
        (r"performance variance $<3%$ across runs", "performance variance <3% across runs"),
    ],
)
def test_tex_becomes_unicode(raw: str, shown: str) -> None:
    assert tex_to_text(raw) == shown


@pytest.mark.parametrize(
    "text",
    ["costs $5 and $10", "50% of 100% & more", "no TeX at all", r"the \linemod dataset", "a_b_c"],
)
def test_text_that_is_not_tex_stays_as_written(text: str) -> None:
    assert tex_to_text(text) == text


def test_converted_text_is_sanitised_again() -> None:
    assert tex_to_text("$\\times$\x1b[31m red") == "× red"


def test_paragraphs_survive() -> None:
    assert tex_to_text("First $\\beta$.\n\nSecond.") == "First β.\n\nSecond."


def test_highlight_markers_are_kept() -> None:
    text = f"a {HL_START}fast{HL_END} 6$\\times$ speed-up"
    assert display_tex(text) == f"a {HL_START}fast{HL_END} 6× speed-up"


def test_detail_pane_shows_tex_as_text_and_the_record_keeps_it_raw() -> None:
    from paper_tui.ui.widgets.detail import detail_content

    record = PaperRecord(
        id=1,
        arxiv_id=None,
        title=r"SAP^{2}: fast $\mu$-scale",
        abstract=r"We get 6.01$\times$ speed.",
        authors=(),
        categories=(),
        links=(),
        upvotes=None,
        comment="",
        published=None,
        first_seen=None,
        last_seen=None,
        replacement=False,
    )
    shown = detail_content(record).plain
    assert "SAP²: fast μ-scale" in shown
    assert "6.01× speed" in shown
    assert "$" not in shown
    assert record.abstract == r"We get 6.01$\times$ speed."
