"""Sanitising, title normalisation, arXiv ids, URL extraction and the link gate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paper_tui.text as text_module
from paper_tui.text import (
    MAX_TITLE,
    classify_url,
    extract_urls,
    is_safe_url,
    normalize_title,
    parse_arxiv_id,
    sanitize,
    unwrap,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain", "plain"),
        ("osc52 \x1b]52;c;ZXZpbA==\x07done", "osc52 done"),
        ("osc st \x1b]0;title\x1b\\done", "osc st done"),
        ("clear \x1b[2J\x1b[Hscreen", "clear screen"),
        ("query \x1b[6n\x1b[c end", "query end"),
        ("dcs \x1bPq#0;2;0;0;0\x1b\\ end", "dcs end"),
        ("c1 \x9b31m red \x85 nel", "c1 red nel"),
        ("bidi \u202eevil\u202c \u2066x\u2069", "bidi evil x"),
        ("bell\x07 del\x7f nul\x00", "bell del nul"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("  spaced\t\tout \n text ", "spaced out text"),
        ("line\nbreak\r\nand\rmore", "line break and more"),
        ("[@click=app.quit]x[/] Tensor[float]", "[@click=app.quit]x[/] Tensor[float]"),
    ],
)
def test_sanitize(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


def test_sanitize_multiline_keeps_paragraphs() -> None:
    assert sanitize("one\r\ntwo\n\n\n\nthree\rfour", multiline=True) == "one\ntwo\n\nthree\nfour"


def test_sanitize_caps_length() -> None:
    out = sanitize("x" * 5000, max_len=MAX_TITLE)
    assert len(out) == MAX_TITLE and out.endswith("…")


_FORBIDDEN = {chr(c) for c in range(0x20) if chr(c) not in "\n"} | {chr(c) for c in range(0x7F, 0xA0)}
_FORBIDDEN |= set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@given(st.text(), st.booleans(), st.integers(min_value=1, max_value=300))
def test_sanitize_properties(text: str, multiline: bool, cap: int) -> None:
    out = sanitize(text, multiline=multiline, max_len=cap)
    assert not (set(out) & _FORBIDDEN)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in out)
    if not multiline:
        assert "\n" not in out
    assert len(out) <= cap
    assert sanitize(out, multiline=multiline, max_len=cap) == out


@given(st.text(), st.booleans())
def test_sanitize_fast_path_for_printable_text_matches_the_full_cleaning(text: str, multiline: bool) -> None:
    assert sanitize(text, multiline=multiline, max_len=10_000) == text_module._clean(text, multiline)


def test_unwrap_joins_lines_and_keeps_paragraphs() -> None:
    text = "Scaling for\n  Contrastive Loss\nworks.\n\nSecond   paragraph\nhere."
    assert unwrap(text) == "Scaling for Contrastive Loss works.\n\nSecond   paragraph here."


def test_normalize_title() -> None:
    assert normalize_title("DreamSync: Aligning  Text-to-Image!") == "dreamsync aligning text to image"
    assert normalize_title(r"The \textbf{Best} $\alpha$-Model") == "the best alpha model"
    assert normalize_title("Café") == normalize_title("cafe")
    assert normalize_title("α-Model") == normalize_title(r"$\\alpha$-Model")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2410.17243", "2410.17243"),
        ("2410.17243v2", "2410.17243"),
        ("arXiv:2410.17243", "2410.17243"),
        ("ARXIV:2410.17243v12", "2410.17243"),
        ("https://arxiv.org/abs/2410.17243", "2410.17243"),
        ("http://arxiv.org/abs/2606.13677v1", "2606.13677"),
        ("https://arxiv.org/pdf/2606.13677v1", "2606.13677"),
        ("https://arxiv.org/pdf/2606.13677.pdf", "2606.13677"),
        ("https://huggingface.co/papers/2607.23193", "2607.23193"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("http://arxiv.org/abs/math.AG/0601001", "math.AG/0601001"),
        ("1234.5678", "1234.5678"),
        ("12", None),
        ("", None),
        ("https://example.com/abs/2410.17243", None),
    ],
)
def test_parse_arxiv_id(value: str, expected: str | None) -> None:
    assert parse_arxiv_id(value) == expected


def test_extract_urls_trims_trailing_punctuation() -> None:
    text = "Code: https://github.com/microsoft/KID. See (https://x.org/a_(b)) and https://y.org/p?q=1, done."
    assert extract_urls(text) == [
        "https://github.com/microsoft/KID",
        "https://x.org/a_(b)",
        "https://y.org/p?q=1",
    ]
    assert extract_urls("no links; javascript:alert(1)") == []


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://github.com/a/b", "code"),
        ("https://doi.org/10.1/x", "doi"),
        ("https://arxiv.org/abs/2401.00001", "arxiv"),
        ("https://arxiv.org/pdf/2401.00001", "pdf"),
        ("https://huggingface.co/papers/2401.00001", "hf"),
        ("https://project.github.io/site", "project"),
    ],
)
def test_classify_url(url: str, kind: str) -> None:
    assert classify_url(url) == kind


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://arxiv.org/abs/1", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,x", False),
        ("-https://x.org", False),
        ("https://x.org/a b", False),
        ("https://x.org/\x1b[2J", False),
        ("https://x.org/\u202e", False),
        ("https://", False),
        ("https://x.org/" + "a" * 3000, False),
        ("", False),
    ],
)
def test_link_gate(url: str, ok: bool) -> None:
    assert is_safe_url(url) is ok


def test_the_link_gate_refuses_exactly_whitespace_control_and_bidi_characters() -> None:
    """Inside a URL a code point is refused iff it is whitespace, a control or a bidi character: every
    one of the BMP (where all of those are), a sample of the rest."""
    import unicodedata

    for point in [*range(0x10000), *range(0x10000, 0x110000, 0x101)]:
        char = chr(point)
        unwanted = char.isspace() or unicodedata.category(char) == "Cc" or char in text_module._BIDI
        assert is_safe_url(f"https://example.org/a{char}b") is not unwanted, hex(point)
