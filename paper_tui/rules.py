"""Watch and mute rules: which papers they match. A rule names an author (a full name, or a surname
that any author of the paper carries), a word or phrase (whole words of the title, abstract or
keywords, any case) or an arXiv category. Watched papers carry a mark, rise in For you and have a view;
muted papers are left out of Today and Unread (never deleted)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from paper_tui.store import Store

ACTIONS = ("watch", "mute")
FIELDS = ("author", "word", "category")


@dataclass(frozen=True)
class Rule:
    """One rule; ``source`` says where it is kept: ``config`` (the ``[watch]``/``[mute]`` tables of the
    config file) or ``library`` (added in the reader or with ``paper-tui watch``/``mute``)."""

    action: str
    field: str
    value: str
    source: str = "library"

    @property
    def label(self) -> str:
        """How a reason or a list names it: ``author: Yang Song``."""
        return f"{self.field}: {self.value}"


def fingerprint(rules: Iterable[Rule]) -> str:
    """A short string that changes when the rules change."""
    import hashlib  # not at the reader's start: a millisecond nobody needs then

    text = json.dumps(sorted((r.action, r.field, r.value.lower()) for r in rules))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Matcher:
    """The rules of one action, compiled: ``match(title, abstract, authors, categories, keywords)``
    returns the labels of the rules a paper matches."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.authors: dict[str, str] = {}
        self.categories: dict[str, str] = {}
        words: dict[str, str] = {}
        for rule in rules:
            key = " ".join(rule.value.lower().split())
            if rule.field == "author":
                self.authors[key] = rule.label
            elif rule.field == "category":
                self.categories[key] = rule.label
            elif key:
                words[key] = rule.label
        self.words = words
        self._pattern = (
            re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")
            if words
            else None
        )

    def __bool__(self) -> bool:
        return bool(self.authors or self.categories or self.words)

    def match(
        self,
        title: str,
        abstract: str,
        authors: Sequence[str],
        categories: Sequence[str],
        keywords: Sequence[str] = (),
    ) -> list[str]:
        """The labels of the rules the paper matches (each once, in the rules' order of fields)."""
        found: dict[str, None] = {}
        for name in authors:
            full = " ".join(name.lower().split())
            parts = full.split()
            for key in (full, parts[-1] if parts else ""):
                if key in self.authors:
                    found[self.authors[key]] = None
        for category in categories:
            if category.lower() in self.categories:
                found[self.categories[category.lower()]] = None
        if self._pattern is not None:
            text = " ".join((title, abstract, " ".join(keywords))).lower()
            for match in self._pattern.finditer(" ".join(text.split())):
                found[self.words[match.group(1)]] = None
        return list(found)


def all_rules(config_file: Path, store: Store) -> list[Rule]:
    """Every watch and mute rule: the config file's ``[watch]`` and ``[mute]`` tables, then those kept in
    the library (added in the reader or on the command line)."""
    from paper_tui.config import Config, ConfigError

    try:
        config = Config.load(config_file)
        tables = [("watch", config.watch), ("mute", config.mute)]
    except ConfigError:
        tables = []  # said where the config is read (the reader's start, the command line)
    found = [
        Rule(action, field, value, "config") for action, table in tables for field, value in table.items()
    ]
    found += [Rule(action, field, value) for action, field, value in store.rule_rows()]
    return found


def sync_hits(store: Store, rules: Sequence[Rule], *, full: bool = False) -> int:
    """Keep which papers ``rules`` match: every paper's when the rules changed since the last time (or
    ``full``), else those of the papers imported since; returns how many papers were looked at (see
    :meth:`Library.sync_rules`)."""
    applied = fingerprint(rules)
    through = int(store.get_meta("rules.through") or 0)
    newest = store.max_paper_id()
    ids: list[int] | None
    if full or applied != store.get_meta("rules.applied"):
        after, ids = 0, None
    elif newest > through:
        after, ids = through, []
    else:
        return 0
    matchers = [(action, Matcher([r for r in rules if r.action == action])) for action in ACTIONS]
    matchers = [(action, matcher) for action, matcher in matchers if matcher]
    hits: list[tuple[int, str, str]] = []
    looked = 0
    while rows := store.paper_texts(after=after, limit=5000):
        for r in rows:
            for action, matcher in matchers:
                labels = matcher.match(
                    r["title"],
                    r["abstract"],
                    json.loads(r["authors"]),
                    json.loads(r["categories"]),
                    json.loads(r["keywords"]),
                )
                hits += [(r["id"], action, label) for label in labels]
        if ids is not None:
            ids += [r["id"] for r in rows]
        looked += len(rows)
        after = rows[-1]["id"]
    store.write_rule_hits(hits, ids)
    store.set_meta("rules.applied", applied)
    store.set_meta("rules.through", str(newest))
    return looked
