"""Jump to a paper by title (rapidfuzz), fast enough per keystroke at 100,000 papers.

Titles are ranked in tiers: the whole title, then the query as whole words of a title, then as part of
a word, then close spellings of its words (each query word against the words of the titles, by
Levenshtein similarity: ``dremsink`` is three edits from ``dreamsync``). Within a tier, the match
nearer the start of a shorter title comes first.
"""

from __future__ import annotations

import heapq
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paper_tui.heap import settle_heap
from paper_tui.model import View

if TYPE_CHECKING:
    from paper_tui.library import Library

#: Title matches shown in the palette.
TITLE_HITS = 20
#: A query word and a title word this similar (Levenshtein, 0-1) are a close spelling.
WORD_CUTOFF = 0.6
#: Close spellings looked up per query word.
WORD_CANDIDATES = 200

#: Tiers, best first: the score of a hit is its tier plus a fraction for the order within it.
EXACT, WHOLE_WORDS, PART_OF_WORD, CLOSE_SPELLING = 3, 2, 1, 0


@dataclass(frozen=True)
class TitleIndex:
    """Every paper title, pre-processed for matching (lower case, no punctuation), built once."""

    ids: tuple[int, ...]
    titles: tuple[str, ...]
    keys: tuple[str, ...]
    #: Each word of the titles and the titles (positions in ``ids``) it occurs in.
    words: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, pairs: list[tuple[int, str]]) -> TitleIndex:
        """Index (paper id, title) pairs."""
        from rapidfuzz import utils  # when the palette first opens: not on the reader's first frame

        keys = tuple(utils.default_process(title) for _, title in pairs)
        words: defaultdict[str, list[int]] = defaultdict(list)
        for position, key in enumerate(keys):
            for word in set(key.split()):
                words[word].append(position)
        # Tuples, not lists: the garbage collector stops tracking tuples of numbers, and 100,000 titles'
        # words made every full collection (a few keys apart while typing) cost ~80 ms.
        frozen = {word: tuple(positions) for word, positions in words.items()}
        return cls(tuple(pid for pid, _ in pairs), tuple(title for _, title in pairs), keys, frozen)

    def match(self, query: str, limit: int = TITLE_HITS) -> list[tuple[int, str, float]]:
        """Matches as (paper id, title, score), best first: the score's whole part is the tier
        (:data:`EXACT` ... :data:`CLOSE_SPELLING`), its fraction the order within the tier."""
        from rapidfuzz import utils

        key = utils.default_process(query)
        if not key:
            return []
        found: dict[int, float] = {}
        padded = f" {key} "
        for position, title_key in enumerate(self.keys):
            at = title_key.find(key)
            if at < 0:
                continue
            if title_key == key:
                tier = EXACT
            elif f" {title_key} ".find(padded) >= 0:
                tier = WHOLE_WORDS
                at = f" {title_key} ".find(padded)
            else:
                tier = PART_OF_WORD
            # Earlier in a shorter title is better: a fraction in (0, 1).
            found[position] = tier + 1 / (2 + at + len(title_key) / 100)
        if len(found) < limit:
            for position, similarity in self._close_spellings(key.split()).items():
                if position not in found:
                    found[position] = CLOSE_SPELLING + similarity * 0.999
        # The best ``limit`` only (a two-letter query is in most titles: no need to sort them all).
        best = heapq.nsmallest(limit, found.items(), key=lambda item: (-item[1], item[0]))
        return [(self.ids[position], self.titles[position], score) for position, score in best]

    def _close_spellings(self, query_words: list[str]) -> dict[int, float]:
        """Titles whose words are close spellings of the query's words: the mean, over the query's
        words, of the best similarity (0-1) of a word of the title."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        vocabulary = list(self.words)
        totals: defaultdict[int, float] = defaultdict(float)
        for word in query_words:
            best: dict[int, float] = {}
            for candidate, similarity, _ in process.extract(
                word,
                vocabulary,
                scorer=Levenshtein.normalized_similarity,
                processor=None,
                limit=WORD_CANDIDATES,
                score_cutoff=WORD_CUTOFF,
            ):
                for position in self.words[candidate]:
                    if similarity > best.get(position, 0.0):
                        best[position] = similarity
            for position, similarity in best.items():
                totals[position] += similarity
        return {position: total / len(query_words) for position, total in totals.items()}


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
                settle_heap()  # typing in the palette next: no full collection over every title
            return self._index
