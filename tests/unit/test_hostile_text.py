"""Untrusted text at its worst: every cleaning pattern of text.py in linear time over a million
characters of its own worst case (issue 17, finding 7), invisible characters gone from titles and
authors (finding 17), and the sanitiser for what the command line prints."""

from __future__ import annotations

import sys
import time
import unicodedata
from collections.abc import Callable

import pytest

from paper_tui import text
from paper_tui.model import Paper

MILLION = 1_000_000
#: A generous limit for one call over a million characters: linear code takes well under half a
#: second here even on a busy machine; the quadratic URL trimming took 17.5 s at 200,000 characters.
LIMIT_S = 5.0

#: Each pattern of text.py, and the input that makes it work hardest: long runs it must scan and give
#: back, many almost-matches, unterminated sequences.
WORST_CASES: dict[str, Callable[[], object]] = {
    # _trim_url: a URL followed by closing brackets it must peel one by one (the finding itself).
    "trim closing brackets": lambda: text.extract_urls("https://github.com/x/" + ")" * MILLION),
    "trim brackets and punctuation": lambda: text.extract_urls(
        "https://github.com/x/" + ").]," * (MILLION // 4)
    ),
    "trim opening brackets kept": lambda: text.extract_urls("https://x.org/" + "(" * MILLION + ")" * 10),
    # _URL_IN_TEXT: URL after URL with nothing between them, and almost-URLs.
    "urls back to back": lambda: text.extract_urls("https://a.b/ " * (MILLION // 12)),
    "almost urls": lambda: text.extract_urls("http:/" * (MILLION // 6)),
    # _ESCAPE_SEQ, each alternative: CSI parameters with no final byte, intermediates, OSC/DCS strings
    # never terminated, many introducers, the 8-bit forms.
    "csi without a final byte": lambda: text.sanitize("\x1b[" + "0;" * (MILLION // 2)),
    "csi intermediates": lambda: text.sanitize("\x1b[" + " " * MILLION),
    "many csi introducers": lambda: text.sanitize("\x1b[" * (MILLION // 2)),
    "osc never terminated": lambda: text.sanitize("\x1b]0;" + "x" * MILLION),
    "many osc introducers": lambda: text.sanitize("\x1b]" * (MILLION // 2)),
    "dcs st halves": lambda: text.sanitize("\x1bP" + "\x1b" * MILLION),
    "bare escapes": lambda: text.sanitize("\x1b" * MILLION),
    "8-bit csi": lambda: text.sanitize("\x9b" + "0" * MILLION),
    "many 8-bit csi": lambda: text.sanitize("\x9b0" * (MILLION // 2)),
    "8-bit strings": lambda: text.sanitize("\x90" * MILLION),
    # _SURROGATE, _UNWANTED, _UNWANTED_KEEP_NEWLINE and the whitespace passes.
    "lone surrogates": lambda: text.sanitize("\ud800" * MILLION),
    "controls": lambda: text.sanitize("\x01\x7f\x85" * (MILLION // 3)),
    "whitespace runs": lambda: text.sanitize(" \t\u00a0" * (MILLION // 3), max_len=10 * MILLION),
    "multiline blank lines": lambda: text.sanitize("\n \t" * (MILLION // 3), multiline=True),
    "multiline lines": lambda: text.sanitize("a\n" * (MILLION // 2), multiline=True, max_len=10 * MILLION),
    # terminal_safe (what the command line prints): controls, lone CRs, CRLFs.
    "terminal controls": lambda: text.terminal_safe("\x1b[2J\r\x07" * (MILLION // 6)),
    "terminal crlf": lambda: text.terminal_safe("\r\n" * (MILLION // 2)),
    # _INVISIBLE: format characters and tags.
    "invisible characters": lambda: text.without_invisible("\u200b\U000e0041" * (MILLION // 2)),
    # _UNSAFE_IN_URL and the link gate.
    "url gate": lambda: text.is_safe_url("https://x.org/" + "a" * MILLION),
    # normalize_title: TeX formatting commands, bare commands, non-word runs, Greek and accents.
    "tex formatting": lambda: text.normalize_title("\\textbf" * (MILLION // 7)),
    "tex commands": lambda: text.normalize_title("\\a" * (MILLION // 2)),
    "tex command letters": lambda: text.normalize_title("\\" + "a" * MILLION),
    "non-word runs": lambda: text.normalize_title("_-" * (MILLION // 2)),
    "greek and accents": lambda: text.normalize_title("αé" * (MILLION // 2)),
    # _ARXIV_ID, _ARXIV_URL, _HF_URL: long almost-ids.
    "arxiv id prefix": lambda: text.parse_arxiv_id("arxiv:" + " " * MILLION),
    "old-style id letters": lambda: text.parse_arxiv_id("a" + "-" * MILLION),
    "arxiv url query": lambda: text.parse_arxiv_id("https://arxiv.org/abs/2401.00001?" + "x" * MILLION),
    "hf url": lambda: text.parse_arxiv_id("https://huggingface.co/papers/" + "1" * MILLION),
    # unwrap and classify_url.
    "unwrap": lambda: text.unwrap("a\n" * (MILLION // 2)),
    "classify url": lambda: text.classify_url("https://" + "a" * MILLION),
}


@pytest.mark.parametrize("case", sorted(WORST_CASES))
def test_text_cleaning_is_linear_on_a_million_characters_of_each_patterns_worst_case(case: str) -> None:
    started = time.perf_counter()
    WORST_CASES[case]()
    elapsed = time.perf_counter() - started
    assert elapsed < LIMIT_S, f"{case}: {elapsed:.1f} s for a million characters"


def test_url_trimming_still_trims_what_it_did() -> None:
    assert text.extract_urls("see (https://github.com/a/b).") == ["https://github.com/a/b"]
    assert text.extract_urls("https://en.wikipedia.org/wiki/Foo_(bar)).") == [
        "https://en.wikipedia.org/wiki/Foo_(bar)"
    ]
    assert text.extract_urls("[https://x.org/a]]]!?") == ["https://x.org/a"]
    assert text.extract_urls("https://x.org/{a}}") == ["https://x.org/{a}"]


INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u3164\u115f\u1160\uffa0\U000e0041\U000e007f\u180e"


def test_invisible_characters_are_removed_from_titles_and_authors_at_import() -> None:
    raw = Paper(
        title=f"Atten{INVISIBLE}tion Is All\u200b You Need",
        authors=(f"Ann\u200d Smith{INVISIBLE}", "\u3164", "Bob \U000e0062Lee"),
        abstract="Keeps\u00adits soft hyphen.",
    )
    cleaned = text.clean_paper(raw)
    assert cleaned.title == "Attention Is All You Need"
    assert cleaned.authors == ("Ann Smith", "Bob Lee")  # a name of nothing but a filler is dropped
    assert cleaned.abstract == "Keeps\u00adits soft hyphen."  # abstracts are prose: untouched


def test_zero_width_joiner_emoji_fall_apart_into_their_emoji() -> None:
    """A ZWJ sequence is one glyph in some terminals and several in others (the misaligned borders of
    the finding): titles keep the emoji and lose the joiners."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert (
        text.clean_paper(Paper(title=f"A {family} model")).title == "A \U0001f468\U0001f469\U0001f467 model"
    )


def test_the_invisible_class_holds_every_format_character_of_this_python() -> None:
    format_characters = [
        chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"
    ]
    assert text.without_invisible("".join(format_characters)) == ""
    assert text.without_invisible("visible text, ünïcode, 中文, emoji \U0001f600") == (
        "visible text, ünïcode, 中文, emoji \U0001f600"
    )


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("plain line\n", "plain line\n"),
        (
            "keeps\tits   layout\n  indented\n\n\nblank lines\n",
            "keeps\tits   layout\n  indented\n\n\nblank lines\n",
        ),
        ("csv,row\r\nnext,row\r\n", "csv,row\r\nnext,row\r\n"),
        ("over\rwrite", "overwrite"),
        ("title \x1b]0;PWNED\x07set", "title set"),
        ("clip \x1b]52;c;cmVhc29u\x07 clear\x1b[2J", "clip  clear"),
        ("c1 \x9b2J \x9d0;x\x9c end", "c1   end"),
        ("bidi \u202eevil\u202c", "bidi evil"),
        ("lone \ud800", "lone \ufffd"),
        ("bell\x07 del\x7f backspace\x08", "bell del backspace"),
    ],
)
def test_terminal_safe_removes_what_acts_on_a_terminal_and_keeps_the_layout(raw: str, safe: str) -> None:
    assert text.terminal_safe(raw) == safe
