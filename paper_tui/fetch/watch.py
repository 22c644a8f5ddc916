"""Deadlines and cancelling for requests under way: a watchdog that shuts the request's sockets down.

requests' timeouts bound each wait on the socket, not a request: a server that sends one byte every
5 s keeps a request with a 20 s read timeout alive for ever, and nothing stops it from outside. Every
socket a request opens (or reuses from the pool) is registered with the request's :class:`Watch`;
when the deadline passes or the cancel event is set, the watchdog shuts those sockets down, which
wakes the blocked read at once (connecting is done in short steps that look at the watch).
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import socket
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

__all__ = ["Watch", "watched_adapter"]

#: How often the watchdog looks at the clock and the cancel event (seconds).
POLL_S = 0.1

_current = threading.local()


class Watch:
    """One request's deadline (a monotonic time) and cancel event, and the sockets it uses."""

    def __init__(self, deadline: float, cancel: threading.Event | None) -> None:
        self.deadline = deadline
        self.cancel = cancel
        #: Why the request was stopped: "deadline" or "cancelled" (None while it may go on).
        self.reason: str | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._done = threading.Event()

    def check(self) -> str | None:
        """Why the request must stop now, or None (also looked at between connection attempts)."""
        if self.reason is None:
            if self.cancel is not None and self.cancel.is_set():
                self._stop("cancelled")
            elif time.monotonic() >= self.deadline:
                self._stop("deadline")
        return self.reason

    def add(self, sock: socket.socket) -> None:
        """Watch a socket of the request (shut down at once when the request is already stopped)."""
        with self._lock:
            self._sockets.append(sock)
            stopped = self.reason is not None
        if stopped:
            _shut(sock)

    def _stop(self, reason: str) -> None:
        with self._lock:
            if self.reason is None:
                self.reason = reason
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def _run(self) -> None:
        while not self._done.is_set() and self.check() is None:
            self._done.wait(min(POLL_S, max(0.0, self.deadline - time.monotonic())))

    @contextlib.contextmanager
    def active(self) -> Iterator[Watch]:
        """Watch the requests this thread makes meanwhile; the watchdog thread runs until the end."""
        previous = getattr(_current, "watch", None)
        _current.watch = self
        watchdog = threading.Thread(target=self._run, name="paper-tui-http-watch", daemon=True)
        watchdog.start()
        try:
            yield self
        finally:
            self._done.set()
            _current.watch = previous
            watchdog.join()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def current() -> Watch | None:
    """The watch of the request this thread is making, if any."""
    return getattr(_current, "watch", None)


def connect(
    address: tuple[str, int],
    timeout: float | None,
    source_address: tuple[str, int] | None,
    socket_options: Any,
    watch: Watch,
) -> socket.socket:
    """``socket.create_connection`` in short steps: the watch can stop it while it waits for the server
    (a blocking connect cannot be woken from another thread)."""
    host, port = address
    failure: OSError | None = None
    for family, kind, proto, _, target in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM):
        sock = socket.socket(family, kind, proto)
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            if source_address:
                sock.bind(source_address)
            sock.setblocking(False)
            watch.add(sock)
            code = sock.connect_ex(target)
            ends = time.monotonic() + (timeout if timeout is not None else 1e9)
            while code in (errno.EINPROGRESS, errno.EALREADY, errno.EWOULDBLOCK):
                if watch.check() is not None:
                    raise OSError(errno.ECANCELED, "stopped")
                remaining = ends - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("timed out")
                _, writable, broken = select.select([], [sock], [sock], min(POLL_S, remaining))
                if writable or broken:
                    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    break
            if code:
                raise OSError(code, os.strerror(code))
            sock.settimeout(timeout)
            return sock
        except OSError as error:
            sock.close()
            failure = error
            if isinstance(error, TimeoutError) or watch.reason is not None:
                raise
    raise failure or OSError(f"no address for {host}")


def watched_adapter() -> requests.adapters.HTTPAdapter:
    """A requests adapter whose connections register their sockets with the thread's :class:`Watch`."""
    import requests.adapters
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

    class Watched:
        def _new_conn(self) -> socket.socket:
            watch = current()
            if watch is None:
                return super()._new_conn()  # type: ignore[misc]
            conn: Any = self
            try:
                return connect(
                    (conn._dns_host, conn.port), conn.timeout, conn.source_address, conn.socket_options, watch
                )
            except socket.gaierror as error:
                raise NameResolutionError(conn.host, conn, error) from error
            except TimeoutError as error:
                raise ConnectTimeoutError(
                    conn, f"Connection to {conn.host} timed out. (connect timeout={conn.timeout})"
                ) from error
            except OSError as error:
                raise NewConnectionError(conn, f"Failed to establish a new connection: {error}") from error

        def request(self, *args: Any, **kwargs: Any) -> Any:
            # A connection reused from the pool: its socket belongs to this request now.
            watch, sock = current(), getattr(self, "sock", None)
            if watch is not None and sock is not None:
                watch.add(sock)
            return super().request(*args, **kwargs)  # type: ignore[misc]

    class WatchedHTTPConnection(Watched, HTTPConnection):
        pass

    class WatchedHTTPSConnection(Watched, HTTPSConnection):
        pass

    class WatchedHTTPPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTPConnection

    class WatchedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPSConnection

    pools = {"http": WatchedHTTPPool, "https": WatchedHTTPSPool}

    class Adapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
            manager = super().proxy_manager_for(proxy, **kwargs)
            manager.pool_classes_by_scheme = pools
            return manager

    return Adapter()
