"""The ``?`` help screen: every key, grouped, with the keys the config file chose."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

#: Key columns up to this wide are shared by every section.
_KEY_COLUMN_MAX = 24

#: A help section: a heading and (keys, description) rows.
Section = tuple[str, Sequence[tuple[str, str]]]


def help_content(sections: Sequence[Section], width: int | None = None) -> Content:
    """The help text as literal content: the keys in one column, except a section of longer ones
    (the search syntax), which gets a column of its own width. With ``width``, a description too
    long for it continues under itself, not under the keys."""

    def key_width(rows: Sequence[tuple[str, str]]) -> int:
        return max((len(keys) for keys, _ in rows), default=8) + 2

    common = max((key_width(r) for _, r in sections if key_width(r) <= _KEY_COLUMN_MAX), default=10)
    parts: list[str | tuple[str, str]] = []
    for heading, rows in sections:
        if parts:
            parts.append("\n")
        parts += [(heading, "bold $text-accent"), "\n"]
        column = max(common, key_width(rows))
        # One column spare: Textual folds a line that fills the width again, losing the next indent.
        room = max(12, width - column - 3) if width else None
        for keys, description in rows:
            lines = textwrap.wrap(description, room) if room else [description]
            parts += [(f"  {keys:<{column}}", "bold"), lines[0] if lines else "", "\n"]
            for more in lines[1:]:
                parts += [" " * (column + 2), more, "\n"]
    return Content.assemble(*parts).rstrip()


class HelpBody(Static):
    """The key tables, wrapped again by :func:`help_content` whenever the panel's width changes."""

    def __init__(self, sections: Sequence[Section], *, id: str | None = None) -> None:
        super().__init__(help_content(sections), id=id)
        self.sections = sections
        self._width = 0

    def on_resize(self, event: events.Resize) -> None:
        """Wrap the descriptions to the new width."""
        if event.size.width != self._width:
            self._width = event.size.width
            self.update(help_content(self.sections, self._width))


class HelpScreen(ModalScreen[None]):
    """Lists every key; esc, q, ? or f1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help_close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        """A scrolling panel of key tables."""
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(Content.styled("paper-tui keys", "bold"), classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield HelpBody(self.sections, id="help-body")
            yield Static(
                Content.styled(
                    "esc closes · keys can be changed in config.toml [keys] · ctrl+p lists every command",
                    "$text-muted",
                )
            )

    def on_mount(self) -> None:
        """Focus the scroller so arrows scroll."""
        self.query_one("#help-scroll").focus()

    def action_scroll(self, direction: str) -> None:
        """Scroll the help text."""
        scroller = self.query_one("#help-scroll", VerticalScroll)
        if direction == "down":
            scroller.scroll_down(animate=False)
        else:
            scroller.scroll_up(animate=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
