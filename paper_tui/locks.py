"""Waiting for another paper-tui process: who holds the lock (the index's write lock, the inbox, the
database), said in one line (``waiting for the import running since 08:12 (pid 4242)…``), and a wait
that a cancel event (the reader quitting) or ctrl-c ends at once.

A process that takes a lock writes who it is into a small file beside it; a waiting process reads it
and names the holder, or "another paper-tui process" when the file is missing, stale or its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

__all__ = ["Holder", "WaitCancelled", "Waits", "describe_holder", "record_holder", "wait_for"]

#: How often a wait tries the lock again (seconds).
POLL_S = 0.1
#: A wait is said once it has lasted this long (a moment's turn-taking is not worth a line).
SAY_AFTER_S = 1.0


class WaitCancelled(Exception):
    """A wait for another process's lock was cancelled (the reader is closing)."""


@dataclass(frozen=True)
class Holder:
    """A process holding a lock: its pid, what it is doing and since when (epoch seconds)."""

    pid: int
    what: str
    since: float

    def describe(self) -> str:
        """``the import running since 08:12 (pid 4242)``"""
        started = datetime.fromtimestamp(self.since)
        today = started.date() == datetime.now().date()
        when = started.strftime("%H:%M" if today else "%Y-%m-%d %H:%M")
        return f"the {self.what} running since {when} (pid {self.pid})"


@dataclass
class Waits:
    """How this process waits for another's lock, and how it names itself to others.

    ``activity`` is what the process does (``import``, ``reindex``, ``reader``); ``on_wait`` hears
    the one line said when a wait starts (the command line prints it, the reader shows it);
    ``cancel`` ends a wait at once (:class:`WaitCancelled`).
    """

    activity: str = "paper-tui process"
    started: float = field(default_factory=time.time)
    on_wait: Callable[[str], None] | None = None
    cancel: threading.Event | None = None

    def holder(self) -> Holder:
        """This process, as a holder."""
        return Holder(os.getpid(), self.activity, self.started)


def record_holder(path: Path, holder: Holder) -> None:
    """Say who holds the lock that ``path`` sits beside (best effort: a full disk only loses the name)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        temporary.write_text(json.dumps({"pid": holder.pid, "what": holder.what, "since": holder.since}))
        os.replace(temporary, path)
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)


def read_holder(path: Path) -> Holder | None:
    """Who the file says holds the lock, when that process is alive and is not this one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        holder = Holder(int(data["pid"]), str(data["what"])[:40], float(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if holder.pid == os.getpid():
        return None
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return None
    except OSError:
        pass  # alive, another user's
    return holder


def describe_holder(path: Path) -> str:
    """``the import running since 08:12 (pid 4242)``, or ``another paper-tui process``."""
    holder = read_holder(path)
    return holder.describe() if holder is not None else "another paper-tui process"


def wait_for(
    attempt: Callable[[], bool],
    *,
    holder_file: Path,
    waits: Waits | None,
    what: str,
    timeout: float | None = None,
) -> None:
    """Call ``attempt`` until it returns True (it must not block). Once the wait has lasted
    :data:`SAY_AFTER_S`, say once, through ``waits.on_wait``, ``waiting for HOLDER to finish WHAT…``.
    Raises :class:`WaitCancelled` when ``waits.cancel`` is set, and TimeoutError (naming the holder)
    after ``timeout`` seconds."""
    if attempt():
        return
    started = time.monotonic()
    said = waits is None or waits.on_wait is None
    cancel = waits.cancel if waits is not None else None
    while True:
        if cancel is not None and cancel.wait(POLL_S):
            raise WaitCancelled(f"stopped waiting for {describe_holder(holder_file)} ({what})")
        if cancel is None:
            time.sleep(POLL_S)
        if attempt():
            return
        if not said and time.monotonic() - started >= SAY_AFTER_S:
            assert waits is not None and waits.on_wait is not None
            waits.on_wait(f"waiting for {describe_holder(holder_file)} to finish {what}…")
            said = True
        if timeout is not None and time.monotonic() - started > timeout:
            raise TimeoutError(
                f"{describe_holder(holder_file)} has been {what} for more than {timeout:g} s; try again later"
            )
