"""The main screen: the paper list, the detail pane and the reading queue, and every key of the reader.

It routes: the widgets load what they show (the list its view, the detail pane its paper, the search
bar its results, :class:`Background` the fetches, the inbox and the index) and post messages up; the
screen hands values from one to another and turns keys into library calls. Writes go through the
:class:`ReaderSession`'s ordered thread, so they apply in the order the keys were pressed.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Grid
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widget import Widget

from paper_tui.config import Config
from paper_tui.library import Library
from paper_tui.model import Link, PaperRecord
from paper_tui.reader.index_state import IndexState
from paper_tui.reader.marks import counts_after
from paper_tui.reader.session import QUIT_WAIT, ReaderSession, Snapshot
from paper_tui.reader.views import NAMED_VIEWS, ViewSpec
from paper_tui.titles import TitleCache
from paper_tui.ui import links
from paper_tui.ui.keys import MAIN_BINDINGS, empty_text_keys, help_sections
from paper_tui.ui.render import one_line
from paper_tui.ui.screens.taste_actions import TasteActions
from paper_tui.ui.themes import apply_start_theme
from paper_tui.ui.widgets.background import Background
from paper_tui.ui.widgets.detail import PaperDetail
from paper_tui.ui.widgets.footer import KeyFooter
from paper_tui.ui.widgets.list_pane import ListPane
from paper_tui.ui.widgets.paper_list import PaperList
from paper_tui.ui.widgets.queue_pane import QueuePane
from paper_tui.ui.widgets.search_bar import SearchBar
from paper_tui.ui.widgets.status import StatusLine
from paper_tui.ui.widgets.taste import TasteWorker
from paper_tui.ui.widgets.view_list import ViewList

if TYPE_CHECKING:
    # Imported where first used, not at start: the first frame needs none of them (the dialogs,
    # the help screen, export: about 20 ms).
    from paper_tui.ui.screens.dialogs import ExportRequest, NoteDialog

#: Seconds after the last move before the selection is saved (holding j must not write per row).
SAVE_PLACE_DELAY = 0.4
#: Seconds after the first frame before the search index is opened and warmed in the background.
WARM_DELAY = 0.3
#: The longest a view switch holds the screen's repaint for the messages it queued (``_in_one_frame``).
FRAME_HOLD_MAX = 0.25
#: Seconds the first frame may wait for the library's first view (else it shows "Loading…" first).
FIRST_FRAME_WAIT = 0.2


class MainScreen(TasteActions, Screen[None]):
    """Paper list, detail and queue; every key of the reader that is not a movement key lives here."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Screen declares it an instance-style attribute
        (0, "-narrow"),
        (100, "-wide"),
        (170, "-ultrawide"),
    ]

    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS

    def __init__(self, library: Library, config: Config) -> None:
        super().__init__()
        self.library = library
        self.config = config
        self.index = IndexState()
        self.titles = TitleCache(library)
        self.latest: str | None = None
        self.dates: list[str] = []
        self.started = False
        self._queue_active = False
        self._save_timer: Timer | None = None
        try:
            app: App[Any] | None = self.app  # the database thread cannot look it up
        except RuntimeError:  # NoActiveAppError: built outside a running app
            app = None

        def say_seeding() -> None:
            if app is not None:
                app.notify("The library is empty: importing the bundled sample digest…", markup=False)

        self.session = ReaderSession(library, on_seeding=say_seeding)
        # Open the library and read what the first frame shows while Textual composes and lays out
        # the screen: SQLite works outside the GIL, and the first frame then waits for one message.
        self._starting = self.session.start()

    def compose(self) -> ComposeResult:
        """Status line, the three panes, the footer; the background work (shows nothing)."""
        library, index = self.library, self.index
        yield StatusLine(
            lambda: (library.counts(), library.latest_date(), library.digest_dates()), id="status"
        )
        with Grid(id="panes"):
            yield ListPane(library, index, self._empty_text_keys, id="list-pane")
            config = self.config
            yield PaperDetail(
                library.paper,
                library.highlight,
                mark_read_after=config.mark_read_after,
                mark_read=config.mark_read,
                id="detail",
            )
            yield QueuePane(
                library, empty_text=ViewSpec(kind="queue").empty_text(self._empty_text_keys), id="queue"
            )
        yield KeyFooter()
        yield Background(library, self.config, self.session, index)
        if self.config.learn:
            yield TasteWorker(library, self.config.poll_interval, lambda: self.papers.ids)

    @property
    def list_pane(self) -> ListPane:
        """The search field over the main paper list."""
        return self.query_one(ListPane)

    @property
    def papers(self) -> ViewList:
        """The main paper list."""
        return self.query_one("#papers", ViewList)

    @property
    def queue_list(self) -> QueuePane:
        """The queue pane."""
        return self.query_one("#queue", QueuePane)

    @property
    def queue_ids(self) -> list[int]:
        """The reading queue, in order (as shown: keys change it before the library confirms)."""
        return self.queue_list.ids

    @property
    def detail(self) -> PaperDetail:
        """The detail pane."""
        return self.query_one("#detail", PaperDetail)

    @property
    def search_bar(self) -> SearchBar:
        """The search field."""
        return self.query_one("#search", SearchBar)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one("#status", StatusLine)

    @property
    def background(self) -> Background:
        """Fetches, the inbox, the index."""
        return self.query_one(Background)

    @property
    def view(self) -> ViewSpec:
        """What the paper list shows."""
        return self.papers.view

    @property
    def active_list(self) -> PaperList:
        """The list the keys and the detail pane follow: the focused one, else the last one focused."""
        focused = self.focused
        if isinstance(focused, PaperList):
            # Focus is set at once; the focus event that updates the flag may still be queued.
            return focused
        return self.queue_list if self._queue_active else self.papers

    # -- start and end ---------------------------------------------------------------------------

    async def on_mount(self) -> None:
        """Focus the list; show the library's first view.

        The library has been read since the constructor (in parallel with Textual's set-up): when it
        answers within :data:`FIRST_FRAME_WAIT`, as it usually does, the first frame already shows the
        papers; otherwise an empty frame comes first and the papers a moment later.
        """
        self.papers.focus()
        self._update_status()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        with contextlib.suppress(Exception):  # a failure is reported by _startup
            snapshot = await asyncio.wait_for(
                asyncio.shield(asyncio.wrap_future(self._starting)), FIRST_FRAME_WAIT
            )
            self._start(snapshot)
            return
        self.run_worker(self._startup(), group="startup", exit_on_error=False)

    def on_unmount(self) -> None:
        """Let queued writes finish (for a moment: another process's lock must not hold the quit)."""
        if self._save_timer is not None:
            self._save_timer.stop()
        if not self.session.close():
            self.app.all_written = False  # type: ignore[attr-defined]

    async def _startup(self) -> None:
        try:
            snapshot = await asyncio.wrap_future(self._starting)
        except Exception as error:
            gc.enable()  # run() turned it off until the first frame, which will not come now
            self.app.notify(f"Could not open the library: {error}", severity="error", markup=False)
            return
        self._start(snapshot)

    def _start(self, snapshot: Snapshot) -> None:
        self.started = True
        for severity, text in snapshot.notes:
            self.app.notify(text, severity=severity, markup=False, timeout=8)
        if (theme := apply_start_theme(self.app, snapshot.theme, self.config.theme)) is not None:
            self.session.theme_shown(theme)
        self.latest = self.papers.latest = self.status.digest_date = snapshot.latest
        self.dates = snapshot.dates
        self.queue_list.preload(snapshot.queue.rows)
        self.queue_list.set_ids(snapshot.queue.ids)
        papers = self.papers
        papers.queue_ids, papers.started = snapshot.queue.ids, True
        papers.show_first(snapshot.view, snapshot.window, snapshot.selected, snapshot.prefs)
        self._update_status()
        # Now, not when the list's message arrives: the first frame may be painted before that.
        self.show_paper(papers.highlighted_id)
        self.status.recount()
        self.background.start()
        self.call_after_refresh(_first_frame_shown, self.app)
        # After the first frame: open and warm the search index (or rebuild it when it is missing),
        # then fetch the other views' ids, so that the first search and the first switch are quick.
        self.set_timer(WARM_DELAY, self._warm_up)

    def _warm_up(self) -> None:
        # The views' ids first (a switch in the first seconds finds them), then the index.
        self.papers.schedule_prefetch(0)
        self.background.check_index()

    @on(ViewList.Prefetched)
    def _prefetched(self, message: ViewList.Prefetched) -> None:
        if message.first:  # the index and the views' ids are loaded: start-up is over
            _freeze_garbage(self.app)

    async def save_now(self) -> None:
        """Write the place (view and selection) now and wait, for a moment at most, for queued writes."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.started:
            self.session.save_place(*self._place())
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.wrap_future(self.session.submit(lambda: None)), QUIT_WAIT)

    async def action_quit(self) -> None:
        """Save the place, wait a moment for queued writes, quit (a fetch under way stops at its next
        request; an index rebuild stops, the old index staying in place)."""
        self.background.stop()
        await self.save_now()
        self.app.exit()

    async def hang_up(self) -> None:
        """SIGHUP, SIGTERM or SIGINT: keep a note being written (the user typed it; an emptied editor
        never deletes one), save the place, quit."""
        record, dialog = self._note_editing or (None, None)
        body = dialog.unsaved() if dialog is not None else None
        if record is not None and body is not None:
            library, paper_id = self.library, record.id
            with contextlib.suppress(Exception):
                note = self.session.submit(lambda: library.set_note(paper_id, body))
                await asyncio.wait_for(asyncio.wrap_future(note), QUIT_WAIT)
        await self.action_quit()

    # -- writes, in order, on the session's thread -------------------------------------------------

    def _write(self, call: Callable[[], object], failure: str, *, refresh: bool = True) -> None:
        """Apply one user action as its own library call, in order; refresh the panes afterwards."""
        self._watch(self.session.submit(call), failure, refresh=refresh)

    def _watch(self, write: Future[Any], failure: str, *, refresh: bool) -> None:
        self.run_worker(self._written(write, failure, refresh), group="write", exit_on_error=False)

    async def _written(self, write: Future[Any], failure: str, refresh: bool) -> None:
        try:
            await asyncio.wrap_future(write)
        except Exception as error:
            self.app.notify(f"{failure}: {error}", severity="error", markup=False)
            self.refresh_data()  # show what the library holds, not what the key promised
            return
        if refresh:
            self.refresh_data(own=True)

    def _place(self) -> tuple[str | None, int | None]:
        papers = self.papers
        selected = papers.highlighted_id if not papers.view.transient else None
        return papers.base_view.to_meta(), selected

    def _schedule_save_place(self) -> None:
        if not self.started:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_PLACE_DELAY, self._save_place)

    def _save_place(self) -> None:
        self._save_timer = None
        write = self.session.save_place(*self._place())
        if write is not None:
            self._watch(write, "Could not save the place", refresh=False)

    def _theme_changed(self, theme: Theme) -> None:
        if self.started and (write := self.session.save_theme(theme.name)) is not None:
            self._watch(write, "Could not save the theme", refresh=False)

    # -- the library changed -----------------------------------------------------------------------

    def refresh_data(self, *, newest: bool = False, own: bool = False) -> None:
        """The library changed (here or in another process): reload everything shown, keeping places.

        ``newest`` (after a fetch the user asked for) moves Today to the newest digest; otherwise
        Today stays on the digest being read and a newer one is announced. ``own``: after the user's
        own change (a bookmark, a read mark, the queue, a note), already shown: only the rows, the
        queue, the counts and the paper are read again to confirm it, and the list's ids only when its
        view depends on those marks. A widget repaints only where the confirmation differs.
        """
        if not own:
            self.titles.invalidate()
        self.papers.refresh_view(own=own, newest=newest)
        self.queue_list.invalidate()
        self.queue_list.reload()
        self.status.recount()
        self.detail.reload()

    @on(Background.LibraryChanged)
    def _library_changed(self, message: Background.LibraryChanged) -> None:
        self.refresh_data(newest=message.newest)

    @on(Background.Activity)
    def _activity(self, message: Background.Activity) -> None:
        status = self.status
        status.fetch_activity, status.exporting, status.index_activity = (
            message.fetch,
            message.exporting,
            message.index,
        )

    @on(Background.IndexReady)
    def _index_ready(self, message: Background.IndexReady) -> None:
        self.list_pane.search_bar.index_ready()

    @on(QueuePane.Loaded)
    def _queue_loaded(self, message: QueuePane.Loaded) -> None:
        self._queue_changed()

    def _queue_changed(self) -> None:
        """The queue pane changed (a key, or the library): the queue view follows."""
        self.papers.queue_ids = self.queue_ids

    @on(StatusLine.Counted)
    def _counted(self, message: StatusLine.Counted) -> None:
        self.latest = self.papers.latest = message.latest
        self.dates = message.dates
        self.papers.update_title()
        self.background.paper_count = self.status.counts.get("papers", 0)
        self._update_status()
        self._say_newer_digest()

    def _say_newer_digest(self) -> None:
        """Once per new date: a digest newer than the one Today shows has arrived."""
        if not self.background.fetch_moves_today and (latest := self.papers.newer_digest()) is not None:
            self.app.notify(f"A new digest arrived ({latest}): press 1 to read it.", markup=False, timeout=8)

    # -- views, titles and the status line ---------------------------------------------------------

    def load_view(self, spec: ViewSpec, keep_id: int | None = None) -> None:
        """Switch the paper list to a view (keeping ``keep_id`` highlighted when it is in it)."""
        self._in_one_frame()
        self.list_pane.load_view(spec, keep_id)

    def _in_one_frame(self) -> None:
        """Paint nothing until this screen has handled the messages queued so far (the list's new rows,
        the detail pane's paper, the status line's count go out in one frame, not three)."""
        app = self.app
        app._begin_batch()
        ended = False

        def end() -> None:
            nonlocal ended
            if not ended:
                ended = True
                app._end_batch()

        self.call_later(end)
        app.set_timer(FRAME_HOLD_MAX, end)  # never longer, whatever this screen is doing

    @on(ViewList.Loading)
    def _view_loading(self, message: ViewList.Loading) -> None:
        self._update_status(pending=True)  # the list still shows the view before

    @on(ViewList.Shown)
    def _view_shown(self, message: ViewList.Shown) -> None:
        # The list is the queue: the queue pane gives its place to the detail pane (app.tcss).
        self.set_class(message.spec.kind == "queue", "-queue-view")
        self._update_status()
        self._say_newer_digest()
        self._schedule_save_place()
        if (
            message.spec.kind == "search"
            and not self._queue_active
            and self.papers.highlighted_id is not None
        ):
            # The highlighted paper, shown again with the search's words highlighted.
            self.show_paper(self.papers.highlighted_id)

    def _update_status(self, *, pending: bool = False) -> None:
        status, papers = self.status, self.papers
        status.view_label = papers.label
        if pending:
            status.view_count = "…"
        elif papers.loaded:
            status.view_count = papers.count_text

    def _say(self, text: str) -> None:
        """What a key did, in the status line for a few seconds (literal text)."""
        self.status.show_note(text)

    @cached_property
    def _empty_text_keys(self) -> dict[str, str]:
        return empty_text_keys(self.BINDINGS, self.config.keys)

    # -- the highlighted paper and the detail pane -------------------------------------------------

    def _focus(self, widget: Widget) -> None:
        """Focus now, not after the keys already queued: in "/diff" or "esc j" they go to the new widget."""
        self.set_focus(widget)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """The detail pane follows the list that last had focus."""
        widget = event.widget
        self.set_class(widget is self.detail, "-reading")  # narrow: the detail in the list's place
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

    def show_paper(self, paper_id: int | None) -> bool:
        """Show a paper in the detail pane: at once from the list's records around the cursor, else
        loaded by the pane. True when the pane changed now."""
        if paper_id is None:
            return self.detail.show(None, empty="Nothing to show." if self.papers.loaded else "Loading…")
        terms = self.list_pane.terms if self.view.kind == "search" and not self._queue_active else frozenset()
        return self.detail.show(paper_id, self.active_list.record(paper_id), terms)

    @on(PaperDetail.ReadDue)
    def _read_due(self, message: PaperDetail.ReadDue) -> None:
        paper_id = message.paper_id
        self._set_local(paper_id, read=True)
        library = self.library
        self._write(lambda: library.mark_read([paper_id], True, undo=False), "Could not mark the paper read")

    # -- the current paper -------------------------------------------------------------------------

    def current_id(self) -> int | None:
        """The paper the keys act on: the highlighted one in the list the detail pane follows.

        Read from the list itself, not from the detail pane: keys typed in a burst (j j b) must act
        on the row the cursor is on even before the detail pane has caught up.
        """
        return self.active_list.highlighted_id

    def _current_record(self) -> PaperRecord | None:
        record = self.detail.record
        return record if record is not None and record.id == self.current_id() else None

    def _need_paper(self) -> int | None:
        paper_id = self.current_id()
        if paper_id is None:
            self.app.notify("No paper is highlighted.", severity="warning", markup=False, timeout=3)
        return paper_id

    def _with_record(self, then: Callable[[PaperRecord], object]) -> None:
        """Call ``then`` with the current paper's record (loaded by the detail pane when it lags)."""
        paper_id = self._need_paper()
        if paper_id is not None:
            self.detail.with_record(paper_id, then)

    def _with_state(self, field: str, then: Callable[[int, bool], object]) -> None:
        """Call ``then(paper_id, value of field)`` for the current paper (read, bookmarked or queued):
        from its row in a list (at once), else from its record."""
        paper_id = self._need_paper()
        row = None if paper_id is None else self.papers.row(paper_id) or self.queue_list.row(paper_id)
        if paper_id is not None and row is not None:
            then(paper_id, bool(getattr(row, field)))
        elif paper_id is not None:
            self._with_record(lambda record: then(record.id, bool(getattr(record, field))))

    def _set_local(self, paper_id: int, **changes: Any) -> None:
        """Show a change at once (rows, detail, counts); the refresh after the write confirms it."""
        detail = self.detail.record
        record = detail if detail is not None and detail.id == paper_id else None
        before = self.papers.row(paper_id) or self.queue_list.row(paper_id) or record
        was = {mark: bool(getattr(before, mark)) for mark in ("read", "bookmarked", "queued") if before}
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
        # The status line's counts move with the key; the recount after the write confirms them.
        self.status.counts = counts_after(self.status.counts, was, changes)

    def _title(self, paper_id: int) -> str:
        row = self.papers.row(paper_id) or self.queue_list.row(paper_id)
        if row is not None:
            return one_line(row.title, 80)
        record = self._current_record()
        return one_line(record.title, 80) if record is not None else f"paper #{paper_id}"

    # -- actions: user state -----------------------------------------------------------------------

    def action_bookmark(self) -> None:
        """Toggle the bookmark."""

        def toggle(paper_id: int, bookmarked: bool) -> None:
            self._set_local(paper_id, bookmarked=not bookmarked)
            library = self.library
            self._write(lambda: library.bookmark([paper_id], not bookmarked), "Could not change the bookmark")

        self._with_state("bookmarked", toggle)

    def action_toggle_read(self) -> None:
        """Toggle read/unread (marking unread stops the mark-read timer for this paper)."""

        def toggle(paper_id: int, read: bool) -> None:
            self.detail.handled_by_hand(paper_id)
            self._set_local(paper_id, read=not read)
            library = self.library
            self._write(lambda: library.mark_read([paper_id], not read), "Could not change the read mark")

        self._with_state("read", toggle)

    def action_queue(self) -> None:
        """Add the paper to the end of the queue, or remove it."""
        self._with_state("queued", self._toggle_queue)

    def _toggle_queue(self, paper_id: int, queued: bool) -> None:
        library = self.library
        title = self._title(paper_id)
        if queued:
            self._set_local(paper_id, queued=False)
            self.queue_list.remove_paper(paper_id)
            self._say(f"Removed from the queue: {title}")
            self._write(lambda: library.queue_remove([paper_id]), "Could not change the queue")
        else:
            self._set_local(paper_id, queued=True)
            # The row and record at hand: the queue pane shows the paper in this frame.
            position = self.queue_list.add_paper(
                paper_id, self.papers.row(paper_id), self.papers.record(paper_id)
            )
            self._say(f"Queued (#{position}): {title}")
            self._write(lambda: library.queue_add([paper_id]), "Could not change the queue")
        self._queue_changed()

    def action_done(self) -> None:
        """Take the paper off the queue and mark it read."""
        paper_id = self._need_paper()
        if paper_id is None:
            return
        self.detail.handled_by_hand(paper_id)
        self._set_local(paper_id, queued=False, read=True)
        was_queued = self.queue_list.remove_paper(paper_id)
        self._queue_changed()
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
        target = self.queue_list.move_paper(paper_id, step)
        if target is None:
            return
        self.papers.queue_ids = order = self.queue_ids
        if self.view.kind == "queue":
            self.papers.set_ids(order, keep_id=paper_id)
        library = self.library
        self._write(lambda: library.queue_move(paper_id, target + 1), "Could not move the paper")

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

    # -- actions: links and the clipboard ----------------------------------------------------------

    def action_copy_link(self) -> None:
        """Copy the paper's main link."""
        app = self.app
        self._signal_with_record("link", lambda record: links.copy_link(app, links.main_link(app, record)))

    def action_copy_any_link(self) -> None:
        """Pick one of the paper's links and copy it."""
        self._pick_link("Copy which link?", lambda link: links.copy_link(self.app, link))

    def action_cite(self) -> None:
        """Copy a BibTeX entry for the paper."""
        from paper_tui.export import bibtex_entry

        app = self.app
        self._signal_with_record("cite", lambda record: links.copy_text(app, bibtex_entry(record), "BibTeX"))

    def action_open_link(self) -> None:
        """Open the paper's main link."""

        def open_main(record: PaperRecord) -> None:
            link = links.main_link(self.app, record)
            if link is not None:
                links.open_url(self.app, link.url)

        self._signal_with_record("link", open_main)

    def action_open_any_link(self) -> None:
        """Pick one of the paper's links and open it."""

        def chosen(link: Link | None) -> None:
            if link is not None:
                links.open_url(self.app, link.url)

        self._pick_link("Open which link?", chosen)

    def _pick_link(self, purpose: str, then: Callable[[Link | None], None]) -> None:
        def pick(record: PaperRecord) -> None:
            if not record.links:
                self.app.notify("This paper has no links.", severity="warning", markup=False, timeout=3)
            else:
                from paper_tui.ui.screens.dialogs import LinkPicker

                self.app.push_screen(LinkPicker(record.links, purpose), then)

        self._signal_with_record("link", pick)

    # -- actions: views, search, related -----------------------------------------------------------

    def action_view(self, kind: str) -> None:
        """Switch to a named view."""
        if kind not in NAMED_VIEWS:
            return
        self.list_pane.close_search()
        self.load_view(ViewSpec(kind=kind), keep_id=self.papers.highlighted_id)
        self._focus(self.papers)

    def action_pick_date(self) -> None:
        """Open a past digest chosen from a list of dates."""

        def chosen(date: str | None) -> None:
            if date:
                self.list_pane.close_search()
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
        self.background.check_index()
        unavailable = self.index.unavailable()
        if unavailable is not None:
            self.app.notify(unavailable, severity="warning", markup=False, timeout=4)
            return
        self.list_pane.close_search()
        self.load_view(ViewSpec(kind="similar", paper_id=paper_id, paper_title=self._title(paper_id)))
        self._focus(self.papers)

    def action_search(self) -> None:
        """Show the search field and focus it (in the field, "/" is just typed)."""
        if isinstance(self.focused, SearchBar):
            self.focused.insert_text_at_cursor("/")
            return
        bar = self.list_pane.open_search()
        self.background.check_index()
        self._focus(bar)

    def action_back(self) -> None:
        """Esc: clear the search, leave a related-papers list, or return to the paper list."""
        if self.list_pane.back() or self.focused is not self.papers:
            self._focus(self.papers)

    def jump_to(self, paper_id: int) -> None:
        """Highlight a paper (from the title jump), switching to All when the view lacks it."""
        self._focus(self.papers)
        if not self.papers.highlight(paper_id):
            self.list_pane.close_search()
            self.load_view(ViewSpec(kind="all"), keep_id=paper_id)

    # -- actions: the index, fetching, export, help ------------------------------------------------

    def action_reindex(self) -> None:
        """Rebuild the search index from the library, in the background."""
        self.background.reindex()

    def action_fetch(self) -> None:
        """Fetch new digests now (the [fetch] sources), in the background."""
        self.background.fetch()

    def action_export(self) -> None:
        """Export this view or the queue to a file, in a worker; the status line says so meanwhile."""

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                ids = list(self.queue_ids if request.scope == "queue" else self.papers.ids)
                self.background.export(request.path, request.fmt, ids)

        from paper_tui.ui.screens.dialogs import ExportDialog

        folder = self.library.paths.exports_dir
        self.app.push_screen(
            ExportDialog(self.view.label, self.papers.count, len(self.queue_ids), folder), chosen
        )

    def action_help(self) -> None:
        """Show every key."""
        from paper_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(help_sections(self.BINDINGS, PaperList.BINDINGS, self.config.keys)))


def _first_frame_shown(app: App[Any]) -> None:
    _freeze_garbage(app)
    gc.enable()  # run() turned it off for the start-up


def _freeze_garbage(app: App[Any]) -> None:
    """What is alive now lives as long as the reader (widgets, styles, caches, modules): leave it out of
    Python's full collections, which otherwise scan it all again every few seconds of use (80 to 110 ms
    at 100,000 papers: a frozen frame). Not in headless runs, where many apps share one process. A
    freeze only, without the full collection of :func:`paper_tui.heap.settle_heap`: that would be a
    frame's worth of work on this thread just after start."""
    if not app.is_headless:
        gc.freeze()
