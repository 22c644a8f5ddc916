"""Typos forgiven without syntax: a word of the query that matches no paper (or far fewer than a close
spelling would) is searched as the close spelling the library uses most, and the searcher is told.

Close spellings come from the index's own word list (:mod:`paper_tui.vocabulary`): one edit away
(an insertion, a deletion, a substitution or two letters swapped), two for words of
:data:`LONG_WORD` letters or more. Only plain words are respelt: not phrases, fields, ``word~`` (the
user chose the fuzziness) or anything else the user wrote on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from paper_tui.text import plural
from paper_tui.vocabulary import Vocabulary

__all__ = ["Respelt", "respell"]

#: Words this long get close spellings two edits away.
LONG_WORD = 8
#: Words shorter than this are never respelt (too many close spellings: "gan", "can", "fan").
MIN_WORD = 4
#: A word matching at most this many papers ...
RARE = 2
#: ... is searched together with a close spelling matching at least this many times more.
MORE = 20

_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
#: A plain word, or a plain prefix (``transfom*``), not inside quotes and naming no field.
_TOKEN = re.compile(r'"[^"]*"|[^\s()"]+')
_PLAIN = re.compile(r"[^\W\d_]+\*?")


@dataclass(frozen=True)
class Respelt:
    """The query with its typos respelt, and the sentence that says so ("" when nothing was)."""

    text: str
    note: str = ""


def respell(
    text: str,
    vocabulary: Vocabulary | None,
    papers_with: Callable[[str], int],
    prefix_known: Callable[[str], bool],
) -> Respelt:
    """Respell ``text``'s unknown or rare words. ``papers_with(word)`` is how many papers hold a word
    (as the index's analyzers take it); ``prefix_known(prefix)`` whether any indexed word starts with it."""
    if vocabulary is None:
        return Respelt(text)
    replaced: list[tuple[str, str]] = []
    added: list[tuple[str, str, int]] = []
    pieces: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        pieces.append(text[position : match.start()])
        position = match.end()
        word = token.lower()
        if token in _OPERATORS or not _PLAIN.fullmatch(token) or len(word.rstrip("*")) < MIN_WORD:
            pieces.append(token)
            continue
        if word.endswith("*"):
            prefix = word[:-1]
            better = None if prefix_known(prefix) else _closest_prefix(prefix, vocabulary, prefix_known)
            if better is not None:
                replaced.append((token, better + "*"))
                token = better + "*"
            pieces.append(token)
            continue
        found = papers_with(word)
        if found > RARE:
            pieces.append(token)
            continue
        distance = 2 if len(word) >= LONG_WORD else 1
        best = _most_used(word, vocabulary, papers_with, distance if found == 0 else 1)
        if best is None:
            pieces.append(token)
        elif found == 0:
            replaced.append((token, best[0]))
            pieces.append(best[0])
        elif best[1] >= max(MORE * found, MORE):
            added.append((token, best[0], found))
            pieces.append(f"({token} OR {best[0]})")
        else:
            pieces.append(token)
    pieces.append(text[position:])
    if not replaced and not added:
        return Respelt(text)
    searched = "".join(pieces)
    notes = []
    if replaced:
        typed = ", ".join(f'"{word}"' for word, _ in replaced)
        notes.append(f'Showing results for "{_plain(searched, added)}" (no papers match {typed})')
    for word, respelt, count in added:
        notes.append(
            f'Also showing "{respelt}" (only {plural(count, "paper")} '
            f'match{"es" if count == 1 else ""} "{word}")'
        )
    return Respelt(searched, "; ".join(notes))


def _plain(searched: str, added: list[tuple[str, str, int]]) -> str:
    """The respelt query as the user would have typed it (an added spelling shown as the typed word)."""
    for word, respelt, _ in added:
        searched = searched.replace(f"({word} OR {respelt})", word)
    return " ".join(searched.split())


def _most_used(
    word: str, vocabulary: Vocabulary, papers_with: Callable[[str], int], distance: int
) -> tuple[str, int] | None:
    """The close spelling of ``word`` that the most papers hold, with their number; None for none."""
    best: tuple[str, int] | None = None
    for candidate, _ in vocabulary.near(word, distance):
        count = papers_with(candidate)
        if count and (best is None or count > best[1]):
            best = (candidate, count)
    return best


def _closest_prefix(prefix: str, vocabulary: Vocabulary, prefix_known: Callable[[str], bool]) -> str | None:
    """The start of indexed words nearest ``prefix`` (one edit, two for long prefixes): the fewest edits,
    then one at least as long as what was typed (a shorter one widens the search), then the one that
    starts the most words; None when there is none."""
    from rapidfuzz.distance import OSA

    distance = 2 if len(prefix) >= LONG_WORD else 1
    candidates = [c for c in vocabulary.near_prefix(prefix, distance) if prefix_known(c)]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda c: (OSA.distance(prefix, c), len(c) < len(prefix), -len(vocabulary.starting_with(c)), c),
    )
