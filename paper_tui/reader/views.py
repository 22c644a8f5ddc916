"""What the paper list shows: a named view, one digest by date, search results or related papers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from paper_tui.model import View

ViewKind = Literal["today", "all", "unread", "bookmarked", "queue", "digest", "search", "similar"]

#: The views with one key each, in key order (1-5).
NAMED_VIEWS: tuple[ViewKind, ...] = ("today", "all", "unread", "bookmarked", "queue")
#: The views a search started from is kept to (Today and All search the whole library).
SCOPED_VIEWS: frozenset[str] = frozenset({"unread", "bookmarked", "queue", "digest"})

_LABELS: dict[str, str] = {
    "today": "Today",
    "all": "All",
    "unread": "Unread",
    "bookmarked": "Bookmarked",
    "queue": "Queue",
}


#: What an empty view says; ``{fetch}`` and the like stand for the keys the config file chose.
_EMPTY: dict[str, str] = {
    "today": "No digest yet: press {fetch} to fetch, or run paper-tui import FILE.",
    "all": "The library is empty: press {fetch} to fetch, or run paper-tui import FILE.",
    "unread": "Nothing unread: every paper has been read.",
    "bookmarked": "No bookmarks yet: press {bookmark} on a paper to bookmark it.",
    "queue": "The queue is empty: press {queue} on a paper to add it.",
}


@dataclass(frozen=True)
class ViewSpec:
    """One list view; ``search`` and ``similar`` views are transient and never persisted."""

    kind: ViewKind = "today"
    digest_date: str | None = None
    query: str = ""
    paper_id: int | None = None
    paper_title: str = ""
    #: The view a search is kept to (None: the whole library).
    scope: ViewSpec | None = None

    @property
    def label(self) -> str:
        """A short human name for the status line and the list's title."""
        if self.kind == "digest":
            return f"Digest {self.digest_date}"
        if self.kind == "search":
            return f"Search: {self.query}" + (f" in {self.scope.label}" if self.scope is not None else "")
        if self.kind == "similar":
            return f"More like: {self.paper_title}"
        return _LABELS[self.kind]

    def empty_text(self, keys: Mapping[str, str]) -> str:
        """What the list says when the view holds no paper: why, and what to do (``keys``: the key
        of each binding id the text names)."""
        if self.kind == "search":
            anywhere = keys.get("help_anywhere")
            syntax = (
                f"Press {anywhere} for the search syntax, esc to go back."
                if anywhere
                else f"Press esc to go back, then {keys['help']} for the search syntax."
            )
            where = f" in {self.scope.label}" if self.scope is not None else ""
            return f"No papers match {self.query!r}{where}. {syntax}"
        if self.kind == "similar":
            return "No related papers found."
        if self.kind == "digest":
            return f"No papers in the digest of {self.digest_date}."
        return _EMPTY[self.kind].format_map(keys)

    @property
    def transient(self) -> bool:
        """Whether the view is derived from a query (search, more like this) rather than a filter."""
        return self.kind in ("search", "similar")

    def search_scope(self) -> ViewSpec | None:
        """The view a search started from this one is kept to (None: the whole library)."""
        return self if self.kind in SCOPED_VIEWS else None

    def store_view(self) -> View | None:
        """The store filter for this view, or None for search and related-paper views."""
        if self.kind == "today":
            return View(latest=True)
        if self.kind == "all":
            return View()
        if self.kind == "unread":
            return View(unread=True)
        if self.kind == "bookmarked":
            return View(bookmarked=True)
        if self.kind == "queue":
            return View(queued=True)
        if self.kind == "digest":
            return View(digest_date=self.digest_date)
        return None

    def to_meta(self) -> str | None:
        """The persisted form (``today``, ``digest:2025-08-11`` ...); None for transient views."""
        if self.transient:
            return None
        if self.kind == "digest":
            return f"digest:{self.digest_date}"
        return self.kind

    @classmethod
    def from_meta(cls, value: str | None) -> ViewSpec | None:
        """Parse :meth:`to_meta`'s output; None for anything else."""
        if not value:
            return None
        if value in NAMED_VIEWS:
            return cls(kind=value)
        if value.startswith("digest:") and len(value) > len("digest:"):
            return cls(kind="digest", digest_date=value.removeprefix("digest:"))
        return None
