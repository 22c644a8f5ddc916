"""The benchmark's queries: what people type into the reader, built from the corpus's own vocabulary."""

from __future__ import annotations

#: Realistic finished queries, by kind (every kind of syntax the README documents).
QUERIES: dict[str, tuple[str, ...]] = {
    "words": (
        "diffusion",
        "reasoning",
        "graph neural network",
        "large language models",
        "reinforcement learning",
        "knowledge distillation",
        "code generation",
        "optimization algorithm",
        "benchmark evaluation",
        "transformer attention",
        "neural architecture search",
        "test time compute",
    ),
    "phrases": (
        '"language models"',
        '"neural network"',
        '"reinforcement learning"',
        '"large language"',
    ),
    "prefixes": ("diffu*", "reason*", "optim*", "distill*", "gra*", "bench*"),
    "fields": (
        "title:reasoning",
        "title:graph title:neural",
        "author:chen",
        "author:kumar reasoning",
        'abstract:"code generation"',
    ),
    "fuzzy": ("reasoning~", "optimisation~", "distilation~", "benchmrak~"),
    "dates": ("date:>20260101 reasoning", "date:[20250101 TO 20250131]", "graph date:<20250601"),
    "boolean": ("reasoning OR distillation", "graph NOT neural", "(code OR program) AND synthesis"),
}

#: One query of each kind, each the first query of a freshly started process.
COLD_QUERIES: tuple[str, ...] = (
    "diffusion",
    "large language models",
    '"language models"',
    "diffu*",
    "author:chen",
    "reasoning~",
    "date:>20260101 reasoning",
    "graph NOT neural",
)

#: Queries typed one key at a time (search as you type).
TYPED: tuple[str, ...] = (
    "diffusion models",
    "graph neural network",
    "large language models",
    "reinforcement learning",
    "knowledge distillation",
    "author:chen reasoning",
)


def all_queries() -> list[tuple[str, str]]:
    """Every (kind, query) pair, in a fixed order."""
    return [(kind, query) for kind, queries in QUERIES.items() for query in queries]


def as_you_type(query: str) -> str:
    """What a search field sends for ``query``: the last word, a plain word of 3+ letters, as a prefix.

    Mirrors ``paper_tui.ui.screens.main.as_you_type``; the harness uses the reader's own function when
    it can be imported, so that it measures what the reader really sends.
    """
    stripped = query.rstrip()
    if stripped != query or not stripped:
        return stripped
    last = stripped.split()[-1]
    bare = last.split(":", 1)[-1]
    if len(bare) >= 3 and bare.isalnum() and last.upper() not in ("AND", "OR", "NOT"):
        return stripped + "*"
    return stripped


def keystrokes(typed: str) -> list[str]:
    """Each prefix of ``typed``, as the field holds it after each key (``d``, ``di`` ... ``diffusion mo``)."""
    return [typed[:end] for end in range(1, len(typed) + 1)]
