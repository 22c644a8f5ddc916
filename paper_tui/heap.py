"""The garbage collector and a library of 100,000 papers.

Python's full collections walk every container the program holds: the views' lists of 100,000 ids, the
title index, Whoosh's and Textual's objects. While a user types in the palette, one came every four or
five keys and took 50-90 ms (``bench/palette_speed.py``). What is loaded once and kept (the first views,
the title index) is moved out of the collector's way with :func:`gc.freeze` after one collection, so
that full collections walk only what was made since. Frozen objects are still freed when nothing uses
them (reference counting); cycles among them that became garbage since (a closed dialog that was open
at the freeze) are collected the next time, which unfreezes, collects everything once and freezes again.
"""

from __future__ import annotations

import gc
import threading

__all__ = ["settle_heap"]

_LOCK = threading.Lock()


def settle_heap() -> None:
    """Collect everything once (what an earlier call froze too), then keep everything alive now out of
    later full collections (any thread; about as long as one full collection)."""
    with _LOCK:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
