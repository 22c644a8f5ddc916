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
