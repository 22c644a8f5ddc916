"""The user's query as typed: the filters it holds (``is:unread``, ``has:code``, ``source:hf``,
``upvotes:>=10``), syntax still being typed, and syntax that cannot run, said with where it is.

The index searches words; the filters are the library's (read marks, bookmarks, the queue and notes
change all the time and are not in the index). ``split`` takes them out of the text. While typing, an
unfinished part (``author:``, an open quote or parenthesis, ``is:un``, a trailing ``AND``) is left out
so that what is complete so far is searched; once the query is submitted, the same parts are errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NoReturn

from paper_tui.model import Filters, QueryError

__all__ = ["FILTER_HELP", "NAMES", "Parsed", "split"]

#: Values of each filter, for the help and the error messages.
IS_VALUES = ("unread", "read", "bookmarked", "queued")
HAS_VALUES = ("note", "code")
#: What the filters are, for the help screen and the README.
FILTER_HELP: list[tuple[str, str]] = [
    ("is:unread, is:read", "read or not"),
    ("is:bookmarked, is:queued", "bookmarked; in the reading queue"),
    ("has:note, has:code", "with a note; with a code link"),
    ("source:hf, source:arxiv", "seen in a digest of that source (hf-api, arxiv-rss ...)"),
    ("upvotes:>=10", "Hugging Face upvotes (>, >=, <, <=, =)"),
    ("category:cs.CL", "an arXiv category"),
    ("date:>=2026-08-01", "the newest digest's date: >, >=, <, <=, a month, a range"),
]
#: The index's fields a query may name.
FIELDS = ("title", "abstract", "author", "category", "id", "date")
_FILTERS = ("is", "has", "source", "upvotes")
#: Every name a query may put before a colon.
NAMES = FIELDS + _FILTERS
_OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")

#: A field or filter name and its value (up to a space or a parenthesis), not inside a word.
_NAMED = re.compile(r"(?<![\w:.])([A-Za-z_]\w*):(\S*)")
_COMPARE = re.compile(r"(>=|<=|>|<|=)?(.*)")
_DATE = re.compile(r"\d{4}(?:-?\d{2}(?:-?\d{2})?)?")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

#: Raises the QueryError for a message at a position of the query.
Problem = Callable[[str, int], NoReturn]


@dataclass(frozen=True)
class Parsed:
    """A query taken apart: the text for the index ("" when the query is only filters), the filters,
    and the parts left out while typing."""

    text: str
    filters: Filters
    left_out: tuple[str, ...] = ()
    #: Whether the text only narrows by field values (``date:``, ``category:``, ``id:``): its papers
    #: are listed newest first, not ranked.
    only_fields: bool = False


def split(query: str, *, typing: bool = False) -> Parsed:
    """Take a query apart. ``typing``: the query is being typed (its last word, when it is a word of
    2+ letters not followed by a space, becomes a prefix; unfinished syntax is left out); otherwise
    syntax that cannot run raises :class:`QueryError` saying what and where (column, from 1)."""
    chars = list(query)
    left_out: list[str] = []
    filters = Filters()

    def blank(start: int, end: int) -> None:
        for at in range(start, end):
            chars[at] = " "

    def problem(message: str, at: int) -> NoReturn:
        raise QueryError(f"{message} (column {at + 1} of the query)")

    quotes = [at for at, char in enumerate(query) if char == '"']
    if len(quotes) % 2:
        if not typing:
            problem('a quote is opened and never closed: add the closing "', quotes[-1])
        # Search its words, without the quote: the phrase will be among what they find.
        chars[quotes[-1]] = " "
        left_out.append('"')
        quotes.pop()
    quoted = [range(quotes[i], quotes[i + 1] + 1) for i in range(0, len(quotes), 2)]

    def in_quotes(at: int) -> bool:
        return any(at in span for span in quoted)

    for match in _NAMED.finditer(query):
        if in_quotes(match.start()):
            continue
        name, value = match.group(1), match.group(2).rstrip(")")
        lower = name.lower()
        end = match.start(2) + len(value)
        if lower in _FILTERS:
            try:
                filters = _add_filter(filters, lower, value)
            except ValueError as error:
                if not typing:
                    problem(str(error), match.start())
                left_out.append(match.group(0))
            blank(match.start(), end)
        elif not value:
            if not typing:
                problem(f"{name}: needs a word after it", match.start())
            left_out.append(f"{name}:")
            blank(match.start(), end)
        elif lower not in FIELDS:
            if not typing:
                fields = ", ".join(f"{field}:" for field in FIELDS)
                filters_named = ", ".join(f"{f}:" for f in _FILTERS)
                problem(f"{name}: is not a field ({fields}) or a filter ({filters_named})", match.start())
            blank(match.start(), match.start(2))  # search the value as a word
        elif lower == "date" and value.startswith(("[", "{")) and not _closes_range(query, match.start(2)):
            if not typing:
                problem(
                    f"date:{value[0]} opens a range that is never closed: add {_CLOSER[value[0]]} "
                    "(date:[2026-06-01 TO 2026-07-31])",
                    match.start(),
                )
            left_out.append(query[match.start() :].strip())
            blank(match.start(), len(query))  # the range being typed, to the end
        elif lower == "date" and not value.startswith(("[", "{")) and not _date_value(value):
            if not typing:
                problem(
                    f"date:{value} is not a date (2026-08-01, 2026-08, >=2026-08-01, "
                    "[2026-06-01 TO 2026-07-31])",
                    match.start(),
                )
            left_out.append(match.group(0))
            blank(match.start(), end)

    text = "".join(chars)
    if typing:
        text = _last_word_as_prefix(query, text, left_out)
    text = _balance_parentheses(text, typing, left_out, problem)
    text = _trim_operators(text, typing, left_out, problem)
    return Parsed(text, filters, tuple(left_out), _only_fields(text))


def _add_filter(filters: Filters, name: str, value: str) -> Filters:
    """``filters`` with one more filter; ValueError (one line) for a value the filter does not take."""
    lower = value.lower()
    if name == "is":
        if lower not in IS_VALUES:
            raise ValueError(f"is:{value} is not a filter: is: takes {', '.join(IS_VALUES)}")
        if lower in ("read", "unread"):
            return replace(filters, read=lower == "read")
        return replace(filters, bookmarked=True) if lower == "bookmarked" else replace(filters, queued=True)
    if name == "has":
        if lower not in HAS_VALUES:
            raise ValueError(f"has:{value} is not a filter: has: takes {', '.join(HAS_VALUES)}")
        return replace(filters, note=True) if lower == "note" else replace(filters, code=True)
    if name == "source":
        if not re.fullmatch(r"[a-z][a-z0-9-]*", lower):
            raise ValueError(f"source:{value} is not a source name (source:hf, source:arxiv …)")
        return replace(filters, sources=(*filters.sources, lower))
    operator, number = _COMPARE.fullmatch(value).groups()  # type: ignore[union-attr]
    if not number.isdigit():
        raise ValueError(f"upvotes:{value} is not a number of upvotes (upvotes:>=10, upvotes:<5)")
    return replace(filters, upvotes=(*filters.upvotes, (operator or "=", int(number))))


_CLOSER = {"[": "]", "{": "}"}


def _closes_range(query: str, start: int) -> bool:
    """Whether the range opened at ``query[start]`` (``[`` or ``{``) is closed later (by ``]`` or ``}``:
    Whoosh takes either)."""
    return any(char in "]}" for char in query[start + 1 :])


def _date_value(value: str) -> bool:
    operator, date = _COMPARE.fullmatch(value).groups()  # type: ignore[union-attr]
    return bool(_DATE.fullmatch(date)) and operator != "="


def _balance_parentheses(text: str, typing: bool, left_out: list[str], problem: Problem) -> str:
    """Parentheses outside quotes made whole: while typing, open ones are closed and stray closing ones
    dropped; otherwise either is an error."""
    chars = list(text)
    opened: list[int] = []
    quoted = False
    for at, char in enumerate(chars):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            opened.append(at)
        elif char == ")":
            if opened:
                opened.pop()
            elif not typing:
                problem(") closes nothing: it has no (", at)
            else:
                chars[at] = " "
                left_out.append(")")
    if opened:
        if not typing:
            problem("( is never closed: add )", opened[-1])
        chars.append(" " + ")" * len(opened))
        left_out.append("(")
    return "".join(chars)


def _trim_operators(text: str, typing: bool, left_out: list[str], problem: Problem) -> str:
    """AND/OR at the start, or AND/OR/NOT at the end (or before a closing parenthesis), joins nothing."""
    words = text.split()
    while words and words[-1] in _OPERATORS:
        if not typing:
            problem(f"{words[-1]} at the end needs a word after it", len(text.rstrip()) - len(words[-1]))
        left_out.append(words.pop())
    while words and words[0] in _OPERATORS and words[0] != "NOT":
        if not typing:
            problem(f"{words[0]} at the start needs a word before it", text.index(words[0]))
        left_out.append(words.pop(0))
    return " ".join(words)


def _last_word_as_prefix(query: str, text: str, left_out: list[str]) -> str:
    """While typing: the last word typed, when it ends the query (no space after it) and is a plain word,
    stands for every word it starts; a one-letter word is left out until the next key."""
    if query != query.rstrip() or not text.strip():
        return text
    start = len(text.rstrip())
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    last = text[start:].rstrip()
    if not query.endswith(last):  # the query ends with a filter, a quote or something left out
        return text
    word = last.lstrip("(")
    name, _, bare = word.rpartition(":")
    if name and name.lower() not in ("title", "abstract", "author"):
        return text
    if not _WORD.fullmatch(bare) or word in _OPERATORS:
        return text
    if len(bare) == 1:
        left_out.append(word)
        return text[: start + len(last) - len(word)]
    return text[:start] + last + "*"


def _only_fields(text: str) -> bool:
    """Whether every part of the text is a ``date:``, ``category:`` or ``id:`` value."""
    words = [word.strip("()") for word in text.split() if word not in _OPERATORS]
    return bool(words) and all(
        word.lower().startswith(("date:", "category:", "id:")) or word.upper() == "TO" or word.endswith("]")
        for word in words
        if word
    )
