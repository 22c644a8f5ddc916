"""The search field above the paper list: shown by ``/``; it searches as you type (kept to the view it
was opened from, when :attr:`SearchBar.scope` says so), in its own worker, and posts what it found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from paper_tui.reader.index_state import IndexState
from paper_tui.reader.search import SearchOutcome, names_a_field, run_search
from paper_tui.reader.view_cache import Window
from paper_tui.reader.views import ViewSpec

if TYPE_CHECKING:
    from paper_tui.library import Library

#: Seconds without a keystroke after which the quick (title and author) results give way to the full search.
FULL_SEARCH_DELAY = 0.3
#: The field's hint, longest first: the longest that fits is shown whole (? lists every filter).
PLACEHOLDERS = (
    'Search: words, "a phrase", author:name, is:unread, has:code, diffu* (esc clears)',
    'Search: words, "a phrase", author:name, is:unread (? for all)',
    'Search: words, "a phrase", author:, is:unread',
    "Search: words, author:, is:unread",
    "Search",
)


class SearchBar(Input):
    """An Input for queries. Each keystroke runs the quick search at once and, when typing pauses
    (or on enter), the full one; a newer keystroke cancels an older search."""

    @dataclass
    class Found(Message):
        """Results for the query in the field (``full``: the full search; else the quick one)."""

        token: int
        query: str
        ids: list[int]
        terms: frozenset[str]
        full: bool
        #: Rows and records of the first results, fetched by the search's worker.
        window: Window | None = None
        #: The list's generation when the search started (what the rows are as of).
        list_generation: int = 0
        notices: tuple[str, ...] = field(default_factory=tuple)
        #: How many match (exactly, or at least when not ``exact``), and in the whole library when
        #: the search was kept to ``scope``.
        total: int = 0
        exact: bool = True
        everywhere: int | None = None
        scope: ViewSpec | None = None
        #: The respelling said ("Showing results for ..."), "" for none.
        note: str = ""

    @dataclass
    class Problem(Message):
        """The query submitted cannot run as typed: why, and where (what is complete was searched)."""

        token: int
        problem: str

    @dataclass
    class Failed(Message):
        """The query could not run (it may be half typed; ``full`` says whether it was the full search)."""

        token: int
        query: str
        error: str
        full: bool
        notices: tuple[str, ...] = field(default_factory=tuple)

    @dataclass
    class Cleared(Message):
        """The field was emptied."""

    @dataclass
    class Unavailable(Message):
        """Search cannot run now (said once per opening of the field)."""

        reason: str

    @dataclass
    class _Searched(Message):
        token: int
        query: str
        full: bool
        outcome: SearchOutcome
        list_generation: int
        scope: ViewSpec | None

    def __init__(
        self,
        library: Library,
        index: IndexState,
        list_generation: Callable[[], int],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(
            placeholder=PLACEHOLDERS[0],
            id=id,
        )
        self._library = library
        self._index = index
        self._list_generation = list_generation
        #: Bumped by every keystroke and by close(): results of an older search are dropped.
        self._token = 0
        self._full_token = 0
        self._full_timer: Timer | None = None
        self._said_unavailable = False
        # A query was typed while the index could not be searched (it runs when the index is back).
        self._waiting = False
        #: The view searches are kept to (None: the whole library); set by the pane when it opens.
        self.scope: ViewSpec | None = None
        # Enter was pressed for this token: say the full search's problem, if any, when it arrives.
        self._submitted_token = -1
        # The problem of the full search of the token it ran for.
        self._problem: tuple[int, str | None] = (-1, None)

    def on_resize(self) -> None:
        """The longest hint that fits the field whole (a cut one read "is:unread," and stopped)."""
        room = self.content_size.width - 1
        self.placeholder = next((hint for hint in PLACEHOLDERS if len(hint) <= room), PLACEHOLDERS[-1])

    def is_current(self, token: int) -> bool:
        """Whether results with this token are for the field as it is (not typed over, not closed):
        they reach the screen a moment after this field let them go."""
        return token == self._token

    def close(self) -> None:
        """Empty and hide the field; drop the searches under way."""
        self._said_unavailable = False
        self._waiting = False
        if self.display:
            with self.prevent(Input.Changed):
                self.value = ""
            self.display = False
        self._token += 1
        self._stop_full_timer()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """Each keystroke: the quick search at once, the full one when typing pauses."""
        event.stop()
        # Unstripped: a trailing space means the last word is complete (no prefix expansion).
        query = event.value
        self._token += 1
        self._stop_full_timer()
        if not query.strip():
            self.post_message(self.Cleared())
            return
        unavailable = self._index.unavailable()
        self._waiting = unavailable is not None
        if unavailable is not None:
            if not self._said_unavailable:
                self._said_unavailable = True
                self.post_message(self.Unavailable(unavailable))
            return
        token = self._token
        self._search(token, query, False, self._list_generation())
        self._full_timer = self.set_timer(FULL_SEARCH_DELAY, lambda: self._full_due(token, query))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter: the full search now (unless it already ran for this query), and what stops the query
        as submitted said; the screen then moves to the results."""
        self._stop_full_timer()
        if not event.value.strip():
            return
        self._submitted_token = self._token
        token, problem = self._problem
        if token == self._token and problem is not None:
            self.post_message(self.Problem(token, problem))
        if self._full_token == self._token and names_a_field(event.value):
            # The full search ran with "auth" taken as a field's name on its way: now it is a word.
            self._full_token = -1
        self._full_due(self._token, event.value, submitted=True)

    def widen(self) -> bool:
        """Search the whole library instead of the view (the search runs again); False when the search
        was not kept to a view."""
        if self.scope is None:
            return False
        self.scope = None
        self._token += 1
        self._stop_full_timer()
        if self.value.strip():
            token = self._token
            self._search(token, self.value, False, self._list_generation())
            self._full_due(token, self.value)
        return True

    def index_ready(self) -> None:
        """The index is usable again: a query typed while it could not be searched runs now."""
        if self.display and self._waiting and self.value.strip():
            self._waiting = False
            self._token += 1
            self._full_due(self._token, self.value)

    def _stop_full_timer(self) -> None:
        if self._full_timer is not None:
            self._full_timer.stop()
            self._full_timer = None

    def _full_due(self, token: int, query: str, *, submitted: bool = False) -> None:
        self._full_timer = None
        if token != self._token or token == self._full_token:
            return
        self._full_token = token
        if self._index.unavailable() is None:
            self._search(token, query, True, self._list_generation(), submitted)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(
        self, token: int, query: str, full: bool, list_generation: int, submitted: bool = False
    ) -> None:
        worker = get_current_worker()
        scope = self.scope
        outcome = run_search(
            self._library,
            self._index,
            query,
            full=full,
            cancelled=lambda: worker.is_cancelled,
            scope=scope.store_view() if scope is not None else None,
            submitted=submitted,
        )
        if not worker.is_cancelled:
            self.post_message(self._Searched(token, query, full, outcome, list_generation, scope))

    @on(_Searched)
    def _searched(self, message: _Searched) -> None:
        message.stop()
        if message.token != self._token:
            return
        outcome = message.outcome
        if outcome.error is not None:
            self.post_message(
                self.Failed(message.token, message.query, outcome.error, message.full, outcome.notices)
            )
            return
        if message.full:
            self._problem = (message.token, outcome.problem)
            if outcome.problem is not None and message.token == self._submitted_token:
                self.post_message(self.Problem(message.token, outcome.problem))
        if not outcome.searched:
            # Nothing complete to search yet ("author:", "auth"): the list goes back to its view
            # rather than keep an earlier query's results under the new text.
            self.post_message(self.Cleared())
            return
        self.post_message(
            self.Found(
                message.token,
                message.query,
                outcome.ids,
                outcome.terms,
                message.full,
                outcome.window,
                message.list_generation,
                outcome.notices,
                outcome.total,
                outcome.exact,
                outcome.everywhere,
                message.scope,
                outcome.note,
            )
        )
