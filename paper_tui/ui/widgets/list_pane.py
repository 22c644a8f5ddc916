"""The list pane: the search field over the main paper list. A search's results become the list; esc
(:meth:`ListPane.back`) returns to the view the search started from. A search started from Unread,
Bookmarked, the queue or a digest is kept to it, said under the field (``in Unread``); ``ctrl+l``
widens it to the whole library."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from paper_tui.reader.index_state import IndexState
from paper_tui.reader.view_cache import ViewSource, Window
from paper_tui.reader.views import ViewSpec
from paper_tui.ui.widgets.search_bar import SearchBar
from paper_tui.ui.widgets.view_list import ViewList

if TYPE_CHECKING:
    from paper_tui.library import Library


class ListPane(Vertical):
    """Routes between its two children: the search bar's results go to the list.

    The screen calls :meth:`load_view`, :meth:`open_search`, :meth:`close_search` and :meth:`back`;
    the list's own messages (:class:`ViewList.Shown` ...) reach the screen.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "widen_search", "Whole library", show=False, tooltip="Search the whole library"),
    ]

    def __init__(
        self, library: Library, index: IndexState, empty_keys: Mapping[str, str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._library = library
        self._index = index
        self._empty_keys = empty_keys
        #: The words of the search shown, for highlighting in the detail pane.
        self.terms: frozenset[str] = frozenset()
        # The paper highlighted when the search opened (esc goes back to it).
        self._pre_search_id: int | None = None
        # ViewList.moves when search results were last shown (did the user move since?).
        self._moves_at_results = 0

    def compose(self) -> ComposeResult:
        """The search field (hidden until ``/``) over the list."""
        index = self._index

        def wait_for_index() -> str | None:  # in a worker
            worker = get_current_worker()
            return index.wait_usable(lambda: worker.is_cancelled)

        yield SearchBar(self._library, index, lambda: self.papers.generation, id="search")
        yield Static("", id="search-info", markup=False)
        yield ViewList(ViewSource(self._library, wait_for_index), self._empty_keys, id="papers")

    def on_mount(self) -> None:
        """The search field shows only while searching."""
        self.search_bar.display = False
        self.search_info.display = False

    @property
    def papers(self) -> ViewList:
        """The list."""
        return self.query_one("#papers", ViewList)

    @property
    def search_bar(self) -> SearchBar:
        """The search field."""
        return self.query_one("#search", SearchBar)

    @property
    def search_info(self) -> Static:
        """The line under the search field: the view the search is kept to, a respelling."""
        return self.query_one("#search-info", Static)

    def load_view(self, spec: ViewSpec, keep_id: int | None = None, *, returning: bool = False) -> None:
        """Show a view in the list (keeping ``keep_id`` highlighted when it is in it; ``returning``
        from a search or a "more like" list: Today stays on the digest being read)."""
        if not spec.transient:
            self.terms = frozenset()
        self.papers.load_view(spec, keep_id, returning=returning)

    def open_search(self) -> SearchBar:
        """Show the search field (remembering the paper to come back to); the caller focuses it."""
        bar = self.search_bar
        if not bar.display:
            self._pre_search_id = self.papers.highlighted_id
            bar.scope = self.papers.base_view.search_scope()
            self._inform(bar.scope, None, "")
        bar.display = True
        return bar

    def close_search(self) -> None:
        """Empty and hide the search field."""
        self.search_bar.close()
        self.search_info.display = False

    def action_widen_search(self) -> None:
        """Search the whole library rather than the view the search started from."""
        bar = self.search_bar
        if bar.display and bar.widen():
            self._inform(None, None, "")

    def _inform(self, scope: ViewSpec | None, elsewhere: int | None, note: str) -> None:
        """Say under the search field which view the search is kept to (and how many more match in
        the whole library) and what was respelt; hidden when there is nothing to say."""
        parts = []
        if scope is not None:
            more = f" ({elsewhere:,} more in the library)" if elsewhere else ""
            parts.append(f"in {scope.label}{more} · ctrl+l: whole library")
        if note:
            parts.append(note)
        self.search_info.update(" · ".join(parts))
        self.search_info.display = bool(parts) and self.search_bar.display

    def back(self) -> bool:
        """Esc: leave a search (on the paper found when the view it returns to holds it, else on the
        one the search left) or a "more like" list; False when there was neither."""
        papers = self.papers
        view = papers.view
        if self.search_bar.display or view.kind == "search":
            keep = papers.highlighted_id if view.kind == "search" else None
            cached = papers.cached(papers.base_view, returning=True)
            if keep is None or (cached is not None and keep not in cached.window.ids):
                keep = self._pre_search_id
            self.close_search()
            self.load_view(papers.base_view, keep_id=keep, returning=True)
            return True
        if view.kind == "similar":
            self.load_view(papers.base_view, keep_id=view.paper_id, returning=True)
            return True
        return False

    # -- the search bar's messages -----------------------------------------------------------------

    @on(SearchBar.Cleared)
    def _cleared(self, message: SearchBar.Cleared) -> None:
        message.stop()
        if self.papers.view.kind == "search":
            self.load_view(self.papers.base_view, keep_id=self._pre_search_id, returning=True)

    @on(SearchBar.Unavailable)
    def _unavailable(self, message: SearchBar.Unavailable) -> None:
        message.stop()
        self.notify(message.reason, severity="warning", markup=False, timeout=4)

    @on(Input.Submitted, "#search")
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self.screen.set_focus(self.papers)

    @on(SearchBar.Failed)
    def _failed(self, message: SearchBar.Failed) -> None:
        message.stop()
        if not self.search_bar.is_current(message.token):
            return
        self._say(message.notices)
        if message.full:  # a query half typed may not parse; the full search says so once
            self.notify(f"Search failed: {message.error}", severity="warning", markup=False, timeout=4)

    @on(SearchBar.Problem)
    def _problem(self, message: SearchBar.Problem) -> None:
        message.stop()
        if self.search_bar.is_current(message.token):
            self.notify(f"Search: {message.problem}", severity="warning", markup=False, timeout=6)

    @on(SearchBar.Found)
    def _found(self, message: SearchBar.Found) -> None:
        message.stop()
        if not self.search_bar.is_current(message.token):
            return
        self._say(message.notices)
        papers = self.papers
        # The full results keep the paper highlighted among the quick ones when the user moved to it;
        # otherwise they show their own best match first.
        moved = papers.moves != self._moves_at_results
        keep = papers.highlighted_id if message.full and papers.view.kind == "search" and moved else None
        self.terms = message.terms
        window = message.window or Window(message.ids)
        papers.show_results(
            ViewSpec(kind="search", query=message.query.strip(), scope=message.scope),
            Window(message.ids, window.rows, window.records),
            keep,
            message.list_generation,
            exact=message.exact,
        )
        self._moves_at_results = papers.moves
        elsewhere = (
            message.everywhere - message.total if message.everywhere is not None and message.exact else None
        )
        self._inform(message.scope, elsewhere, message.note)

    def _say(self, notices: tuple[str, ...]) -> None:
        for notice in notices:
            self.notify(notice, severity="warning", markup=False, timeout=8)
