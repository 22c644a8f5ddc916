"""Triage without Textual: a list's unread papers one at a time, the decision on each (queue, bookmark,
skip, or later), going back, undoing the last decision, and the progress and summary lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from paper_tui.model import TRIAGE_DECISIONS

#: What a decision does (the library call is the screen's: ``Library.decide``): queued, bookmarked,
#: skipped (read, and a "not interested" signal for For you).
ACTIONS = TRIAGE_DECISIONS

_PAST = {"queue": "queued", "bookmark": "bookmarked", "skip": "skipped"}


@dataclass
class Triage:
    """Where a triage is: the papers in order, the one shown, what was decided on each."""

    ids: list[int]
    position: int = 0
    decisions: dict[int, str] = field(default_factory=dict)
    #: The decisions in the order they were made, each as (paper, the decision it replaced, None for
    #: the paper's first): ``undo`` takes the last back, as the library's undo does.
    history: list[tuple[int, str | None]] = field(default_factory=list)

    @classmethod
    def of(cls, ids: Sequence[int]) -> Triage:
        """A triage of ``ids`` (duplicates dropped), starting at the first."""
        return cls(list(dict.fromkeys(ids)))

    @property
    def current(self) -> int | None:
        """The paper shown, or None once past the last one (the summary is shown)."""
        return self.ids[self.position] if 0 <= self.position < len(self.ids) else None

    @property
    def finished(self) -> bool:
        """Whether every paper has been gone through."""
        return self.position >= len(self.ids)

    def decide(self, action: str) -> int | None:
        """Decide on the paper shown (again, after ``back``: the new decision replaces the earlier one)
        and move to the next; the paper decided on (None when finished)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown triage decision {action!r}")
        paper_id = self.current
        if paper_id is None:
            return None
        self.history.append((paper_id, self.decisions.get(paper_id)))
        self.decisions[paper_id] = action
        self.position += 1
        return paper_id

    def later(self) -> None:
        """Move on without a decision (the paper stays unread)."""
        if not self.finished:
            self.position += 1

    def back(self) -> bool:
        """Go back one paper; False at the first."""
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def undo(self) -> tuple[int, str] | None:
        """Take back the last decision (the paper's earlier one, if any, holds again) and show its paper
        again; (paper, what was decided) or None."""
        if not self.history:
            return None
        paper_id, replaced = self.history.pop()
        action = self.decisions.pop(paper_id)
        if replaced is not None:
            self.decisions[paper_id] = replaced
        self.position = self.ids.index(paper_id)
        return paper_id, action

    def count(self, action: str) -> int:
        """How many papers got this decision."""
        return sum(1 for decided in self.decisions.values() if decided == action)

    def _tally(self) -> str:
        return " · ".join(f"{self.count(action):,} {_PAST[action]}" for action in ACTIONS)

    def progress(self) -> str:
        """``12 / 61 · 4 queued · 1 bookmarked · 7 skipped``."""
        shown = min(self.position + 1, len(self.ids))
        return f"{shown:,} / {len(self.ids):,} · {self._tally()}"

    def summary(self) -> str:
        """What the triage did, in one sentence."""
        left = len(self.ids) - len(self.decisions)
        return f"Triage: {self._tally()} · {left:,} left unread"
