"""The main screen's keys for deciding what to read: sort, row style, triage, like and less, watch and
mute, undo. A mixin of :class:`~paper_tui.ui.screens.main.MainScreen`, kept apart so that the screen
stays a router; like its other actions, each calls the library (writes through ``_write``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from paper_tui.reader.views import SORT_LABELS

if TYPE_CHECKING:
    from textual.app import App

    from paper_tui.config import Config
    from paper_tui.library import Library
    from paper_tui.reader.session import ReaderSession
    from paper_tui.ui.widgets.detail import PaperDetail
    from paper_tui.ui.widgets.status import StatusLine
    from paper_tui.ui.widgets.view_list import ViewList


class TasteActions:
    """Actions of the main screen (a mixin: the screen provides what is declared below)."""

    if TYPE_CHECKING:
        library: Library
        config: Config
        session: ReaderSession
        app: App[Any]

        @property
        def papers(self) -> ViewList: ...

        @property
        def detail(self) -> PaperDetail: ...

        @property
        def status(self) -> StatusLine: ...

        def _write(self, call: Callable[[], object], failure: str, *, refresh: bool = True) -> None: ...

        def _say(self, text: str) -> None: ...

    def action_sort(self) -> None:
        """Sort the list by the next order: digest order, newest, upvotes, for you, title."""
        papers = self.papers
        sort = papers.cycle_sort()
        if sort is None:
            self._say(f"{papers.label} keeps its own order")
            return
        self._say(f"Sorted: {SORT_LABELS[sort]}")
        self.session.save_prefs(sorts=papers.sorts)

    def action_rows(self) -> None:
        """Switch the list between comfortable rows (whole titles and a line of facts) and compact ones."""
        papers = self.papers
        papers.comfortable = not papers.comfortable
        style = "comfortable" if papers.comfortable else "compact"
        self._say(f"Rows: {style}")
        self.session.save_prefs(rows=style)
