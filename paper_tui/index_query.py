"""Building the Whoosh query for what the user typed: the parser (words, phrases, AND/OR/NOT, fields,
dates, ``diffu*``, ``word~``), each prefix and fuzzy word in titles and abstracts made to stand for the
stems of the words it stands for as written (the index holds stems), and the typos of plain words
respelt from the index's word list (:mod:`paper_tui.spelling`)."""

from __future__ import annotations

import functools
import heapq
from collections.abc import Callable
from typing import Any

from whoosh import query
from whoosh.analysis import STOP_WORDS
from whoosh.fields import Schema
from whoosh.lang.porter import stem
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldPlugin, QueryParser

from paper_tui.model import QueryError
from paper_tui.spelling import RARE, Respelt, respell
from paper_tui.vocabulary import Vocabulary

__all__ = [
    "DEFAULT_FIELDS",
    "QUICK_FIELDS",
    "QUICK_PREFIX_TERMS",
    "STEMMED_FIELDS",
    "expand_prefixes",
    "parse_query",
    "respelt",
    "stem_of",
]

#: Fields searched when a query names none.
DEFAULT_FIELDS = ("title", "abstract", "author")
#: Fields whose words are stemmed: a prefix in them stands for the stems of the words it starts.
STEMMED_FIELDS = frozenset({"title", "abstract"})
#: Fields a quick (as-you-type) search looks in when the query names none: short texts, few postings.
QUICK_FIELDS = ("title", "author")
#: A prefix in a quick search stands for at most this many words, the most frequent ones.
QUICK_PREFIX_TERMS = 8


def parse_query(schema: Schema, text: str, *, quick: bool = False) -> query.Query:
    """The user's query as Whoosh parses it (see :meth:`Index.parse`), a prefix or fuzzy word in titles
    and abstracts kept as typed (for :func:`expand_prefixes`). Raises :class:`QueryError` for a query
    the parser cannot use."""
    parser = _Parser(None, schema)
    parser.add_plugin(MultifieldPlugin(list(QUICK_FIELDS if quick else DEFAULT_FIELDS)))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    try:
        return parser.parse(text)
    except Exception as error:  # the parser's own errors, whatever their type
        raise QueryError(f"cannot search for {text!r}: {error}") from None


def respelt(
    text: str, reader: Any, vocabulary: Vocabulary | None, papers_matching: Callable[[str], int]
) -> Respelt:
    """``text`` with the typos of its plain words respelt from the word list; ``papers_matching`` counts
    the papers a one-word query finds (asked only of a word the index holds in few papers)."""
    frequency = reader.doc_frequency

    def papers_with(word: str) -> int:
        stemmed = stem_of(word)
        found = max(
            frequency("title", stemmed) if stemmed else 0,
            frequency("abstract", stemmed) if stemmed else 0,
            frequency("author", word),
        )
        if found > RARE:  # a lower bound is enough: the word is not rare
            return int(found)
        return papers_matching(word)

    def prefix_known(prefix: str) -> bool:
        return vocabulary is not None and bool(vocabulary.starting_with(prefix))

    return respell(text, vocabulary, papers_with, prefix_known)


class _Parser(QueryParser):
    """Whoosh's parser, keeping a prefix in titles and abstracts as typed: Whoosh stems it (``dreamsy``
    became ``dreamsi``, which starts no word), :func:`expand_prefixes` finds the words it starts."""

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: type[query.Query],
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> query.Query | None:
        """A prefix or a fuzzy word in a stemmed field as typed (in lower case); anything else as Whoosh
        makes it."""
        if termclass is query.Prefix and fieldname in STEMMED_FIELDS:
            return query.Prefix(fieldname, text.lower(), boost=boost)
        if termclass is query.FuzzyTerm and fieldname in STEMMED_FIELDS:
            return query.FuzzyTerm(fieldname, text.lower(), boost=boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def stem_of(word: str) -> str | None:
    """A word as the stemming analyzer of titles and abstracts indexes it (None for a stop word)."""
    if word in STOP_WORDS or len(word) < 2:
        return None
    return _stem(word)


@functools.lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return str(stem(word))


def _any_of(
    stems: set[str | None], field: str, reader: object, keep: int | None, boost: float
) -> query.Query:
    """Any of ``stems`` the index holds in ``field`` (with ``keep``, its most frequent ones only)."""
    frequency = reader.doc_frequency  # type: ignore[attr-defined]
    found = [word for word in stems if word and frequency(field, word)]
    if keep is not None:
        found = heapq.nlargest(keep, found, key=lambda word: frequency(field, word))
    if not found:
        return query.NullQuery
    return query.Or([query.Term(field, word) for word in sorted(found)], boost=boost)


def expand_prefixes(
    q: query.Query, reader: object, vocabulary: Vocabulary | None, keep: int | None
) -> query.Query:
    """``q`` with each prefix in titles and abstracts standing for the stems of the words it starts
    (the stemmed index holds ``learn`` for *learning*: ``learni`` starts no indexed word), and each fuzzy
    word (``manipulaton~``) for the stems of the words as written within its distance (Whoosh would
    compare it with the stems: ``manipul`` is four edits from it); with ``keep``, each prefix, wildcard
    or fuzzy word stands for its ``keep`` most frequent words only."""
    if isinstance(q, query.FuzzyTerm) and q.fieldname in STEMMED_FIELDS:
        field = q.fieldname
        stemmed = stem_of(q.text)
        near = [word for word, _ in vocabulary.near(q.text, q.maxdist)] if vocabulary is not None else []
        stems = {stem_of(word) for word in near if word.startswith(q.text[: q.prefixlength])}
        if stemmed:
            stems.add(stemmed)
            # Whoosh's own fuzzy match over the stems, as before: what the word list cannot say.
            fuzzy = query.FuzzyTerm(field, stemmed, maxdist=q.maxdist, prefixlength=q.prefixlength)
            for _, term in fuzzy.expanded_terms(reader):
                stems.add(term.decode("utf-8") if isinstance(term, bytes) else str(term))
        return _any_of(stems, field, reader, keep, q.boost)
    if isinstance(q, query.Prefix) and q.fieldname in STEMMED_FIELDS and vocabulary is not None:
        field = q.fieldname
        stems = {stem_of(word) for word in vocabulary.starting_with(q.text)}
        return _any_of(stems, field, reader, keep, q.boost)
    if isinstance(q, query.PatternQuery | query.FuzzyTerm) and keep is not None:
        field = q.fieldname
        from_bytes = reader.schema[field].from_bytes  # type: ignore[attr-defined]
        words = [from_bytes(text) for _, text in q.expanded_terms(reader)]
        frequency = reader.doc_frequency  # type: ignore[attr-defined]
        top = heapq.nlargest(keep, words, key=lambda word: frequency(field, word))
        if not top:
            return query.NullQuery
        return query.Or([query.Term(field, word) for word in top], boost=q.boost)
    if q.is_leaf():
        return q
    return q.apply(lambda sub: expand_prefixes(sub, reader, vocabulary, keep))
