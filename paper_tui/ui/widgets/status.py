"""The status line: the current view, the counts, the newest digest's date and work under way."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class StatusLine(Widget):
    """One line at the top of the main screen; the screen sets its fields; narrow terminals get less."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view_label = "Today"
        self.view_count: int | None = None
        self.counts: dict[str, int] = {}
        self.digest_date: str | None = None
        #: Work under way ("Fetching hf 2026-08-03…"); empty when idle.
        self.activity = ""

    def set_activity(self, text: str) -> None:
        """Show (or with "" clear) the work under way at the end of the line."""
        self.activity = text
        self.refresh()

    def set_status(
        self,
        *,
        view_label: str | None = None,
        view_count: int | None = None,
        counts: dict[str, int] | None = None,
        digest_date: str | None = None,
    ) -> None:
        """Update some fields and repaint."""
        if view_label is not None:
            self.view_label = view_label
        if view_count is not None:
            self.view_count = view_count
        if counts is not None:
            self.counts = counts
        if digest_date is not None:
            self.digest_date = digest_date
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
        if self.activity and not wide:
            # Narrow: the work under way takes the place of the counts and the date.
            parts += [bar, (self.activity, "italic $text-accent")]
            return Content.assemble(*parts)
        if counts:
            bookmarked = counts.get("bookmarked", 0)
            parts += [
                bar,
                f"{counts.get('papers', 0)} papers · {counts.get('unread', 0)} unread · "
                f"{counts.get('queued', 0)} queued · "
                + (f"{bookmarked} bookmarked" if wide else f"{bookmarked}★"),
            ]
        if self.activity:
            # The work under way takes the place of the digest date while it lasts.
            parts += [bar, (self.activity, "italic $text-accent")]
        else:
            parts += [bar, ("digest " if wide else "", "$text-muted"), self.digest_date or "none yet"]
        return Content.assemble(*parts)
