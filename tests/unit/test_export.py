"""Export formats: BibTeX escaping and arXiv fields, Markdown, JSON shape and CSV."""

from __future__ import annotations

import csv
import io
import json

from paper_tui.export import bib_escape, export, paper_json
from paper_tui.model import Link, PaperRecord, Sighting


def record(**fields: object) -> PaperRecord:
    base: dict[str, object] = dict(
        id=7,
        arxiv_id="2410.17243",
        title="Fast & Cheap: 100% of $\\alpha$-Attention_Heads",
        abstract="A.",
        authors=("Ann Smith", "Bo Li"),
        categories=("cs.LG", "cs.AI"),
        links=(Link("arxiv", "https://arxiv.org/abs/2410.17243"), Link("code", "https://github.com/a/b")),
        upvotes=5,
        comment="",
        published=None,
        first_seen="2026-08-01",
        last_seen="2026-08-02",
        replacement=False,
        digests=(Sighting("2026-08-02", "hf-api"),),
        bookmarked=True,
        read=False,
        queue_position=2,
        note="",
    )
    base.update(fields)
    return PaperRecord(**base)  # type: ignore[arg-type]


def test_bib_escape_keeps_math_and_escapes_specials() -> None:
    assert bib_escape("Fast & Cheap: 100% of $\\alpha$-Heads_x #1 {y}") == (
        r"Fast \& Cheap: 100\% of $\alpha$-Heads\_x \#1 \{y\}"
    )
    assert bib_escape("price $5 and ~ ^") == r"price \$5 and \textasciitilde{} \textasciicircum{}"


def test_bibtex_entry_for_arxiv_paper() -> None:
    text = export([record()], "bibtex")
    assert text.startswith("@misc{smith2024fast,\n")
    assert "  title = {{Fast \\& Cheap: 100\\% of $\\alpha$-Attention\\_Heads}},\n" in text
    assert "  author = {Ann Smith and Bo Li},\n" in text
    assert "  year = {2024},\n  month = oct,\n" in text
    assert "  eprint = {2410.17243},\n  archivePrefix = {arXiv},\n  primaryClass = {cs.LG},\n" in text
    assert "  url = {https://arxiv.org/abs/2410.17243}\n}" in text


def test_bibtex_duplicate_keys_get_suffixes_and_non_arxiv_has_no_eprint() -> None:
    text = export([record(), record(id=8)], "bibtex")
    assert "@misc{smith2024fast," in text and "@misc{smith2024fasta," in text
    plain = export([record(arxiv_id=None, links=(), authors=())], "bibtex")
    # No author, no arXiv id, no published date: keyed by the title's first word, and no year (the
    # digest's date is not the paper's).
    assert "eprint" not in plain and "@misc{fast," in plain and "year" not in plain


def test_json_shape() -> None:
    data = json.loads(export([record()], "json"))[0]
    assert data == paper_json(record())
    assert data["links"][1] == {"kind": "code", "url": "https://github.com/a/b"}
    assert data["digests"] == [{"date": "2026-08-02", "source": "hf-api"}]
    assert (data["bookmarked"], data["read"], data["queue_position"]) == (True, False, 2)


def test_markdown_escapes_titles() -> None:
    text = export([record(title="A [link](javascript:x) *b*")], "markdown")
    assert text.splitlines()[0] == (
        "- [A \\[link\\]\\(javascript:x\\) \\*b\\*](<https://arxiv.org/abs/2410.17243>)"
    )


def test_csv_neutralises_formulas() -> None:
    rows = list(csv.reader(io.StringIO(export([record(title="=HYPERLINK(1)")], "csv"))))
    assert rows[0][:3] == ["id", "arxiv_id", "title"]
    assert rows[1][2] == "'=HYPERLINK(1)"


NOTES = [
    "First line.\nSecond line.",
    "A list in a note:\n- one\n- two\n\nAfter a blank line.",
    "# not a heading\n---\n1. not a list either\n    indented four\n> quoted",
    "trailing spaces  \n\n\n\nmany blank lines",
]


def _items(text: str) -> list[str]:
    """The text of each top-level list item of a Markdown document (markdown-it-py, CommonMark)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    items: list[str] = []
    depth = 0
    for token in tokens:
        if token.type == "list_item_open":
            depth += 1
            if depth == 1:
                items.append("")
        elif token.type == "list_item_close":
            depth -= 1
        elif depth and token.type in ("inline", "code_block", "fence"):
            items[-1] += token.content + "\n"
        elif depth == 0 and token.type in ("inline", "hr", "code_block", "fence", "html_block"):
            raise AssertionError(f"text outside the list: {token.type} {token.content!r}")
    return items


def test_markdown_keeps_every_line_of_a_note_inside_its_paper() -> None:
    records = [record(id=n, title=f"Paper {n}", note=note) for n, note in enumerate(NOTES, 1)]
    items = _items(export(records, "markdown"))
    assert len(items) == len(NOTES)
    for item, paper_record in zip(items, records, strict=True):
        assert paper_record.title in item
        for line in paper_record.note.splitlines():
            words = line.strip(" #>-").removeprefix("1. ").strip()
            if words:
                assert words in item, (words, item)
