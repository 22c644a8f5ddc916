"""The search field above the paper list: shown by ``/``, searches as you type."""

from __future__ import annotations

from textual.widgets import Input


class SearchBar(Input):
    """An Input for queries; the screen listens to its Changed and Submitted messages."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder='Search: words, "a phrase", author:name, diffu* (esc clears)',
            id=id,
        )
