"""Worker processes of the command line (index writers, digest readers): how they take signals and
that they die with their parent. Only from a single-threaded program: the reader never forks."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (a SIGKILLed import leaves no workers)."""
    import ctypes

    with contextlib.suppress(Exception):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Around a fork: a stop signal (SIGINT, SIGTERM, SIGHUP) is acted on once the fork is done.

    Raised inside Python's at-fork hooks, the exception would be printed and dropped (the import would
    carry on); another thread may take the signal, so blocking it here is not enough: the handlers
    only note it, and it is sent again afterwards. The new worker starts with the signals blocked
    until it has chosen how to take them (see :func:`leave_signals_to_parent`).
    """
    caught: list[int] = []
    previous: dict[signal.Signals, Callable[[int, FrameType | None], object]] = {}

    def note(number: int, frame: FrameType | None) -> None:
        caught.append(number)

    if threading.current_thread() is threading.main_thread():
        for stop in STOP_SIGNALS:
            handler = signal.getsignal(stop)
            if callable(handler):
                previous[stop] = handler
                signal.signal(stop, note)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)


def leave_signals_to_parent() -> None:
    """ctrl-c reaches the whole process group and the parent cancels its workers with SIGTERM: a worker
    ignores the one and dies quietly of the other, instead of printing a traceback into the terminal.
    (It starts with these signals blocked; a ctrl-c that came meanwhile is dropped here.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def start_worker(parent: int) -> None:
    """The first thing a worker process does."""
    leave_signals_to_parent()
    die_with_parent(parent)
