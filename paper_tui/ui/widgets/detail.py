"""The detail pane: everything about one paper, built from literal text (never markup)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from paper_tui.model import PaperRecord
from paper_tui.text import display_tex, is_safe_url
from paper_tui.ui.render import highlighted

#: How the detail pane names link kinds.
LINK_NAMES = {
    "arxiv": "arXiv",
    "pdf": "PDF",
    "hf": "HF page",
    "code": "Code",
    "project": "Project",
    "doi": "DOI",
    "other": "Link",
}

HEADING = "bold $text-accent"
MUTED = "$text-muted"
HIGHLIGHT = "bold $text-warning reverse"


def detail_content(record: PaperRecord, title: str | None = None, abstract: str | None = None) -> Content:
    """The detail of one paper; ``title``/``abstract`` may carry search-highlight markers. TeX in the
    title, abstract and AI summary is shown as text."""
    parts: list[Content | str | tuple[str, str | Style]] = []
    parts.append(highlighted(display_tex(title or record.title), "bold", HIGHLIGHT))
    parts.append("\n")
    if record.authors:
        parts += [(", ".join(record.authors), "italic"), "\n"]
    facts: list[str] = []
    if record.arxiv_id:
        facts.append(f"arXiv {record.arxiv_id}")
    if record.published:
        facts.append(f"published {record.published}")
    if record.upvotes is not None:
        facts.append(f"▲ {record.upvotes} upvotes")
    if record.replacement:
        facts.append("revised version")
    if facts:
        parts += [(" · ".join(facts), MUTED), "\n"]
    dates = sorted({s.date for s in record.digests if s.date}, reverse=True)
    if dates:
        parts += [("Digests: ", MUTED), ", ".join(dates), "\n"]
    if record.categories:
        parts += [("Categories: ", MUTED), ", ".join(record.categories), "\n"]
    if record.keywords:
        parts += [("Keywords: ", MUTED), ", ".join(record.keywords), "\n"]
    state = ["read" if record.read else "● unread"]
    if record.bookmarked:
        state.append("★ bookmarked")
    if record.queue_position is not None:
        state.append(f"» queued #{record.queue_position}")
    parts += [(" · ".join(state), "$text-success" if record.read else "$text-warning"), "\n"]
    if record.comment:
        parts += [("Comment: ", MUTED), record.comment, "\n"]
    parts += ["\n", ("Abstract", HEADING), "\n"]
    body = display_tex(abstract if abstract is not None else record.abstract)
    parts.append(highlighted(body, "", HIGHLIGHT) if body else Content.styled("(no abstract)", MUTED))
    parts.append("\n")
    if record.ai_summary:
        parts += ["\n", ("AI summary", HEADING), "\n", display_tex(record.ai_summary), "\n"]
    parts += ["\n", ("Note", HEADING), "\n"]
    if record.note:
        parts += [record.note, "\n"]
    else:
        parts += [("No note. Press n to write one.", MUTED), "\n"]
    parts += ["\n", ("Links", HEADING), "\n"]
    if not record.links:
        parts += [("No links.", MUTED), "\n"]
    for number, link in enumerate(record.links, 1):
        parts.append((f"{number:>2} ", "bold"))
        parts.append((f"{LINK_NAMES.get(link.kind, link.kind):<8} ", MUTED))
        if is_safe_url(link.url):
            parts.append((link.url, Style(underline=True, link=link.url)))
        else:
            parts.append((link.url, MUTED))
        parts.append("\n")
    return Content.assemble(*parts).rstrip()


class PaperDetail(VerticalScroll):
    """Shows one paper; the screen sets it with :meth:`show_paper`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.record: PaperRecord | None = None
        self._shown: tuple[PaperRecord, str | None, str | None] | None = None

    def compose(self) -> ComposeResult:
        """One Static holds the whole text, so that it wraps and scrolls as one."""
        yield Static(Content.styled("Loading…", MUTED), id="detail-body")

    def show_paper(self, record: PaperRecord, title: str | None = None, abstract: str | None = None) -> None:
        """Show a paper (highlighted ``title``/``abstract`` when reached through a search)."""
        shown = (record, title, abstract)
        if shown == self._shown:
            return
        same_paper = self.record is not None and self.record.id == record.id
        self.record = record
        self._shown = shown
        self.query_one("#detail-body", Static).update(detail_content(record, title, abstract))
        if not same_paper:
            self.scroll_home(animate=False)

    def show_message(self, text: str) -> None:
        """Show a line of text instead of a paper (an empty view, a missing paper)."""
        self.record = None
        self._shown = None
        self.query_one("#detail-body", Static).update(Content.styled(text, MUTED))
