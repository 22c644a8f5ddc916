"""A view's ids and the rows around its cursor (a window), where they come from, and the views kept
between visits so that switching back to one is instant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paper_tui.model import PaperRecord, Row, View
from paper_tui.reader.views import ViewKind, ViewSpec

if TYPE_CHECKING:
    from paper_tui.library import Library

__all__ = [
    "CACHED_VIEWS",
    "FLAG_VIEWS",
    "CachedView",
    "ViewCache",
    "ViewSource",
    "Window",
    "expected_cursor",
    "window_around",
]

#: Rows fetched with a view's ids, above and below where the cursor goes (a tall pane, wherever the
#: cursor sits in it), and full records of the papers next to it (the detail pane, then j and k).
ROWS_AROUND = 80
RECORDS_AROUND = 10
#: Results kept for a "more like this" list.
SIMILAR_LIMIT = 40
#: Named views whose ids are kept between visits (switching back is instant) and fetched in the
#: background after start; the views that a bookmark, read mark or queue change alters are dropped then.
CACHED_VIEWS: tuple[ViewKind, ...] = ("today", "all", "unread", "bookmarked", "queue")
FLAG_VIEWS = frozenset({"unread", "bookmarked", "queue"})
#: Digest views kept besides the named ones.
CACHED_DIGESTS = 4


@dataclass(frozen=True)
class Window:
    """What a list shows: its ids, and the rows and records fetched with them (``today``: the digest date
    a Today view shows). ``rows``/``records`` may be empty: the list fetches what it lacks."""

    ids: list[int]
    rows: dict[int, Row] = field(default_factory=dict)
    records: list[PaperRecord] = field(default_factory=list)
    today: str | None = None
    #: Papers of the view a mute rule hides.
    muted: int = 0


def expected_cursor(ids: Sequence[int], keep_id: int | None, *, reset: bool, old_cursor: int = 0) -> int:
    """Where a list shown ``ids`` puts its cursor: on ``keep_id`` when it is there, else at the top
    (``reset``: a newly chosen view) or where it was (the next paper moves under it)."""
    if keep_id is not None:
        try:
            return ids.index(keep_id)
        except ValueError:
            pass
    return 0 if reset else max(0, min(old_cursor, len(ids) - 1))


def window_around(library: Library, ids: list[int], cursor: int, today: str | None = None) -> Window:
    """``ids`` with the rows and records around ``cursor`` (call from a thread)."""
    rows = library.rows(ids[max(0, cursor - ROWS_AROUND) : cursor + ROWS_AROUND])
    records = library.papers(ids[max(0, cursor - RECORDS_AROUND) : cursor + RECORDS_AROUND + 1])
    return Window(ids, rows, records, today)


class ViewSource:
    """Fetches the ids of a view from the library (call from a thread).

    ``wait_for_index`` is asked before a "more like this" list (it needs the search index): it waits
    until the index can be used and returns None, or returns why it cannot.
    """

    def __init__(self, library: Library, wait_for_index: Callable[[], str | None]) -> None:
        self.library = library
        self.wait_for_index = wait_for_index

    def latest(self) -> str | None:
        """The newest digest's date (what Today shows unless the reader keeps an older one)."""
        return self.library.latest_date()

    def ids(self, spec: ViewSpec) -> list[int]:
        """The view's ids in order; Today is the newest digest."""
        if spec.kind == "today":
            return self.digest_ids(self.latest(), spec)
        view = spec.store_view()
        if view is not None:
            return self.library.view_ids(view)
        if spec.kind == "similar" and spec.paper_id is not None:
            if self.wait_for_index() is not None:
                return []
            return [hit.paper_id for hit in self.library.more_like(spec.paper_id, SIMILAR_LIMIT)]
        return []

    def muted(self, spec: ViewSpec, date: str | None = None) -> int:
        """How many papers of the view the mute rules hide (0 when it hides none)."""
        view = spec.store_view(date) if spec.hides_muted else None
        return self.library.count_muted(view) if view is not None else 0

    def digest_ids(self, date: str | None, spec: ViewSpec | None = None) -> list[int]:
        """The ids of one digest (none for no date), in the order and with the filter of ``spec``
        (Today's sort and its muted papers hidden)."""
        if not date:
            return []
        view = (spec or ViewSpec(kind="digest")).store_view(date)
        return self.library.view_ids(view or View(digest_date=date))

    def top(self, ids: list[int]) -> tuple[dict[int, Row], list[PaperRecord]]:
        """The rows and the full records at the top of a list: a switch that lands there has nothing
        left to fetch, for the list or the detail pane (one frame, not two)."""
        return self.library.rows(ids[:ROWS_AROUND]), self.library.papers(ids[: RECORDS_AROUND + 1])


@dataclass(frozen=True)
class CachedView:
    """A view's ids as of a data generation (the library's changes counted since start)."""

    window: Window
    data_generation: int
    kind: str = ""


class ViewCache:
    """The ids of the views not shown, kept between visits so that switching back is instant.

    ``generation`` counts the library's changes (here or in another process); a cached view knows the
    generation it is as of, and one behind is shown at once and fetched again behind it.
    """

    def __init__(self) -> None:
        self.generation = 0
        self._views: dict[str, CachedView] = {}

    def get(self, spec: ViewSpec) -> CachedView | None:
        """The cached ids of a view, if any (never for search results, "more like" or the queue)."""
        key = spec.cache_key
        return self._views.get(key) if key is not None else None

    def remember(self, spec: ViewSpec, window: Window, data_generation: int) -> None:
        """Keep a view's ids as of ``data_generation`` (an older answer does not replace a newer one)."""
        key = spec.cache_key
        if key is None or spec.kind == "queue":
            return
        cached = self._views.get(key)
        if cached is not None and cached.data_generation > data_generation:
            return
        self._views.pop(key, None)
        self._views[key] = CachedView(
            Window(window.ids, today=window.today, muted=window.muted), data_generation, spec.kind
        )
        digests = [k for k, v in self._views.items() if v.kind == "digest"]
        for old in digests[:-CACHED_DIGESTS]:
            del self._views[old]

    def changed(self, *, own: bool) -> None:
        """The library changed. After the user's own marks (``own``), which only change which papers
        Unread, Bookmarked and the queue hold, the other views stay current."""
        self.generation += 1
        if not own:
            return
        for key, cached in list(self._views.items()):
            if cached.kind in FLAG_VIEWS:
                del self._views[key]
            else:
                self._views[key] = CachedView(cached.window, self.generation, cached.kind)

    def is_current(self, cached: CachedView) -> bool:
        """Whether cached ids are as of the library's latest change."""
        return cached.data_generation == self.generation

    def to_prefetch(self, specs: Sequence[ViewSpec] | None = None) -> list[ViewSpec]:
        """The named views (but the queue) whose ids are missing or behind: fetched in the background.
        ``specs``: the named views as the list shows them (with their sorts); default: unsorted."""
        wanted = []
        for spec in specs if specs is not None else [ViewSpec(kind=kind) for kind in CACHED_VIEWS]:
            if spec.kind == "queue":
                continue
            cached = self.get(spec)
            if cached is None or not self.is_current(cached):
                wanted.append(spec)
        return wanted
