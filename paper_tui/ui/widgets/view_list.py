"""The main paper list: it shows a view (Today, All, a digest, search results, related papers), loads
the view's ids in its own worker, and keeps the other views' ids so that switching back is instant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from paper_tui.reader.view_cache import (
    CACHED_VIEWS,
    FLAG_VIEWS,
    CachedView,
    ViewCache,
    ViewSource,
    Window,
    expected_cursor,
    window_around,
)
from paper_tui.reader.views import SORT_LABELS, ViewSpec, next_sort
from paper_tui.ui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from paper_tui.reader.place import ReaderPrefs

#: Seconds of quiet after the library changed before the cached views are fetched again.
PREFETCH_DELAY = 1.5


class ViewList(PaperList):
    """A :class:`PaperList` that knows which view it shows and fetches it.

    Today shows the newest digest, but stays on the one being read when a newer digest arrives
    (``today_date``), until the user asks for Today again or fetches. The screen sets
    :attr:`queue_ids` (the queue view is always current from it) and :attr:`latest`, and calls
    :meth:`load_view`, :meth:`refresh_view` and :meth:`show_results`. The list titles itself; it
    posts :class:`Loading` when a view's ids are on their way, :class:`Shown` when it shows them,
    and :class:`Prefetched` once the other views have been fetched after start.
    """

    @dataclass
    class Loading(Message):
        """The ids of a newly chosen view are being fetched (the list still shows the view before)."""

    @dataclass
    class Shown(Message):
        """The list now shows the ids of ``spec``."""

        spec: ViewSpec

    @dataclass
    class Prefetched(Message):
        """The named views' ids were fetched in the background (the first time: start-up is over)."""

        first: bool

    @dataclass
    class _IdsLoaded(Message):
        token: int
        spec: ViewSpec
        window: Window
        keep_id: int | None
        reset: bool
        data_generation: int
        list_generation: int
        cacheable: bool

    @dataclass
    class _ViewsLoaded(Message):
        views: list[tuple[ViewSpec, Window]]
        data_generation: int
        list_generation: int

    def __init__(self, source: ViewSource, empty_keys: Mapping[str, str], *, id: str | None = None) -> None:
        library = source.library
        super().__init__(
            library.rows,
            records=library.papers,
            comfortable=True,
            empty_text=ViewSpec().empty_text(empty_keys),
            id=id,
        )
        self.source = source
        #: The key of each binding id that an empty view's text names.
        self.empty_keys = empty_keys
        #: The newest digest's date (set by the screen): Today names the digest it shows when older.
        self.latest: str | None = None
        #: What the list shows, and the view a search or "more like" list returns to.
        self.view = ViewSpec()
        self.base_view = ViewSpec()
        #: The digest Today shows (it stays put when a newer one arrives while reading).
        self.today_date: str | None = None
        #: The reading queue, in order (set by the screen).
        self.queue_ids: list[int] = []
        #: Whether the first views have been shown (before that the queue view is not cached).
        self.started = False
        self.cache = ViewCache()
        #: Each view's sort (``ViewSpec.sort_key`` to a sort), as the user last chose it.
        self.sorts: dict[str, str] = {}
        #: Papers a mute rule matches are shown in Today and Unread (``H``).
        self.show_muted = False
        #: How many papers of the view the mute rules hide.
        self.muted = 0
        self._token = 0
        # Today is moving to a newer digest (a fetch the user asked for): a refresh must not hold it.
        self._today_moving = False
        self._prefetch_timer: Timer | None = None
        self._prefetched = False
        # The newest digest said to have arrived (once per date).
        self._announced: str | None = None
        #: Whether the search results shown are all that match (else the full search is to come).
        self.exact = True

    def on_mount(self) -> None:
        """Title the list before its first view arrives."""
        self.set_title(self.label)

    @property
    def label(self) -> str:
        """The view's name for the title and the status line ("Today (2026-08-01)" on an older digest)."""
        today, latest = self.today_date, self.latest
        if self.view.kind == "today" and today and latest and today != latest:
            return f"Today ({today})"
        return self.view.label

    @property
    def count_text(self) -> str:
        """How many papers the list shows; search results still being counted (the quick search's,
        before the full search's) say "at least"."""
        if self.view.kind == "search" and not self.exact:
            return f"at least {self.count:,}"
        return f"{self.count:,}"

    def update_title(self) -> None:
        """Title the list after its view and its sort, and say what an empty one means."""
        self.empty_text = self.view.empty_text(self.empty_keys)
        sort = f" · {SORT_LABELS.get(self.view.sort, self.view.sort)}" if self.view.sortable else ""
        muted = f" · {self.muted:,} muted hidden" if self.muted and self.view.hides_muted else ""
        self.set_title(f"{self.label} · {self.count_text}{sort}{muted}")

    def toggle_muted(self) -> bool:
        """Show the papers a mute rule hides from Today and Unread, or hide them again (``H``)."""
        self.show_muted = not self.show_muted
        self.load_view(self.view, keep_id=self.highlighted_id)
        return self.show_muted

    def with_sort(self, spec: ViewSpec) -> ViewSpec:
        """``spec`` in the sort chosen for its view, showing muted papers or not as chosen."""
        if spec.transient:
            return spec
        return replace(spec, sort=self.sorts.get(spec.sort_key, "digest"), show_muted=self.show_muted)

    def cycle_sort(self) -> str | None:
        """Sort the view by the next order (``s``), keeping the highlighted paper; the new sort, or None
        for a view whose order is its own (search results, related papers, the queue)."""
        if not self.view.sortable:
            return None
        sort = next_sort(self.view.sort)
        self.sorts[self.view.sort_key] = sort
        self.load_view(replace(self.view, sort=sort), keep_id=self.highlighted_id)
        return sort

    def newer_digest(self) -> str | None:
        """The date of a digest newer than the one Today shows, the first time it is asked about
        (to be announced once); None otherwise, and while Today is moving to the newest digest."""
        latest, today = self.latest, self.today_date
        if self._today_moving or self.view.kind != "today" or not today or not latest:
            return None
        if latest <= today or latest == self._announced:
            return None
        self._announced = latest
        return latest

    def cached(self, spec: ViewSpec, *, returning: bool = False) -> CachedView | None:
        """A view's ids kept from an earlier visit (the queue's are always current). ``returning`` from
        a search or a "more like" list: a Today cached on a newer digest than the one being read is
        not the view to return to."""
        if spec.kind == "queue" and self.started:
            return CachedView(Window(list(self.queue_ids)), self.cache.generation)
        found = self.cache.get(spec)
        if returning and spec.kind == "today" and found is not None and found.window.today != self.today_date:
            return None
        return found

    # -- showing a view ----------------------------------------------------------------------------

    def show_first(
        self, spec: ViewSpec, window: Window, selected: int | None, prefs: ReaderPrefs | None = None
    ) -> None:
        """Show the view the reader starts with (read before the first frame), with the sorts and the
        row style kept from the last session."""
        if prefs is not None:
            self.sorts = dict(prefs.sorts)
            self.comfortable = prefs.rows == "comfortable"
        self.view = self.base_view = spec
        self.cache.remember(spec, window, self.cache.generation)
        self._apply(spec, window, selected, True, self.generation)

    def load_view(self, spec: ViewSpec, keep_id: int | None = None, *, returning: bool = False) -> bool:
        """Switch to a view, keeping ``keep_id`` highlighted when it is in it. A view whose ids are
        cached is shown at once (and fetched again behind it when the library changed since);
        otherwise the list keeps showing the view before until they arrive. True while they load.
        ``returning`` from a search or a "more like" list, Today stays on the digest being read (a
        digest that arrived meanwhile is announced, not jumped to); choosing Today moves to the newest."""
        self._token += 1
        self._today_moving = False
        spec = self.with_sort(spec)
        self.view = spec
        if not spec.transient:
            self.base_view = spec
        hold = returning and spec.kind == "today" and self.today_date is not None
        cached = self.cached(spec, returning=hold)
        if cached is None:
            self._fetch_ids(spec, keep_id, reset=True, hold=hold)
            self.post_message(self.Loading())
            return True
        self._apply(spec, cached.window, keep_id, True, self.generation)
        if not self.cache.is_current(cached):
            self._fetch_ids(spec, None, reset=False, newest=not hold)
        return False

    def refresh_view(self, *, own: bool, newest: bool) -> None:
        """The library changed: fetch the view's ids again (keeping the place), unless it is a search
        or, after the user's own marks (``own``), a view those marks cannot change. ``newest`` moves
        Today to the newest digest."""
        self.cache.changed(own=own)
        self.invalidate()
        view = self.view
        if not view.transient and (not own or view.kind in FLAG_VIEWS):
            if newest and view.kind == "today":
                # Until the list has moved: a refresh in between (the poll) must not keep it back.
                self._today_moving = True
            self._fetch_ids(view, None, reset=False, newest=self._today_moving)
        self.schedule_prefetch()

    def show_results(
        self, spec: ViewSpec, window: Window, keep_id: int | None, list_generation: int, *, exact: bool = True
    ) -> None:
        """Show search results (every match's id, ranked, with the first results' rows; ``exact``:
        they are all that match, else more may follow)."""
        self._token += 1
        self.view = spec
        self.exact = exact
        self.numbered = False
        if window.rows or window.records:
            self.preload(window.rows, window.records, generation=list_generation)
        self.set_ids(window.ids, keep_id=keep_id, reset=True)
        self.update_title()
        self._announce(self.Shown(spec))

    def _fetch_ids(
        self, spec: ViewSpec, keep_id: int | None, *, reset: bool, newest: bool = False, hold: bool = False
    ) -> None:
        keep = keep_id if keep_id is not None else self.highlighted_id
        # Today keeps the digest being read on a refresh and on the way back from a search (``hold``);
        # choosing Today again (or a fetch) moves on.
        held = hold or (not reset and not newest)
        keep_digest = self.today_date if spec.kind == "today" and held else None
        self._load_ids(
            self._token, spec, keep, reset, keep_digest, self.cursor, (self.cache.generation, self.generation)
        )

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def _load_ids(
        self,
        token: int,
        spec: ViewSpec,
        keep_id: int | None,
        reset: bool,
        keep_digest: str | None,
        old_cursor: int,
        generations: tuple[int, int],
    ) -> None:
        source = self.source
        today = None
        cacheable = not spec.transient
        if spec.kind == "today":
            today = keep_digest or source.latest()
            ids = source.digest_ids(today, spec)
            if keep_digest and not ids:
                # The digest being read was removed: Today moves to the newest one left.
                keep_digest, today = None, source.latest()
                ids = source.digest_ids(today, spec)
            cacheable = keep_digest is None
        else:
            ids = source.ids(spec)
        if reset:
            cursor = expected_cursor(ids, keep_id, reset=reset, old_cursor=old_cursor)
            window = window_around(source.library, ids, cursor, today)
        else:
            window = Window(ids, today=today)  # a refresh: the list fetches what changed itself
        window = replace(window, muted=source.muted(spec, today))
        if not get_current_worker().is_cancelled:
            data_generation, list_generation = generations
            self.post_message(
                self._IdsLoaded(
                    token, spec, window, keep_id, reset, data_generation, list_generation, cacheable
                )
            )

    @on(_IdsLoaded)
    def _ids_loaded(self, message: _IdsLoaded) -> None:
        message.stop()
        if message.cacheable:
            self.cache.remember(message.spec, message.window, message.data_generation)
        if message.token == self._token:
            self._apply(message.spec, message.window, message.keep_id, message.reset, message.list_generation)

    def _apply(
        self, spec: ViewSpec, window: Window, keep_id: int | None, reset: bool, list_generation: int
    ) -> None:
        ids = window.ids
        keep = keep_id if keep_id is not None else self.highlighted_id
        position = self.index_of(keep) if keep is not None else None
        if (
            not reset
            and spec.kind == "unread"
            and keep is not None
            and position is not None
            and keep not in ids
        ):
            # A paper read while it is highlighted stays until the user moves on (no jumping rows).
            ids = [*ids[:position], keep, *ids[position:]]
        if spec.kind == "today":
            # Moved on to a newer digest: keep the paper when it is in it too, else start at the top.
            reset = reset or (self.today_date is not None and window.today != self.today_date)
            self.today_date = window.today
            self._today_moving = False
        if window.rows or window.records:
            self.preload(window.rows, window.records, generation=list_generation)
        self.muted = window.muted
        # The queue as the list shows each paper's place in it.
        self.numbered = spec.kind == "queue"
        self.set_ids(ids, keep_id=keep, reset=reset)
        self.update_title()
        self._announce(self.Shown(spec))

    # -- the other views, fetched in the background ------------------------------------------------

    def schedule_prefetch(self, delay: float | None = None) -> None:
        """Fetch the named views that are not cached (or are behind) after ``delay`` seconds of quiet
        (0: now; a Textual timer of 0 seconds never fires)."""
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
            self._prefetch_timer = None
        delay = PREFETCH_DELAY if delay is None else delay
        if delay <= 0:
            self._prefetch()
        else:
            self._prefetch_timer = self.set_timer(delay, self._prefetch)

    def _prefetch(self) -> None:
        self._prefetch_timer = None
        wanted = self.cache.to_prefetch([self.with_sort(ViewSpec(kind=kind)) for kind in CACHED_VIEWS])
        if wanted:
            self._load_views(wanted, self.cache.generation, self.generation)

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def _load_views(self, specs: list[ViewSpec], data_generation: int, list_generation: int) -> None:
        worker = get_current_worker()
        source = self.source
        views: list[tuple[ViewSpec, Window]] = []
        for spec in specs:
            if worker.is_cancelled:
                return
            today = source.latest() if spec.kind == "today" else None
            ids = source.digest_ids(today, spec) if spec.kind == "today" else source.ids(spec)
            rows, records = source.top(ids)
            views.append((spec, Window(ids, rows, records, today=today, muted=source.muted(spec, today))))
        if not worker.is_cancelled:
            self.post_message(self._ViewsLoaded(views, data_generation, list_generation))

    @on(_ViewsLoaded)
    def _views_loaded(self, message: _ViewsLoaded) -> None:
        message.stop()
        for spec, window in message.views:
            self.cache.remember(spec, window, message.data_generation)
            self.preload(window.rows, window.records, generation=message.list_generation)
        first = not self._prefetched
        self._prefetched = True
        self.post_message(self.Prefetched(first))
