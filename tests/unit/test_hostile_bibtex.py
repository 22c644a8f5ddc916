"""BibTeX field injection (issue 17, finding 9): a real BibTeX parser (pybtex) reads back exactly the
fields written, whatever braces, backslashes, quotes, math and ``note = ...`` a title or a name holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paper_tui.export import to_bibtex
from paper_tui.model import Link, PaperRecord

pybtex_database = pytest.importorskip("pybtex.database")

FIELDS = {"title", "author", "year", "month", "eprint", "archivePrefix", "primaryClass", "url", "doi"}
INJECTIONS = [
    '$\\}\\}, note = "INJECTED", howpublished = "$',  # the finding: kept as "balanced" math
    "plain } brace",  # made pybtex refuse the whole file
    "a { b",
    "}}}{{{",
    "$}$ and ${$",
    "back\\slash at the end \\",
    "\\}, note = {INJECTED}, x = {",
    '", note = "INJECTED',
    "@misc{evil, title = {x}}",
    "100% $\\alpha$ & {balanced} #1 _x ~ ^",
    "$\\{x\\}$ sets and {Caps}",
]


def _record(number: int, title: str, authors: tuple[str, ...] = ("Ann Smith", "Bo Li")) -> PaperRecord:
    return PaperRecord(
        id=number,
        arxiv_id=f"2401.{number:05d}",
        title=title,
        abstract="",
        authors=authors,
        categories=(f"cs.{title[:3]}",),
        links=(
            Link("arxiv", f"https://arxiv.org/abs/2401.{number:05d}"),
            Link("doi", f"https://doi.org/10.1/{title[:8]}"),
        ),
        upvotes=None,
        comment="",
        published=None,
        first_seen=None,
        last_seen=None,
        replacement=False,
    )


def _read_back(records: list[PaperRecord]) -> None:
    text = to_bibtex(records)
    data = pybtex_database.parse_string(text, "bibtex")  # strict: raises on unbalanced braces
    entries = list(data.entries.values())
    assert len(entries) == len(records)
    for record, entry in zip(records, entries, strict=True):
        assert set(entry.fields) | set(entry.persons) == FIELDS, (record.title, dict(entry.fields))
        assert entry.fields["eprint"] == record.arxiv_id
        assert entry.fields["url"] == f"https://arxiv.org/abs/{record.arxiv_id}"
        assert len(entry.persons["author"]) == len(record.authors)


def test_bibtex_fields_cannot_be_injected_through_a_title_or_an_author() -> None:
    records = [_record(n, title) for n, title in enumerate(INJECTIONS, start=1)]
    records += [
        _record(100 + n, "Plain title", (name, "Bo Li")) for n, name in enumerate(INJECTIONS, start=1)
    ]
    _read_back(records)


def test_balanced_braces_and_math_are_kept_as_tex() -> None:
    text = to_bibtex([_record(1, "100% $\\alpha$ & {balanced} $\\{x\\}$")])
    assert "title = {{100\\% $\\alpha$ \\& \\{balanced\\} $\\{x\\}$}}," in text


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(
    title=st.text(alphabet=st.sampled_from(list('{}\\$%&#_~^" ,=@aZ\n')), min_size=1, max_size=40),
    name=st.lists(st.sampled_from([*'{}\\$"=,@ aZ', " and ", " AND "]), min_size=1, max_size=12).map("".join),
)
def test_any_title_and_name_read_back_as_the_fields_written(title: str, name: str) -> None:
    _read_back([_record(1, f"T{title}", (f"X{name}X",))])
