"""Threads that never keep the reader from quitting.

A thread blocked in a socket read (a server sending a byte every few seconds) or in SQLite's busy
wait (another process holding the library's write lock, perhaps suspended with ctrl-z) cannot be
interrupted. Python joins the threads of a ``ThreadPoolExecutor`` at exit, and ``asyncio.run`` joins
its default executor's threads before it returns: either would keep the reader alive, its screen
already gone, for as long as the other side pleases. These threads are daemons, and shutting the
pool down waits for them only as long as the caller allows.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

__all__ = ["DaemonExecutor"]

P = ParamSpec("P")
T = TypeVar("T")

_WorkItem = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class DaemonExecutor(ThreadPoolExecutor):
    """An executor whose threads are daemons; calls run in the order submitted (one at a time with
    ``max_workers=1``: the reader's ordered database thread). A ThreadPoolExecutor only in name (asyncio
    takes no other kind as its default executor): none of its machinery is used.

    :meth:`shutdown` waits at most ``join_timeout`` seconds for calls under way; :attr:`busy` says
    whether any call is still queued or running.
    """

    def __init__(self, max_workers: int = 8, *, name: str = "paper-tui", join_timeout: float = 0.5) -> None:
        if max_workers < 1:
            raise ValueError("max_workers must be 1 or more")
        super().__init__(max_workers, thread_name_prefix=name)  # starts nothing
        self._most = max_workers
        self._name = name
        self.join_timeout = join_timeout
        self._queue: queue.SimpleQueue[_WorkItem | None] = queue.SimpleQueue()
        self._daemons: list[threading.Thread] = []
        self._idle = threading.Semaphore(0)
        self._lock = threading.Lock()
        self._unfinished = 0
        self._closed = False

    @property
    def busy(self) -> bool:
        """Whether a call is queued or running."""
        with self._lock:
            return self._unfinished > 0

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Queue ``fn(*args, **kwargs)``; its future."""
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot schedule new calls after shutdown")
            self._unfinished += 1
            self._queue.put((future, fn, args, kwargs))
            if not self._idle.acquire(blocking=False) and len(self._daemons) < self._most:
                thread = threading.Thread(
                    target=self._run, name=f"{self._name}-{len(self._daemons)}", daemon=True
                )
                self._daemons.append(thread)
                thread.start()
        return future

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args, kwargs = item
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        result = fn(*args, **kwargs)
                    except BaseException as error:
                        future.set_exception(error)
                    else:
                        future.set_result(result)
            finally:
                with self._lock:
                    self._unfinished -= 1
                self._idle.release()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Take no more calls; with ``wait``, wait at most :attr:`join_timeout` seconds in all for
        the calls under way (and, unless ``cancel_futures``, the queued ones) to end."""
        with self._lock:
            if self._closed:
                threads = list(self._daemons)
            else:
                self._closed = True
                if cancel_futures:
                    self._cancel_queued()
                threads = list(self._daemons)
                for _ in threads:
                    self._queue.put(None)
        if wait:
            deadline = time.monotonic() + self.join_timeout
            for thread in threads:
                thread.join(max(0.0, deadline - time.monotonic()))

    def _cancel_queued(self) -> None:
        kept: list[_WorkItem | None] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                kept.append(item)
            elif item[0].cancel():
                self._unfinished -= 1
            else:
                kept.append(item)
        for item in kept:
            self._queue.put(item)
