"""What the paper list shows: a named view, one digest by date, search results or related papers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from paper_tui.model import SORTS, View

ViewKind = Literal["today", "all", "unread", "bookmarked", "queue", "watched", "digest", "search", "similar"]

#: The views with one key each, in key order (1-6).
NAMED_VIEWS: tuple[ViewKind, ...] = ("today", "all", "unread", "bookmarked", "queue", "watched")
#: The views a search started from is kept to (Today and All search the whole library).
SCOPED_VIEWS: frozenset[str] = frozenset({"unread", "bookmarked", "queue", "watched", "digest"})

_LABELS: dict[str, str] = {
    "today": "Today",
    "all": "All",
    "unread": "Unread",
    "bookmarked": "Bookmarked",
    "queue": "Queue",
    "watched": "Watched",
}


#: What an empty view says; ``{fetch}`` and the like stand for the keys the config file chose.
_EMPTY: dict[str, str] = {
    "today": "No digest yet: press {fetch} to fetch, or run paper-tui import FILE.",
    "all": "The library is empty: press {fetch} to fetch, or run paper-tui import FILE.",
    "unread": "Nothing unread: every paper has been read.",
    "bookmarked": "No bookmarks yet: press {bookmark} on a paper to bookmark it.",
    "queue": "The queue is empty: press {queue} on a paper to add it.",
    "watched": "No paper matches the watch list: press {watch} on a paper to watch an author or a word.",
}


#: How the list's title names each sort.
SORT_LABELS = {
    "digest": "digest order",
    "newest": "newest first",
    "upvotes": "most upvoted",
    "for-you": "for you",
    "title": "by title",
}


def next_sort(sort: str) -> str:
    """The sort after ``sort`` in the order ``s`` cycles through."""
    current = sort if sort in SORTS else SORTS[0]
    return SORTS[(SORTS.index(current) + 1) % len(SORTS)]


@dataclass(frozen=True)
class ViewSpec:
    """One list view; ``search`` and ``similar`` views are transient and never persisted.

    ``sort`` is one of :data:`paper_tui.model.SORTS` (search results, related papers and the queue
    keep their own order); ``show_muted`` shows the papers a mute rule hides from Today and Unread.
    """

    kind: ViewKind = "today"
    digest_date: str | None = None
    query: str = ""
    paper_id: int | None = None
    paper_title: str = ""
    #: The view a search is kept to (None: the whole library).
    scope: ViewSpec | None = None
    sort: str = "digest"
    show_muted: bool = False

    @property
    def sortable(self) -> bool:
        """Whether ``s`` changes this view's order (not search results, related papers, the queue)."""
        return not self.transient and self.kind != "queue"

    @property
    def sort_key(self) -> str:
        """Under which name the view's sort is remembered (every digest view shares one)."""
        return self.kind

    @property
    def hides_muted(self) -> bool:
        """Whether papers a mute rule matches are left out (Today and Unread, unless shown)."""
        return self.kind in ("today", "unread") and not self.show_muted

    @property
    def cache_key(self) -> str | None:
        """What the view cache keeps this view's ids under (None for transient views)."""
        meta = self.to_meta()
        if meta is None:
            return None
        return f"{meta}|{self.sort}|{int(self.hides_muted)}"

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

    def store_view(self, digest_date: str | None = None) -> View | None:
        """The store filter for this view, or None for search and related-paper views (Today: the
        newest digest, or the one of ``digest_date``)."""
        view: View | None = None
        if self.kind == "today":
            view = View(digest_date=digest_date) if digest_date else View(latest=True)
        elif self.kind == "all":
            view = View()
        elif self.kind == "unread":
            view = View(unread=True)
        elif self.kind == "bookmarked":
            view = View(bookmarked=True)
        elif self.kind == "queue":
            view = View(queued=True)
        elif self.kind == "watched":
            view = View(watched=True)
        elif self.kind == "digest":
            view = View(digest_date=self.digest_date)
        if view is None:
            return None
        return replace(view, sort=self.sort if self.sortable else "digest", hide_muted=self.hides_muted)

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
