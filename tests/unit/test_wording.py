"""Counts said in words: "1 paper", "2 papers", "▲ 1 upvote" (issue 18): every f-string of the package
that puts a number before a countable noun goes through :func:`paper_tui.text.plural`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from paper_tui.text import plural

PACKAGE = Path(__file__).resolve().parents[2] / "paper_tui"

#: Nouns that take an s after any count but 1.
NOUNS = (
    "paper",
    "papers",
    "upvote",
    "upvotes",
    "file",
    "files",
    "digest",
    "digests",
    "document",
    "documents",
    "source",
    "sources",
    "day",
    "days",
    "link",
    "links",
    "note",
    "notes",
    "category",
    "categories",
)
#: Not a count said to a person, as "file:expression": a constant maximum, a format's name, SQLite's
#: date modifier ("-30 days").
NEVER_ONE = {"fetch/hf.py:MAX_DAYS", "importers/__init__.py:fmt", "store/ingest.py:max_age_days"}


def _counted_nouns(path: Path) -> list[str]:
    """Each ``{count} noun`` of the file's f-strings, as ``line: text``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        for value, after in zip(node.values, node.values[1:], strict=False):
            if not isinstance(value, ast.FormattedValue):
                continue
            if not (isinstance(after, ast.Constant) and isinstance(after.value, str)):
                continue
            words = after.value.split()
            if not after.value.startswith(" ") or not words or words[0].strip(",.:;)") not in NOUNS:
                continue
            expression = ast.unparse(value.value)
            if f"{path.relative_to(PACKAGE)}:{expression}" in NEVER_ONE:
                continue
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {{{expression}}}{after.value[:20]}")
    return found


def test_no_count_is_followed_by_a_fixed_noun() -> None:
    """A count written straight before its noun says "1 papers": use plural(count, "paper")."""
    offenders = [hit for path in sorted(PACKAGE.rglob("*.py")) for hit in _counted_nouns(path)]
    assert offenders == []


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (0, "paper", "0 papers"),
        (1, "paper", "1 paper"),
        (2, "paper", "2 papers"),
        (12_345, "paper", "12,345 papers"),
        (1, "category", "1 category"),
        (3, "category", "3 categories"),
        (1, "upvote", "1 upvote"),
    ],
)
def test_plural(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected
