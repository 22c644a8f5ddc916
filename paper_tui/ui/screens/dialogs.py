"""Modal dialogs with typed results: note editor, export, link picker and digest-date picker."""

from __future__ import annotations

import asyncio
import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from paper_tui.export import FORMATS
from paper_tui.model import Link
from paper_tui.text import sanitize
from paper_tui.ui.widgets.detail import LINK_NAMES

#: File extension per export format.
EXTENSIONS = {"bibtex": "bib", "markdown": "md", "json": "json", "csv": "csv"}
FORMAT_NAMES = {"bibtex": "BibTeX", "markdown": "Markdown", "json": "JSON", "csv": "CSV"}

Scope = Literal["view", "queue"]


class NoteDialog(ModalScreen[str | None]):
    """Edit a paper's note; returns the new text (empty clears it) or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note_save"),
        Binding("escape", "cancel", "Cancel", id="note_cancel"),
    ]

    def __init__(self, paper_title: str, note: str) -> None:
        super().__init__()
        self.paper_title = paper_title
        self.note = note

    def compose(self) -> ComposeResult:
        """Title, text area and buttons."""
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Note on ", "bold"), (self.paper_title, "bold")), classes="dialog-title"
            )
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Content.styled("ctrl+s saves · esc cancels · an empty note is removed", "$text-muted")
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="note-save", variant="primary", compact=True)
                yield Button("Cancel", id="note-cancel", compact=True)

    def on_mount(self) -> None:
        """Start typing at the end of the note."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def unsaved(self) -> str | None:
        """The text typed when it differs from the note and is not empty (a hang-up keeps it; an
        emptied editor never deletes a note), else None."""
        body = self.query_one(TextArea).text
        return body if body.strip() and body != self.note else None

    def action_save(self) -> None:
        """Close with the text."""
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Close without changes."""
        self.dismiss(None)

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


@dataclass(frozen=True)
class ExportRequest:
    """What the export dialog asked for: which papers, which format, which file."""

    scope: Scope
    fmt: str
    path: Path


def default_export_path(label: str, scope: Scope, fmt: str, folder: Path | None = None) -> Path:
    """A file name like ``paper-tui-today.bib`` in ``folder`` (the current folder by default)."""
    slug = "queue" if scope == "queue" else re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "papers"
    return (folder or Path.cwd()) / f"paper-tui-{slug[:40]}.{EXTENSIONS[fmt]}"


def complete_path(typed: str, base: Path | None = None) -> str | None:
    """``typed`` completed as far as the names in its folder agree (a folder's name with its ``/``),
    or None when there is nothing to add. A relative path is looked up in ``base``."""
    if not typed:
        return None
    head, _, stem = typed.rpartition(os.sep)
    folder = Path(head + os.sep if head or typed.startswith(os.sep) else ".").expanduser()
    if not folder.is_absolute():
        folder = (base or Path.cwd()) / folder
    try:
        names = [e.name for e in os.scandir(folder) if e.name.startswith(stem)]
    except OSError:
        return None
    if not stem.startswith("."):
        names = [name for name in names if not name.startswith(".")]
    if not names:
        return None
    common = os.path.commonprefix(names)  # noqa: RUF071 - names share letters, not path parts
    if len(names) == 1 and (folder / common).is_dir():
        common += os.sep
    return typed + common[len(stem) :] if len(common) > len(stem) else None


class PathSuggester(Suggester):
    """Suggests the rest of a path (:func:`complete_path`), read in a thread; tab or right takes it."""

    def __init__(self, base: Path | None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base

    async def get_suggestion(self, value: str) -> str | None:
        """The completed path, or None."""
        return await asyncio.to_thread(complete_path, value, self.base)


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Pick the papers (this view or the queue), a format and a file; returns an ExportRequest or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export_cancel"),
        Binding("tab", "complete_path", "Complete the path", show=False, priority=True),
        Binding("enter", "enter", "Choose and go on", show=False, priority=True),
    ]

    def __init__(
        self, view_label: str, view_count: int, queue_count: int, folder: Path | None = None
    ) -> None:
        super().__init__()
        self.view_label = view_label
        self.view_count = view_count
        self.queue_count = queue_count
        self.folder = folder
        self._default = self._default_path()
        self._confirm_replace: Path | None = None

    def compose(self) -> ComposeResult:
        """Scope, format, path and buttons."""
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static(Content.styled("Export", "bold"), classes="dialog-title")
            with Horizontal(classes="dialog-row"):
                yield Label("Papers", classes="dialog-label")
                with RadioSet(id="export-scope", compact=True):
                    yield RadioButton(
                        Content(f"This view: {self.view_label} ({self.view_count:,})"),
                        value=True,
                        id="scope-view",
                    )
                    yield RadioButton(Content(f"The reading queue ({self.queue_count:,})"), id="scope-queue")
            with Horizontal(classes="dialog-row"):
                yield Label("Format", classes="dialog-label")
                with RadioSet(id="export-format", compact=True):
                    for index, fmt in enumerate(FORMATS):
                        yield RadioButton(FORMAT_NAMES.get(fmt, fmt), value=index == 0, id=f"format-{fmt}")
            with Horizontal(classes="dialog-row"):
                yield Label("File", classes="dialog-label")
                yield Input(
                    str(self._default), id="export-path", compact=True, suggester=PathSuggester(self.folder)
                )
            yield Static(
                Content.styled(
                    f"Exports go to {self.folder or Path.cwd()} unless you type another path "
                    "(tab completes folders and files). enter: choose and go on; esc: cancel.",
                    "$text-muted",
                ),
                classes="dialog-row",
            )
            yield Static("", id="export-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export-go", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        """Start on the scope choice."""
        self.query_one("#export-scope", RadioSet).focus()

    @property
    def scope(self) -> Scope:
        """The chosen papers."""
        return "queue" if self.query_one("#export-scope", RadioSet).pressed_index == 1 else "view"

    @property
    def fmt(self) -> str:
        """The chosen format."""
        index = self.query_one("#export-format", RadioSet).pressed_index
        return FORMATS[index] if 0 <= index < len(FORMATS) else FORMATS[0]

    def _default_path(self, scope: Scope = "view", fmt: str = FORMATS[0]) -> Path:
        return default_export_path(self.view_label, scope, fmt, self.folder)

    def action_complete_path(self) -> None:
        """Tab in the path: take the completion shown; anywhere else, or with none, the next field."""
        path_input = self.query_one("#export-path", Input)
        if path_input.has_focus and path_input._suggestion:  # the suggestion Input shows and takes
            path_input.cursor_position = len(path_input.value)
            path_input.action_cursor_right()
        else:
            self.focus_next()

    def action_enter(self) -> None:
        """Enter: on a choice, take the option highlighted and go on to the next field (the file name
        after the format), so that enter, enter, enter exports; on the file name, export; on a button,
        press it. (Enter on a choice only chose it, and the dialog seemed not to answer.)"""
        focused = self.focused
        if isinstance(focused, RadioSet):
            focused.action_toggle_button()
            self.focus_next()
        elif isinstance(focused, Button):
            focused.press()
        else:
            self.action_export()

    @on(RadioSet.Changed)
    def _choice_changed(self) -> None:
        self._confirm_replace = None
        path_input = self.query_one("#export-path", Input)
        if path_input.value == str(self._default):
            # The user has not typed a path: follow the choices.
            self._default = self._default_path(self.scope, self.fmt)
            path_input.value = str(self._default)

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        if self._confirm_replace is not None and self._resolve(event.value) != self._confirm_replace:
            self._confirm_replace = None
            self._error("")

    def _resolve(self, raw: str) -> Path:
        path = Path(raw.strip()).expanduser()
        return path if path.is_absolute() else (self.folder or Path.cwd()) / path

    def _error(self, text: str) -> None:
        self.query_one("#export-error", Static).update(Content.styled(sanitize(text), "$text-error"))

    @on(Button.Pressed, "#export-go")
    def action_export(self) -> None:
        """Close with the request (asking once before replacing an existing file)."""
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._error("Give a file name.")
            return
        path = self._resolve(raw)
        if path.is_dir():
            self._error("That is a folder; give a file name.")
            return
        if path.exists() and self._confirm_replace != path:
            self._confirm_replace = path
            self._error("The file exists: press Export again to replace it.")
            return
        if (self.queue_count if self.scope == "queue" else self.view_count) == 0:
            self._error("There are no papers to export.")
            return
        self.dismiss(ExportRequest(self.scope, self.fmt, path))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question (enter or y says yes; esc or n says no); returns the answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "answer(True)", "Yes", id="confirm_yes"),
        Binding("escape,n", "answer(False)", "No", id="confirm_no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        """The question (literal text) and the keys that answer it."""
        with Vertical(classes="dialog confirm-dialog"):
            yield Static(Content(self.question), classes="dialog-title")
            yield Static(Content.styled("enter or y: yes · esc or n: no", "$text-muted"))

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


class LinkPicker(ModalScreen[Link | None]):
    """Choose one of a paper's links (by number or arrows and enter); returns it or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker_cancel"),
        *[Binding(str(n), f"pick({n})", f"Link {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, links: tuple[Link, ...], purpose: str) -> None:
        super().__init__()
        self.links = links
        self.purpose = purpose

    def compose(self) -> ComposeResult:
        """The numbered links."""
        with Vertical(id="link-picker", classes="dialog"):
            yield Static(Content.styled(self.purpose, "bold"), classes="dialog-title")
            yield OptionList(
                *[
                    Option(Content(f"{n:>2} {LINK_NAMES.get(link.kind, link.kind):<8} {link.url}"), id=str(n))
                    for n, link in enumerate(self.links, 1)
                ],
                id="link-options",
            )
            yield Static(Content.styled("1-9 or enter picks · esc cancels", "$text-muted"))

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(OptionList).focus()

    def action_pick(self, number: int) -> None:
        """Choose link ``number`` (1-based)."""
        if 1 <= number <= len(self.links):
            self.dismiss(self.links[number - 1])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.links[event.option_index])

    def action_cancel(self) -> None:
        """Close without a link."""
        self.dismiss(None)


#: Papers and unread papers by digest date (``Library.digest_counts``).
DigestCounts = dict[str, tuple[int, int]]


def date_prompt(date: str, counts: tuple[int, int] | None = None) -> Content:
    """A digest date with its weekday and, once counted, its papers and how many are unread."""
    try:
        weekday = datetime.date.fromisoformat(date).strftime("%a")
    except ValueError:
        weekday = "   "
    parts: list[str | tuple[str, str]] = [date, " ", (weekday, "$text-muted")]
    if counts is not None:
        papers, unread = counts
        left = f"{unread:,} unread" if unread else "all read"
        # The count in its own column, so that the numbers line up: "1 paper " under "4 papers".
        noun = "paper " if papers == 1 else "papers"
        parts += [f"  {papers:>6,} {noun}", f"  {left}" if unread else (f"  {left}", "$text-muted")]
    return Content.assemble(*parts)


class DatePicker(ModalScreen[str | None]):
    """Choose a past digest by date; returns the date or None. With ``counts`` (run in a thread), each
    date shows its papers and unread papers once counted."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="date_cancel")]

    def __init__(
        self,
        dates: list[str],
        current: str | None = None,
        counts: Callable[[], DigestCounts] | None = None,
    ) -> None:
        super().__init__()
        self.dates = dates
        self.current = current
        self._counts = counts

    def compose(self) -> ComposeResult:
        """The dates, newest first."""
        with Vertical(id="date-picker", classes="dialog"):
            yield Static(Content.styled("Digest by date", "bold"), classes="dialog-title")
            if self.dates:
                yield OptionList(*[Option(date_prompt(d), id=d) for d in self.dates], id="date-options")
            else:
                yield Static(Content.styled("No digests yet.", "$text-muted"))
            yield Static(Content.styled("enter opens · esc cancels", "$text-muted"))

    def on_mount(self) -> None:
        """Focus the list on the current digest; count the papers of each date in the background."""
        for options in self.query(OptionList):
            options.focus()
            if self.current in self.dates:
                options.highlighted = self.dates.index(self.current)
        if self.dates and self._counts is not None:
            self._count(self._counts)

    @work(thread=True, exit_on_error=False)
    def _count(self, counts: Callable[[], DigestCounts]) -> None:
        found = counts()
        self.app.call_from_thread(self._show_counts, found)

    def _show_counts(self, counts: DigestCounts) -> None:
        for options in self.query("#date-options").results(OptionList):  # none once closed
            for date in self.dates:
                if date in counts:
                    options.replace_option_prompt(date, date_prompt(date, counts[date]))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.dates[event.option_index])

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
