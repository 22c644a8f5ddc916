"""The main screen: coordinates the paper list, the detail pane and the reading queue.

Widgets display and post messages up; this screen runs every library call in a worker and sets
the results down. Reads run in thread workers. Writes and the change poll run, in order, on one
dedicated database thread: writes then apply in the order the keys were pressed, and SQLite's
``PRAGMA data_version`` (which only means something on one connection) sees other processes' commits.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from paper_tui.config import Config
from paper_tui.library import Library
from paper_tui.model import Link, PaperRecord, Row, View
from paper_tui.text import is_safe_url
from paper_tui.ui import clipboard
from paper_tui.ui.render import one_line
from paper_tui.ui.views import NAMED_VIEWS, ViewKind, ViewSpec
from paper_tui.ui.widgets.detail import PaperDetail
from paper_tui.ui.widgets.paper_list import PaperList
from paper_tui.ui.widgets.search_bar import SearchBar
from paper_tui.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    # Imported where first used, not at start: the first frame needs none of them (the dialogs,
    # the help screen, fetching and the inbox, export, the fuzzy title index: about 20 ms).
    from paper_tui.fetch import FetchResult
    from paper_tui.inbox import InboxReport
    from paper_tui.ui.screens.dialogs import ExportRequest, NoteDialog
    from paper_tui.ui.screens.help import Section
    from paper_tui.ui.titles import TitleIndex

T = TypeVar("T")

#: Results kept for a search or a "more like this" list.
SEARCH_LIMIT = 300
SIMILAR_LIMIT = 40
#: Seconds an as-you-type search may run before it returns the best hits so far.
SEARCH_TIME_LIMIT = 2.0
#: Seconds without a keystroke after which the quick (title and author) results give way to the full search.
FULL_SEARCH_DELAY = 0.3
#: Seconds after the last move before the selection is saved (holding j must not write per row).
SAVE_PLACE_DELAY = 0.4

#: Rows fetched with a view's ids, above and below where the cursor goes (a tall pane, wherever the
#: cursor sits in it), and full records of the papers next to it (the detail pane, then j and k).
ROWS_AROUND = 80
RECORDS_AROUND = 10
#: Named views whose ids are kept between visits (switching back is instant) and fetched in the
#: background after start; the views that a bookmark, read mark or queue change alters are dropped then.
CACHED_VIEWS: tuple[ViewKind, ...] = ("today", "all", "unread", "bookmarked", "queue")
FLAG_VIEWS = frozenset({"unread", "bookmarked", "queue"})
#: Digest views kept besides the named ones.
CACHED_DIGESTS = 4
#: Seconds of quiet after the library changed before the cached views are fetched again.
PREFETCH_DELAY = 1.5
#: Seconds after the first frame before the search index is opened and warmed in the background.
WARM_DELAY = 0.3
#: Seconds the first frame may wait for the library's first view (else it shows "Loading…" first).
FIRST_FRAME_WAIT = 0.2


def as_you_type(query: str) -> str:
    """The query to run while typing: the last word, when it is a plain word of 3+ letters, as a prefix."""
    stripped = query.rstrip()
    if stripped != query or not stripped:
        return stripped
    words = stripped.split()
    last = words[-1]
    bare = last.split(":", 1)[-1]
    if len(bare) >= 3 and bare.isalnum() and last.upper() not in ("AND", "OR", "NOT"):
        return stripped + "*"
    return stripped


@dataclass(frozen=True)
class Window:
    """What a list shows: its ids, and the rows and records fetched with them (``today``: the digest date
    a Today view shows). ``rows``/``records`` may be empty: the list fetches what it lacks."""

    ids: list[int]
    rows: dict[int, Row] = field(default_factory=dict)
    records: list[PaperRecord] = field(default_factory=list)
    today: str | None = None


@dataclass(frozen=True)
class _CachedView:
    window: Window
    data_generation: int


def window_around(library: Library, ids: list[int], cursor: int, today: str | None = None) -> Window:
    """``ids`` with the rows and records around ``cursor`` (call from a thread)."""
    rows = library.rows(ids[max(0, cursor - ROWS_AROUND) : cursor + ROWS_AROUND])
    records = library.papers(ids[max(0, cursor - RECORDS_AROUND) : cursor + RECORDS_AROUND + 1])
    return Window(ids, rows, records, today)


#: The search syntax, for the help screen (the README's table, shorter).
SEARCH_SYNTAX: list[tuple[str, str]] = [
    ("diffusion transformer", "both words, in title, abstract or authors (model finds models)"),
    ('"language models"', "the phrase"),
    ("a OR b, NOT c, (a OR b) AND c", "boolean logic"),
    ("diffu*", "prefix"),
    ("difusion~", "fuzzy (one edit)"),
    ("author:smith", "one field: title: abstract: author: category: id:"),
    ("date:2026-08", "the newest digest's date; a range: date:[2026-06-01 TO 2026-07-31]"),
]


class MainScreen(Screen[None]):
    """Paper list, detail and queue; every key of the reader that is not a movement key lives here."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Screen declares it an instance-style attribute
        (0, "-narrow"),
        (100, "-wide"),
        (170, "-ultrawide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = [
        # f1 also works while the search field has focus (where ? is typed).
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Show every key"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit (everything is already saved)"),
        # Priority: handled when the key arrives, so the keys typed right after it (a burst from tmux
        # or a fast typist) already go to the search field, and "esc j" already moves in the list.
        Binding(
            "slash",
            "search",
            "Search",
            id="search",
            priority=True,
            tooltip="Search the library as you type",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            id="back",
            priority=True,
            tooltip="Clear the search, go back",
        ),
        Binding("b", "bookmark", "Bookmark", id="bookmark", tooltip="Bookmark or unbookmark the paper"),
        Binding("a", "queue", "Queue", id="queue", tooltip="Add the paper to the queue or remove it"),
        Binding("x", "done", "Done", id="done", tooltip="Leave the queue and mark read"),
        Binding("r", "toggle_read", "Read", id="read", tooltip="Mark read or unread"),
        Binding(
            "A",
            "mark_all_read",
            "Mark all read",
            show=False,
            id="read_all",
            tooltip="Mark every paper of this list read (asks first)",
        ),
        Binding("y", "copy_link", "Copy link", id="copy_link", tooltip="Copy the paper's main link"),
        Binding("o", "open_link", "Open", id="open", tooltip="Open the main link in the browser"),
        Binding("n", "note", "Note", id="note", tooltip="Write a note on the paper"),
        Binding("m", "more_like", "More like", id="more_like", tooltip="Papers related to this one"),
        Binding("e", "export", "Export", id="export", tooltip="Export this view or the queue to a file"),
        Binding(
            "F",
            "fetch",
            "Fetch now",
            show=False,
            id="fetch",
            tooltip="Fetch new digests now (the sources in [fetch] of the config)",
        ),
        Binding(
            "Y",
            "copy_any_link",
            "Copy a link…",
            show=False,
            id="copy_any_link",
            tooltip="Pick a link to copy",
        ),
        Binding(
            "O",
            "open_any_link",
            "Open a link…",
            show=False,
            id="open_any_link",
            tooltip="Pick a link to open",
        ),
        Binding("c", "cite", "Copy BibTeX", show=False, id="cite", tooltip="Copy a BibTeX citation"),
        Binding(
            "J,shift+down",
            "queue_move(1)",
            "Queue down",
            show=False,
            id="queue_down",
            tooltip="Move the paper down the queue",
        ),
        Binding(
            "K,shift+up",
            "queue_move(-1)",
            "Queue up",
            show=False,
            id="queue_up",
            tooltip="Move the paper up the queue",
        ),
        Binding("1", "view('today')", "Today", show=False, id="view_today", tooltip="The newest digest"),
        Binding("2", "view('all')", "All", show=False, id="view_all", tooltip="Every paper, newest first"),
        Binding("3", "view('unread')", "Unread", show=False, id="view_unread", tooltip="Papers not read yet"),
        Binding(
            "4",
            "view('bookmarked')",
            "Bookmarked",
            show=False,
            id="view_bookmarked",
            tooltip="Bookmarked papers",
        ),
        Binding(
            "5",
            "view('queue')",
            "Queue view",
            show=False,
            id="view_queue",
            tooltip="The reading queue as the list",
        ),
        Binding("d", "pick_date", "Digest by date", show=False, id="view_date", tooltip="Open a past digest"),
    ]

    # -- messages from this screen's workers to itself -------------------------------------------

    class Started(Message):
        """The library is ready (seeded if it was empty); the saved place and what it shows first."""

        def __init__(
            self,
            view: ViewSpec,
            selected: int | None,
            theme: str | None,
            data_version: int,
            notes: list[tuple[str, str]],
            window: Window | None = None,
            queue: Window | None = None,
            latest: str | None = None,
            dates: list[str] | None = None,
        ) -> None:
            super().__init__()
            self.view = view
            self.selected = selected
            self.theme = theme
            self.data_version = data_version
            self.notes = notes
            self.window = window
            self.queue = queue
            self.latest = latest
            self.dates = dates or []

    class ViewLoaded(Message):
        """Ids for the paper list (with rows and records around where the cursor goes)."""

        def __init__(
            self,
            token: int,
            spec: ViewSpec,
            window: Window,
            keep_id: int | None,
            reset: bool,
            generations: tuple[int, int],
            cacheable: bool,
        ) -> None:
            super().__init__()
            self.token = token
            self.spec = spec
            self.window = window
            self.keep_id = keep_id
            self.reset = reset
            #: The library's and the list's generation when the worker started (what the data is as of).
            self.data_generation, self.list_generation = generations
            self.cacheable = cacheable

    class ViewsPrefetched(Message):
        """Ids of views not shown now, fetched in the background so that switching to them is instant."""

        def __init__(self, views: dict[ViewKind, Window], data_generation: int, list_generation: int) -> None:
            super().__init__()
            self.views = views
            self.data_generation = data_generation
            self.list_generation = list_generation

    class QueueLoaded(Message):
        """Ids of the reading queue, in order."""

        def __init__(self, ids: list[int]) -> None:
            super().__init__()
            self.ids = ids

    class CountsLoaded(Message):
        """Counts and digest dates for the status line."""

        def __init__(self, counts: dict[str, int], latest: str | None, dates: list[str]) -> None:
            super().__init__()
            self.counts = counts
            self.latest = latest
            self.dates = dates

    class DetailLoaded(Message):
        """One paper for the detail pane (None when it is gone)."""

        def __init__(
            self, paper_id: int, record: PaperRecord | None, title: str | None, abstract: str | None
        ) -> None:
            super().__init__()
            self.paper_id = paper_id
            self.record = record
            self.title = title
            self.abstract = abstract

    class SearchDone(Message):
        """Ranked ids for a query (or an error); ``full`` is False for the quick, title-only phase."""

        def __init__(
            self,
            token: int,
            query: str,
            ids: list[int],
            terms: frozenset[str],
            error: str | None = None,
            *,
            full: bool = True,
            window: Window | None = None,
            list_generation: int = 0,
        ) -> None:
            super().__init__()
            self.token = token
            self.query = query
            self.ids = ids
            self.terms = terms
            self.error = error
            self.full = full
            #: Rows and records of the first results (fetched by the search's worker).
            self.window = window
            self.list_generation = list_generation

    class IndexChecked(Message):
        """The search index was looked at after start: usable (and warmed), or missing or damaged
        (found at once, or by its checksums a moment later, after searches may have started)."""

        def __init__(self, usable: bool) -> None:
            super().__init__()
            self.usable = usable

    class IndexProgress(Message):
        """A rebuild of the search index has written ``done`` of ``total`` papers."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class IndexDone(Message):
        """A rebuild of the search index ended (``error`` when it failed)."""

        def __init__(self, count: int, seconds: float, error: str | None) -> None:
            super().__init__()
            self.count = count
            self.seconds = seconds
            self.error = error

    class FetchProgress(Message):
        """A fetch moved on to the next source (``hf 2026-08-03``, ``arxiv cs.CL``)."""

        def __init__(self, label: str) -> None:
            super().__init__()
            self.label = label

    class FetchDone(Message):
        """A fetch ended: one result per source, or an error that stopped it."""

        def __init__(self, results: list[FetchResult], error: str | None, scheduled: bool) -> None:
            super().__init__()
            self.results = results
            self.error = error
            self.scheduled = scheduled

    class InboxDone(Message):
        """One pass over the inbox folder ended (``report`` None when it failed with ``error``)."""

        def __init__(self, folder: Path, report: InboxReport | None, error: str | None = None) -> None:
            super().__init__()
            self.folder = folder
            self.report = report
            self.error = error

    # -- set-up ------------------------------------------------------------------------------

    def __init__(self, library: Library, config: Config) -> None:
        super().__init__()
        self.library = library
        self.config = config
        self.view = ViewSpec()
        self.base_view = ViewSpec()
        self.terms: frozenset[str] = frozenset()
        self.counts: dict[str, int] = {}
        self.latest: str | None = None
        #: The digest the Today view shows (it stays put when a newer one arrives while reading).
        self.today_date: str | None = None
        self._announced_digest: str | None = None
        self.dates: list[str] = []
        self.queue_ids: list[int] = []
        self.shown_id: int | None = None
        self.started = False
        self._view_token = 0
        self._search_token = 0
        self._full_search_token = 0
        self._full_search_timer: Timer | None = None
        self._pre_search_id: int | None = None
        self._mark_timer: Timer | None = None
        self._mark_handled: int | None = None
        self._save_timer: Timer | None = None
        self._saved_place: tuple[str | None, str | None] | None = None
        self._saved_theme: str | None = None
        self._data_version: int | None = None
        self._polling = False
        #: True while a fetch runs: one at a time.
        self.fetching = False
        self._fetch_moves_today = False
        self._today_moving = False
        #: The schedule_minutes timer (None when the config sets no schedule).
        self.fetch_timer: Timer | None = None
        self._inbox_busy = False
        self._inbox_error: str | None = None
        self._queue_active = False
        self._titles: TitleIndex | None = None
        self._border_titles: dict[Widget, str] = {}
        #: Bumped whenever the library changed (here or elsewhere): what cached data is as of.
        self._data_generation = 0
        self._view_cache: dict[str, _CachedView] = {}
        self._prefetch_timer: Timer | None = None
        self._gc_frozen = False
        #: The search index: "unknown" until checked after start, "rebuilding", "ready".
        self.index_state = "unknown"
        self.index_missing = False
        self._index_progress: tuple[int, int] | None = None
        # Set once the index is known to be usable (or being rebuilt beside a usable one): until
        # then a search worker waits, rather than start a rebuild of its own through the library.
        self._index_known = threading.Event()
        self._index_check_started = False
        #: A search has run (the index is warm without Library.warm).
        self._searched = False
        self._said_unavailable = False
        #: PaperList.moves when search results were last shown (did the user move since?).
        self._moves_at_results = 0
        self._fetch_activity = ""
        #: Papers in the exports under way (an export of 100,000 papers takes seconds).
        self._exporting = 0
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="paper-tui-db")
        try:
            self._app: App[Any] | None = self.app  # the database thread cannot look it up
        except RuntimeError:  # NoActiveAppError: built outside a running app
            self._app = None
        # Open the library and read what the first frame shows while Textual composes and lays out
        # the screen: SQLite works outside the GIL, and the first frame then waits for one message.
        self._starting = self._db.submit(self._start)

    def compose(self) -> ComposeResult:
        """Status line, the three panes, the footer."""
        yield StatusLine(id="status")
        with Grid(id="panes"):
            with Vertical(id="list-pane"):
                yield SearchBar(id="search")
                yield PaperList(
                    self.library.rows,
                    records=self.library.papers,
                    id="papers",
                    empty_text=self.view.empty_text(self._empty_text_keys),
                )
            yield PaperDetail(id="detail")
            yield PaperList(
                self.library.rows,
                records=self.library.papers,
                id="queue",
                numbered=True,
                empty_text=ViewSpec(kind="queue").empty_text(self._empty_text_keys),
            )
        yield Footer()

    @property
    def papers(self) -> PaperList:
        """The main paper list."""
        return self.query_one("#papers", PaperList)

    @property
    def queue_list(self) -> PaperList:
        """The queue pane."""
        return self.query_one("#queue", PaperList)

    @property
    def detail(self) -> PaperDetail:
        """The detail pane."""
        return self.query_one("#detail", PaperDetail)

    @property
    def search_bar(self) -> SearchBar:
        """The search field."""
        return self.query_one("#search", SearchBar)

    @property
    def active_list(self) -> PaperList:
        """The list the keys and the detail pane follow: the focused one, else the last one focused."""
        focused = self.focused
        if isinstance(focused, PaperList):
            # Focus is set at once; the focus event that updates the flag may still be queued.
            return focused
        return self.queue_list if self._queue_active else self.papers

    async def on_mount(self) -> None:
        """Focus the list; show the library's first view.

        The library has been read since the constructor (in parallel with Textual's set-up): when it
        answers within :data:`FIRST_FRAME_WAIT`, as it usually does, the first frame already shows the
        papers; otherwise an empty frame comes first and the papers a moment later.
        """
        self.search_bar.display = False
        self._set_border_title(self.papers, "Today")
        self._set_border_title(self.queue_list, "Queue")
        self._set_border_title(self.detail, "Paper")
        self.papers.focus()
        self._update_status()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        with contextlib.suppress(Exception):  # a failure is reported by _startup
            started = await asyncio.wait_for(
                asyncio.shield(asyncio.wrap_future(self._starting)), FIRST_FRAME_WAIT
            )
            self._started(started)
            return
        self.run_worker(self._startup(), group="startup", exit_on_error=False)

    def on_unmount(self) -> None:
        """Let queued writes finish before the library is closed."""
        for timer in (self._mark_timer, self._save_timer, self.fetch_timer, self._full_search_timer):
            if timer is not None:
                timer.stop()
        self._db.shutdown(wait=True)

    # -- the database thread -----------------------------------------------------------------

    async def _on_db(self, call: Callable[[], T]) -> T:
        """Run ``call`` on the database thread and wait for it without blocking the screen."""
        return await asyncio.get_running_loop().run_in_executor(self._db, call)

    def _write(self, call: Callable[[], object], failure: str, *, refresh: bool = True) -> None:
        """Apply one user action as its own library call, in order; refresh the panes afterwards."""
        self.run_worker(self._apply(call, failure, refresh), group="write", exit_on_error=False)

    async def _apply(self, call: Callable[[], object], failure: str, refresh: bool) -> None:
        try:
            await self._on_db(call)
        except Exception as error:
            self.app.notify(f"{failure}: {error}", severity="error", markup=False)
            self.refresh_data()  # show what the library holds, not what the key promised
            return
        if refresh:
            self.refresh_data(own=True)

    def _start(self) -> MainScreen.Started:
        """On the database thread, from the constructor: seed an empty library, read the saved place,
        and fetch what the first frame shows (the view's ids, rows and records; the queue)."""
        library = self.library
        version = library.data_version()
        state = library.reader_state()
        notes: list[tuple[str, str]] = []
        try:
            if library.will_seed() and self._app:
                self._app.notify("The library is empty: importing the bundled sample digest…", markup=False)
            results = library.ensure_seeded()
            if results:
                papers = sum(r.new + r.merged for r in results)
                days = ", ".join(sorted({r.date for r in results if r.date}))
                notes.append(
                    (
                        "information",
                        f"Imported the bundled sample: {papers} papers (digest {days or 'undated'}). "
                        "Add your own digests with `paper-tui import FILE`.",
                    )
                )
        except Exception as error:
            notes.append(("error", f"Could not import the bundled sample digest: {error}"))
        dates = library.digest_dates()
        latest = dates[0] if dates else None
        view = ViewSpec.from_meta(state.view) or ViewSpec()
        if view.kind == "digest" and view.digest_date not in dates:
            view = ViewSpec()
        selected = state.selected
        if view.kind == "today":
            ids = library.view_ids(View(digest_date=latest)) if latest else []
        else:
            ids = self._ids_for(view)
        cursor = PaperList.expected_cursor(ids, selected, reset=True)
        queue = library.queue()
        return MainScreen.Started(
            view,
            selected,
            state.theme,
            version,
            notes,
            window_around(library, ids, cursor, latest if view.kind == "today" else None),
            Window(queue, library.rows(queue[:ROWS_AROUND])),
            latest,
            dates,
        )

    async def _startup(self) -> None:
        try:
            started = await asyncio.wrap_future(self._starting)
        except Exception as error:
            gc.enable()  # run() turned it off until the first frame, which will not come now
            self.app.notify(f"Could not open the library: {error}", severity="error", markup=False)
            return
        self.post_message(started)

    @on(Started)
    def _started(self, message: Started) -> None:
        self.started = True
        self._data_version = message.data_version
        for severity, text in message.notes:
            self.app.notify(text, severity=severity, markup=False, timeout=8)  # type: ignore[arg-type]
        self._drain_notices()
        theme = message.theme or self.config.theme
        if theme and theme in self.app.available_themes:
            self._saved_theme = theme
            self.app.theme = theme
        elif self.config.theme and self.config.theme not in self.app.available_themes:
            self.app.notify(
                f"Unknown theme in the config file: {self.config.theme}", severity="warning", markup=False
            )
        self._saved_place = (message.view.to_meta(), str(message.selected) if message.selected else None)
        self.latest = message.latest
        self.dates = message.dates
        if message.queue is not None:
            self.queue_ids = message.queue.ids
            self.queue_list.preload(message.queue.rows)
            self.queue_list.set_ids(message.queue.ids)
        self.view = self.base_view = message.view
        if message.window is not None:
            self._remember_view(message.view, message.window, self._data_generation)
            self._apply_view(message.view, message.window, message.selected, True, self.papers.generation)
            # Now, not when the list's message arrives: the first frame may be painted before that.
            self.show_paper(self.papers.highlighted_id)
        else:
            self.load_view(message.view, keep_id=message.selected)
        self._fetch_counts()
        self.set_interval(self.config.poll_interval, self._poll)
        minutes = self.config.fetch.schedule_minutes
        if minutes > 0:
            self.fetch_timer = self.set_interval(minutes * 60, self._scheduled_fetch)
        self.call_after_refresh(self._first_frame_shown)
        # After the first frame: open and warm the search index (or rebuild it when it is missing),
        # then fetch the other views' ids, so that the first search and the first switch are quick.
        self.set_timer(WARM_DELAY, self._warm_up)

    def _first_frame_shown(self) -> None:
        self._freeze_garbage()
        gc.enable()  # run() turned it off for the start-up

    def _freeze_garbage(self) -> None:
        """What is alive now lives as long as the reader (widgets, styles, caches, modules): leave it out
        of Python's full collections, which otherwise scan it all again every few seconds of use (80 to
        110 ms at 100,000 papers: a frozen frame). Not in headless tests, where many apps share one
        process and would never be collected."""
        if not self.app.is_headless:
            gc.freeze()

    def _drain_notices(self) -> None:
        for notice in self.library.notices.take():
            self.app.notify(notice, severity="warning", markup=False, timeout=8)

    # -- loading -----------------------------------------------------------------------------

    def load_view(self, spec: ViewSpec, keep_id: int | None = None) -> None:
        """Switch the paper list to a view (keeping ``keep_id`` highlighted when it is in it).

        A view whose ids are cached is shown at once; when the library changed since they were
        fetched, they are fetched again behind it (the list then changes only where they differ).
        """
        self._view_token += 1
        self._today_moving = False
        self.view = spec
        if not spec.transient:
            self.base_view = spec
            self.terms = frozenset()
        cached = self._cached_view(spec)
        if cached is None:
            # The list still shows the view before; the new one's count is not known yet.
            self._update_status(pending=True)
            self._fetch_view(self._view_token, spec, keep_id, True)
        else:
            self._apply_view(spec, cached.window, keep_id, True, self.papers.generation)
            if cached.data_generation != self._data_generation:
                self._fetch_view(self._view_token, spec, None, False, newest=True)
        self._schedule_save_place()

    def _cached_view(self, spec: ViewSpec) -> _CachedView | None:
        if spec.kind == "queue" and self.started:
            # The queue's order is kept here as the user changes it: always current.
            return _CachedView(Window(list(self.queue_ids)), self._data_generation)
        key = spec.to_meta()
        return self._view_cache.get(key) if key is not None else None

    def _remember_view(self, spec: ViewSpec, window: Window, data_generation: int) -> None:
        key = spec.to_meta()
        if key is None or spec.kind == "queue":
            return
        cached = self._view_cache.get(key)
        if cached is not None and cached.data_generation > data_generation:
            return
        self._view_cache.pop(key, None)
        self._view_cache[key] = _CachedView(Window(window.ids, today=window.today), data_generation)
        digests = [k for k in self._view_cache if k.startswith("digest:")]
        for old in digests[:-CACHED_DIGESTS]:
            del self._view_cache[old]

    def _ids_for(self, spec: ViewSpec) -> list[int]:
        view = spec.store_view()
        if view is not None:
            return self.library.view_ids(view)
        if spec.kind == "similar" and spec.paper_id is not None:
            if self._wait_for_index() is not None:
                return []
            return [hit.paper_id for hit in self.library.more_like(spec.paper_id, SIMILAR_LIMIT)]
        return []

    def _fetch_view(
        self, token: int, spec: ViewSpec, keep_id: int | None, reset: bool, newest: bool = False
    ) -> None:
        """Fetch a view's ids in a worker (with rows and records around the cursor for a new view)."""
        papers = self.papers
        keep = keep_id if keep_id is not None else papers.highlighted_id
        generations = (self._data_generation, papers.generation)
        self._load_view_ids(token, spec, keep, reset, newest, papers.cursor, generations)

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def _load_view_ids(
        self,
        token: int,
        spec: ViewSpec,
        keep_id: int | None,
        reset: bool,
        newest: bool,
        old_cursor: int,
        generations: tuple[int, int],
    ) -> None:
        today = None
        cacheable = not spec.transient
        if spec.kind == "today":
            # A refresh keeps the digest being read; choosing Today again (or fetching) moves to a newer one.
            keep_digest = not reset and not newest and self.today_date
            today = self.today_date if keep_digest else self.library.latest_date()
            ids = self.library.view_ids(View(digest_date=today)) if today else []
            cacheable = not keep_digest
        else:
            ids = self._ids_for(spec)
        if reset:
            cursor = PaperList.expected_cursor(ids, keep_id, reset=reset, old_cursor=old_cursor)
            window = window_around(self.library, ids, cursor, today)
        else:
            window = Window(ids, today=today)  # a refresh: the list fetches what changed itself
        if not get_current_worker().is_cancelled:
            self.post_message(self.ViewLoaded(token, spec, window, keep_id, reset, generations, cacheable))

    @on(ViewLoaded)
    def _view_loaded(self, message: ViewLoaded) -> None:
        if message.cacheable:
            self._remember_view(message.spec, message.window, message.data_generation)
        if message.token != self._view_token:
            return
        window, generation = message.window, message.list_generation
        self._apply_view(message.spec, window, message.keep_id, message.reset, generation)

    def _apply_view(
        self, spec: ViewSpec, window: Window, keep_id: int | None, reset: bool, list_generation: int
    ) -> None:
        papers = self.papers
        ids = window.ids
        keep = keep_id if keep_id is not None else papers.highlighted_id
        position = papers.index_of(keep) if keep is not None else None
        if (
            not reset
            and spec.kind == "unread"
            and keep is not None
            and position is not None
            and keep not in set(ids)
        ):
            # A paper read while it is highlighted stays until the user moves on (no jumping rows).
            ids = [*ids[:position], keep, *ids[position:]]
        if spec.kind == "today":
            # Moved on to a newer digest: keep the paper when it is in it too, else start at the top.
            reset = reset or (self.today_date is not None and window.today != self.today_date)
            self.today_date = window.today
            self._today_moving = False
        if window.rows or window.records:
            papers.preload(window.rows, window.records, generation=list_generation)
        papers.set_ids(ids, keep_id=keep, reset=reset)
        self._update_titles()
        self._say_newer_digest()

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def _fetch_queue(self) -> None:
        ids = self.library.queue()
        if not get_current_worker().is_cancelled:
            self.post_message(self.QueueLoaded(ids))

    @on(QueueLoaded)
    def _queue_loaded(self, message: QueueLoaded) -> None:
        self.queue_ids = message.ids
        self.queue_list.set_ids(message.ids)
        self._update_titles()

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _fetch_counts(self) -> None:
        library = self.library
        counts, latest, dates = library.counts(), library.latest_date(), library.digest_dates()
        if not get_current_worker().is_cancelled:
            self.post_message(self.CountsLoaded(counts, latest, dates))

    @on(CountsLoaded)
    def _counts_loaded(self, message: CountsLoaded) -> None:
        self.counts = message.counts
        self.latest = message.latest
        self.dates = message.dates
        self._update_status()
        self._say_newer_digest()

    def _say_newer_digest(self) -> None:
        """Once per new date: a digest newer than the one Today shows has arrived."""
        latest = self.latest
        if self._fetch_moves_today or self._today_moving:
            return  # the fetch the user asked for moves Today there
        if (
            self.view.kind == "today"
            and self.today_date
            and latest
            and latest > self.today_date
            and latest != self._announced_digest
        ):
            self._announced_digest = latest
            self.app.notify(f"A new digest arrived ({latest}): press 1 to read it.", markup=False, timeout=8)

    def refresh_data(self, *, newest: bool = False, own: bool = False) -> None:
        """The library changed (here or in another process): reload everything shown, keeping places.

        ``newest`` (after a fetch the user asked for) moves Today to the newest digest; otherwise
        Today stays on the digest being read and a newer one is announced. ``own``: after the user's
        own change (a bookmark, a read mark, the queue, a note), already shown: only the rows, the
        queue, the counts and the paper are read again to confirm it, and the list's ids only when its
        view depends on those marks. A widget repaints only where the confirmation differs.
        """
        self._data_generation += 1
        if own:
            for key, cached in list(self._view_cache.items()):
                if key in FLAG_VIEWS:
                    del self._view_cache[key]
                else:  # marks do not change which papers Today, All or a digest hold
                    self._view_cache[key] = _CachedView(cached.window, self._data_generation)
        else:
            self._titles = None
        self.papers.invalidate()
        self.queue_list.invalidate()
        if not self.view.transient and (not own or self.view.kind in FLAG_VIEWS):
            if newest and self.view.kind == "today":
                # Until the list has moved: a refresh in between (the poll) must not keep it back.
                self._today_moving = True
            self._fetch_view(self._view_token, self.view, None, False, self._today_moving)
        self._fetch_queue()
        self._fetch_counts()
        if self.shown_id is not None:
            self._fetch_detail(self.shown_id, self._terms_for_detail())
        self._schedule_prefetch()

    # -- views fetched in the background -----------------------------------------------------

    def _schedule_prefetch(self, delay: float = PREFETCH_DELAY) -> None:
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(delay, self._prefetch)

    def _prefetch(self) -> None:
        """Fetch the ids of the named views that are not cached (or are out of date) in a worker."""
        self._prefetch_timer = None
        wanted = [
            ViewSpec(kind=kind)
            for kind in CACHED_VIEWS
            if kind != "queue"
            and (
                (cached := self._view_cache.get(kind)) is None
                or cached.data_generation != self._data_generation
            )
        ]
        if wanted:
            self._prefetch_views(wanted, self._data_generation, self.papers.generation)

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def _prefetch_views(self, specs: list[ViewSpec], data_generation: int, list_generation: int) -> None:
        worker = get_current_worker()
        views: dict[ViewKind, Window] = {}
        for spec in specs:
            if worker.is_cancelled:
                return
            today = self.library.latest_date() if spec.kind == "today" else None
            ids = self._ids_for(ViewSpec(kind="digest", digest_date=today) if today else spec)
            # The rows at the top too: a switch that lands there has nothing left to fetch.
            views[spec.kind] = Window(ids, self.library.rows(ids[:ROWS_AROUND]), today=today)
        if not worker.is_cancelled:
            self.post_message(self.ViewsPrefetched(views, data_generation, list_generation))

    @on(ViewsPrefetched)
    def _views_prefetched(self, message: ViewsPrefetched) -> None:
        for kind, window in message.views.items():
            self._remember_view(ViewSpec(kind=kind), window, message.data_generation)
            self.papers.preload(window.rows, generation=message.list_generation)
        if not self._gc_frozen:
            self._gc_frozen = True  # the index and the views' ids are loaded: start-up is over
            self._freeze_garbage()

    # -- the status line and titles ----------------------------------------------------------

    def _update_status(self, *, pending: bool = False) -> None:
        status = self.query_one(StatusLine)
        count = None  # unknown until the list has loaded: the status line keeps what it shows
        if pending:
            count = "…"
        elif self.papers.loaded:
            count = self._view_count()
        status.set_status(
            view_label=self._view_label(),
            view_count=count,
            counts=self.counts,
            digest_date=self.latest,
        )

    def _say(self, text: str) -> None:
        """What a key did, in the status line for a few seconds (literal text)."""
        self.query_one(StatusLine).show_note(text)

    def _set_activity(self, text: str) -> None:
        """The fetch's part of the status line's work under way (the index rebuild has the other)."""
        self._fetch_activity = text
        self._show_activity()

    def _show_activity(self) -> None:
        parts = [self._fetch_activity] if self._fetch_activity else []
        if self._exporting:
            parts.append(f"Exporting {self._exporting:,} papers…")
        if self.index_state == "rebuilding":
            progress = self._index_progress
            if progress is None or not progress[1]:
                parts.append("Indexing…")
            else:
                parts.append(f"Indexing {progress[0]:,}/{progress[1]:,}…")
        self.query_one(StatusLine).set_activity(" · ".join(parts))

    def _view_label(self) -> str:
        if self.view.kind == "today" and self.today_date and self.latest and self.today_date != self.latest:
            return f"Today ({self.today_date})"
        return self.view.label

    def _view_count(self) -> str:
        """How many papers the list shows; a search that kept only its best ``SEARCH_LIMIT`` says
        that more match ("300+")."""
        count = self.papers.count
        capped = self.view.kind == "search" and count >= SEARCH_LIMIT
        return f"{count:,}+" if capped else f"{count:,}"

    def _update_titles(self) -> None:
        # The list's title and what it says when empty follow the view it shows.
        self.papers.empty_text = self.view.empty_text(self._empty_text_keys)
        self._set_border_title(self.papers, f"{self._view_label()} · {self._view_count()}")
        self._set_border_title(self.queue_list, f"Queue · {len(self.queue_ids)}")
        self._update_status()

    def _set_border_title(self, widget: Widget, title: str) -> None:
        """Set a pane's title (literal text); unchanged, it is left alone (setting one repaints the pane)."""
        if self._border_titles.get(widget) != title:
            self._border_titles[widget] = title
            widget.border_title = Content(title)

    # -- the highlighted paper and the detail pane -------------------------------------------

    def _focus(self, widget: Widget) -> None:
        """Focus now, not after the keys already queued: in "/diff" or "esc j" they go to the new widget."""
        self.set_focus(widget)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """The detail pane follows the list that last had focus."""
        widget = event.widget
        if isinstance(widget, PaperList):
            queue_active = widget is self.queue_list
            if queue_active != self._queue_active:
                self._queue_active = queue_active
                self.show_paper(widget.highlighted_id)

    @on(PaperList.Highlighted)
    async def _highlighted(self, message: PaperList.Highlighted) -> None:
        if message.paper_list is self.papers:
            self._schedule_save_place()
        if message.paper_list is self.active_list and self.show_paper(message.paper_id):
            # The detail pane's new text needs a layout, which its widget asks this screen for when
            # it is next idle: give it that turn before this screen goes idle and paints, so that the
            # cursor and the paper go out in one frame (else the layout waits for the next frame).
            await asyncio.sleep(0)

    @on(PaperList.Selected)
    def _selected(self, message: PaperList.Selected) -> None:
        self._focus(self.detail)

    def _terms_for_detail(self) -> frozenset[str]:
        return self.terms if self.view.kind == "search" and not self._queue_active else frozenset()

    def show_paper(self, paper_id: int | None) -> bool:
        """Show a paper in the detail pane: at once from the list's records around the cursor, else
        loaded in a worker (a jump far away, or the library changed a moment ago). True when the
        pane changed now."""
        if paper_id != self.shown_id:
            self._stop_mark_timer()
            self._mark_handled = None
        self.shown_id = paper_id
        if paper_id is None:
            self.detail.show_message(
                "Nothing to show." if self.papers.loaded else "Loading…",
            )
            self._set_border_title(self.detail, "Paper")
            return True
        terms = self._terms_for_detail()
        record = self.active_list.record(paper_id)
        if record is None:
            self._fetch_detail(paper_id, terms)
            return False
        for worker in self.workers:
            if worker.group == "detail":
                worker.cancel()  # an older miss must not land after this
        title = abstract = None
        if terms:
            # Whoosh's analyser, already imported by the search that made these terms: well under 1 ms.
            title = self.library.highlight(record.title, set(terms), "title")
            abstract = self.library.highlight(record.abstract, set(terms), "abstract")
        self._show_record(record, title, abstract)
        return True

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _fetch_detail(self, paper_id: int, terms: frozenset[str]) -> None:
        library = self.library
        record = library.paper(paper_id)
        title = abstract = None
        if record is not None and terms:
            title = library.highlight(record.title, set(terms), "title")
            abstract = library.highlight(record.abstract, set(terms), "abstract")
        if not get_current_worker().is_cancelled:
            self.post_message(self.DetailLoaded(paper_id, record, title, abstract))

    @on(DetailLoaded)
    def _detail_loaded(self, message: DetailLoaded) -> None:
        if message.paper_id != self.shown_id:
            return
        record = message.record
        if record is None:
            self.detail.show_message("This paper is no longer in the library.")
            return
        self._show_record(record, message.title, message.abstract)

    def _show_record(self, record: PaperRecord, title: str | None, abstract: str | None) -> None:
        self.detail.show_paper(record, title, abstract)
        self._set_border_title(self.detail, f"Paper #{record.id}")
        self._start_mark_timer(record)

    # -- marking read after a while ----------------------------------------------------------

    def _start_mark_timer(self, record: PaperRecord) -> None:
        delay = self.config.mark_read_after
        if delay <= 0 or record.read or self._mark_handled == record.id:
            return
        self._mark_handled = record.id
        self._mark_timer = self.set_timer(delay, lambda: self._mark_read_due(record.id))

    def _stop_mark_timer(self) -> None:
        if self._mark_timer is not None:
            self._mark_timer.stop()
            self._mark_timer = None

    def _mark_read_due(self, paper_id: int) -> None:
        self._mark_timer = None
        if self.shown_id != paper_id:
            return
        self._set_local(paper_id, read=True)
        library = self.library
        self._write(lambda: library.mark_read([paper_id], True), "Could not mark the paper read")

    # -- place and theme persistence ---------------------------------------------------------

    def _place(self) -> tuple[str | None, str | None]:
        selected = self.papers.highlighted_id if not self.view.transient else None
        return self.base_view.to_meta(), str(selected) if selected is not None else None

    def _schedule_save_place(self) -> None:
        if not self.started:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_PLACE_DELAY, self._save_place)

    def _save_place(self) -> None:
        self._save_timer = None
        place = self._place()
        if place == self._saved_place:
            return
        self._saved_place = place
        self._write(self._place_writer(place), "Could not save the place", refresh=False)

    def _place_writer(self, place: tuple[str | None, str | None]) -> Callable[[], None]:
        library = self.library
        view, selected = place

        def write() -> None:
            library.save_reader_state(view=view, selected=int(selected) if selected else None)

        return write

    async def save_now(self) -> None:
        """Write the place (view and selection) now and wait for every queued write."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        place = self._place()
        if self.started and place != self._saved_place:
            self._saved_place = place
            with contextlib.suppress(Exception):
                await self._on_db(self._place_writer(place))
        else:
            await self._on_db(lambda: None)

    def _theme_changed(self, theme: Theme) -> None:
        if not self.started or theme.name == self._saved_theme:
            return
        self._saved_theme = theme.name
        library = self.library
        self._write(
            lambda: library.save_reader_state(theme=theme.name), "Could not save the theme", refresh=False
        )

    # -- polling for other processes' changes ------------------------------------------------

    def _poll(self) -> None:
        if self._polling or not self.started:
            return
        self._polling = True
        self.run_worker(self._poll_once(), group="poll", exit_on_error=False)

    async def _poll_once(self) -> None:
        """Other processes' commits, then the inbox folder (a listing; an import only when it holds files)."""
        try:
            await self._check_version()
            # Not while the index is rebuilt: papers written into the old one would miss the new one.
            if not self._inbox_busy and self.index_state != "rebuilding":
                folder = self.inbox_folder()
                self._inbox_busy = True
                try:
                    waiting = await asyncio.to_thread(_inbox_has_files, folder)
                except Exception:
                    waiting = False
                if waiting:
                    self._import_inbox(folder)
                else:
                    self._inbox_busy = False
        finally:
            self._polling = False

    async def _check_version(self) -> None:
        try:
            version = await self._on_db(self.library.data_version)
        except Exception:
            return
        if self._data_version is not None and version != self._data_version:
            self.refresh_data()
        self._data_version = version

    # -- the search index: warmed after start, rebuilt with progress when missing or asked ------

    def _warm_up(self) -> None:
        self._start_index_check()
        self._schedule_prefetch()

    def _start_index_check(self) -> None:
        """Look at the index now (once): after the first frame, or at the first search if sooner."""
        if not self._index_check_started:
            self._index_check_started = True
            self._check_index()

    @work(thread=True, group="index", exit_on_error=False)
    def _check_index(self) -> None:
        """Open the index (searches wait for this, not for more), compare its files with their
        checksums, and run one query so that the first search is warm (unless a search has started:
        it warms it). A damaged index is rebuilt with progress, whenever the damage is found."""
        library = self.library
        library.take_over_index_check()  # searches do not wait for the checksums
        try:
            usable = library.index_usable()
        except Exception:
            usable = True  # a search will say what is wrong
        self.post_message(self.IndexChecked(usable))
        if not usable:
            return
        try:
            damage = library.index_damage()
        except Exception:
            damage = None
        if damage is not None:
            self.post_message(self.IndexChecked(False))
        elif not self._searched:
            with contextlib.suppress(Exception):
                library.warm()

    @on(IndexChecked)
    def _index_checked(self, message: IndexChecked) -> None:
        if message.usable:
            if self.index_state == "unknown":
                self.index_state = "ready"
                self._index_known.set()
        elif self.index_state != "rebuilding":
            self.app.notify(
                "The search index is missing or damaged: rebuilding it from the library. "
                "Everything but search works meanwhile.",
                severity="warning",
                markup=False,
                timeout=8,
            )
            self._start_reindex(missing=True)

    def action_reindex(self) -> None:
        """Rebuild the search index from the library, in the background."""
        if self.index_state == "rebuilding":
            self.app.notify("The search index is already being rebuilt.", markup=False, timeout=3)
            return
        if self.fetching or self._inbox_busy:
            # Papers a fetch writes into the old index meanwhile would be missing from the new one.
            self.app.notify(
                "A fetch or an inbox import is running: rebuild the index when it is done.",
                severity="warning",
                markup=False,
                timeout=4,
            )
            return
        self._start_reindex(missing=False)

    def _start_reindex(self, *, missing: bool) -> None:
        self.index_state = "rebuilding"
        #: The old index is unusable: searches wait for the new one (else they use the old one).
        self.index_missing = missing
        self._said_unavailable = False
        if missing:
            self._index_known.clear()
        else:
            self._index_known.set()
        self._index_progress = (0, self.counts.get("papers", 0))
        self._show_activity()
        self._reindex()

    @work(thread=True, group="reindex", exit_on_error=False)
    def _reindex(self) -> None:
        from paper_tui.reindex_child import ReindexCancelled, run_reindex

        started = time.monotonic()
        library = self.library

        def progress(done: int, total: int) -> None:
            self.post_message(self.IndexProgress(done, total))

        try:
            count = run_reindex(library.paths, progress, get_current_worker().cancelled_event)
            # The child swapped the new index in: the next search opens it.
            library.close_index()
            message = self.IndexDone(count, time.monotonic() - started, None)
        except ReindexCancelled:
            return
        except Exception as error:
            message = self.IndexDone(0, time.monotonic() - started, str(error))
        self.post_message(message)

    @on(IndexProgress)
    def _index_progress_made(self, message: IndexProgress) -> None:
        if self.index_state == "rebuilding":
            self._index_progress = (message.done, message.total)
            self._show_activity()

    @on(IndexDone)
    def _index_done(self, message: IndexDone) -> None:
        self.index_state = "ready"
        self.index_missing = False
        self._index_progress = None
        self._index_known.set()
        self._show_activity()
        self._drain_notices()
        if message.error is not None:
            self.app.notify(
                f"Could not rebuild the search index: {message.error}", severity="error", markup=False
            )
            return
        self.app.notify(
            f"Search index rebuilt: {message.count:,} papers in {_duration(message.seconds)}.",
            markup=False,
            timeout=6,
        )

    def _search_unavailable(self) -> str | None:
        """Why search cannot run now (the index is being rebuilt from nothing), or None."""
        if self.index_state == "rebuilding" and self.index_missing:
            done, total = self._index_progress or (0, 0)
            progress = f" ({done:,}/{total:,})" if total else ""
            return f"Search is back when the index is rebuilt{progress}."
        return None

    # -- the inbox folder and fetching -------------------------------------------------------

    def inbox_folder(self) -> Path:
        """The inbox the reader imports from: ``[fetch] inbox``, else ``<data dir>/inbox``."""
        return self.config.fetch.inbox_dir(self.library.paths)

    @work(thread=True, group="inbox", exit_on_error=False)
    def _import_inbox(self, folder: Path) -> None:
        from paper_tui import sync as fetching

        try:
            run = fetching.run_inbox(self.library, folder)
            for notice in run.notices:  # said by _inbox_done
                self.library.notices.add(notice)
            message = self.InboxDone(folder, run.report)
        except Exception as error:
            message = self.InboxDone(folder, None, f"{type(error).__name__}: {error}")
        self.post_message(message)

    @on(InboxDone)
    def _inbox_done(self, message: InboxDone) -> None:
        self._inbox_busy = False
        self._drain_notices()
        report = message.report
        if report is None:
            error = f"Could not import the inbox ({message.folder}): {message.error}"
            if error != self._inbox_error:  # said once, not at every poll
                self._inbox_error = error
                self.app.notify(error, severity="error", markup=False, timeout=10)
            return
        self._inbox_error = None
        from paper_tui import sync as fetching

        imported, failed = fetching.inbox_lines(message.folder, report)
        for line in imported:
            self.app.notify(line, markup=False, timeout=8)
        for line in failed:
            self.app.notify(line, severity="error", markup=False, timeout=12)
        if report.imported:
            self.refresh_data()

    def action_fetch(self) -> None:
        """Fetch new digests now (the [fetch] sources), in the background."""
        if self.fetching:
            self.app.notify("A fetch is already running.", markup=False, timeout=3)
            return
        if self.index_state == "rebuilding":
            # Papers written into the old index meanwhile would be missing from the new one.
            self.app.notify(
                "The search index is being rebuilt: fetch when it is done.", markup=False, timeout=4
            )
            return
        self._start_fetch(scheduled=False)

    def _scheduled_fetch(self) -> None:
        if not self.fetching and self.index_state != "rebuilding":
            self._start_fetch(scheduled=True)

    def _start_fetch(self, *, scheduled: bool) -> None:
        self.fetching = True
        self._fetch_moves_today = not scheduled
        self._set_activity("Fetching…")
        self._fetch(scheduled)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _fetch(self, scheduled: bool) -> None:
        from paper_tui import sync as fetching

        worker = get_current_worker()
        try:
            run = fetching.run_fetch(
                self.library,
                self.config.fetch,
                on_source=lambda label: self.post_message(self.FetchProgress(label)),
                cancelled=worker.cancelled_event,
            )
            for notice in run.notices:  # said by _fetch_done
                self.library.notices.add(notice)
            message = self.FetchDone(run.results, None, scheduled)
        except Exception as error:
            message = self.FetchDone([], f"{type(error).__name__}: {error}", scheduled)
        self.post_message(message)

    @on(FetchProgress)
    def _fetch_progress(self, message: FetchProgress) -> None:
        if self.fetching:
            self._set_activity(f"Fetching {message.label}…")

    @on(FetchDone)
    def _fetch_done(self, message: FetchDone) -> None:
        self.fetching = False
        self._fetch_moves_today = False
        self._set_activity("")
        self._drain_notices()
        if message.error is not None:
            self.app.notify(f"Fetch failed: {message.error}", severity="error", markup=False, timeout=10)
            return
        from paper_tui import sync as fetching

        summary, errors = fetching.fetch_summary(message.results)
        if errors:
            self.app.notify(
                "\n".join(errors),
                severity="error" if summary is None else "warning",
                markup=False,
                timeout=12,
            )
        changed = any(r.result and (r.result.new or r.result.merged) for r in message.results)
        if summary is not None and (changed or not message.scheduled):
            self.app.notify(summary, markup=False, timeout=8)
        if any(r.result for r in message.results):
            self.refresh_data(newest=not message.scheduled)

    # -- the current paper -------------------------------------------------------------------

    def current_id(self) -> int | None:
        """The paper the keys act on: the highlighted one in the list the detail pane follows.

        Read from the list itself, not from the detail pane: keys typed in a burst (j j b) must act
        on the row the cursor is on even before the detail pane has caught up.
        """
        return self.active_list.highlighted_id

    def _current_record(self) -> PaperRecord | None:
        record = self.detail.record
        if record is not None and record.id == self.current_id():
            return record
        return None

    def _need_paper(self) -> int | None:
        paper_id = self.current_id()
        if paper_id is None:
            self.app.notify("No paper is highlighted.", severity="warning", markup=False, timeout=3)
        return paper_id

    def _with_record(self, then: Callable[[PaperRecord], object]) -> None:
        """Call ``then`` with the current paper's record (loading it in a worker when the pane lags)."""
        paper_id = self._need_paper()
        if paper_id is None:
            return
        record = self._current_record()
        if record is not None:
            then(record)
        else:
            self.run_worker(self._load_then(paper_id, then), group="record", exit_on_error=False)

    async def _load_then(self, paper_id: int, then: Callable[[PaperRecord], object]) -> None:
        record = await asyncio.to_thread(self.library.paper, paper_id)
        if record is None:
            self.app.notify("This paper is no longer in the library.", severity="warning", markup=False)
        else:
            then(record)

    def _with_state(self, field: str, then: Callable[[int, bool], object]) -> None:
        """Call ``then(paper_id, value of field)`` for the current paper (read, bookmarked or queued)."""
        paper_id = self._need_paper()
        if paper_id is None:
            return
        row = self.active_list.row(paper_id) or self.papers.row(paper_id) or self.queue_list.row(paper_id)
        if row is not None:
            then(paper_id, bool(getattr(row, field)))
            return

        def from_record(record: PaperRecord) -> None:
            value = record.queue_position is not None if field == "queued" else bool(getattr(record, field))
            then(record.id, value)

        self._with_record(from_record)

    def _set_local(self, paper_id: int, **changes: Any) -> None:
        """Show a change at once (rows, detail, counts); the refresh after the write confirms it."""
        record = self.detail.record if self.detail.record and self.detail.record.id == paper_id else None
        before = self.papers.row(paper_id) or self.queue_list.row(paper_id)
        was: dict[str, bool] = {}
        if before is not None:
            was = {"read": before.read, "bookmarked": before.bookmarked, "queued": before.queued}
        elif record is not None:
            queued = record.queue_position is not None
            was = {"read": record.read, "bookmarked": record.bookmarked, "queued": queued}
        fields = {k: v for k, v in changes.items() if k in ("read", "bookmarked")}
        if "queued" in changes:
            position = record.queue_position if record is not None else None
            if changes["queued"]:
                fields["queue_position"] = position if position is not None else len(self.queue_ids) + 1
            else:
                fields["queue_position"] = None
        for paper_list in (self.papers, self.queue_list):
            paper_list.patch_row(paper_id, **changes)
            paper_list.patch_record(paper_id, **fields)
        if record is not None:
            self.detail.show_paper(replace(record, **fields))
        if was and self.counts:
            # The status line's counts move with the key; the recount after the write confirms them.
            counts = dict(self.counts)
            for field, key, step in (
                ("read", "unread", -1),
                ("bookmarked", "bookmarked", 1),
                ("queued", "queued", 1),
            ):
                if field in changes and field in was and bool(changes[field]) != was[field]:
                    counts[key] = max(0, counts.get(key, 0) + (step if changes[field] else -step))
            if counts != self.counts:
                self.counts = counts
                self._update_status()

    # -- actions: user state -----------------------------------------------------------------

    def action_bookmark(self) -> None:
        """Toggle the bookmark."""
        self._with_state("bookmarked", self._toggle_bookmark)

    def _toggle_bookmark(self, paper_id: int, bookmarked: bool) -> None:
        on = not bookmarked
        self._set_local(paper_id, bookmarked=on)
        library = self.library
        self._write(lambda: library.bookmark([paper_id], on), "Could not change the bookmark")

    def action_toggle_read(self) -> None:
        """Toggle read/unread (marking unread stops the mark-read timer for this paper)."""
        self._with_state("read", self._toggle_read)

    def _toggle_read(self, paper_id: int, read: bool) -> None:
        on = not read
        if paper_id == self.shown_id:
            self._stop_mark_timer()
            self._mark_handled = paper_id
        self._set_local(paper_id, read=on)
        library = self.library
        self._write(lambda: library.mark_read([paper_id], on), "Could not change the read mark")

    def action_mark_all_read(self) -> None:
        """Mark every paper of the list read, once the user says yes (a day's digest after triage)."""
        ids = list(self.papers.ids)
        if not ids:
            self._say("No papers here to mark read")
            return
        label = self._view_label()

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self._stop_mark_timer()
            library = self.library
            self._say(f"Marked {len(ids):,} papers read: {label}")
            self._write(lambda: library.mark_read(ids, True), "Could not mark the papers read")

        from paper_tui.ui.screens.dialogs import ConfirmDialog

        noun = "paper" if len(ids) == 1 else f"{len(ids):,} papers"
        self.app.push_screen(ConfirmDialog(f"Mark the {noun} of {label} read?"), answered)

    def action_queue(self) -> None:
        """Add the paper to the end of the queue, or remove it."""
        self._with_state("queued", self._toggle_queue)

    def _toggle_queue(self, paper_id: int, queued: bool) -> None:
        library = self.library
        title = self._title(paper_id)
        if queued:
            self._set_local(paper_id, queued=False)
            self.queue_ids = [i for i in self.queue_ids if i != paper_id]
            self.queue_list.set_ids(self.queue_ids)
            self._say(f"Removed from the queue: {title}")
            self._write(lambda: library.queue_remove([paper_id]), "Could not change the queue")
        else:
            self._set_local(paper_id, queued=True)
            self.queue_ids = [*self.queue_ids, paper_id]
            row, record = self.papers.row(paper_id), self.papers.record(paper_id)
            if row is not None:  # the queue pane shows it in this frame, not after a fetch
                self.queue_list.preload({paper_id: row}, [record] if record is not None else [])
            self.queue_list.set_ids(self.queue_ids)
            self._say(f"Queued (#{len(self.queue_ids)}): {title}")
            self._write(lambda: library.queue_add([paper_id]), "Could not change the queue")
        self._update_titles()

    def action_done(self) -> None:
        """Take the paper off the queue and mark it read."""
        paper_id = self._need_paper()
        if paper_id is None:
            return
        if paper_id == self.shown_id:
            self._stop_mark_timer()
            self._mark_handled = paper_id
        self._set_local(paper_id, queued=False, read=True)
        was_queued = paper_id in self.queue_ids
        self.queue_ids = [i for i in self.queue_ids if i != paper_id]
        self.queue_list.set_ids(self.queue_ids)
        self._update_titles()
        title = self._title(paper_id)
        self._say(f"Done: {title}" if was_queued else f"Marked read (it was not queued): {title}")
        library = self.library
        self._write(lambda: library.queue_done([paper_id]), "Could not finish the paper")

    def action_queue_move(self, step: int) -> None:
        """Move the paper up (-1) or down (+1) the queue."""
        paper_id = self._need_paper()
        if paper_id is None:
            return
        if paper_id not in self.queue_ids:
            self.app.notify(
                "This paper is not in the queue (a adds it).", severity="warning", markup=False, timeout=3
            )
            return
        index = self.queue_ids.index(paper_id)
        target = max(0, min(len(self.queue_ids) - 1, index + step))
        if target == index:
            return
        order = list(self.queue_ids)
        order.insert(target, order.pop(index))
        self.queue_ids = order
        self.queue_list.set_ids(order, keep_id=paper_id)
        if self.view.kind == "queue":
            self.papers.set_ids(order, keep_id=paper_id)
        library = self.library
        self._write(lambda: library.queue_move(paper_id, target + 1), "Could not move the paper")

    def _title(self, paper_id: int) -> str:
        row = self.papers.row(paper_id) or self.queue_list.row(paper_id)
        if row is not None:
            return one_line(row.title, 80)
        record = self._current_record()
        return one_line(record.title, 80) if record is not None else f"paper #{paper_id}"

    def action_note(self) -> None:
        """Edit the paper's note in a dialog."""
        self._with_record(self._edit_note)

    #: The note being written (its paper and the open editor), for :meth:`hang_up`.
    _note_editing: tuple[PaperRecord, NoteDialog] | None = None

    def _edit_note(self, record: PaperRecord) -> None:
        def done(body: str | None) -> None:
            self._note_editing = None
            if body is None or body == record.note:
                return
            library = self.library
            self.app.notify("Note saved." if body.strip() else "Note removed.", markup=False, timeout=3)
            self._write(lambda: library.set_note(record.id, body), "Could not save the note")

        from paper_tui.ui.screens.dialogs import NoteDialog

        dialog = NoteDialog(record.title, record.note)
        self._note_editing = (record, dialog)
        self.app.push_screen(dialog, done)

    async def hang_up(self) -> None:
        """SIGHUP, SIGTERM or SIGINT: keep a note being written (the user typed it; an emptied editor
        never deletes one), save the place, quit."""
        editing = self._note_editing
        if editing is not None:
            record, dialog = editing
            from textual.widgets import TextArea

            body = dialog.query_one(TextArea).text
            if body.strip() and body != record.note:
                library = self.library
                with contextlib.suppress(Exception):
                    await self._on_db(lambda: library.set_note(record.id, body))
        await self.action_quit()

    # -- actions: links and the clipboard ----------------------------------------------------

    def copy(self, text: str, what: str) -> None:
        """Copy via OSC 52 and pyperclip (in a worker); say what was copied; never fails loudly."""
        with contextlib.suppress(Exception):
            self.app.copy_to_clipboard(text)
        self.run_worker(
            lambda: clipboard.pyperclip_copy(text), thread=True, group="clipboard", exit_on_error=False
        )
        self.app.notify(
            f"Copied {what}: {one_line(text, 300)}\n(sent to the terminal clipboard)", markup=False, timeout=5
        )

    def _copy_link(self, link: Link | None) -> None:
        if link is None:
            return
        if not is_safe_url(link.url):
            self.app.notify("Only http and https links can be copied.", severity="warning", markup=False)
            return
        self.copy(link.url, "link")

    def action_copy_link(self) -> None:
        """Copy the paper's main link."""
        self._with_record(lambda record: self._copy_link(self._main_link(record)))

    def _main_link(self, record: PaperRecord) -> Link | None:
        if record.main_link is None:
            self.app.notify("This paper has no link.", severity="warning", markup=False, timeout=3)
        return record.main_link

    def action_copy_any_link(self) -> None:
        """Pick one of the paper's links and copy it."""
        self._pick_link("Copy which link?", self._copy_link)

    def action_cite(self) -> None:
        """Copy a BibTeX entry for the paper."""
        from paper_tui.export import bibtex_entry

        self._with_record(lambda record: self.copy(bibtex_entry(record), "BibTeX"))

    def open_url(self, url: str) -> None:
        """Open a link in the browser: http(s) only; over SSH (or with no display) copy it instead."""
        if not is_safe_url(url):
            self.app.notify("Only http and https links are opened.", severity="warning", markup=False)
            return
        if clipboard.is_remote():
            self.copy(url, "link instead (over SSH the browser would open on the remote machine)")
            return
        if not clipboard.has_display():
            self.copy(url, "link instead (no graphical display for a browser)")
            return
        app = self.app

        def run() -> None:
            if not clipboard.browser_open(url):
                app.notify(f"No browser could be started for {url}", severity="warning", markup=False)

        self.run_worker(run, thread=True, group="browser", exit_on_error=False)
        app.notify(f"Opening {url}", markup=False, timeout=3)

    def action_open_link(self) -> None:
        """Open the paper's main link."""

        def open_main(record: PaperRecord) -> None:
            link = self._main_link(record)
            if link is not None:
                self.open_url(link.url)

        self._with_record(open_main)

    def action_open_any_link(self) -> None:
        """Pick one of the paper's links and open it."""

        def chosen(link: Link | None) -> None:
            if link is not None:
                self.open_url(link.url)

        self._pick_link("Open which link?", chosen)

    def _pick_link(self, purpose: str, then: Callable[[Link | None], None]) -> None:
        def pick(record: PaperRecord) -> None:
            if not record.links:
                self.app.notify("This paper has no links.", severity="warning", markup=False, timeout=3)
            else:
                from paper_tui.ui.screens.dialogs import LinkPicker

                self.app.push_screen(LinkPicker(record.links, purpose), then)

        self._with_record(pick)

    # -- actions: views, search, related -----------------------------------------------------

    def action_view(self, kind: str) -> None:
        """Switch to a named view."""
        if kind not in NAMED_VIEWS:
            return
        self._close_search()
        self.load_view(ViewSpec(kind=kind), keep_id=self.papers.highlighted_id)
        self._focus(self.papers)

    def action_pick_date(self) -> None:
        """Open a past digest chosen from a list of dates."""

        def chosen(date: str | None) -> None:
            if date:
                self._close_search()
                self.load_view(ViewSpec(kind="digest", digest_date=date), keep_id=self.papers.highlighted_id)
                self._focus(self.papers)

        current = self.view.digest_date if self.view.kind == "digest" else self.latest
        from paper_tui.ui.screens.dialogs import DatePicker

        self.app.push_screen(DatePicker(self.dates, current, self.library.digest_counts), chosen)

    def action_more_like(self) -> None:
        """Show papers related to the current one as the list."""
        paper_id = self._need_paper()
        if paper_id is None:
            return
        self._start_index_check()
        unavailable = self._search_unavailable()
        if unavailable is not None:
            self.app.notify(unavailable, severity="warning", markup=False, timeout=4)
            return
        self._close_search()
        self.load_view(ViewSpec(kind="similar", paper_id=paper_id, paper_title=self._title(paper_id)))
        self._focus(self.papers)

    def action_search(self) -> None:
        """Show the search field and focus it (in the field, "/" is just typed)."""
        bar = self.search_bar
        if self.focused is bar:
            bar.insert_text_at_cursor("/")
            return
        if not bar.display:
            self._pre_search_id = self.papers.highlighted_id
        bar.display = True
        self._focus(bar)

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        """Each keystroke: the quick search at once, the full one when typing pauses."""
        # Unstripped: a trailing space means the last word is complete (no prefix expansion).
        query = event.value
        self._search_token += 1
        self._stop_full_search_timer()
        if not query.strip():
            if self.view.kind == "search":
                self.load_view(self.base_view, keep_id=self._pre_search_id)
            return
        self._start_index_check()
        unavailable = self._search_unavailable()
        if unavailable is not None:
            if not self._said_unavailable:
                self._said_unavailable = True
                self.app.notify(unavailable, severity="warning", markup=False, timeout=4)
            return
        token = self._search_token
        self._run_search(token, query, False, self.papers.generation)
        self._full_search_timer = self.set_timer(
            FULL_SEARCH_DELAY, lambda: self._full_search_due(token, query)
        )

    @on(Input.Submitted, "#search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        """Enter: the full search now (unless it already ran for this query), then go to the results."""
        self._stop_full_search_timer()
        if event.value.strip():
            self._full_search_due(self._search_token, event.value)
        self._focus(self.papers)

    def _stop_full_search_timer(self) -> None:
        if self._full_search_timer is not None:
            self._full_search_timer.stop()
            self._full_search_timer = None

    def _full_search_due(self, token: int, query: str) -> None:
        self._full_search_timer = None
        if token != self._search_token or token == self._full_search_token:
            return
        self._full_search_token = token
        if self._search_unavailable() is None:
            self._run_search(token, query, True, self.papers.generation)

    def _wait_for_index(self) -> str | None:
        """In a worker: wait until the index is known to be usable; None, or why search cannot run."""
        worker = get_current_worker()
        while not self._index_known.wait(0.05):
            if worker.is_cancelled:
                return "cancelled"
            unavailable = self._search_unavailable()
            if unavailable is not None:
                return unavailable
        return None

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run_search(self, token: int, query: str, full: bool, list_generation: int) -> None:
        """Quick (titles and authors, for each keystroke) or full search; a newer one cancels this one."""
        worker = get_current_worker()
        library = self.library
        text = as_you_type(query)
        quick = not full
        try:
            unavailable = self._wait_for_index()
            if unavailable is not None:
                raise RuntimeError(unavailable)
            self._searched = True
            hits = library.search(
                text,
                SEARCH_LIMIT,
                time_limit=SEARCH_TIME_LIMIT,
                should_stop=lambda: worker.is_cancelled,
                quick=quick,
            )
            terms = frozenset(library.search_terms(text, quick=quick)) if hits else frozenset()
            ids = [hit.paper_id for hit in hits]
            result = self.SearchDone(
                token,
                query,
                ids,
                terms,
                full=full,
                window=window_around(library, ids, 0),
                list_generation=list_generation,
            )
        except Exception as error:
            result = self.SearchDone(token, query, [], frozenset(), error=str(error), full=full)
        if not worker.is_cancelled:
            self.post_message(result)

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if message.token != self._search_token:
            return
        self._drain_notices()
        if message.error:
            if message.full:  # a query half typed may not parse; the full search says so once
                self.app.notify(
                    f"Search failed: {message.error}", severity="warning", markup=False, timeout=4
                )
            return
        # The full results keep the paper highlighted among the quick ones when the user moved to it;
        # otherwise they show their own best match first.
        moved = self.papers.moves != self._moves_at_results
        keep = self.papers.highlighted_id if message.full and self.view.kind == "search" and moved else None
        self._view_token += 1
        self.view = ViewSpec(kind="search", query=message.query.strip())
        self.terms = message.terms
        if message.window is not None:
            self.papers.preload(
                message.window.rows, message.window.records, generation=message.list_generation
            )
        self.papers.set_ids(message.ids, keep_id=keep, reset=True)
        self._moves_at_results = self.papers.moves
        self._update_titles()
        if not self._queue_active and self.papers.highlighted_id is not None:
            # The highlighted paper, shown again with the new terms highlighted.
            self.show_paper(self.papers.highlighted_id)

    def _close_search(self) -> None:
        self._said_unavailable = False
        bar = self.search_bar
        if bar.display:
            with bar.prevent(Input.Changed):
                bar.value = ""
            bar.display = False
        self._search_token += 1
        self._stop_full_search_timer()

    def action_back(self) -> None:
        """Esc: clear the search, leave a related-papers list, or return to the paper list."""
        if self.search_bar.display or self.view.kind == "search":
            # Stay on the paper found when the view holds it; else back on the one the search left.
            keep = self.papers.highlighted_id if self.view.kind == "search" else None
            cached = self._cached_view(self.base_view)
            if keep is None or (cached is not None and keep not in cached.window.ids):
                keep = self._pre_search_id
            self._close_search()
            self.load_view(self.base_view, keep_id=keep)
            self._focus(self.papers)
        elif self.view.kind == "similar":
            self.load_view(self.base_view, keep_id=self.view.paper_id)
            self._focus(self.papers)
        elif self.focused is not self.papers:
            self._focus(self.papers)

    def jump_to(self, paper_id: int) -> None:
        """Highlight a paper (from the title jump), switching to All when the view lacks it."""
        self._focus(self.papers)
        if not self.papers.highlight(paper_id):
            self._close_search()
            self.load_view(ViewSpec(kind="all"), keep_id=paper_id)

    def titles(self) -> TitleIndex:
        """Every title, indexed for the fuzzy jump; cached until the library changes. Call from a thread."""
        cached = self._titles
        if cached is None:
            ids = self.library.view_ids(View())
            rows = self.library.rows(ids)
            from paper_tui.ui.titles import TitleIndex

            cached = TitleIndex.build([(pid, rows[pid].title) for pid in ids if pid in rows])
            self._titles = cached
        return cached

    # -- actions: export, help, quit ---------------------------------------------------------

    def action_export(self) -> None:
        """Export this view or the queue to a file."""

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                ids = list(self.queue_ids if request.scope == "queue" else self.papers.ids)
                self._export(request, ids)

        from paper_tui.ui.screens.dialogs import ExportDialog

        self.app.push_screen(ExportDialog(self.view.label, self.papers.count, len(self.queue_ids)), chosen)

    def _export(self, request: ExportRequest, ids: Sequence[int]) -> None:
        """Write the export in a worker; the status line says so while it runs."""
        self._exports_change(len(ids))
        self._write_export(request, ids)

    def _exports_change(self, papers: int) -> None:
        self._exporting += papers
        self._show_activity()

    @work(thread=True, group="export", exit_on_error=False)
    def _write_export(self, request: ExportRequest, ids: Sequence[int]) -> None:
        app = self.app
        try:
            text = self.library.export(ids, request.fmt)
            from paper_tui.export import write_file

            write_file(request.path, text)
        except Exception as error:
            app.notify(f"Export failed: {error}", severity="error", markup=False)
            return
        finally:
            with contextlib.suppress(RuntimeError):  # the reader quit meanwhile
                app.call_from_thread(self._exports_change, -len(ids))
        app.notify(f"Exported {len(ids):,} papers to {request.path}", markup=False, timeout=6)

    def action_help(self) -> None:
        """Show every key."""
        from paper_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.help_sections()))

    def _chosen_keys(self, binding: Binding) -> list[str]:
        """A binding's keys as the config file chose them (else its own), as the help shows them."""
        chosen = self.config.keys.get(binding.id or "") or binding.key
        return [_display_key(k.strip()) for k in chosen.split(",")]

    @cached_property
    def _empty_text_keys(self) -> dict[str, str]:
        """The first key of each of the screen's bindings, by id, for an empty list's text; and under
        ``help_anywhere`` a help key that also works in the search field (not one that types a letter),
        or "" when there is none."""
        chosen = {b.id: self._chosen_keys(b) for b in self.BINDINGS if isinstance(b, Binding) and b.id}
        keys = {name: found[0] for name, found in chosen.items()}
        help_keys = chosen["help"]
        keys["help_anywhere"] = next((k for k in help_keys if len(k) > 1), "")
        return keys

    def help_sections(self) -> list[Section]:
        """The help screen's tables, with the keys the config file chose."""

        def keys(binding: Binding) -> str:
            return ", ".join(self._chosen_keys(binding))

        by_id = {b.id: b for b in self.BINDINGS if isinstance(b, Binding)}
        list_bindings = {b.id: b for b in PaperList.BINDINGS if isinstance(b, Binding)}

        def rows(ids: Sequence[str], table: dict[str | None, Binding]) -> list[tuple[str, str]]:
            return [(keys(table[i]), table[i].tooltip or table[i].description) for i in ids if i in table]

        return [
            (
                "Move",
                [
                    *rows(["down", "up", "first", "last", "page_down", "page_up", "select"], list_bindings),
                    ("tab, shift+tab", "Next / previous pane"),
                    ("esc", "Clear the search, leave a list, back to the papers"),
                ],
            ),
            (
                "Views",
                rows(
                    ["view_today", "view_all", "view_unread", "view_bookmarked", "view_queue", "view_date"],
                    by_id,
                ),
            ),
            ("Search", [*rows(["search"], by_id), ("ctrl+p, :", "Commands and jump to a paper by title")]),
            (
                "Paper",
                rows(
                    [
                        "bookmark",
                        "queue",
                        "queue_up",
                        "queue_down",
                        "done",
                        "read",
                        "read_all",
                        "note",
                        "more_like",
                        "copy_link",
                        "copy_any_link",
                        "cite",
                        "open",
                        "open_any_link",
                    ],
                    by_id,
                ),
            ),
            ("Other", [*rows(["fetch", "export", "help", "quit"], by_id), ("ctrl+q", "Quit")]),
            ("Search syntax", SEARCH_SYNTAX),
        ]

    async def action_quit(self) -> None:
        """Save the place, wait for queued writes, quit (a fetch under way stops at its next request;
        an index rebuild stops, the old index staying in place)."""
        for worker in self.app.workers:
            if worker.group in ("fetch", "reindex"):
                worker.cancel()
        await self.save_now()
        self.app.exit()


def _inbox_has_files(folder: Path) -> bool:
    """Whether the inbox holds files to import (in a thread; it imports the fetching modules)."""
    from paper_tui import sync as fetching

    return fetching.inbox_has_files(folder)


def _duration(seconds: float) -> str:
    """``42 s``, ``4 min 32 s``."""
    whole = round(seconds)
    if whole < 60:
        return f"{seconds:.1f} s" if seconds < 10 else f"{whole} s"
    return f"{whole // 60} min {whole % 60} s"


def _display_key(key: str) -> str:
    names = {"question_mark": "?", "slash": "/", "colon": ":", "escape": "esc"}
    return names.get(key, key)
