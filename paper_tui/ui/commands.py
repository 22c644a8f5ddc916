"""Command palette providers: jump to a paper by fuzzy title (rapidfuzz) and every reader action."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen

from paper_tui.ui.keys import chosen_keys
from paper_tui.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from paper_tui.titles import TitleIndex


#: The palette's name for :meth:`MainScreen.action_reindex`.
REINDEX_COMMAND = "Rebuild the search index"
#: The palette's name for filling title-only papers' gaps now.
ENRICH_COMMAND = "Fill in papers from arXiv"


def highlight_words(title: str, query: str) -> Content:
    """The title as literal content, with the query's words underlined where they occur."""
    content = Content(title)
    for word in set(query.split()):
        for match in re.finditer(re.escape(word), title, re.IGNORECASE):
            content = content.stylize("bold underline", match.start(), match.end())
    return content


class TitleJumpProvider(Provider):
    """Jump to a paper by typing part of its title (fuzzy, rapidfuzz over every title)."""

    async def startup(self) -> None:
        """Start loading the titles in a worker (cached by the screen until the library changes).

        Not awaited here: each key typed aborts the palette's search, and Textual cancels what that
        search awaits, its providers' start-up included, for good. At 100,000 papers the titles take
        most of a second, so a title typed at once found nothing, ever.
        """
        self._titles: asyncio.Future[TitleIndex] | None = None
        screen = self.screen
        if isinstance(screen, MainScreen):
            worker = screen.run_worker(
                screen.titles.get, thread=True, group="titles", description="titles", exit_on_error=False
            )
            self._titles = asyncio.ensure_future(worker.wait())

    async def search(self, query: str) -> Hits:
        """Titles matching the query, best first."""
        screen = self.screen
        if not isinstance(screen, MainScreen) or len(query.strip()) < 2 or self._titles is None:
            return
        titles = await asyncio.shield(self._titles)  # a newer key cancels this search, not the loading
        # About 10 ms at 100,000 titles: in a worker, not on the screen's thread. Named: Textual would
        # describe the worker by the repr of its callable, 100,000 titles long (150 ms a key).
        matcher = screen.run_worker(
            partial(titles.match, query),
            thread=True,
            group="titles",
            description="title match",
            exit_on_error=False,
        )
        matches = await matcher.wait()
        for paper_id, title, score in matches:
            yield Hit(
                0.5 + 0.45 * min(score / 4, 1.0),  # the tiers of TitleIndex.match, in order
                highlight_words(title, query),
                partial(screen.jump_to, paper_id),
                text=title,
                help=escape(f"Jump to paper #{paper_id}"),
            )


def reader_commands(screen: Screen[object]) -> Iterator[SystemCommand]:
    """Every key of the main screen as a palette command (title, help with the key, callback)."""
    if not isinstance(screen, MainScreen):
        return
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or binding.id in ("back",):
            continue
        shown = chosen_keys(binding, screen.config.keys)[0]  # as the help screen shows it
        help_text = f"{binding.tooltip or binding.description} (key {shown})"
        yield SystemCommand(
            _command_title(binding), escape(help_text), partial(screen.run_action, binding.action)
        )
    # Commands without a key.
    yield SystemCommand(
        REINDEX_COMMAND,
        escape(
            "Rebuild the search index from the library, in the background, with progress in the "
            "status line (searches use the old index until the new one is ready)"
        ),
        screen.action_reindex,
    )
    background = screen.background
    digest = screen.view.digest_date if screen.view.kind == "digest" else screen.papers.today_date
    if digest:
        yield SystemCommand(
            f"Remove the digest of {digest}",
            escape(
                "Take back a digest imported by mistake (asks first; papers also in other digests stay; "
                "a backup is written first)"
            ),
            partial(background.remove_papers, digest_date=digest),
        )
    paper_id = screen.current_id()
    if paper_id is not None:
        yield SystemCommand(
            f"Remove paper #{paper_id}",
            escape("Remove the highlighted paper from the library (asks first; a backup is written first)"),
            partial(background.remove_papers, paper_id=paper_id),
        )
    yield SystemCommand(
        ENRICH_COMMAND,
        escape("Fill title-only papers' gaps from arXiv and Hugging Face now (paper-tui enrich)"),
        partial(background.enrich, asked=True),
    )


def _command_title(binding: Binding) -> str:
    if binding.id and binding.id.startswith("view_"):
        return f"View: {binding.description}"
    return binding.description.rstrip("…")
