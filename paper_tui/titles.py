"""Fuzzy jump to a paper by title (rapidfuzz), fast enough per keystroke at 100,000 papers."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paper_tui.model import View

if TYPE_CHECKING:
    from paper_tui.library import Library

#: Title matches shown in the palette.
TITLE_HITS = 20
#: rapidfuzz scores below this are not shown.
TITLE_CUTOFF = 55

#: Above this many titles, a cheap first pass (partial_ratio) picks the candidates WRatio ranks.
TWO_PASS_FROM = 5_000


@dataclass(frozen=True)
class TitleIndex:
    """Every paper title, also pre-processed for rapidfuzz (lower case, no punctuation), built once."""

    ids: tuple[int, ...]
    titles: tuple[str, ...]
    keys: tuple[str, ...]

    @classmethod
    def build(cls, pairs: list[tuple[int, str]]) -> TitleIndex:
        """Index (paper id, title) pairs."""
        from rapidfuzz import utils  # when the palette first opens: not on the reader's first frame

        return cls(
            tuple(pid for pid, _ in pairs),
            tuple(title for _, title in pairs),
            tuple(utils.default_process(title) for _, title in pairs),
        )

    def match(self, query: str, limit: int = TITLE_HITS) -> list[tuple[int, str, float]]:
        """Fuzzy matches: (paper id, title, score 0-100), best first; about 0.1 s at 100,000 titles."""
        from rapidfuzz import fuzz, process, utils

        key = utils.default_process(query)
        if not key:
            return []
        candidates: list[int] = list(range(len(self.keys)))
        if len(self.keys) > TWO_PASS_FROM:
            rough = process.extract(
                key, self.keys, scorer=fuzz.partial_ratio, processor=None, limit=500, score_cutoff=50
            )
            candidates = [index for _, _, index in rough]
        found = process.extract(
            key,
            {index: self.keys[index] for index in candidates},
            scorer=fuzz.WRatio,
            processor=None,
            limit=limit,
            score_cutoff=TITLE_CUTOFF,
        )
        return [(self.ids[index], self.titles[index], float(score)) for _, score, index in found]


class TitleCache:
    """Every title of a library, indexed once and kept until the library changes (thread-safe)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._index: TitleIndex | None = None

    def invalidate(self) -> None:
        """The library changed: the next :meth:`get` indexes the titles again."""
        with self._lock:
            self._index = None

    def get(self) -> TitleIndex:
        """The titles, indexed (most of a second at 100,000 papers the first time: call from a thread)."""
        with self._lock:
            if self._index is None:
                ids = self.library.view_ids(View())
                rows = self.library.rows(ids)
                self._index = TitleIndex.build([(pid, rows[pid].title) for pid in ids if pid in rows])
            return self._index
