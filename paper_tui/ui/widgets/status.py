"""The status line: the current view, the counts, the newest digest's date, work under way and a note."""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget


class StatusLine(Widget):
    """One line at the top of the main screen; the screen sets its fields; narrow terminals get less."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view_label = "Today"
        #: The view's count as shown ("1,204", "300+" for a search that kept its best 300).
        self.view_count: str | None = None
        self.counts: dict[str, int] = {}
        self.digest_date: str | None = None
        #: Work under way ("Fetching hf 2026-08-03…"); empty when idle.
        self.activity = ""
        #: What the last key did ("Queued #3: …"), for a few seconds; empty otherwise.
        self.note = ""
        self._note_timer: Timer | None = None

    def show_note(self, text: str, seconds: float = 3.0) -> None:
        """Say what a key did, at the end of the line, for ``seconds``.

        A toast would say it a frame or two later (mounting one is a layout of its own); this line
        changes in the same frame as the rows and panes the key changed.
        """
        if self._note_timer is not None:
            self._note_timer.stop()
        self.note = text
        self._note_timer = self.set_timer(seconds, self.clear_note)
        self.refresh()

    def clear_note(self) -> None:
        """Remove the note now."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        if self.note:
            self.note = ""
            self.refresh()

    def set_activity(self, text: str) -> None:
        """Show (or with "" clear) the work under way at the end of the line."""
        if text != self.activity:
            self.activity = text
            self.refresh()

    def set_status(
        self,
        *,
        view_label: str | None = None,
        view_count: str | None = None,
        counts: dict[str, int] | None = None,
        digest_date: str | None = None,
    ) -> None:
        """Update some fields; repaint when one of them changed."""
        before = (self.view_label, self.view_count, self.counts, self.digest_date)
        if view_label is not None:
            self.view_label = view_label
        if view_count is not None:
            self.view_count = view_count
        if counts is not None:
            self.counts = dict(counts)
        if digest_date is not None:
            self.digest_date = digest_date
        if (self.view_label, self.view_count, self.counts, self.digest_date) != before:
            self.refresh()

    def render(self) -> Content:
        """The line for the current width."""
        return self.content(self.size.width or 120)

    def content(self, width: int = 120) -> Content:
        """The line as literal content (a search query or a title in the label stays literal)."""
        wide = width >= 100
        counts = self.counts
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
        if (self.activity or self.note) and not wide:
            # Narrow: the work under way, or the note, takes the place of the counts and the date.
            parts += [bar, (self.note or self.activity, "italic $text-accent")]
            return Content.assemble(*parts)
        if counts:
            bookmarked = counts.get("bookmarked", 0)
            parts += [
                bar,
                f"{counts.get('papers', 0):,} papers · {counts.get('unread', 0):,} unread · "
                f"{counts.get('queued', 0):,} queued · "
                + (f"{bookmarked:,} bookmarked" if wide else f"{bookmarked:,}★"),
            ]
        if self.activity or self.note:
            # The work under way and the note take the place of the digest date while they last.
            parts += [bar, (" · ".join(t for t in (self.activity, self.note) if t), "italic $text-accent")]
        else:
            parts += [bar, ("digest " if wide else "", "$text-muted"), self.digest_date or "none yet"]
        return Content.assemble(*parts)
