"""Undo: each change to the user's marks is put back exactly, several levels deep, from the library and
the command line."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

import pytest

from paper_tui.cli import main
from paper_tui.library import Library
from paper_tui.model import View
from tests.helpers import ingest, paper


@pytest.fixture
def library() -> Iterator[Library]:
    with Library.open() as opened:
        ingest(opened, *[paper(f"Paper number {n}", f"2608.{n:05d}") for n in range(1, 9)])
        yield opened


def marks(library: Library) -> dict[str, list[tuple[object, ...]]]:
    """Everything the user did, timestamps included."""
    conn = library.store.conn
    return {
        table: [tuple(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        for table in ("reads", "bookmarks", "queue", "signals", "notes")
    }


def test_every_change_is_put_back_exactly_in_reverse_order(library: Library) -> None:
    ids = library.view_ids(View())
    library.queue_add(ids[:3])
    library.mark_read([ids[7]])
    steps: list[tuple[str, Callable[[], object]]] = [
        ("bookmark", lambda: library.bookmark([ids[0]])),
        ("queue", lambda: library.queue_add([ids[4]])),
        ("move in the queue", lambda: library.queue_move(ids[4], 1)),
        ("done", lambda: library.queue_done([ids[1]])),
        ("removal from the queue", lambda: library.queue_remove([ids[0]])),
        ("read mark", lambda: library.mark_read(ids)),  # A: a whole list
        ("unread mark", lambda: library.mark_read([ids[7]], False)),
        ("like", lambda: library.like([ids[5]])),
        ("less like this", lambda: library.like([ids[6]], less=True)),
        ("skip", lambda: library.skip([ids[2], ids[3]])),
        ("unbookmark", lambda: library.bookmark([ids[0]], False)),
    ]
    before: list[dict[str, list[tuple[object, ...]]]] = []
    for _, change in steps:
        before.append(marks(library))
        time.sleep(0.001)
        change()
    assert library.undo_labels(3) == [
        "unbookmark of Paper number 1",
        "skip of 2 papers",
        "less like this of Paper number 7",
    ]
    for (what, _), expected in zip(reversed(steps), reversed(before), strict=True):
        label = library.undo()
        assert label is not None and label.startswith(what)
        assert marks(library) == expected, what
    # Then the set-up's own changes, and nothing more.
    assert library.undo() == "read mark of Paper number 8"
    assert library.undo() == "queue of 3 papers"
    assert library.undo() is None and library.queue() == []


def test_undo_leaves_other_papers_changed_since_alone(library: Library) -> None:
    ids = library.view_ids(View())
    library.queue_add([ids[0], ids[1]])
    library.bookmark([ids[2]])
    with Library.open() as other:  # another process queues a paper after the bookmark
        other.store.queue_add([ids[5]])
    assert library.undo() == "bookmark of Paper number 3"
    assert library.queue() == [ids[0], ids[1], ids[5]]
    assert library.undo() == "queue of 2 papers"
    assert library.queue() == [ids[5]]


def test_the_timer_s_read_marks_are_not_undone(library: Library) -> None:
    ids = library.view_ids(View())
    library.bookmark([ids[0]])
    library.mark_read([ids[1]], undo=False)  # the reader's mark-read timer
    assert library.undo() == "bookmark of Paper number 1"
    assert library.paper(ids[1]).read  # type: ignore[union-attr]


def test_undo_puts_back_only_what_the_change_changed(library: Library) -> None:
    # Before: undoing a like also took back the read mark the detail pane's timer gave the paper after
    # it (the paper's every mark was put back as it was before the like).
    ids = library.view_ids(View())
    library.like([ids[0]])
    library.mark_read([ids[0]], undo=False)  # the timer, after the like
    library.bookmark([ids[1]])
    library.skip([ids[1]])  # a read mark and a signal of its own, then...
    library.store.add_signals([ids[1]], "link")  # ...a link copied since (not an undo step)
    assert library.undo() == "skip of Paper number 2"
    assert library.paper(ids[1]).bookmarked and not library.paper(ids[1]).read
    assert [kind for pid, kind in library.store.signals() if pid == ids[1]] == ["link"]
    assert library.undo() == "bookmark of Paper number 2"
    assert library.undo() == "like of Paper number 1"
    assert library.paper(ids[0]).read
    assert [kind for pid, kind in library.store.signals() if pid == ids[0]] == []


def test_undo_on_the_command_line(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    ids = library.view_ids(View())
    assert main(["like", str(ids[2]), "--json"]) == 0
    assert main(["skip", str(ids[3]), "--json"]) == 0
    capsys.readouterr()
    assert library.paper(ids[3]).read  # type: ignore[union-attr]
    assert main(["undo", "--list"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["skip of Paper number 4", "like of Paper number 3"]
    assert main(["undo"]) == 0
    assert capsys.readouterr().out == "undone: skip of Paper number 4\n"
    assert not library.paper(ids[3]).read  # type: ignore[union-attr]
    assert main(["undo", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"undone": "like of Paper number 3"}
    assert library.store.signals() == []
