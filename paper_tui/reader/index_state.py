"""Whether the reader can search: the search index is checked after start, and may be rebuilt."""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable

__all__ = ["IndexPhase", "IndexState"]

#: Seconds between looks at whether a waiting search has been cancelled.
WAIT_STEP = 0.05


class IndexPhase(enum.Enum):
    """Where the reader's search index stands."""

    #: Not looked at yet (the reader looks right after its first frame, or at the first search).
    UNKNOWN = "unknown"
    #: Usable.
    READY = "ready"
    #: Being rebuilt in a child process (searches use the old index unless it was unusable).
    REBUILDING = "rebuilding"


class IndexState:
    """The index's phase, shared by the screen and the workers that search; every method is thread-safe.

    A search waits (in its worker) until the index is known to be usable, or says why search cannot
    run: an index rebuilt from nothing is not searchable until the rebuild ends.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._phase = IndexPhase.UNKNOWN
        self._missing = False
        self._progress: tuple[int, int] | None = None
        self._check_started = False
        self._searched = False
        # Set once searches may run (usable, or rebuilt beside a usable one).
        self._known = threading.Event()

    @property
    def phase(self) -> IndexPhase:
        """The current phase."""
        with self._lock:
            return self._phase

    @property
    def rebuilding(self) -> bool:
        """Whether a rebuild runs (a fetch or an inbox import waits for its end)."""
        return self.phase is IndexPhase.REBUILDING

    @property
    def searched(self) -> bool:
        """Whether a search has run (it warmed the index: no warming query is needed)."""
        with self._lock:
            return self._searched

    def mark_searched(self) -> None:
        """A search is about to run."""
        with self._lock:
            self._searched = True

    def begin_check(self) -> bool:
        """True the first time only: the caller then looks at the index."""
        with self._lock:
            started, self._check_started = self._check_started, True
        return not started

    def checked(self, usable: bool) -> bool:
        """The look at the index found it usable or not; True when a rebuild must start now."""
        with self._lock:
            if usable:
                if self._phase is IndexPhase.UNKNOWN:
                    self._phase = IndexPhase.READY
                    self._known.set()
                return False
            return self._phase is not IndexPhase.REBUILDING

    def start_rebuild(self, *, missing: bool, total: int) -> None:
        """A rebuild starts; with ``missing`` (the old index is unusable) searches wait for its end."""
        with self._lock:
            self._phase = IndexPhase.REBUILDING
            self._missing = missing
            self._progress = (0, total)
            if missing:
                self._known.clear()
            else:
                self._known.set()

    def progress(self, done: int, total: int) -> bool:
        """A rebuild wrote ``done`` of ``total`` papers; False when no rebuild runs (a late report)."""
        with self._lock:
            if self._phase is not IndexPhase.REBUILDING:
                return False
            self._progress = (done, total)
            return True

    def rebuilt(self) -> None:
        """The rebuild ended (well or not): searches use the index as it now is."""
        with self._lock:
            self._phase = IndexPhase.READY
            self._missing = False
            self._progress = None
            self._known.set()

    def unavailable(self) -> str | None:
        """Why search cannot run now (the index is being rebuilt from nothing), or None."""
        with self._lock:
            if self._phase is not IndexPhase.REBUILDING or not self._missing:
                return None
            done, total = self._progress or (0, 0)
        progress = f" ({done:,}/{total:,})" if total else ""
        return f"Search is back when the index is rebuilt{progress}."

    def activity(self) -> str:
        """The status line's part while the index is rebuilt (``Indexing 12,000/100,000…``), else ""."""
        with self._lock:
            if self._phase is not IndexPhase.REBUILDING:
                return ""
            progress = self._progress
        if progress is None or not progress[1]:
            return "Indexing…"
        return f"Indexing {progress[0]:,}/{progress[1]:,}…"

    def wait_usable(self, cancelled: Callable[[], bool]) -> str | None:
        """In a worker: wait until the index is known to be usable; None, or why search cannot run
        (``"cancelled"`` when ``cancelled()`` became true first)."""
        while not self._known.wait(WAIT_STEP):
            if cancelled():
                return "cancelled"
            unavailable = self.unavailable()
            if unavailable is not None:
                return unavailable
        return None
