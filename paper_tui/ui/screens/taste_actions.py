"""The main screen's keys for deciding what to read: sort, row style, mark all read, triage, like and
less, watch and mute, undo. A mixin of :class:`~paper_tui.ui.screens.main.MainScreen`, kept apart so
that the screen stays a router; like its other actions, each calls the library (writes through
``_write``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, cast

from paper_tui.model import PaperRecord
from paper_tui.reader.views import SORT_LABELS
from paper_tui.text import plural
from paper_tui.ui.widgets.detail import PaperDetail
from paper_tui.ui.widgets.taste import TasteWorker

if TYPE_CHECKING:
    from paper_tui.ui.screens.main import MainScreen


class TasteActions:
    """Actions of the main screen (a mixin: ``self`` is the :class:`MainScreen`)."""

    @property
    def _main(self) -> MainScreen:
        return cast("MainScreen", self)

    # -- the list: its order and its rows ----------------------------------------------------------

    def action_sort(self) -> None:
        """Sort the list by the next order: digest order, newest, upvotes, for you, title."""
        screen = self._main
        papers = screen.papers
        sort = papers.cycle_sort()
        if sort is None:
            screen._say(f"{papers.label} keeps its own order")
            return
        screen._say(f"Sorted: {SORT_LABELS[sort]}")
        screen.session.save_prefs(sorts=papers.sorts)
        if sort == "for-you":
            screen.run_worker(self._say_taste_state(), group="taste-state", exclusive=True)

    async def _say_taste_state(self) -> None:
        """Say what For you is based on (a model, similarity, nothing yet)."""
        screen = self._main
        state = await asyncio.get_running_loop().run_in_executor(None, screen.library.taste_state)
        screen.status.show_note(state.describe(), seconds=6, whole=True)

    def action_rows(self) -> None:
        """Switch the list between comfortable rows (whole titles and a line of facts) and compact ones."""
        screen = self._main
        papers = screen.papers
        papers.comfortable = not papers.comfortable
        style = "comfortable" if papers.comfortable else "compact"
        screen._say(f"Rows: {style}")
        screen.session.save_prefs(rows=style)

    # -- read marks ------------------------------------------------------------------------------

    def action_mark_all_read(self) -> None:
        """Mark the unread papers of the list read, once the user says yes to their count (a day's
        digest after triage)."""
        screen = self._main
        ids = list(screen.papers.ids)
        if not ids:
            screen._say("No papers here to mark read")
            return
        screen.run_worker(self._confirm_mark_all(ids, screen.papers.label), group="mark-all", exclusive=True)

    async def _confirm_mark_all(self, ids: list[int], label: str) -> None:
        screen = self._main
        library = screen.library
        unread = await asyncio.get_running_loop().run_in_executor(None, library.unread_among, ids)
        if not unread:
            screen._say(f"Every paper of {label} is read already")
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            screen.detail.stop_mark_timer()
            screen._say(f"Marked {plural(len(unread), 'paper')} read: {label}")
            screen._write(lambda: library.mark_read(unread, True), "Could not mark the papers read")

        from paper_tui.ui.screens.dialogs import ConfirmDialog

        noun = "unread paper" if len(unread) == 1 else f"{len(unread):,} unread papers"
        screen.app.push_screen(ConfirmDialog(f"Mark the {noun} of {label} read?"), answered)

    # -- watch and mute --------------------------------------------------------------------------

    def action_watch(self) -> None:
        """Watch an author, a word or a category of this paper (or stop watching one it matches)."""
        self._main._with_record(lambda record: self._pick_rule("watch", record))

    def action_mute(self) -> None:
        """Mute a word, an author or a category of this paper (or stop muting one it matches)."""
        self._main._with_record(lambda record: self._pick_rule("mute", record))

    def action_show_muted(self) -> None:
        """Show the papers a mute rule hides from Today and Unread, or hide them again."""
        screen = self._main
        shown = screen.papers.toggle_muted()
        screen._say("Muted papers shown" if shown else "Muted papers hidden from Today and Unread")

    def _pick_rule(self, action: str, record: PaperRecord) -> None:
        self._main.run_worker(self._ask_rule(action, record), group="rules", exclusive=True)

    async def _ask_rule(self, action: str, record: PaperRecord) -> None:
        screen = self._main
        library = screen.library
        hits = await asyncio.get_running_loop().run_in_executor(None, library.rule_hits, record.id)
        choices = rule_choices(action, record, hits)

        def chosen(value: str | None) -> None:
            if not value:
                return
            sign, field, text = value.split("|", 2)
            if sign == "-":
                screen._say(f"No longer {'watching' if action == 'watch' else 'muting'} {field}: {text}")
                write = screen.session.submit(lambda: library.remove_rule(action, field, text))
            else:
                screen._say(f"{'Watching' if action == 'watch' else 'Muting'} {field}: {text}")
                write = screen.session.submit(lambda: library.add_rule(action, field, text))
            screen.run_worker(self._rule_written(write), group="write")

        from paper_tui.ui.screens.choices import ChoicePicker

        verb = "Watch" if action == "watch" else "Mute"
        hint = (
            "watched papers rise in For you (view 6)" if action == "watch" else "hidden from Today and Unread"
        )
        screen.app.push_screen(ChoicePicker(f"{verb} what of this paper?", choices, hint), chosen)

    async def _rule_written(self, write: Future[bool]) -> None:
        """A rule changes which papers Today, Unread and Watched hold: show the library again."""
        screen = self._main
        try:
            await asyncio.wrap_future(write)
        except Exception as error:
            screen.app.notify(f"Could not change the rule: {error}", severity="error", markup=False)
            return
        screen.refresh_data()
        self._learn_soon()

    # -- triage ----------------------------------------------------------------------------------

    def action_triage(self) -> None:
        """The list's unread papers one at a time, in its order (For you's when it is sorted so)."""
        screen = self._main
        papers = screen.papers
        if not papers.count:
            screen._say("No papers here to triage")
            return

        def done(summary: str | None) -> None:
            screen.refresh_data(own=True)
            self._learn_soon()
            if summary:
                screen.status.show_note(summary, seconds=8, whole=True)

        from paper_tui.ui.screens.triage import TriageScreen

        screen.app.push_screen(TriageScreen(screen.library, screen.session, papers.ids, papers.label), done)

    # -- undo ------------------------------------------------------------------------------------

    def action_undo(self) -> None:
        """Undo the last change to the marks (again for the one before); the status line says which."""
        screen = self._main
        screen.run_worker(self._undo(screen.session.submit(screen.library.undo)), group="write")

    async def _undo(self, undone: Future[str | None]) -> None:
        screen = self._main
        try:
            label = await asyncio.wrap_future(undone)
        except Exception as error:
            screen.app.notify(f"Could not undo: {error}", severity="error", markup=False)
            return
        screen.status.show_note(f"Undone: {label}" if label else "Nothing to undo", whole=True)
        if label:
            screen.refresh_data(own=True)
            self._learn_soon()

    # -- For you ---------------------------------------------------------------------------------

    def action_like(self) -> None:
        """More papers like this one in For you."""
        self._like(less=False)

    def action_less(self) -> None:
        """Fewer papers like this one in For you."""
        self._like(less=True)

    def _like(self, *, less: bool) -> None:
        screen = self._main
        paper_id = screen._need_paper()
        if paper_id is None:
            return
        library = screen.library
        title = screen._title(paper_id)
        screen._say(f"{'Less' if less else 'More'} like this in For you: {title}")
        screen._write(lambda: library.like([paper_id], less=less), "Could not record that", refresh=False)
        self._learn_soon()

    def _learn_soon(self) -> None:
        """For you learns from a signal just given (once it is written)."""
        for worker in self._main.query(TasteWorker):
            self._main.set_timer(0.3, worker.soon)

    def on_taste_worker_learned(self, message: TasteWorker.Learned) -> None:
        """For you was learned again: the lists sorted by it, and the reasons, follow."""
        screen = self._main
        if message.error is not None:
            screen.app.notify(f"For you could not learn: {message.error}", severity="warning", markup=False)
            return
        screen.refresh_data()

    # -- signals for For you ---------------------------------------------------------------------

    def on_paper_detail_opened(self, message: PaperDetail.Opened) -> None:
        """A paper opened (enter) is one the user reads: For you learns from that."""
        self._signal(message.paper_id, "open")

    def _signal(self, paper_id: int, kind: str) -> None:
        library = self._main.library
        self._main._write(lambda: library.signal([paper_id], kind), "Could not record that", refresh=False)

    def _signal_with_record(self, kind: str, then: Callable[[PaperRecord], object]) -> None:
        """``then`` with the current paper's record, recording ``kind`` for it (a link copied ...)."""

        def both(record: PaperRecord) -> None:
            then(record)
            self._signal(record.id, kind)

        self._main._with_record(both)


def rule_choices(action: str, record: PaperRecord, hits: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What ``w`` (watch) or ``M`` (mute) offers for a paper: to stop a rule it matches, then the
    model's reasons (words first: they are why it ranks where it does), its authors and categories.
    Each value is ``+|field|value`` (add) or ``-|field|value`` (remove)."""
    choices: list[tuple[str, str]] = []
    verb = "watching" if action == "watch" else "muting"
    for hit_action, label in hits:
        if hit_action == action:
            field, _, value = label.partition(": ")
            choices.append((f"stop {verb} {label}", f"-|{field}|{value}"))
    seen: set[tuple[str, str]] = set()

    def offer(field: str, value: str) -> None:
        key = (field, value.lower())
        if value and key not in seen and f"{field}: {value}" not in [h[1] for h in hits]:
            seen.add(key)
            choices.append((f"{field}: {value}", f"+|{field}|{value}"))

    for what, weight in record.reasons:
        if (weight > 0) != (action == "watch") or what.startswith(("watch: ", "mute: ")):
            continue
        field, _, value = (
            what.partition(": ") if what.startswith(("author: ", "category: ")) else ("word", "", what)
        )
        offer(field, value)
    for name in record.authors[:6]:
        offer("author", name)
    for category in record.categories[:3]:
        offer("category", category)
    # Without reasons from a model (or beside them), the paper's keywords and its title's words: a
    # Hugging Face paper has no category, and its authors alone were all M offered.
    for keyword in record.keywords[:4]:
        offer("word", keyword)
    for word in title_words(record.title)[:6]:
        offer("word", word)
    for what, _ in record.reasons:  # reasons against it for watch, for it for mute: offered last
        if not what.startswith(("author: ", "category: ", "watch: ", "mute: ")):
            offer("word", what)
    return choices


#: Words of a title too common to watch or mute.
_COMMON = frozenset(
    [
        "about",
        "after",
        "against",
        "among",
        "based",
        "beyond",
        "from",
        "into",
        "learning",
        "model",
        "models",
        "more",
        "through",
        "towards",
        "toward",
        "under",
        "using",
        "via",
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
        "within",
        "without",
        "your",
        "their",
        "these",
        "those",
        "study",
        "approach",
        "method",
        "methods",
        "paper",
        "large",
        "data",
    ]
)


def title_words(title: str) -> list[str]:
    """A title's words worth a rule, in order: 4+ characters, not common ones, without the punctuation
    around them (``DreamSync``, ``Text-to-Image``)."""
    found: list[str] = []
    for raw in title.split():
        word = raw.strip(".,:;!?()[]{}\"'")
        lower = word.lower()
        if len(word) >= 4 and lower not in _COMMON and any(c.isalpha() for c in word) and word not in found:
            found.append(word)
    return found
