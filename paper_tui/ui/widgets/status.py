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

from paper_tui.text import plural, terminal_safe
from paper_tui.ui.render import date_text

#: How a search's view is named ("Search: diffusion"): its query is shown whole or not at all.
SEARCH_PREFIX = "Search: "
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
            parts.append(f"Exporting {plural(self.exporting, 'paper')}…")
        if self.index_activity:
            parts.append(self.index_activity)
        return terminal_safe(" · ".join(parts))  # a fetch's progress can quote a server

    def show_note(self, text: str, seconds: float = 3.0, *, whole: bool = False) -> None:
        """Say what a key did, at the end of the line, for ``seconds``; ``whole``: a note the user
        must read to the end (what For you is based on, a triage's summary, what was undone) is also
        shown in a toast when the line has to shorten it.

        A toast would say it a frame or two later (mounting one is a layout of its own); this line
        changes in the same frame as the rows and panes the key changed.
        """
        if self._note_timer is not None:
            self._note_timer.stop()
        self.note = text
        self._note_timer = self.set_timer(seconds, self.clear_note)
        if whole and text not in self.content(self.size.width or 120).plain:
            # Too long for the line at this width (it is shortened there): said whole in a toast too.
            self.notify(text, markup=False, timeout=seconds)

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
        """The line as literal content (a search query or a title in the label stays literal).

        What does not fit goes in this order: the view's name is shortened (a search's query is shown
        whole or not at all: the search field shows it), a note is shortened, the program's name
        goes, the separators and the counts get compact. The counts are always whole, or (narrower
        than any of that) not shown.
        """
        wide = width >= 100
        busy = " · ".join(t for t in (self.activity, self.note) if t) if wide else self.note or self.activity
        # (the program's name, separator, compact counts, the date)
        styles: list[tuple[bool, str, bool, bool]] = []
        if wide:
            styles += [
                (True, "  │  ", False, True),
                (False, "  │  ", False, True),
                (False, " │ ", False, True),
            ]
        styles += [(False, " │ ", True, True), (False, " │ ", True, False)]
        # Narrow: the work under way, or the note, takes the place of the counts and the date.
        show_counts = bool(self.counts) and (wide or not busy)
        for brand, bar, compact, dated in styles:
            counts = self._counts_text(compact) if show_counts else ""
            line = self._line(width, brand, bar, counts, busy, dated)
            if line is not None:
                return line
        # The counts before the view's name: a long name may go down to a few letters.
        line = self._line(
            width, False, " │ ", self._counts_text(True) if show_counts else "", busy, False, tight=True
        )
        if line is not None:
            return line
        return self._line(width, False, " │ ", "", busy, False, last=True) or Content("")

    def _counts_text(self, compact: bool) -> str:
        counts = self.counts
        bookmarked = counts.get("bookmarked", 0)
        return (
            f"{plural(counts.get('papers', 0), 'paper')} · {counts.get('unread', 0):,} unread · "
            f"{counts.get('queued', 0):,} queued · "
            + (f"{bookmarked:,}★" if compact else f"{bookmarked:,} bookmarked")
        )

    def _line(
        self,
        width: int,
        brand: bool,
        bar: str,
        counts: str,
        busy: str,
        dated: bool,
        *,
        last: bool = False,
        tight: bool = False,
    ) -> Content | None:
        """The line in one style, or None when the view's name cannot keep its shortest form in it."""
        head = " paper-tui " + "  " if brand else " "
        count = f" · {self.view_count}" if self.view_count is not None else ""
        date = ("digest " if bar == "  │  " else "") + (date_text(self.digest_date, width) or "none yet")
        tail = busy or (date if dated else "")
        fixed = len(head) + len(count) + (len(bar) + len(counts) if counts else 0) + (len(bar) if tail else 0)
        label = self.view_label
        search = label.startswith(SEARCH_PREFIX)
        # A search's query whole or not at all; another name is cut only when longer than 20 characters.
        shortest = len(SEARCH_PREFIX) - 2 if search else min(len(label), 8 if tight or last else 20)
        room = width - fixed - len(tail)
        if room < shortest and busy:
            # A long note gives way, down to a few words.
            keep = len(tail) - (shortest - room)
            if keep >= 20 or last:
                tail = tail[: max(1, keep) - 1] + "…"
                room = shortest
        if room < shortest and last:
            tail, room = "", width - fixed + (len(bar) if tail else 0)
        if room < shortest and not last:
            return None
        if brand and len(label) > room:
            return None  # the program's name goes before the view's name is shortened
        if len(label) > room:
            label = SEARCH_PREFIX[:-2] if search else label[: max(1, room - 1)] + "…"
        parts: list[str | tuple[str, str]] = [(" paper-tui ", "bold reverse"), "  "] if brand else [" "]
        parts.append((label, "bold"))
        if count:
            parts.append((count, "bold"))
        separator = (bar, "$text-muted")
        if counts:
            parts += [separator, counts]
        if tail and busy:
            parts += [separator, (tail, "italic $text-accent")]
        elif tail:
            prefix = "digest " if date.startswith("digest ") else ""
            parts += [separator, (prefix, "$text-muted"), tail.removeprefix(prefix)]
        return Content.assemble(*parts)
