"""The ``?`` help screen: every key, grouped, with the keys the config file chose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

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


def help_content(sections: Sequence[Section]) -> Content:
    """The help text as literal content: the keys in one column, except a section of longer ones
    (the search syntax), which gets a column of its own width."""

    def width(rows: Sequence[tuple[str, str]]) -> int:
        return max((len(keys) for keys, _ in rows), default=8) + 2

    common = max((width(rows) for _, rows in sections if width(rows) <= _KEY_COLUMN_MAX), default=10)
    parts: list[str | tuple[str, str]] = []
    for heading, rows in sections:
        if parts:
            parts.append("\n")
        parts += [(heading, "bold $text-accent"), "\n"]
        column = max(common, width(rows))
        for keys, description in rows:
            parts += [(f"  {keys:<{column}}", "bold"), description, "\n"]
    return Content.assemble(*parts).rstrip()


class HelpScreen(ModalScreen[None]):
    """Lists every key; esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help_close"),
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
                yield Static(help_content(self.sections), id="help-body")
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
