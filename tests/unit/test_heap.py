"""The collector and big libraries: what a session keeps is settled out of full collections."""

from __future__ import annotations

import gc
import weakref

from paper_tui.heap import settle_heap


class Node:
    """A container the collector tracks."""

    def __init__(self) -> None:
        self.other: Node | None = None


def test_settling_keeps_what_is_alive_out_of_full_collections_and_frees_garbage_frozen_before() -> None:
    try:
        kept = [Node() for _ in range(1000)]
        settle_heap()
        assert gc.get_freeze_count() >= len(kept)
        # A cycle that was alive at one settling and became garbage since is freed at the next.
        first, second = Node(), Node()
        first.other, second.other = second, first
        settle_heap()
        gone = weakref.ref(first)
        del first, second
        assert gone() is not None  # frozen: a full collection does not reach it
        gc.collect()
        assert gone() is not None
        settle_heap()
        assert gone() is None
    finally:
        gc.unfreeze()
