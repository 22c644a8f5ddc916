"""Learning For you from the library: which papers the user wanted and did not (the labels), training,
and scoring every paper into the ``taste_scores`` table, reasons included. The reader runs this in a
child process (:mod:`paper_tui.taste.child`), the command line in its own; reading the scores needs
neither this module nor scikit-learn.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from paper_tui.store import Store

if TYPE_CHECKING:
    from paper_tui.taste.model import Doc

#: How much each thing the user did says that a paper is wanted (+) or not (-). A paper's label is the
#: sign of the sum; its weight in training the size (at most :data:`MAX_WEIGHT`).
SIGNAL_WEIGHTS = {"like": 1.5, "done": 1.0, "cite": 1.0, "link": 0.7, "less": -1.5, "skip": -1.0}
STATE_WEIGHTS = {"bookmarked": 1.0, "queued": 1.0, "noted": 1.0}
#: Read without being opened (``A``, ``x`` on an unopened paper): a weak "not wanted".
READ_UNOPENED = -0.3
MAX_WEIGHT = 3.0
#: The model needs this many wanted and not-wanted papers; before that For you ranks by similarity to
#: the wanted papers (and the watch list).
MIN_POSITIVES = 3
MIN_NEGATIVES = 3
#: Papers nobody labelled, sampled as a faint "not wanted" (most papers of a day are not wanted).
BACKGROUND = 2000
BACKGROUND_WEIGHT = 0.05
#: At most this many read-without-opening papers (the newest) join the training.
MAX_WEAK = 2000
#: What a watch or mute rule adds to a paper's log-odds (its reason says so).
RULE_BOOST = 2.0
#: Papers scored per chunk (and per transaction after the first one).
CHUNK = 2000
COMMIT_EVERY = 20_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TasteState:
    """What For you is based on: ``model`` (the learned model), ``similar`` (similarity to the wanted
    papers: too few signals yet), ``watch`` (only the watch list) or ``none``."""

    mode: str = "none"
    positives: int = 0
    negatives: int = 0
    fingerprint: str = ""
    scored: int = 0
    seconds: float = 0.0

    def describe(self) -> str:
        """One sentence for the status line, the detail pane and the command line."""
        signals = f"{_count(self.positives, 'paper')} wanted, {self.negatives:,} not"
        if self.mode == "model":
            return f"For you: learned from {signals}"
        need = f"the model starts at {MIN_POSITIVES} wanted and {MIN_NEGATIVES} not ({signals} so far)"
        if self.mode == "similar":
            return f"For you: similarity to the papers you want and the watch list; {need}"
        if self.mode == "watch":
            return f"For you: the watch list only; {need}"
        return (
            "For you: nothing to go on yet, so the most upvoted first, else the digest's order "
            f"(+ on papers you like, b, a); {need}"
        )

    @classmethod
    def from_json(cls, text: str | None) -> TasteState:
        """Read :meth:`to_json`'s output (a default state for anything else)."""
        try:
            data = json.loads(text or "{}")
            return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        except (ValueError, TypeError):
            return cls()

    def to_json(self) -> str:
        """The state as JSON (kept in the library's meta table)."""
        return json.dumps(asdict(self), sort_keys=True)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def label_weights(inputs: dict[str, list[int]], signals: Iterable[tuple[int, str]]) -> dict[int, float]:
    """Each labelled paper's net weight: positive when wanted, negative when not (pure: the store's
    :meth:`Store.taste_inputs` and :meth:`Store.signals` in)."""
    net: dict[int, float] = {}
    seen_kinds: set[tuple[int, str]] = set()
    for pid, kind in signals:
        weight = SIGNAL_WEIGHTS.get(kind)
        if weight is None or (pid, kind) in seen_kinds:
            continue  # the same thing twice counts once
        seen_kinds.add((pid, kind))
        net[pid] = net.get(pid, 0.0) + weight
    for state, weight in STATE_WEIGHTS.items():
        for pid in inputs.get(state, []):
            net[pid] = net.get(pid, 0.0) + weight
    opened = set(inputs.get("opened", []))
    weak = 0
    for pid in inputs.get("read", []):
        if pid not in net and pid not in opened and weak < MAX_WEAK:
            net[pid] = READ_UNOPENED
            weak += 1
    return {pid: max(-MAX_WEIGHT, min(MAX_WEIGHT, w)) for pid, w in net.items() if w}


def state_of(store: Store) -> TasteState:
    """What For you was last computed from."""
    return TasteState.from_json(store.get_meta("taste.state"))


def stale(store: Store) -> bool:
    """Whether the scores lag behind the user's signals (or papers have none yet)."""
    state = state_of(store)
    if state.fingerprint != store.taste_fingerprint():
        return True
    return state.mode != "none" and bool(store.unscored_ids())


def _docs(rows: Sequence[object]) -> list[Doc]:
    from paper_tui.taste.model import Doc

    return [
        Doc(
            r["id"],  # type: ignore[index]
            r["title"],  # type: ignore[index]
            r["abstract"],  # type: ignore[index]
            tuple(json.loads(r["authors"])),  # type: ignore[index]
            tuple(json.loads(r["categories"])),  # type: ignore[index]
            tuple(json.loads(r["keywords"])),  # type: ignore[index]
        )
        for r in rows
    ]


def learn(
    store: Store,
    *,
    use_categories: bool = True,
    progress: Progress | None = None,
    first: Sequence[int] = (),
    force: bool = False,
    without_model: bool = False,
) -> TasteState | None:
    """Train on the user's signals and score the library: every paper when the signals changed (the
    papers of ``first`` before the others, in their own transaction), else only papers without a
    score. Returns what For you is now based on (also kept in the library). ``without_model``: only
    when no model is needed (no signals, or only the watch list; None otherwise, nothing done)."""
    started = time.monotonic()
    fingerprint = store.taste_fingerprint()
    previous = state_of(store)
    full = force or previous.fingerprint != fingerprint
    weights = label_weights(store.taste_inputs(), store.signals())
    positives = sorted(pid for pid, w in weights.items() if w > 0)
    negatives = sorted(pid for pid, w in weights.items() if w < 0)
    hits = store.rule_hits_for()
    watched = any(action == "watch" for rules in hits.values() for action, _ in rules)
    if len(positives) >= MIN_POSITIVES and len(negatives) >= MIN_NEGATIVES:
        mode = "model"
    elif positives:
        mode = "similar"
    elif watched:
        mode = "watch"
    else:
        mode = "none"
    state = TasteState(mode, len(positives), len(negatives), fingerprint)
    if without_model and mode in ("model", "similar"):
        return None
    if mode == "none":
        store.write_scores([], clear=True)
        return _finish(store, state, 0, started)
    scorer = _scorer(store, mode, weights, positives, use_categories) if mode != "watch" else None
    ids = store.all_ids() if full else store.unscored_ids()
    order = list(dict.fromkeys([*[i for i in first if i in set(ids)], *ids]))
    done = 0
    pending: list[tuple[int, float, str, str]] = []
    first_written = not first
    for start in range(0, len(order), CHUNK):
        chunk = order[start : start + CHUNK]
        docs = _docs(store.paper_texts(chunk))
        pending += _rows(scorer, docs, hits, mode)
        done += len(chunk)
        if progress is not None:
            progress(done, len(order))
        # The papers asked for first are written at once (the list being read re-ranks now); the
        # others keep their older scores until theirs are written.
        if len(pending) >= COMMIT_EVERY or (not first_written and done >= len(first)):
            store.write_scores(pending)
            pending, first_written = [], True
    if pending:
        store.write_scores(pending)
    return _finish(store, state, done, started)


def _finish(store: Store, state: TasteState, scored: int, started: float) -> TasteState:
    state = TasteState(
        state.mode, state.positives, state.negatives, state.fingerprint, scored, time.monotonic() - started
    )
    store.set_meta("taste.state", state.to_json())
    return state


def _scorer(
    store: Store, mode: str, weights: dict[int, float], positives: list[int], use_categories: bool
) -> object:
    from paper_tui.taste.model import Labelled, Similarity, TasteModel

    labelled_ids = sorted(weights)
    background = store.sample_ids(BACKGROUND, set(labelled_ids))
    docs = {d.id: d for d in _docs(store.paper_texts([*labelled_ids, *background]))}
    if mode == "similar":
        return Similarity(
            [docs[i] for i in positives if i in docs],
            [docs[i] for i in background if i in docs],
            unwanted=[docs[i] for i in labelled_ids if weights[i] < 0 and i in docs],
            use_categories=use_categories,
        )
    labelled = Labelled()
    for pid in labelled_ids:
        if pid in docs:
            labelled.add(docs[pid], int(weights[pid] > 0), abs(weights[pid]))
    for pid in background:
        if pid in docs:
            labelled.add(docs[pid], 0, BACKGROUND_WEIGHT)
    return TasteModel.train(labelled, use_categories=use_categories)


def _rows(
    scorer: object, docs: list[Doc], hits: dict[int, list[tuple[str, str]]], mode: str
) -> list[tuple[int, float, str, str]]:
    """Score rows for the table: the model's score, moved by the watch and mute rules (their reasons
    first)."""
    import math

    from paper_tui.taste.model import Scored, Similarity, TasteModel

    if isinstance(scorer, TasteModel | Similarity):
        scored = scorer.score(docs)
    else:
        scored = [Scored(doc.id, 0.0) for doc in docs]
    rows = []
    for item in scored:
        boost = 0.0
        reasons: list[tuple[str, float]] = []
        for action, rule in hits.get(item.id, []):
            step = RULE_BOOST if action == "watch" else -RULE_BOOST
            boost += step
            reasons.append((f"{action}: {rule}", step))
        score = item.score
        if boost:
            if mode == "model":
                p = min(max(score, 1e-6), 1 - 1e-6)
                score = 1.0 / (1.0 + math.exp(-(math.log(p / (1 - p)) + boost)))
            else:
                score += boost / 10
        positive = [r for r in reasons if r[1] > 0] + [r for r in item.reasons if r[1] > 0]
        negative = [r for r in reasons if r[1] < 0] + [r for r in item.reasons if r[1] < 0]
        rows.append((item.id, round(score, 6), json.dumps(positive + negative), mode))
    return rows
