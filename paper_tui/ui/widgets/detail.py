"""The detail pane: everything about one paper, built from literal text (never markup); it loads the
paper it is asked to show when the list has no record of it, and says when the paper is due to be
marked read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from paper_tui.model import PaperRecord
from paper_tui.text import display_tex, is_safe_url, plural
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

#: Loads one paper (``Library.paper``); called in a thread worker.
PaperLoader = Callable[[int], PaperRecord | None]
#: Wraps the words of a search in highlight markers (``Library.highlight``): text, words, field.
Highlighter = Callable[[str, set[str], str], str]


def detail_content(
    record: PaperRecord, title: str | None = None, abstract: str | None = None, width: int | None = None
) -> Content:
    """The detail of one paper: title, authors, badges and links, then the rest; ``title``/``abstract``
    may carry search-highlight markers. TeX in the title, abstract and AI summary is shown as text.
    ``width``: the columns it is shown in (the reasons break between reasons)."""
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
        facts.append(f"▲ {plural(record.upvotes, 'upvote')}")
    if record.replacement:
        facts.append("revised version")
    if facts:
        parts += [(" · ".join(facts), MUTED), "\n"]
    state = ["read" if record.read else "● unread"]
    if record.bookmarked:
        state.append("★ bookmarked")
    if record.queue_position is not None:
        state.append(f"» queued #{record.queue_position}")
    parts += [(" · ".join(state), "$text-success" if record.read else "$text-warning"), "\n"]
    if says_why(record):
        parts += [why_this_paper(record, width), "\n"]
    # The links right under the badges: reaching them never means scrolling past the abstract.
    parts += _links(record)
    dates = sorted({s.date for s in record.digests if s.date}, reverse=True)
    if dates:
        parts += [("Digests: ", MUTED), ", ".join(dates), "\n"]
    if record.categories:
        parts += [("Categories: ", MUTED), ", ".join(record.categories), "\n"]
    if record.keywords:
        parts += [("Keywords: ", MUTED), ", ".join(record.keywords), "\n"]
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
    return Content.assemble(*parts).rstrip()


def _links(record: PaperRecord) -> list[Content | str | tuple[str, str | Style]]:
    """The paper's links, numbered as ``Y`` and ``O`` number them, one a line."""
    parts: list[Content | str | tuple[str, str | Style]] = []
    for number, link in enumerate(record.links, 1):
        parts.append((f"{number:>2} ", "bold"))
        parts.append((f"{LINK_NAMES.get(link.kind, link.kind):<8} ", MUTED))
        if is_safe_url(link.url):
            parts.append((link.url, Style(underline=True, link=link.url)))
        else:
            parts.append((link.url, MUTED))
        parts.append("\n")
    return parts


def says_why(record: PaperRecord) -> bool:
    """Whether For you has anything to say of the paper (a score from the model or the similarity, or
    a watch or mute rule's reason): a bare "For you" line said nothing."""
    return record.score is not None and (record.score_kind in ("model", "similar") or bool(record.reasons))


def why_this_paper(record: PaperRecord, width: int | None = None) -> Content:
    """Why For you ranks the paper where it does: its score and the model's strongest reasons, for
    (``+``) and against (``−``) it. Given the ``width`` it is shown in, a line breaks only between
    reasons (wrapped as text, ``+ video`` / ``generation`` came apart; Textual breaks at no-break
    spaces too)."""
    if record.score_kind == "model":
        head = f"For you {record.score:.0%}"
    elif record.score_kind == "similar":
        head = f"For you {record.score:.2f} (similar to what you want)"
    else:
        head = "For you (the watch list)"
    parts: list[str | tuple[str, str]] = [(head, "bold")]
    used = len(head)
    for what, weight in record.reasons:
        item = 2 + len(what)
        if width is not None and used + 3 + item > width and used > 2:
            parts.append(("\n  ", MUTED))
            used = 2
        else:
            parts.append((" · ", MUTED))
            used += 3
        parts += [("+ " if weight > 0 else "− ", "$text-success" if weight > 0 else "$text-error"), what]
        used += item
    return Content.assemble(*parts)


class PaperDetail(VerticalScroll):
    """Shows one paper. The screen says which (:meth:`show`); the pane loads it when the list had no
    record of it, and posts :class:`ReadDue` once the paper has been read ``mark_read_after`` seconds:
    with ``mark_read = "open"`` (the default) while the pane has focus (the paper was opened with
    ``enter``; the cursor passing over a paper never marks it), with ``"dwell"`` while it is shown,
    with ``"never"`` not at all. :class:`Opened` says that a paper was opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    @dataclass
    class ReadDue(Message):
        """The paper has been shown long enough to count as read."""

        paper_id: int

    @dataclass
    class Opened(Message):
        """The pane took focus on a paper (``enter``): it is being read, a signal for For you."""

        paper_id: int

    @dataclass
    class _Wanted(Message):
        """A paper loaded for :meth:`with_record` (None when it is gone)."""

        record: PaperRecord | None
        then: Callable[[PaperRecord], object]

    @dataclass
    class _Loaded(Message):
        """A paper loaded by this pane's worker (None when it is gone)."""

        paper_id: int
        record: PaperRecord | None
        title: str | None
        abstract: str | None

    def __init__(
        self,
        loader: PaperLoader,
        highlighter: Highlighter,
        *,
        mark_read_after: float = 0.0,
        mark_read: str = "open",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._loader = loader
        self._highlighter = highlighter
        self.mark_read_after = mark_read_after
        self.mark_read = mark_read
        # Papers opened in this session (each is said once).
        self._opened: set[int] = set()
        #: The paper the pane is asked to show (its record may still be loading).
        self.paper_id: int | None = None
        #: The record shown (None while loading, or with a message instead of a paper).
        self.record: PaperRecord | None = None
        self._terms: frozenset[str] = frozenset()
        self._shown: tuple[PaperRecord, str | None, str | None, int | None] | None = None
        self._title = ""
        self._mark_timer: Timer | None = None
        # The paper whose mark-read timer ran (or that the user marked by hand): not timed again.
        self._mark_handled: int | None = None

    def compose(self) -> ComposeResult:
        """One Static holds the whole text, so that it wraps and scrolls as one."""
        yield Static(Content.styled("Loading…", MUTED), id="detail-body")

    def on_mount(self) -> None:
        """Title the pane."""
        self._set_title("Paper")

    # -- what the screen calls ---------------------------------------------------------------------

    def show(
        self,
        paper_id: int | None,
        record: PaperRecord | None = None,
        terms: frozenset[str] = frozenset(),
        *,
        empty: str = "Nothing to show.",
    ) -> bool:
        """Show a paper: ``record`` when the caller has it (the list's records around its cursor),
        else loaded in a worker; ``terms`` are the search's words to highlight; ``empty`` is said when
        there is no paper. True when the pane changed now (False: it changes when the paper loads)."""
        if paper_id != self.paper_id:
            self._stop_mark_timer()
            self._mark_handled = None
        self.paper_id = paper_id
        self._terms = terms
        if paper_id is None:
            self.show_message(empty)
            self._set_title("Paper")
            return True
        if record is None:
            self._load(paper_id, terms)
            return False
        for worker in self.workers:
            if worker.group == "detail":
                worker.cancel()  # an older load must not land after this
        title = abstract = None
        if terms:
            # Whoosh's analyser, already imported by the search that made these terms: well under 1 ms.
            title = self._highlighter(record.title, set(terms), "title")
            abstract = self._highlighter(record.abstract, set(terms), "abstract")
        self._show_record(record, title, abstract)
        return True

    def with_record(self, paper_id: int, then: Callable[[PaperRecord], object]) -> None:
        """Call ``then`` with a paper's record: the one shown, else loaded in a worker (a key pressed
        before the pane caught up with the cursor)."""
        if self.record is not None and self.record.id == paper_id:
            then(self.record)
        else:
            self._load_for(paper_id, then)

    @work(thread=True, group="record", exit_on_error=False)
    def _load_for(self, paper_id: int, then: Callable[[PaperRecord], object]) -> None:
        self.post_message(self._Wanted(self._loader(paper_id), then))

    @on(_Wanted)
    def _wanted(self, message: _Wanted) -> None:
        message.stop()
        if message.record is None:
            self.notify("This paper is no longer in the library.", severity="warning", markup=False)
        else:
            message.then(message.record)

    def reload(self) -> None:
        """Load the shown paper again (the library changed)."""
        if self.paper_id is not None:
            self._load(self.paper_id, self._terms)

    def handled_by_hand(self, paper_id: int) -> None:
        """The user marked this paper read or unread: it is not marked by the timer any more."""
        if paper_id == self.paper_id:
            self._stop_mark_timer()
            self._mark_handled = paper_id

    def stop_mark_timer(self) -> None:
        """Stop the mark-read timer (every paper of the list was just marked)."""
        self._stop_mark_timer()

    def show_paper(self, record: PaperRecord, title: str | None = None, abstract: str | None = None) -> None:
        """Show a record as it is (highlighted ``title``/``abstract`` when reached through a search)."""
        body = self.query_one("#detail-body", Static)
        width = body.content_size.width or None
        shown = (record, title, abstract, width)
        if shown == self._shown:
            return
        same_paper = self.record is not None and self.record.id == record.id
        self.record = record
        self._shown = shown
        body.update(detail_content(record, title, abstract, width))
        if not same_paper:
            self.scroll_home(animate=False)

    def on_resize(self) -> None:
        """Lay the paper out again for the new width (the reasons break between reasons)."""
        if self._shown is not None:
            record, title, abstract, _ = self._shown
            self.call_after_refresh(self.show_paper, record, title, abstract)

    def show_message(self, text: str) -> None:
        """Show a line of text instead of a paper (an empty view, a missing paper)."""
        self.record = None
        self._shown = None
        self.query_one("#detail-body", Static).update(Content.styled(text, MUTED))

    # -- loading -----------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load(self, paper_id: int, terms: frozenset[str]) -> None:
        record = self._loader(paper_id)
        title = abstract = None
        if record is not None and terms:
            title = self._highlighter(record.title, set(terms), "title")
            abstract = self._highlighter(record.abstract, set(terms), "abstract")
        if not get_current_worker().is_cancelled:
            self.post_message(self._Loaded(paper_id, record, title, abstract))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        message.stop()
        if message.paper_id != self.paper_id:
            return
        if message.record is None:
            self.show_message("This paper is no longer in the library.")
            return
        self._show_record(message.record, message.title, message.abstract)

    def _show_record(self, record: PaperRecord, title: str | None, abstract: str | None) -> None:
        self.show_paper(record, title, abstract)
        self._set_title(f"Paper #{record.id}")
        self._start_mark_timer(record)

    def _set_title(self, title: str) -> None:
        # Unchanged, it is left alone: setting one repaints the pane.
        if title != self._title:
            self._title = title
            self.border_title = Content(title)

    # -- marking read after a while ----------------------------------------------------------------

    def on_focus(self) -> None:
        """Opened: the paper is being read (its mark-read timer starts, unless set to dwell or never)."""
        record = self.record
        if record is None or record.id != self.paper_id:
            return
        if record.id not in self._opened:
            self._opened.add(record.id)
            self.post_message(self.Opened(record.id))
        if self.mark_read == "open":
            self._start_mark_timer(record, opened=True)  # has_focus is set after this handler

    def on_blur(self) -> None:
        """Back to the list before the time was up: the paper stays unread."""
        if self.mark_read == "open" and self._mark_timer is not None:
            self._stop_mark_timer()
            self._mark_handled = None

    def _start_mark_timer(self, record: PaperRecord, *, opened: bool = False) -> None:
        delay = self.mark_read_after
        if self.mark_read == "never" or (self.mark_read == "open" and not (opened or self.has_focus)):
            return
        if delay <= 0 or record.read or self._mark_handled == record.id:
            return
        self._mark_handled = record.id
        self._mark_timer = self.set_timer(delay, lambda: self._read_due(record.id))

    def _stop_mark_timer(self) -> None:
        if self._mark_timer is not None:
            self._mark_timer.stop()
            self._mark_timer = None

    def _read_due(self, paper_id: int) -> None:
        self._mark_timer = None
        if self.paper_id == paper_id:
            self.post_message(self.ReadDue(paper_id))
