"""The reading queue pane: a numbered paper list that loads the queue's order itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.worker import get_current_worker

from paper_tui.model import PaperRecord, Row
from paper_tui.ui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from paper_tui.library import Library


class QueuePane(PaperList):
    """The queue in order. Keys change it at once (:meth:`add_paper`, :meth:`remove_paper`,
    :meth:`move_paper`); :meth:`reload` reads it again from the library (after the write, or another
    process's change) and posts :class:`Loaded`."""

    @dataclass
    class Loaded(Message):
        """The queue's order, as the library holds it."""

        ids: list[int]

    @dataclass
    class _Read(Message):
        ids: list[int]

    def __init__(self, library: Library, *, empty_text: str, id: str | None = None) -> None:
        super().__init__(library.rows, records=library.papers, numbered=True, empty_text=empty_text, id=id)
        self._library = library

    def on_mount(self) -> None:
        """Title the pane."""
        self.set_title("Queue")

    def set_ids(self, ids: Sequence[int], keep_id: int | None = None, *, reset: bool = False) -> None:
        """Show the queue in this order; the title counts it."""
        super().set_ids(ids, keep_id, reset=reset)
        self.set_title(f"Queue · {self.count:,}")

    def reload(self) -> None:
        """Read the queue from the library (in a worker); show it and post :class:`Loaded`."""
        self._read()

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def _read(self) -> None:
        ids = self._library.queue()
        if not get_current_worker().is_cancelled:
            self.post_message(self._Read(ids))

    @on(_Read)
    def _loaded(self, message: _Read) -> None:
        message.stop()
        self.set_ids(message.ids)
        self.post_message(self.Loaded(message.ids))

    def add_paper(self, paper_id: int, row: Row | None = None, record: PaperRecord | None = None) -> int:
        """Add a paper at the end (shown in this frame when its row is given); its 1-based position."""
        if row is not None:
            self.preload({paper_id: row}, [record] if record is not None else [])
        self.set_ids([*self.ids, paper_id])
        return self.count

    def remove_paper(self, paper_id: int) -> bool:
        """Take a paper out; whether it was queued."""
        ids = self.ids
        if paper_id not in ids:
            return False
        self.set_ids([i for i in ids if i != paper_id])
        return True

    def move_paper(self, paper_id: int, step: int) -> int | None:
        """Move a queued paper ``step`` places (up is negative); its new 0-based index, or None when
        it did not move (not queued, or already at that end)."""
        ids = self.ids
        if paper_id not in ids:
            return None
        index = ids.index(paper_id)
        target = max(0, min(len(ids) - 1, index + step))
        if target == index:
            return None
        ids.insert(target, ids.pop(index))
        self.set_ids(ids, keep_id=paper_id)
        return target
