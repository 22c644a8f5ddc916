"""The status line: the current view, the counts, the newest digest's date, work under way and a note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from paper_tui.text import terminal_safe

#: Reads the library's counts, its newest digest's date and every digest date (in a worker).
Counter = Callable[[], tuple[dict[str, int], str | None, list[str]]]


class StatusLine(Widget):
    """One line at the top of the main screen, built from its attributes (each change repaints it);
    narrow terminals get less. It counts the library itself (:meth:`recount`) and posts
    :class:`Counted`; the screen sets the rest."""

    @dataclass
    class Counted(Message):
        """The library was counted: its newest digest's date and every digest date, newest first."""

        latest: str | None
        dates: list[str]

    @dataclass
    class _Counts(Message):
        counts: dict[str, int]
        latest: str | None
        dates: list[str]

    #: The view's name ("Today", "Search: diffusion").
    view_label: reactive[str] = reactive("Today")
    #: The view's count as shown ("1,204", "300+"); "…" while a view loads; None before the first.
    view_count: reactive[str | None] = reactive(None)
    #: The library's counts: papers, unread, queued, bookmarked.
    counts: reactive[dict[str, int]] = reactive(dict)
    digest_date: reactive[str | None] = reactive(None)
    #: A fetch under way ("Fetching hf 2026-08-03…"); "" when none.
    fetch_activity: reactive[str] = reactive("")
    #: Papers in the exports under way (an export of 100,000 papers takes seconds).
    exporting: reactive[int] = reactive(0)
    #: The index rebuild under way ("Indexing 12,000/100,000…"); "" when none.
    index_activity: reactive[str] = reactive("")
    #: What the last key did ("Queued (#3): …"), for a few seconds; "" otherwise.
    note: reactive[str] = reactive("")

    def __init__(self, counter: Counter | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counter = counter
        self._note_timer: Timer | None = None

    def recount(self) -> None:
        """Count the library again, in a worker."""
        if self._counter is not None:
            self._count()

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _count(self) -> None:
        assert self._counter is not None
        counts, latest, dates = self._counter()
        if not get_current_worker().is_cancelled:
            self.post_message(self._Counts(counts, latest, dates))

    @on(_Counts)
    def _counted(self, message: _Counts) -> None:
        message.stop()
        self.counts = message.counts
        if message.latest is not None:
            self.digest_date = message.latest
        self.post_message(self.Counted(message.latest, message.dates))

    @property
    def activity(self) -> str:
        """The work under way, in one string ("" when idle)."""
        parts = [self.fetch_activity] if self.fetch_activity else []
        if self.exporting:
            parts.append(f"Exporting {self.exporting:,} papers…")
        if self.index_activity:
            parts.append(self.index_activity)
        return terminal_safe(" · ".join(parts))  # a fetch's progress can quote a server

    def show_note(self, text: str, seconds: float = 3.0) -> None:
        """Say what a key did, at the end of the line, for ``seconds``.

        A toast would say it a frame or two later (mounting one is a layout of its own); this line
        changes in the same frame as the rows and panes the key changed.
        """
        if self._note_timer is not None:
            self._note_timer.stop()
        self.note = text
        self._note_timer = self.set_timer(seconds, self.clear_note)

    def clear_note(self) -> None:
        """Remove the note now."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        self.note = ""

    def render(self) -> Content:
        """The line for the current width."""
        return self.content(self.size.width or 120)

    def content(self, width: int = 120) -> Content:
        """The line as literal content (a search query or a title in the label stays literal)."""
        wide = width >= 100
        counts = self.counts
        activity = self.activity
        room = max(12, width - 70) if not wide else 60
        label = self.view_label if len(self.view_label) <= room else self.view_label[: room - 1] + "…"
        bar = ("  │  " if wide else " │ ", "$text-muted")
        parts: list[str | tuple[str, str]] = []
        if wide:
            parts += [(" paper-tui ", "bold reverse"), "  "]
        else:
            parts.append(" ")
        parts.append((label, "bold"))
        if self.view_count is not None:
            parts.append((f" · {self.view_count}", "bold"))
        if (activity or self.note) and not wide:
            # Narrow: the work under way, or the note, takes the place of the counts and the date.
            parts += [bar, (self.note or activity, "italic $text-accent")]
            return Content.assemble(*parts)
        if counts:
            bookmarked = counts.get("bookmarked", 0)
            parts += [
                bar,
                f"{counts.get('papers', 0):,} papers · {counts.get('unread', 0):,} unread · "
                f"{counts.get('queued', 0):,} queued · "
                + (f"{bookmarked:,} bookmarked" if wide else f"{bookmarked:,}★"),
            ]
        if activity or self.note:
            # The work under way and the note take the place of the digest date while they last.
            parts += [bar, (" · ".join(t for t in (activity, self.note) if t), "italic $text-accent")]
        else:
            parts += [bar, ("digest " if wide else "", "$text-muted"), self.digest_date or "none yet"]
        return Content.assemble(*parts)
