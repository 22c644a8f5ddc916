"""A hostile HTTP server on 127.0.0.1 for the fetch tests (issue 17): escape-laden reason phrases, a
server that drips one byte every few seconds (in its headers or its body), huge bodies and floods of
pages. Raw sockets in threads: it says exactly what it is told, as a real hostile server would."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

#: What a test makes the server do with one request: (the socket, the request's path and query).
Behaviour = Callable[[socket.socket, str], None]

#: The reason phrase of the finding: sets the window title, the clipboard, and clears the screen.
HOSTILE_REASON = "Service \x1b]0;PWNED\x07\x1b]52;c;cmVhc29u\x07\x1b[2J Unavailable"


class HostileServer:
    """Accepts connections on 127.0.0.1 and hands each request to ``behaviour`` (settable any time)."""

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(32)
        self.listener.settimeout(0.2)
        self.stopped = threading.Event()
        self.behaviour: Behaviour = self.ok
        #: The path and query of every request received, in order.
        self.requests: list[str] = []
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, name="hostile-accept", daemon=True)
        self._accepting.start()

    @property
    def port(self) -> int:
        return int(self.listener.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        """Stop accepting and end every drip (their threads end within a drip interval)."""
        self.stopped.set()
        self._accepting.join(5)
        self.listener.close()
        for thread in self._threads:
            thread.join(10)

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(10)
            head = b""
            while b"\r\n\r\n" not in head:
                piece = conn.recv(4096)
                if not piece:
                    return
                head += piece
            target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
            self.requests.append(target)
            self.behaviour(conn, target)

    # -- behaviours ----------------------------------------------------------------------------------

    def ok(self, conn: socket.socket, target: str) -> None:
        """An empty day of Hugging Face papers."""
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]")

    def reason(self, conn: socket.socket, target: str) -> None:
        """HTTP 503 with the escape-laden reason phrase (and ``Retry-After: 0``, so retries are quick)."""
        body = b"Service Unavailable \x1b]0;BODY\x07"
        conn.sendall(
            f"HTTP/1.1 503 {HOSTILE_REASON}\r\nRetry-After: 0\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode("latin-1")
            + body
        )

    def server_error(self, conn: socket.socket, target: str) -> None:
        """HTTP 500 (retried at once: ``Retry-After: 0``)."""
        conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n")

    def drip(self, interval: float, *, in_headers: bool) -> Behaviour:
        """One byte every ``interval`` seconds, for ever: in the headers (a header line that never
        ends), or in a body whose Content-Length promises a megabyte."""

        def behave(conn: socket.socket, target: str) -> None:
            if in_headers:
                conn.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
            else:
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n["
                )
            while not self.stopped.wait(interval):
                conn.sendall(b"a" if in_headers else b" ")

        return behave

    def huge(self, size: int) -> Behaviour:
        """A JSON body of ``size`` bytes, sent as fast as the client reads."""

        def behave(conn: socket.socket, target: str) -> None:
            conn.sendall(
                f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n".encode()
            )
            block = b" " * 65536
            sent = 0
            while sent < size and not self.stopped.is_set():
                piece = block[: min(len(block), size - sent)]
                conn.sendall(piece)
                sent += len(piece)

        return behave

    def flood(self, page_bytes: int) -> Behaviour:
        """Hugging Face pages that never end: each ``p`` gives a full page of new papers, padded to
        about ``page_bytes`` bytes."""

        def behave(conn: socket.socket, target: str) -> None:
            query = parse_qs(urlsplit(target).query)
            page = int(query.get("p", ["0"])[0])
            limit = int(query.get("limit", ["50"])[0])
            pad = "x" * max(0, page_bytes // limit - 200)
            items = [
                {"paper": {"id": f"26{page:02d}.{n:05d}", "title": f"Flood {page} {n}", "summary": pad}}
                for n in range(limit)
            ]
            body = json.dumps(items).encode()
            conn.sendall(
                f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            )
            conn.sendall(body)

        return behave
