"""A dialog to pick one of a few choices by number (or arrows and enter): what to watch or mute."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ChoicePicker(ModalScreen[str | None]):
    """Choose one of ``choices`` (shown text, value); returns the value or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *[Binding(str(n), f"pick({n})", f"Choice {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.hint = hint

    def compose(self) -> ComposeResult:
        """The numbered choices."""
        with Vertical(id="choice-picker", classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield OptionList(
                *[
                    Option(Content(f"{n:>2} {text}"), id=str(n))
                    for n, (text, _) in enumerate(self.choices, 1)
                ],
                id="choice-options",
            )
            hint = f"{self.hint} · " if self.hint else ""
            yield Static(Content.styled(f"{hint}1-9 or enter picks · esc cancels", "$text-muted"))

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(OptionList).focus()

    def action_pick(self, number: int) -> None:
        """Choose ``number`` (1-based)."""
        if 1 <= number <= len(self.choices):
            self.dismiss(self.choices[number - 1][1])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1])

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)
