"""The reader's place and preferences, kept in the library's ``meta`` table: the view, the highlighted
paper and the theme; each view's sort and the row style; which papers are new since its last session
(:meth:`Library.reader_state`, :meth:`Library.reader_prefs`, :meth:`Library.begin_session`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paper_tui.model import SORTS

if TYPE_CHECKING:
    from paper_tui.store import Store

__all__ = ["ROW_STYLES", "ReaderPrefs", "ReaderState"]

#: Where the reader's place and theme are kept (the ``meta`` table).
_READER_KEYS = {"view": "ui.view", "selected": "ui.selected", "theme": "ui.theme"}

#: The list's row styles: comfortable (two lines of title and one of facts) or compact (one line).
ROW_STYLES = ("comfortable", "compact")


@dataclass(frozen=True)
class ReaderState:
    """The reader's place, kept in the library: the view (``today``, ``digest:2026-08-01`` ...), the
    highlighted paper and the theme chosen in the reader."""

    view: str | None = None
    selected: int | None = None
    theme: str | None = None


@dataclass(frozen=True)
class ReaderPrefs:
    """How the reader shows its lists, kept in the library: each view's sort (``ViewSpec.sort_key`` to a
    sort) and the row style (one of :data:`ROW_STYLES`)."""

    sorts: dict[str, str] = field(default_factory=dict)
    rows: str = ROW_STYLES[0]


def load_state(store: Store) -> ReaderState:
    """The reader's saved place and theme."""
    values = {name: store.get_meta(key) for name, key in _READER_KEYS.items()}
    selected = values["selected"]
    return ReaderState(
        view=values["view"] or None,
        selected=int(selected) if selected and selected.isdigit() else None,
        theme=values["theme"] or None,
    )


def save_state(store: Store, *, view: str | None, selected: int | None, theme: str | None) -> None:
    """Save the parts of the reader's place given (None leaves a part as it is)."""
    given = {"view": view, "selected": None if selected is None else str(selected), "theme": theme}
    for name, value in given.items():
        if value is not None:
            store.set_meta(_READER_KEYS[name], value)


def load_prefs(store: Store) -> ReaderPrefs:
    """How the reader shows its lists: each view's sort and the row style."""
    try:
        sorts = json.loads(store.get_meta("ui.sorts") or "{}")
    except ValueError:
        sorts = {}
    sorts = {str(k): str(v) for k, v in sorts.items() if v in SORTS} if isinstance(sorts, dict) else {}
    rows = store.get_meta("ui.rows")
    return ReaderPrefs(sorts=sorts, rows=rows if rows in ROW_STYLES else ROW_STYLES[0])


def save_prefs(store: Store, *, sorts: dict[str, str] | None, rows: str | None) -> None:
    """Save the views' sorts and the row style (None leaves one as it is)."""
    if sorts is not None:
        store.set_meta("ui.sorts", json.dumps(sorts, sort_keys=True))
    if rows is not None:
        store.set_meta("ui.rows", rows)


def begin_session(store: Store) -> int:
    """A session starts: the next one's new papers are those after the newest now. Returns the last
    paper id the previous session saw (the newest now for a first session: nothing is new then)."""
    seen = store.get_meta("ui.seen_through")
    newest = store.max_paper_id()
    store.set_meta("ui.seen_through", str(newest))
    return int(seen) if seen and seen.isdigit() else newest


def end_session(store: Store) -> None:
    """A session ends: the papers it had are not new in the next one."""
    store.set_meta("ui.seen_through", str(store.max_paper_id()))
