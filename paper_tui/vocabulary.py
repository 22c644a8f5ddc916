"""The index's word list: every word of the titles, abstracts and authors as written (in lower case).

The index holds stemmed words (``learning`` is indexed as ``learn``), so a prefix typed past the stem
(``learni``) starts no indexed word. The word list, kept in the index folder beside Whoosh's files and
written with each commit, gives the words a prefix starts (``learning``, ``learnings``), which the index
then finds by their stems; and the real words a typo is near (``transfomer`` -> ``transformer``).
"""

from __future__ import annotations

import bisect
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["WORDS_NAME", "Vocabulary", "VocabularyCache", "read_words", "words_of", "write_words"]

#: The word list in the index folder: UTF-8, one word a line, sorted.
WORDS_NAME = "paper-tui.words"
#: Whoosh's default tokenizer (``RegexTokenizer``): the words the index's analyzers see.
_TOKEN = re.compile(r"\w+(?:\.?\w+)*")
#: Whoosh drops tokens shorter than this (``StopFilter(minsize=2)``).
MIN_LENGTH = 2
#: Longer tokens (hashes, run-together text) are left out of the list.
MAX_LENGTH = 40


def words_of(texts: Iterable[str]) -> set[str]:
    """The words of some texts, as the index's tokenizer splits them, in lower case."""
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(_TOKEN.findall(text.lower()))
    return {word for word in found if MIN_LENGTH <= len(word) <= MAX_LENGTH}


def read_words(folder: Path) -> list[str] | None:
    """The word list of an index folder, sorted; None when it has none."""
    try:
        body = (folder / WORDS_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return body.split("\n")[:-1] if body else []


def write_words(folder: Path, words: Iterable[str], *, merge: bool) -> None:
    """Write the word list (``merge``: with the words already listed), through a temporary file."""
    listed = set(words)
    if merge:
        listed.update(read_words(folder) or ())
    body = "".join(f"{word}\n" for word in sorted(listed))
    temporary = folder / (WORDS_NAME + ".tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(body)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, folder / WORDS_NAME)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Vocabulary:
    """The sorted word list of one index, with the look-ups search needs."""

    words: tuple[str, ...]
    #: The distinct starts of the words, by length (filled as asked).
    _starts: dict[int, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def starting_with(self, prefix: str) -> list[str]:
        """The words that start with ``prefix`` (itself included when it is a word)."""
        words = self.words
        start = bisect.bisect_left(words, prefix)
        end = bisect.bisect_left(words, prefix + "\U0010ffff", start)
        return list(words[start:end])

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        words = self.words
        at = bisect.bisect_left(words, word)
        return at < len(words) and words[at] == word

    def near(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        """Words within ``max_distance`` edits (insertions, deletions, substitutions, transpositions)
        of ``word``, nearest first."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        found = process.extract(
            word, self.words, scorer=OSA.distance, score_cutoff=max_distance, limit=None, processor=None
        )
        return sorted(
            ((candidate, int(distance)) for candidate, distance, _ in found if candidate != word),
            key=lambda pair: (pair[1], pair[0]),
        )

    def near_prefix(self, prefix: str, max_distance: int) -> list[str]:
        """Prefixes of words within ``max_distance`` edits of ``prefix`` (a prefix typed with a typo:
        ``transfom`` is one edit from ``transform``, the start of ``transformer``)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        starts: list[str] = []
        for length in range(max(MIN_LENGTH, len(prefix) - max_distance), len(prefix) + max_distance + 1):
            starts += self._starts_of(length)
        found = process.extract(
            prefix, starts, scorer=OSA.distance, score_cutoff=max_distance, limit=None, processor=None
        )
        return sorted({candidate for candidate, _, _ in found if candidate != prefix})

    def _starts_of(self, length: int) -> list[str]:
        found = self._starts.get(length)
        if found is None:
            found = self._starts[length] = sorted(
                {word[:length] for word in self.words if len(word) >= length}
            )
        return found


class VocabularyCache:
    """The word list of an index folder, read again when the file changes (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, int, int] | None = None
        self._vocabulary: Vocabulary | None = None

    def get(self, folder: Path) -> Vocabulary | None:
        """The folder's word list (None when it has none)."""
        try:
            info = (folder / WORDS_NAME).stat()
        except FileNotFoundError:
            return None
        key = (info.st_ino, info.st_size, info.st_mtime_ns)
        with self._lock:
            if key != self._key or self._vocabulary is None:
                words = read_words(folder)
                if words is None:
                    return None
                self._vocabulary = Vocabulary(tuple(words))
                self._key = key
            return self._vocabulary
