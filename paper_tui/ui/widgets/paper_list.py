"""A virtual list of papers: it holds only ids and fetches row data for the visible window in a worker.

It also keeps the full records of the papers around the cursor (fetched by the same worker call), so
that the screen can fill the detail pane in the same frame as the cursor moves, without a round trip.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from paper_tui.model import PaperRecord, Row
from paper_tui.reader.view_cache import expected_cursor
from paper_tui.ui.render import date_text, short_authors

#: Fetches list rows for a window of ids (``Library.rows``); called in a thread worker.
RowLoader = Callable[[Sequence[int]], dict[int, Row]]
#: Fetches full records for ids (``Library.papers``); called in the same thread worker as the rows.
RecordLoader = Callable[[Sequence[int]], Sequence[PaperRecord]]

#: Rows fetched beyond the visible window, above and below, so that scrolling rarely shows placeholders.
FETCH_MARGIN = 60
#: Rows kept in the cache: a few screens' worth; the list itself may hold any number of ids.
CACHE_SIZE = 4000
#: Full records fetched around the cursor (this many above and below)...
RECORD_MARGIN = 40
#: ...again as soon as a paper this close to the cursor lacks one, so that j/k rarely outrun them.
RECORD_REFILL = 15
#: Full records kept (a few kilobytes each).
RECORD_CACHE_SIZE = 400
#: Rendered rows kept (a few screens' worth).
LINE_CACHE_SIZE = 300
#: Comfortable rows wrap the title to two lines; a list that takes a narrow terminal's whole width, at
#: least this wide (content columns), shows it on one line, so that more papers fit.
ONE_LINE_TITLES = 72
#: Columns before a comfortable row's title and facts (" ● ").
INDENT = 3


class PaperList(ScrollView, can_focus=True):
    """A list of paper ids rendered with the Line API; no widget per paper, so 100,000 rows cost as 100.

    Row data (title, date, markers) comes from ``loader`` in a thread worker for the visible window
    plus a margin and is cached; rows not loaded yet render as a placeholder. With ``records``, the
    same worker call also fetches the full records of the papers around the cursor (:meth:`record`).

    A row is one line (``compact``) or, ``comfortable``, the title on two lines (one where the list is
    wide) and a line of facts: authors, source, upvotes, code, bookmark, queue place, note, date.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="down"),
        Binding("home,g", "first", "First", show=False, id="first"),
        Binding("end,G", "last", "Last", show=False, id="last"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, id="page_up"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, id="page_down"),
        Binding("enter", "select", "Read", show=False, id="select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--cursor",
        "paper-list--unread",
        "paper-list--read",
        "paper-list--unread-title",
        "paper-list--marker",
        "paper-list--date",
        "paper-list--upvotes",
        "paper-list--placeholder",
        "paper-list--number",
        "paper-list--facts",
        "paper-list--new",
    }

    class Highlighted(Message):
        """The highlighted paper changed (None when the list is empty)."""

        def __init__(self, paper_list: PaperList, paper_id: int | None) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.paper_id = paper_id

        @property
        def control(self) -> PaperList:
            """The list that sent the message."""
            return self.paper_list

    class Selected(Message):
        """Enter (or a click on the highlighted row) on a paper."""

        def __init__(self, paper_list: PaperList, paper_id: int) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.paper_id = paper_id

        @property
        def control(self) -> PaperList:
            """The list that sent the message."""
            return self.paper_list

    class _RowsLoaded(Message):
        """Rows and records fetched by this list's worker (private to the list)."""

        def __init__(
            self,
            rows: dict[int, Row],
            records: dict[int, PaperRecord],
            generation: int,
            requested: tuple[int, ...],
            requested_records: tuple[int, ...],
        ) -> None:
            super().__init__()
            self.rows = rows
            self.records = records
            self.generation = generation
            self.requested = requested
            self.requested_records = requested_records

    def __init__(
        self,
        loader: RowLoader,
        *,
        records: RecordLoader | None = None,
        numbered: bool = False,
        comfortable: bool = False,
        empty_text: str = "No papers here.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._loader = loader
        self._record_loader = records
        self.numbered = numbered
        self.empty_text = empty_text
        self._comfortable = comfortable
        # Lines per row: 1 (compact), 2 or 3 (comfortable, by the list's width).
        self._height = 1
        self._placeholder: tuple[tuple[str, int, Style], list[Text]] | None = None
        self._ids: list[int] = []
        self._cursor = 0
        #: Times the cursor was moved (keys, clicks, highlight()); not by set_ids.
        self.moves = 0
        self._rows: OrderedDict[int, Row] = OrderedDict()
        # Rows from before the data last changed: shown until fresh ones arrive (no flicker).
        self._stale: dict[int, Row] = {}
        # Full records of the papers around the cursor (current generation only: never stale).
        self._records: OrderedDict[int, PaperRecord] = OrderedDict()
        # Ids asked for whose record did not come back (deleted): not asked for again this generation.
        self._records_missing: set[int] = set()
        # Changes a key made (patch_row, patch_record) until the library has them (``invalidate``):
        # rows and records fetched meanwhile (a prefetch, a scroll) show them too.
        self._pending_rows: dict[int, dict[str, object]] = {}
        self._pending_records: dict[int, dict[str, object]] = {}
        self._generation = 0
        self._fetching = False
        self._failed = False
        self._last_posted: int | None = None
        self._ever_loaded = False
        # The upvotes column appears once any row has upvotes (arXiv-only libraries have none).
        self._upvotes_known = False
        self._title = ""
        self._style_cache: dict[str, Style] = {}
        self._line_cache: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(LINE_CACHE_SIZE)

    # -- what the screen sets and reads -------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        """The ids shown, in order (a copy)."""
        return list(self._ids)

    @property
    def count(self) -> int:
        """How many papers the list holds."""
        return len(self._ids)

    def index_of(self, paper_id: int) -> int | None:
        """Position of a paper in the list, or None."""
        try:
            return self._ids.index(paper_id)
        except ValueError:
            return None

    @property
    def cursor(self) -> int:
        """Index of the highlighted row."""
        return self._cursor

    @property
    def highlighted_id(self) -> int | None:
        """The highlighted paper's id, or None for an empty list."""
        return self._ids[self._cursor] if self._ids else None

    @property
    def loaded(self) -> bool:
        """Whether ids have been set at least once (an empty list before that is still loading)."""
        return self._ever_loaded

    def row(self, paper_id: int) -> Row | None:
        """The cached row for a paper (fresh or stale), if any."""
        return self._rows.get(paper_id) or self._stale.get(paper_id)

    def record(self, paper_id: int) -> PaperRecord | None:
        """The full record of a paper near the cursor, when fetched since the library last changed."""
        return self._records.get(paper_id)

    @property
    def generation(self) -> int:
        """Bumped by :meth:`invalidate`: rows fetched under an older generation are out of date."""
        return self._generation

    def set_title(self, title: str) -> None:
        """Set the pane's title (literal text); an unchanged one is left alone (setting repaints)."""
        if title != self._title:
            self._title = title
            self.border_title = Content(title)

    def preload(
        self, rows: dict[int, Row], records: Sequence[PaperRecord] = (), *, generation: int | None = None
    ) -> None:
        """Cache rows and records fetched by someone else's worker (with the ids of a view), as of
        ``generation`` (read when that worker started; default: now)."""
        generation = self._generation if generation is None else generation
        self._store(rows, {record.id: record for record in records}, generation)

    def set_ids(self, ids: Sequence[int], keep_id: int | None = None, *, reset: bool = False) -> None:
        """Show ``ids``; keep ``keep_id`` (default: the highlighted paper) highlighted when present.

        When it is gone the cursor stays at the same position, so the next paper moves under it;
        with ``reset`` (a newly chosen view) it goes to the top instead.
        """
        if keep_id is None and not reset:
            keep_id = self.highlighted_id
        cursor = expected_cursor(ids, keep_id, reset=reset, old_cursor=self._cursor)
        if self._ever_loaded and cursor == self._cursor and len(ids) == len(self._ids) and ids == self._ids:
            # The same list (a refresh that found nothing new): nothing to repaint or announce.
            self._failed = False
            return
        self._ids = list(ids)
        self._ever_loaded = True
        if reset and (keep_id is None or cursor == 0):
            self.scroll_to(y=0, animate=False, force=True)
        self._cursor = cursor
        self.virtual_size = Size(0, len(self._ids) * self._height)
        self._failed = False
        self._scroll_to_cursor()
        self.refresh()
        self._post_highlighted()

    def invalidate(self) -> None:
        """The library changed: keep showing cached rows, fetch fresh ones, repaint only what changed.
        The changes patched in before are in the library now (or failed): fetched rows show them."""
        self._pending_rows.clear()
        self._pending_records.clear()
        self._stale.update(self._rows)
        self._rows.clear()
        self._records.clear()
        self._records_missing.clear()
        self._generation += 1
        self._failed = False
        self._request_rows()

    def update_row(self, row: Row) -> None:
        """Replace one cached row (an optimistic update after a user action)."""
        if row.id in self._rows:
            self._rows[row.id] = row
        else:
            self._stale[row.id] = row
        self.refresh()

    def patch_row(self, paper_id: int, **changes: object) -> Row | None:
        """Change fields of a cached row (``read=True`` ...); returns the new row when one was cached."""
        if changes.get("queued") is False:
            changes["queue_position"] = None
        self._pending_rows.setdefault(paper_id, {}).update(changes)
        current = self.row(paper_id)
        if current is None:
            return None
        new = replace(current, **changes)  # type: ignore[arg-type]
        if new != current:
            self.update_row(new)
        return new

    def patch_record(self, paper_id: int, **changes: object) -> None:
        """Change fields of a cached record (``read=True``, ``queue_position=3`` ...), if one is cached."""
        self._pending_records.setdefault(paper_id, {}).update(changes)
        current = self._records.get(paper_id)
        if current is not None:
            self._records[paper_id] = replace(current, **changes)  # type: ignore[arg-type]

    def highlight(self, paper_id: int) -> bool:
        """Move the cursor to a paper; False when it is not in the list."""
        try:
            index = self._ids.index(paper_id)
        except ValueError:
            return False
        self._move_to(index)
        return True

    # -- movement ----------------------------------------------------------------------------

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self._height - 1)

    def action_cursor_up(self) -> None:
        """Highlight the previous paper."""
        self._move_to(self._cursor - 1)

    def action_cursor_down(self) -> None:
        """Highlight the next paper."""
        self._move_to(self._cursor + 1)

    def action_first(self) -> None:
        """Highlight the first paper."""
        self._move_to(0)

    def action_last(self) -> None:
        """Highlight the last paper."""
        self._move_to(len(self._ids) - 1)

    def action_page_up(self) -> None:
        """Move the highlight up one page."""
        self._move_to(self._cursor - self._page())

    def action_page_down(self) -> None:
        """Move the highlight down one page."""
        self._move_to(self._cursor + self._page())

    def action_select(self) -> None:
        """Open the highlighted paper."""
        paper_id = self.highlighted_id
        if paper_id is not None:
            self.post_message(self.Selected(self, paper_id))

    def _move_to(self, index: int) -> None:
        if not self._ids:
            return
        index = max(0, min(index, len(self._ids) - 1))
        if index == self._cursor:
            return
        previous = self._cursor
        self._cursor = index
        self.moves += 1
        self._scroll_to_cursor()
        height = self._height
        self.refresh_lines(previous * height, height)
        self.refresh_lines(index * height, height)
        self._post_highlighted()

    def _scroll_to_cursor(self) -> None:
        if not self.is_mounted or not self._ids:
            return
        height = self._height
        if height > 1:
            # Rows of several lines: the top of the pane starts a row (never half a row above the rest).
            view = max(1, self.scrollable_content_region.height)
            top, first = self.scroll_offset.y, self._cursor * height
            if first < top:
                target = first
            elif first + height > top + view:
                target = -(-(first + height - view) // height) * height
            else:
                target = top - top % height
            if target != top:
                self.scroll_to(y=target, animate=False, force=True, immediate=True)
            return
        self.scroll_to_region(
            Region(0, self._cursor * height, max(1, self.scrollable_content_region.width), height),
            animate=False,
            force=True,
            immediate=True,
        )

    def _post_highlighted(self) -> None:
        paper_id = self.highlighted_id
        if paper_id != self._last_posted or not self._ids:
            self._last_posted = paper_id
            self._announce(self.Highlighted(self, paper_id))

    def repost_highlighted(self) -> None:
        """Announce the highlighted paper again (the screen's detail pane follows the focused list)."""
        self._last_posted = self.highlighted_id
        self._announce(self.Highlighted(self, self.highlighted_id))

    def _announce(self, message: Message) -> None:
        # Straight to the screen rather than bubbling through the containers: each hop is a turn of
        # the event loop, and the screen paints as soon as it is idle, so the cursor would go out in
        # one frame and whatever the screen does about the move (the detail pane) one frame later.
        if self.is_attached:
            self.screen.post_message(message)
        else:
            self.post_message(message)

    async def on_key(self, event: events.Key) -> None:
        """A key typed while this list had focus, arriving after a priority key of the same burst moved
        focus to the search field (``b /`` typed fast, or over SSH, arrive together): it acts on this
        list as typed. Left to Textual it would be lost: the search field never receives it, yet hides
        the screen's letter bindings because it would type them."""
        focused = self.app.focused
        if focused is None or focused is self or not focused.check_consume_key(event.key, event.character):
            return
        keymap = self.app._keymap
        for node in self.ancestors_with_self:
            bindings = node._bindings.copy()
            if keymap:
                bindings.apply_keymap(keymap)
            for binding in bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, node):
                    event.stop()
                    event.prevent_default()
                    return

    def on_click(self, event: events.Click) -> None:
        """Highlight the clicked row; a click on the highlighted row opens it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (self.scroll_offset.y + offset.y) // self._height
        if 0 <= index < len(self._ids):
            if index == self._cursor and event.chain > 1:
                self.action_select()
            self._move_to(index)

    def on_resize(self) -> None:
        """Fit the rows to the new width; keep the highlighted row in view."""
        self._fit_rows()
        self.call_after_refresh(self._scroll_to_cursor)

    @property
    def comfortable(self) -> bool:
        """Whether rows show the title in full and a line of facts (else one line each)."""
        return self._comfortable

    @comfortable.setter
    def comfortable(self, on: bool) -> None:
        if on != self._comfortable:
            self._comfortable = on
            self._fit_rows()

    @property
    def row_height(self) -> int:
        """Lines per paper."""
        return self._height

    def _fit_rows(self) -> None:
        """Lines per row for the style and the width; the scroll follows a change."""
        height = 1
        if self._comfortable:
            width = self.scrollable_content_region.width or self.size.width
            # One line only where the list takes a narrow terminal's whole width (more papers fit);
            # beside the detail pane, however wide, the title gets its two lines.
            whole_width = self.size.width >= self.app.size.width - 2
            height = 2 if whole_width and width >= ONE_LINE_TITLES else 3
        if height != self._height:
            self._height = height
            self.virtual_size = Size(0, len(self._ids) * height)
            self._line_cache.clear()
            self._scroll_to_cursor()
            self.refresh()

    # -- fetching ----------------------------------------------------------------------------

    def _window(self) -> tuple[int, int]:
        top = self.scroll_offset.y // self._height
        height = max(1, -(-self.size.height // self._height))
        return max(0, top - FETCH_MARGIN), min(len(self._ids), top + height + FETCH_MARGIN)

    def _visible_ids(self) -> list[int]:
        top = self.scroll_offset.y // self._height
        return self._ids[top : top + max(1, -(-self.size.height // self._height))]

    def _missing_visible(self) -> bool:
        return any(pid not in self._rows for pid in self._visible_ids())

    def _wanted_records(self) -> tuple[int, ...]:
        if self._record_loader is None or not self._ids:
            return ()
        cursor, have, missing = self._cursor, self._records, self._records_missing
        near = self._ids[max(0, cursor - RECORD_REFILL) : cursor + RECORD_REFILL + 1]
        if all(pid in have or pid in missing for pid in near):
            return ()
        around = self._ids[max(0, cursor - RECORD_MARGIN) : cursor + RECORD_MARGIN + 1]
        return tuple(pid for pid in around if pid not in have and pid not in missing)

    def _request_rows(self) -> None:
        if self._fetching or not self._ids:
            return
        wanted: tuple[int, ...] = ()
        if not self._failed and self._missing_visible():
            start, end = self._window()
            wanted = tuple(pid for pid in self._ids[start:end] if pid not in self._rows)
        wanted_records = self._wanted_records()
        if not wanted and not wanted_records:
            return
        self._fetching = True
        generation = self._generation
        self.run_worker(
            lambda: self._fetch(wanted, wanted_records, generation),
            thread=True,
            group="rows",
            exit_on_error=False,
        )

    def _fetch(self, wanted: tuple[int, ...], wanted_records: tuple[int, ...], generation: int) -> None:
        worker = get_current_worker()
        rows: dict[int, Row] = {}
        records: dict[int, PaperRecord] = {}
        try:
            if wanted:
                rows = self._loader(wanted)
            if wanted_records and self._record_loader is not None:
                records = {record.id: record for record in self._record_loader(wanted_records)}
        except Exception:
            pass
        if not worker.is_cancelled:
            self.post_message(self._RowsLoaded(rows, records, generation, wanted, wanted_records))

    @on(_RowsLoaded)
    def _rows_loaded(self, message: PaperList._RowsLoaded) -> None:
        """Store fetched rows, repaint if a visible row changed; fetch again if the cursor moved meanwhile."""
        message.stop()
        self._fetching = False
        if not message.rows and message.requested:
            # Nothing came back (an error, or ids deleted meanwhile): do not spin on them.
            self._failed = True
        if message.generation == self._generation:
            self._records_missing.update(set(message.requested_records) - set(message.records))
        self._store(message.rows, message.records, message.generation)
        self._request_rows()

    def _store(self, rows: dict[int, Row], records: dict[int, PaperRecord], generation: int) -> None:
        current = generation == self._generation
        visible = set(self._visible_ids())
        changed = False
        pending, pending_records = self._pending_rows, self._pending_records
        if pending:
            rows = {pid: replace(row, **pending[pid]) if pid in pending else row for pid, row in rows.items()}  # type: ignore[arg-type]
        if pending_records:
            records = {
                pid: replace(record, **pending_records[pid]) if pid in pending_records else record  # type: ignore[arg-type]
                for pid, record in records.items()
            }
        for pid, row in rows.items():
            if pid in visible and self.row(pid) != row:
                changed = True
            self._stale.pop(pid, None)
            if current:
                self._rows[pid] = row
                self._rows.move_to_end(pid)
            else:
                self._stale[pid] = row
        if current:
            for pid, record in records.items():
                self._records[pid] = record
                self._records.move_to_end(pid)
        while len(self._rows) > CACHE_SIZE:
            self._rows.popitem(last=False)
        while len(self._records) > RECORD_CACHE_SIZE:
            self._records.popitem(last=False)
        if len(self._stale) > CACHE_SIZE:
            self._stale.clear()
        if changed:
            self.refresh()

    # -- rendering ---------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """Render the visible lines and ask for any rows they lack."""
        lines = super().render_lines(crop)
        self.call_later(self._request_rows)
        return lines

    def _placeholder_lines(self, base: Style, width: int) -> list[Text]:
        """The empty list's text wrapped to the pane (its words say what to do), once per text,
        width and style rather than once per line drawn."""
        style = base + self._style("paper-list--placeholder")
        key = (self.empty_text, width, style)
        if self._placeholder is None or self._placeholder[0] != key:
            text = Text(self.empty_text, style=style)
            self._placeholder = (key, list(text.wrap(self.app.console, max(1, width - 2))))
        return self._placeholder[1]

    def render_line(self, y: int) -> Strip:
        """One line of a row (a placeholder until the row is loaded)."""
        width = self.scrollable_content_region.width or self.size.width
        line = self.scroll_offset.y + y
        base = self.rich_style
        if not self._ids:
            if self._ever_loaded:
                lines = self._placeholder_lines(base, width)
                if y < len(lines):
                    text = Text(" ", style=base) + lines[y]
                    text.truncate(width)
                    return Strip(text.render(self.app.console)).extend_cell_length(width, base)
            return Strip.blank(width, base)
        index, part = divmod(line, self._height)
        if index >= len(self._ids):
            return Strip.blank(width, base)
        paper_id = self._ids[index]
        row = self._rows.get(paper_id) or self._stale.get(paper_id)
        line_style = self._cursor_style() if index == self._cursor else base
        # A moved cursor or a new row repaints a few lines, yet Textual may ask for them all: the
        # rows already drawn come from the cache (everything they depend on is in the key).
        terminal_width = self.app.size.width
        key = (
            paper_id,
            row,
            line_style,
            width,
            index if self.numbered else -1,
            len(self._ids),
            self._upvotes_known,
            self._height,
            terminal_width,
        )
        cached = self._line_cache.get(key) if row is not None else None
        if cached is None:
            texts = (
                self._comfortable_texts(index, row, width, terminal_width)
                if self._height > 1
                else [self._row_text(index, row, width, terminal_width)]
            )
            cached = []
            for text in texts:
                text.stylize_before(line_style)
                strip = Strip(list(text.render(self.app.console))).extend_cell_length(width, line_style)
                cached.append(strip.crop(0, width))
            while len(cached) < self._height:
                cached.append(Strip.blank(width, line_style))
            if row is not None:
                self._line_cache[key] = cached
        return cached[part]

    def _style(self, name: str) -> Style:
        # Colours blended over the pane, without a background: the row (or cursor) supplies it.
        style = self._style_cache.get(name)
        if style is None:
            full = self.get_visual_style(name).rich_style
            style = Style(
                color=full.color,
                bold=full.bold,
                dim=full.dim,
                italic=full.italic,
                underline=full.underline,
                reverse=full.reverse,
            )
            self._style_cache[name] = style
        return style

    def _cursor_style(self) -> Style:
        # Full: the cursor's background blended over the pane's (focus changes it).
        return self.get_visual_style("paper-list--cursor").rich_style

    def _styles_changed(self) -> None:
        self._style_cache.clear()
        self._line_cache.clear()
        self.refresh()

    def _row_text(self, index: int, row: Row | None, width: int, terminal_width: int) -> Text:
        """A compact row: markers, date, upvotes and the title on one line."""
        style = self._style
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(" ")
        if self.numbered:
            digits = len(str(len(self._ids)))
            text.append(f"{index + 1:>{digits}}. ", style("paper-list--number"))
        if row is None:
            text.append("      …", style("paper-list--placeholder"))
            return text
        marker = style("paper-list--marker")
        text.append("●" if not row.read else " ", style("paper-list--unread") if not row.read else marker)
        text.append("★" if row.bookmarked else " ", marker)
        text.append("»" if row.queued else " ", marker)
        text.append(" ")
        if width >= 40:
            date = date_text(row.date, terminal_width)
            text.append(f"{date:<{len(date_text('2000-01-01', terminal_width))}} ", style("paper-list--date"))
        if row.upvotes is not None:
            self._upvotes_known = True
        if width >= 45 and self._upvotes_known:
            votes = f"▲{row.upvotes}" if row.upvotes is not None else ""
            text.append(f"{votes:>5} ", style("paper-list--upvotes"))
        text.append_text(self._title_text(row))
        text.truncate(width, overflow="ellipsis")
        return text

    def _title_text(self, row: Row) -> Text:
        name = "paper-list--read" if row.read else "paper-list--unread-title"
        return Text(row.title, style=self._style(name))

    def _comfortable_texts(self, index: int, row: Row | None, width: int, terminal_width: int) -> list[Text]:
        """A comfortable row: the title on its lines (the last one ends in … when it is longer), then
        the facts with the date at the right; in a numbered list (the queue) its place first."""
        style = self._style
        number = f"{index + 1:>{len(str(len(self._ids)))}}. " if self.numbered else ""
        indent = " " * (INDENT + len(number))
        room = max(8, width - len(indent))
        if row is None:
            return [Text("   …", style("paper-list--placeholder"), end="")]
        first = Text(" ", end="")
        if number:
            first.append(number, style("paper-list--number"))
        first.append("●" if not row.read else " ", style("paper-list--unread") if not row.read else "")
        first.append(" ")
        title_lines = self._height - 1
        wrapped = list(self._title_text(row).wrap(self.app.console, room))
        shown = wrapped[:title_lines]
        if len(wrapped) > title_lines:
            rest = Text(" ".join(line.plain.strip() for line in wrapped[title_lines - 1 :]))
            rest.stylize(self._title_text(row).style)
            rest.truncate(room, overflow="ellipsis")
            shown[-1] = rest
        texts = []
        for line_number, part in enumerate(shown):
            line = first.copy() if line_number == 0 else Text(indent, end="")
            part.rstrip()
            line.append_text(part)
            texts.append(line)
        # The facts right under the title (a short title leaves the row's last line empty).
        facts = Text(indent, end="")
        facts.append_text(self._facts(row, room, terminal_width))
        texts.append(facts)
        return texts

    def _facts(self, row: Row, room: int, terminal_width: int) -> Text:
        """Authors · source · upvotes · marks, and the date at the right; the authors give way first."""
        style = self._style
        marks: list[tuple[str, Style]] = []
        if row.badge:
            marks.append((row.badge, style("paper-list--facts")))
        if row.upvotes is not None:
            marks.append((f"▲{row.upvotes}", style("paper-list--upvotes")))
        if row.has_code:
            marks.append(("code", style("paper-list--facts")))
        for shown, mark in (
            (row.bookmarked, "★"),
            (row.queued, f"»{row.queue_position or ''}"),
            (row.has_note, "✎"),
            (row.watched, "◉"),
        ):
            if shown:
                marks.append((mark, style("paper-list--marker")))
        if row.new and not row.read:
            marks.append(("new", style("paper-list--new")))
        if row.muted:
            marks.append(("muted", style("paper-list--placeholder")))
        date = date_text(row.date, terminal_width)
        tail = Text(end="")
        for text, mark_style in marks:
            if tail:
                tail.append(" · ", style("paper-list--facts"))
            tail.append(text, mark_style)
        authors = short_authors(row.authors, row.author_count)
        left_room = room - len(date) - 1 - tail.cell_len - (3 if tail and authors else 0)
        line = Text(end="", no_wrap=True)
        if authors and left_room >= 8:
            names = Text(authors, style("paper-list--facts"))
            names.truncate(left_room, overflow="ellipsis")
            line.append_text(names)
            if tail:
                line.append(" · ", style("paper-list--facts"))
        line.append_text(tail)
        line.truncate(max(0, room - len(date) - 1), overflow="ellipsis")
        line.pad_right(max(0, room - len(date) - line.cell_len))
        line.append(date, style("paper-list--date"))
        return line

    def notify_style_update(self) -> None:
        """Repaint with the new theme's colours."""
        super().notify_style_update()
        self._styles_changed()

    def on_focus(self) -> None:
        """Show the cursor in the focused style."""
        self._styles_changed()

    def on_blur(self) -> None:
        """Show the cursor in the unfocused style."""
        self._styles_changed()
