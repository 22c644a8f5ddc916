"""For you kept up to date in the reader: after the first frame and then every ``poll_interval``, a
worker asks the library whether the scores lag behind the user's signals (or new papers have none);
when they do, a child process learns and scores (:mod:`paper_tui.taste.child`), never this process:
the model's import and its tokenising would hold up the keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from paper_tui.library import Library

#: Seconds after the reader's start before For you is first looked at (after the first frame and the
#: search index's warm-up).
FIRST_CHECK = 2.0
#: Checks skipped after the child failed (it is not started again at every tick).
ERROR_BACKOFF = 30


class TasteWorker(Widget):
    """Shows nothing; posts :class:`Learned` when a child process has scored the library again.

    ``first_ids`` gives the papers to score first (the list being read), read when learning starts.
    """

    DEFAULT_CSS = "TasteWorker { display: none; }"

    @dataclass
    class Learned(Message):
        """For you was learned and the library scored again (``state_json``: the state it ended in), or
        it failed (``error``)."""

        state_json: str
        error: str | None = None

    @dataclass
    class _Checked(Message):
        stale: bool

    def __init__(self, library: Library, interval: float, first_ids: Callable[[], list[int]]) -> None:
        super().__init__()
        self.library = library
        self.interval = interval
        self.first_ids = first_ids
        #: A check or a child process is under way.
        self.busy = False
        #: True while a child learns (for the status line).
        self.learning = False
        # Checks left to skip after a failure.
        self._backoff = 0

    def on_mount(self) -> None:
        """Begin looking after the first frame."""
        self.set_timer(FIRST_CHECK, self._start)

    def _start(self) -> None:
        self.set_interval(self.interval, self.soon)
        self.soon()

    def soon(self) -> None:
        """Look now whether For you lags behind (after a signal, rather than at the next tick)."""
        if not self.busy:
            self.busy = True
            self._check()

    def on_unmount(self) -> None:
        """The reader is quitting: stop a child under way."""
        self.stop()

    def stop(self) -> None:
        """The reader is quitting: stop a child under way (the scores it wrote stay)."""
        for worker in self.workers:
            if worker.group == "taste":
                worker.cancel()

    @work(thread=True, exclusive=True, group="taste-check", exit_on_error=False)
    def _check(self) -> None:
        library = self.library
        state = None
        try:
            stale = library.taste_stale()
            if stale:
                # No signals yet, or only the watch list: done here in milliseconds, no child needed.
                state = library.learn_without_model()
        except Exception:
            stale = False
        if state is not None:
            self.post_message(self.Learned(state.to_json()))
        else:
            self.post_message(self._Checked(stale))

    @on(_Checked)
    def _checked(self, message: _Checked) -> None:
        message.stop()
        if not message.stale or self._backoff > 0:
            self._backoff = max(0, self._backoff - 1)
            self.busy = False
            return
        self.learning = True
        self._learn(self.first_ids())

    @work(thread=True, exclusive=True, group="taste", exit_on_error=False)
    def _learn(self, first: list[int]) -> None:
        from paper_tui.taste.child import LearningCancelled, run_learning

        try:
            state = run_learning(self.library.paths, first[:5000], get_current_worker().cancelled_event)
            message = self.Learned(state)
        except LearningCancelled:
            return
        except Exception as error:
            message = self.Learned("", str(error))
        self.post_message(message)

    @on(Learned)
    def _learned(self, message: Learned) -> None:
        self.busy = self.learning = False
        if message.error is not None:
            self._backoff = ERROR_BACKOFF  # not again at every tick
