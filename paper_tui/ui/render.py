"""Turning library text into Textual content: always literal, never parsed as markup."""

from __future__ import annotations

import re

from textual.content import Content

from paper_tui.model import HL_END, HL_START

_MARKERS = re.compile(f"([{HL_START}{HL_END}])")


def highlighted(text: str, style: str = "", highlight_style: str = "reverse") -> Content:
    """``text`` as literal content, the parts between HL_START and HL_END in ``highlight_style``."""
    parts: list[tuple[str, str]] = []
    inside = False
    for piece in _MARKERS.split(text):
        if piece == HL_START:
            inside = True
        elif piece == HL_END:
            inside = False
        elif piece:
            parts.append((piece, highlight_style if inside else style))
    return Content.assemble(*parts)


def one_line(text: str, limit: int = 200) -> str:
    """``text`` on one line, shortened to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


#: Terminals at least this wide show full dates (``2026-08-11``); narrower ones the compact style
#: (``08-11``): one date style per width, the compact one where space is short.
WIDE_DATES = 100


def date_text(date: str | None, terminal_width: int) -> str:
    """A digest date in the style of the terminal's width ("" for none)."""
    if not date:
        return ""
    return date[:10] if terminal_width >= WIDE_DATES else date[5:10]


def short_authors(authors: tuple[str, ...], count: int) -> str:
    """The first authors as a row shows them: ``Ada Lovelace``; ``Lovelace, Turing``; ``Lovelace,
    Turing +3`` (surnames when there are several)."""
    if not authors:
        return ""
    if count <= 1 and len(authors) == 1:
        return authors[0]
    surnames = [name.split()[-1] if name.split() else name for name in authors[:2]]
    if len(surnames) == 2 and surnames[0].casefold() == surnames[1].casefold():
        # Two authors of one surname ("Shen, Shen") are told apart by their initials.
        surnames = [_initialled(name) for name in authors[:2]]
    more = max(count, len(authors)) - len(surnames)
    return ", ".join(surnames) + (f" +{more}" if more > 0 else "")


def _initialled(name: str) -> str:
    """``Wei Shen`` as ``W. Shen`` (a one-word name as it is)."""
    words = name.split()
    return f"{words[0][0]}. {words[-1]}" if len(words) > 1 else name
