"""The floor for the reader: a bare Textual app that shows one line (``j`` rewrites it).

python bench/bare_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

#: What the bare app shows; the harness waits for it on the terminal.
TEXT = "paper-tui bench floor: one line"


class BareApp(App[None]):
    """One Static; ``j`` updates it (the floor of a key press that repaints one line)."""

    BINDINGS = [Binding("j", "bump", "Bump"), Binding("q", "quit", "Quit")]  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        """The one line."""
        yield Static(TEXT, id="line")

    def action_bump(self) -> None:
        """Rewrite the line."""
        self.count += 1
        self.query_one("#line", Static).update(f"{TEXT} ({self.count})")


if __name__ == "__main__":
    BareApp().run()
