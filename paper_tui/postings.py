"""Evaluates a parsed Whoosh query over the index's posting blocks with set operations: the same
documents and the same BM25F scores as Whoosh's matchers, several times sooner.

Whoosh scores each matching document through a tree of Python matcher objects (millions of calls for
``large language models`` at 100,000 papers). Here each term's postings are read a block at a time
(ids and weights, decoded by pickle and ``itertools.accumulate`` in C), a conjunction intersects the id
sets before anything is scored, and only the documents left are scored, with Whoosh's BM25 formula,
inverse document frequencies and field lengths. Words in abstracts are read from ``abstract_terms``,
a copy of ``abstract`` without positions (the positions are most of what Whoosh unpickles per block).

Query types this does not know (phrases, ranges, "every document") are run by Whoosh itself, all
their matches scored, and combined here.
"""

from __future__ import annotations

import itertools
import threading
from array import array
from collections.abc import Callable, Iterable, KeysView
from pickle import loads
from typing import Any

from whoosh import formats, query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE as _COUNT_SIZE
from whoosh.util.numeric import byte_to_length

__all__ = ["POSITION_FREE", "Cancelled", "Evaluator", "SegmentCache"]

#: Fields whose postings are read from a copy without positions (same analyzer, weights and lengths).
POSITION_FREE = {"abstract": "abstract_terms"}
#: Whoosh's BM25F defaults (``scoring.BM25F``).
_B, _K1 = 0.75, 1.2
#: Field length of each length byte, as Whoosh decodes it.
_LENGTHS = [byte_to_length(value) for value in range(256)]

Scores = dict[int, float]


class Cancelled(Exception):
    """The caller asked the evaluation to stop (a newer keystroke)."""


class SegmentCache:
    """What is read once per index segment (segments never change once written): field lengths as
    BM25's length factor, and the library id of each document. Thread-safe; keyed by segment id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._norms: dict[tuple[str, str, float], array[float]] = {}
        self._pids: dict[str, array[int]] = {}

    def norms(self, leaf: Any, field: str, average: float) -> array[float]:
        """``K1 * (1 - B + B * length / average)`` for each document of the segment."""
        key = (leaf.segment().segment_id(), field, average)
        found = self._norms.get(key)
        if found is None:
            count = leaf.doc_count_all()
            column = leaf._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
            scale = _K1 * _B / average
            # The factor of each of the 256 length bytes (0: no length stored, counted as 1).
            factor = [_K1 * (1 - _B) + scale * (_LENGTHS[value] if value else 1) for value in range(256)]
            found = array("d", map(factor.__getitem__, _length_bytes(column, count)))
            found.extend([factor[0]] * (count - len(found)))
            with self._lock:
                # A new average (papers added) makes the segment's older arrays useless.
                for old in [k for k in self._norms if k[0] == key[0] and k[1] == field]:
                    del self._norms[old]
                self._norms[key] = found
        return found

    def pids(self, leaf: Any) -> array[int]:
        """The library id of each document of the segment (about 0.3 s per 100,000 documents once)."""
        segment = leaf.segment().segment_id()
        found = self._pids.get(segment)
        if found is None:
            # Deleted documents too: the array is indexed by document number.
            column = leaf._perdoc._cached_reader("_stored", STORED_COLUMN)
            found = array("q", (int((fields or {}).get("pid", -1)) for fields in column))
            with self._lock:
                self._pids[segment] = found
        return found

    def forget_except(self, segments: Iterable[str]) -> None:
        """Drop what belongs to segments no longer in the index (merged away)."""
        keep = set(segments)
        with self._lock:
            for norms_key in [k for k in self._norms if k[0] not in keep]:
                del self._norms[norms_key]
            for segment in [k for k in self._pids if k not in keep]:
                del self._pids[segment]


def _length_bytes(column: Any, count: int) -> Iterable[int]:
    """Each document's length byte. Whoosh reads a column one call per document (0.3 s for 100,000
    documents, the bulk of a fresh process's first search); a column of bytes is read in one piece."""
    if column is None:
        return ()
    if isinstance(column, NumericColumn.Reader) and column._typecode == "B":
        stored = min(column._count, count)
        return bytes(column._dbfile.get(column._basepos, stored)) if stored else b""
    return column


class _Node:
    """A query evaluated lazily: its documents first (set operations), scores only for those asked."""

    def docs(self) -> set[int] | KeysView[int]:
        """The matching document numbers."""
        raise NotImplementedError

    def scores(self, only: set[int] | None) -> Scores:
        """Scores of the matching documents (of those in ``only``, when given)."""
        raise NotImplementedError


class _Fixed(_Node):
    """Documents with scores known up front (a query Whoosh ran; every document; none)."""

    def __init__(self, found: Scores) -> None:
        self.found = found

    def docs(self) -> KeysView[int]:
        return self.found.keys()

    def scores(self, only: set[int] | None) -> Scores:
        if only is None:
            return self.found
        found = self.found
        return {docnum: found[docnum] for docnum in only & found.keys()}


class _Term(_Node):
    """One term: its postings (document -> weight) and how a weight becomes a score."""

    def __init__(self, weights: dict[int, float], factor: float, norms: array[float] | None) -> None:
        self.weights = weights
        self.factor = factor
        self.norms = norms

    def docs(self) -> KeysView[int]:
        return self.weights.keys()

    def scores(self, only: set[int] | None) -> Scores:
        weights, factor, norms = self.weights, self.factor, self.norms
        if only is not None:
            pairs: Iterable[tuple[int, float]] = ((d, weights[d]) for d in only & weights.keys())
        else:
            pairs = weights.items()
        if norms is None:  # Whoosh's WeightScorer: the weight itself
            return {docnum: weight * factor for docnum, weight in pairs}
        return {docnum: factor * weight / (weight + norms[docnum]) for docnum, weight in pairs}


class _Or(_Node):
    def __init__(self, children: list[_Node], boost: float) -> None:
        self.children = children
        self.boost = boost
        self._docs: set[int] | None = None

    def docs(self) -> set[int]:
        if self._docs is None:
            self._docs = set().union(*(child.docs() for child in self.children))
        return self._docs

    def scores(self, only: set[int] | None) -> Scores:
        found: Scores = {}
        get = found.get
        for child in self.children:
            for docnum, score in child.scores(only).items():
                found[docnum] = get(docnum, 0.0) + score
        return _boosted(found, self.boost)


class _And(_Node):
    def __init__(self, children: list[_Node], excluded: list[_Node], extra: float, boost: float) -> None:
        self.children = children
        self.excluded = excluded
        #: Whoosh's inverse matcher (a NOT) adds its weight to each document it lets through.
        self.extra = extra
        self.boost = boost
        self._docs: set[int] | None = None

    def docs(self) -> set[int]:
        if self._docs is None:
            sets = sorted((child.docs() for child in self.children), key=len)
            found = set(sets[0]).intersection(*sets[1:])
            for child in self.excluded:
                found.difference_update(child.docs())
            self._docs = found
        return self._docs

    def scores(self, only: set[int] | None) -> Scores:
        keys = self.docs() if only is None else only & self.docs()
        parts = [child.scores(keys) for child in self.children]
        extra = self.extra
        if len(parts) == 1:
            found = parts[0] if not extra else {d: score + extra for d, score in parts[0].items()}
        elif len(parts) == 2:
            first, second = parts
            found = {d: first[d] + second[d] + extra for d in keys}
        else:
            found = {d: sum(part[d] for part in parts) + extra for d in keys}
        return _boosted(found, self.boost)


def _boosted(found: Scores, boost: float) -> Scores:
    return found if boost == 1 else {docnum: score * boost for docnum, score in found.items()}


class Evaluator:
    """Runs queries on one searcher; ``should_stop`` is polled between posting lists."""

    def __init__(
        self, searcher: Searcher, cache: SegmentCache, should_stop: Callable[[], bool] | None = None
    ) -> None:
        self.searcher = searcher
        self.cache = cache
        self.should_stop = should_stop
        self.leaves: list[tuple[Any, int]] = list(searcher.reader().leaf_readers())
        cache.forget_except(leaf.segment().segment_id() for leaf, _ in self.leaves)

    # -- results -----------------------------------------------------------------------------------

    def pids_of(self, docnums: list[int]) -> list[int]:
        """The library ids of documents, in the order given."""
        if len(docnums) <= 64:
            return [int(self.searcher.stored_fields(docnum)["pid"]) for docnum in docnums]
        segments = [(offset, self.cache.pids(leaf)) for leaf, offset in self.leaves]
        if len(segments) == 1:
            offset, pids = segments[0]
            return [pids[docnum - offset] for docnum in docnums]
        pids = array("q")
        for _, segment_pids in segments:  # the leaves are in document-number order
            pids.extend(segment_pids)
        return [pids[docnum] for docnum in docnums]

    # -- evaluation --------------------------------------------------------------------------------

    def run(self, q: query.Query) -> Scores:
        """Every matching document number with its score."""
        return self._node(q).scores(None)

    def count(self, q: query.Query) -> int:
        """How many documents match (nothing scored)."""
        return len(self._node(q).docs())

    def _node(self, q: query.Query) -> _Node:
        if isinstance(q, query.Term):
            return self._term(q.fieldname, q.text, q.boost)
        if isinstance(q, query.And):
            positive = [self._node(sub) for sub in q.subqueries if not isinstance(sub, query.Not)]
            negative = [sub for sub in q.subqueries if isinstance(sub, query.Not)]
            if not positive:
                positive = [self._every()]
            excluded = [self._node(sub.query) for sub in negative]
            return _And(positive, excluded, sum(sub.boost for sub in negative), q.boost)
        if isinstance(q, query.Or) and q.minmatch in (0, 1) and q.scale is None:
            return _Or([self._node(sub) for sub in q.subqueries], q.boost)
        if isinstance(q, query.Not):
            return _And([self._every()], [self._node(q.query)], q.boost, 1.0)
        if isinstance(q, query.AndNot):
            return _And([self._node(q.a)], [self._node(q.b)], 0.0, 1.0)
        if isinstance(q, query.Phrase) and q.slop == 1 and q.words:
            return self._phrase(q)
        if q is query.NullQuery:
            return _Fixed({})
        if isinstance(q, query.NumericRange):  # dates: a constant-score union of term ranges
            return self._node(q.simplify(self.searcher.reader()))
        if isinstance(q, query.ConstantScoreQuery):
            return _Fixed(dict.fromkeys(self._node(q.child).docs(), float(q.score)))
        if isinstance(q, query.MultiTerm) and q.field() is not None:
            # Prefixes, wildcards and fuzzy terms: the words they stand for.
            field = q.field()
            words = list(q._btexts(self.searcher.reader()))
            return _Or([self._term(field, word) for word in words], q.boost)
        return _Fixed(self._whoosh(q))

    def _stop_check(self) -> None:
        if self.should_stop is not None and self.should_stop():
            raise Cancelled

    def _term(self, field: str, text: str | bytes, boost: float = 1.0) -> _Node:
        """The documents holding one term, to be scored as Whoosh's BM25F scores them."""
        self._stop_check()
        searcher = self.searcher
        schema = searcher.schema
        if field not in schema:
            return _Fixed({})
        btext = text if isinstance(text, bytes) else schema[field].to_bytes(text)
        if searcher.doc_frequency(field, btext) == 0:
            return _Fixed({})
        read_from = POSITION_FREE.get(field, field)
        if read_from not in schema:
            read_from = field
        fmt = schema[read_from].format
        weights: dict[int, float] = {}
        for leaf, offset in self.leaves:
            try:
                matcher = leaf._terms.matcher(read_from, btext, fmt)
            except (TermNotFound, KeyError):
                continue
            for ids, block_weights in _blocks(matcher):
                weights.update(zip(map(offset.__add__, ids), block_weights, strict=False))
            if leaf.has_deletions():
                for docnum in leaf.deleted_docs_set:
                    weights.pop(docnum + offset, None)
        if not schema[field].scorable:
            return _Term(weights, boost, None)
        word = btext.decode("utf-8")
        average = searcher.avg_field_length(field) or 1
        factor = searcher.idf(field, word) * (_K1 + 1) * boost
        return _Term(weights, factor, self._norms(field, average))

    def _phrase(self, q: query.Phrase) -> _Node:
        """Documents holding the words at consecutive positions, scored as Whoosh scores a phrase (the
        sum of its words' scores, times its boost): the documents holding every word are found first
        without positions, then only their positions are read and compared."""
        field = q.fieldname
        schema = self.searcher.schema
        if field not in schema:
            return _Fixed({})
        fmt = schema[field].format
        if not fmt.supports("positions"):
            raise query.QueryError(f"Phrase search: {field!r} field has no positions")
        btexts = [schema[field].to_bytes(word) for word in q.words]
        words = _And([self._term(field, btext) for btext in btexts], [], 0.0, q.boost)
        candidates = set(words.docs())
        if len(btexts) == 1 or not candidates:
            return words
        # Each word's encoded positions in the candidates (decoded only when compared).
        encoded: list[dict[int, bytes]] = []
        for btext in dict.fromkeys(btexts):
            self._stop_check()
            found: dict[int, bytes] = {}
            for leaf, offset in self.leaves:
                try:
                    matcher = leaf._terms.matcher(field, btext, fmt)
                except (TermNotFound, KeyError):
                    continue
                for ids, values in _value_blocks(matcher):
                    found.update(
                        (docnum, value)
                        for docnum, value in zip(map(offset.__add__, ids), values, strict=False)
                        if docnum in candidates
                    )
            encoded.append(found)
        by_word = dict(zip(dict.fromkeys(btexts), encoded, strict=True))
        decode = _decode_positions if type(fmt) is formats.Positions else fmt.decode_positions
        first, rest = by_word[btexts[0]], [(step, by_word[b]) for step, b in enumerate(btexts[1:], start=1)]
        matched: set[int] = set()
        for docnum in candidates:
            starts = set(decode(first[docnum]))
            for step, values in rest:
                starts.intersection_update([position - step for position in decode(values[docnum])])
                if not starts:
                    break
            if starts:
                matched.add(docnum)
        return _Fixed(words.scores(matched))

    def _norms(self, field: str, average: float) -> array[float]:
        if len(self.leaves) == 1:
            return self.cache.norms(self.leaves[0][0], field, average)
        joined = array("d")
        for leaf, _ in self.leaves:
            joined.extend(self.cache.norms(leaf, field, average))
        return joined

    def _every(self) -> _Node:
        found: Scores = {}
        for leaf, offset in self.leaves:
            found.update((docnum + offset, 0.0) for docnum in leaf.all_doc_ids())
        return _Fixed(found)

    def _whoosh(self, q: query.Query) -> Scores:
        """A query this module does not evaluate: every match, scored by Whoosh."""
        self._stop_check()
        results = self.searcher.search(q, limit=None)
        return {hit.docnum: float(hit.score or 0.0) for hit in results}


def _blocks(matcher: Any) -> Iterable[tuple[Iterable[int], Iterable[float]]]:
    """A posting list's ids and weights, a block at a time."""
    if isinstance(matcher, W3LeafMatcher):
        count_only = matcher._byteids
        while not matcher._atend:
            matcher._read_data()
            ids, weights, _ = matcher._data
            if not count_only:
                ids = itertools.accumulate(ids)
            size = matcher._blocklength
            if weights is None:
                weights = itertools.repeat(1.0, size)
            elif isinstance(weights, float):
                weights = itertools.repeat(weights, size)
            yield ids, weights
            matcher._next_block()
        return
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def _decode_positions(value: bytes) -> Iterable[int]:
    """The positions in a value of Whoosh's ``Positions`` format: a count, then the pickled deltas
    (stored without pickle's final STOP byte)."""
    body = value[_COUNT_SIZE:]
    return itertools.accumulate(loads(body if body.endswith(b".") else body + b"."))


def _value_blocks(matcher: Any) -> Iterable[tuple[Iterable[int], Iterable[bytes]]]:
    """A posting list's ids and encoded values (positions), a block at a time."""
    if isinstance(matcher, W3LeafMatcher):
        count_only = matcher._byteids
        while not matcher._atend:
            matcher._read_values()
            ids = matcher._data[0]
            yield (ids if count_only else itertools.accumulate(ids)), matcher._values
            matcher._next_block()
        return
    ids, values = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        values.append(matcher.value())
        matcher.next()
    yield ids, values
