"""Triage (``t``): a list's unread papers one at a time, each decided with one key (queue, bookmark,
skip), with a progress line and a summary at the end. It loads the papers it shows itself, ahead of
the one on screen, so that the next paper is there in the frame the key is answered in; decisions go
through the reader's ordered database thread like every other key's."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Static
from textual.worker import get_current_worker

from paper_tui.model import PaperRecord
from paper_tui.reader.triage import Triage
from paper_tui.text import display_tex, is_safe_url
from paper_tui.ui import links
from paper_tui.ui.render import one_line
from paper_tui.ui.widgets.detail import HEADING, LINK_NAMES, MUTED, says_why, why_this_paper

if TYPE_CHECKING:
    from paper_tui.library import Library
    from paper_tui.reader.session import ReaderSession

#: Papers loaded ahead of the one shown (and kept behind it, for k): when fewer than this many are
#: ready, the next ``2 * AHEAD`` are loaded in one go, so that a load (and its repaint) comes once in
#: a dozen keys rather than with every key.
AHEAD = 12
#: The keys, as the bottom line says them (at 80 columns too).
KEYS_LINE = "a queue  b bookmark  x skip  j later  k back  u undo  o open  y copy  q leave"


def triage_content(record: PaperRecord, width: int | None = None) -> Content:
    """One paper as triage shows it: title, authors, the facts, why For you ranks it, the abstract and
    the numbered links."""
    parts: list[Content | str | tuple[str, str | Style]] = [(display_tex(record.title), "bold"), "\n"]
    if record.authors:
        shown = ", ".join(record.authors[:12]) + (
            f" and {len(record.authors) - 12} more" if len(record.authors) > 12 else ""
        )
        parts += [(shown, "italic"), "\n"]
    facts: list[str] = []
    if any(s.source.startswith("hf") for s in record.digests):
        facts.append("HF")
    facts += list(record.categories[:3])
    if record.upvotes is not None:
        facts.append(f"▲{record.upvotes}")
    if any(link.kind == "code" for link in record.links):
        facts.append("code")
    if record.published:
        facts.append(f"published {record.published}")
    if record.bookmarked:
        facts.append("★ bookmarked")
    if record.queue_position is not None:
        facts.append(f"» queued #{record.queue_position}")
    if facts:
        parts += [(" · ".join(facts), MUTED), "\n"]
    if says_why(record):
        parts += [why_this_paper(record, width), "\n"]
    parts += ["\n", display_tex(record.abstract) or Content.styled("(no abstract)", MUTED), "\n"]
    if record.ai_summary:
        parts += ["\n", ("AI summary", HEADING), "\n", display_tex(record.ai_summary), "\n"]
    if record.links:
        parts.append("\n")
    for number, link in enumerate(record.links, 1):
        parts += [(f"{number:>2} ", "bold"), (f"{LINK_NAMES.get(link.kind, link.kind):<8} ", MUTED)]
        parts.append(
            (link.url, Style(underline=True, link=link.url)) if is_safe_url(link.url) else (link.url, MUTED)
        )
        parts.append("\n")
    return Content.assemble(*parts).rstrip()


class TriageScreen(Screen[str | None]):
    """Goes through ``ids`` (a list's papers, in its order), keeping the unread ones; dismisses with the
    summary (None when it was left before any decision)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "decide('queue')", "Queue", tooltip="Add to the queue, next paper"),
        Binding("b", "decide('bookmark')", "Bookmark", tooltip="Bookmark, next paper"),
        Binding("x,space", "decide('skip')", "Skip", tooltip="Skip: mark read (not for me), next paper"),
        Binding("j,down", "later", "Later", tooltip="Next paper, leaving this one unread"),
        Binding("k,up", "back", "Back", tooltip="The paper before"),
        Binding("u", "undo", "Undo", tooltip="Take back the last decision"),
        Binding("o", "open", "Open", tooltip="Open the main link"),
        Binding("y", "copy", "Copy", tooltip="Copy the main link"),
        Binding("q,escape", "leave", "Leave", tooltip="Back to the list"),
    ]

    @dataclass
    class _Loaded(Message):
        records: list[PaperRecord]
        unread: list[int] | None = None

    def __init__(self, library: Library, session: ReaderSession, ids: Sequence[int], label: str) -> None:
        super().__init__()
        self.library = library
        self.session = session
        self.label = label
        self.triage: Triage | None = None
        self._ids = list(ids)
        self._records: OrderedDict[int, PaperRecord] = OrderedDict()
        #: Whether each paper was queued and bookmarked when first loaded (before any decision on it).
        self._found: dict[int, tuple[bool, bool]] = {}
        self._loading = False
        #: The paper whose record is on screen (None while "Loading…" or a summary is shown).
        self._shown: int | None = None

    def compose(self) -> ComposeResult:
        """The progress line, the paper, the keys."""
        yield Static(
            Content.styled(f"Triage · {self.label} · looking for unread papers…", "bold"),
            id="triage-progress",
        )
        with VerticalScroll(id="triage-body"):
            yield Static(Content.styled("Loading…", MUTED), id="triage-paper")
        yield Static(Content.styled(KEYS_LINE, MUTED), id="triage-keys")

    def on_mount(self) -> None:
        """Keep the unread papers, and load the first ones."""
        self._start(self._ids)

    @work(thread=True, exclusive=True, group="triage-start", description="triage start", exit_on_error=False)
    def _start(self, ids: list[int]) -> None:
        unread = self.library.unread_among(ids)
        records = self.library.papers(unread[:AHEAD])
        if not get_current_worker().is_cancelled:
            self.post_message(self._Loaded(records, unread))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        self._loading = False
        if message.unread is not None:
            self.triage = Triage.of(message.unread)
        for record in message.records:
            self._records[record.id] = record
            self._found.setdefault(record.id, (record.queue_position is not None, record.bookmarked))
        while len(self._records) > 4 * AHEAD:
            self._records.popitem(last=False)
        triage = self.triage
        if message.unread is not None or (triage is not None and triage.current != self._shown):
            self._show()  # the paper on screen was waiting for its record
        else:
            self._want_records()

    def _want_records(self) -> None:
        """Load the papers ahead of the one shown when fewer than ``AHEAD`` are ready."""
        triage = self.triage
        if triage is None or self._loading:
            return
        ahead = triage.ids[triage.position : triage.position + AHEAD]
        if all(pid in self._records for pid in ahead):
            return
        window = triage.ids[max(0, triage.position - 2) : triage.position + 2 * AHEAD]
        missing = [pid for pid in window if pid not in self._records]
        if missing:
            self._loading = True
            self._load(missing)

    @work(thread=True, group="triage-load", exit_on_error=False)
    def _load(self, ids: list[int]) -> None:
        records = self.library.papers(ids)
        self.post_message(self._Loaded(records))

    def _show(self) -> None:
        triage = self.triage
        progress = self.query_one("#triage-progress", Static)
        body = self.query_one("#triage-paper", Static)
        if triage is None:
            return
        self._shown = None
        if not triage.ids:
            progress.update(Content.styled(f"Triage · {self.label}", "bold"))
            body.update(Content.styled("Every paper of this list is read already. q goes back.", MUTED))
            return
        if triage.finished:
            progress.update(Content.styled(f"Triage · {self.label} · done", "bold"))
            body.update(
                Content.assemble(
                    (triage.summary(), "bold"),
                    "\n\n",
                    (
                        "q goes back to the list · u takes back the last decision · k shows the last paper",
                        MUTED,
                    ),
                )
            )
            return
        progress.update(Content.assemble((f"Triage · {self.label} · ", "bold"), triage.progress()))
        record = self._records.get(triage.current or 0)
        shown = triage_content(record, body.content_size.width or None) if record is not None else None
        body.update(shown or Content.styled("Loading…", MUTED))
        self._shown = record.id if record is not None else None
        self.query_one("#triage-body", VerticalScroll).scroll_home(animate=False)
        self._want_records()

    # -- the keys --------------------------------------------------------------------------------

    def _write(self, call: Callable[[], object], failure: str) -> Future[Any]:
        future = self.session.submit(call)
        self.run_worker(self._written(future, failure), group="write", exit_on_error=False)
        return future

    async def _written(self, future: Future[Any], failure: str) -> None:
        import asyncio

        try:
            await asyncio.wrap_future(future)
        except Exception as error:
            self.notify(f"{failure}: {error}", severity="error", markup=False)

    def action_decide(self, action: str) -> None:
        """Queue, bookmark or skip the paper shown, and show the next. A paper decided on again (after
        ``k``) holds the new decision only: the library takes the earlier one back, unless it found the
        paper so already (a paper bookmarked before the triage stays bookmarked)."""
        triage = self.triage
        if triage is None or triage.current is None:
            return
        earlier = triage.decisions.get(triage.current)
        queued, bookmarked = self._found.get(triage.current, (False, False))
        if (earlier == "queue" and queued) or (earlier == "bookmark" and bookmarked):
            earlier = None
        paper_id = triage.decide(action)
        if paper_id is None:
            return
        library = self.library
        self._write(
            lambda: library.decide(paper_id, action, replacing=earlier), f"Could not {action} the paper"
        )
        self._show()

    def action_later(self) -> None:
        """The next paper, leaving this one unread."""
        if self.triage is not None:
            self.triage.later()
            self._show()

    def action_back(self) -> None:
        """The paper before."""
        if self.triage is not None and self.triage.back():
            self._show()

    def action_undo(self) -> None:
        """Take back the last decision (the library puts the paper back as it was) and show it."""
        triage = self.triage
        if triage is None:
            return
        undone = triage.undo()
        if undone is None:
            self.notify("No decision to take back.", markup=False, timeout=3)
            return
        self._write(self.library.undo, "Could not undo")
        self._show()

    def _with_current(self, then: Callable[[PaperRecord], object]) -> None:
        triage = self.triage
        record = self._records.get(triage.current or 0) if triage is not None else None
        if record is not None:
            then(record)
            library, paper_id = self.library, record.id
            self._write(lambda: library.signal([paper_id], "link"), "Could not record that")

    def action_open(self) -> None:
        """Open the paper's main link."""

        def open_main(record: PaperRecord) -> None:
            link = links.main_link(self.app, record)
            if link is not None:
                links.open_url(self.app, link.url)

        self._with_current(open_main)

    def action_copy(self) -> None:
        """Copy the paper's main link."""
        self._with_current(lambda record: links.copy_link(self.app, links.main_link(self.app, record)))

    def action_leave(self) -> None:
        """Back to the list, with the summary (None when nothing was decided)."""
        triage = self.triage
        self.dismiss(triage.summary() if triage is not None and triage.decisions else None)

    @property
    def shown_title(self) -> str:
        """The title of the paper shown ("" when none)."""
        triage = self.triage
        record = self._records.get(triage.current or 0) if triage is not None else None
        return one_line(record.title, 80) if record is not None else ""
