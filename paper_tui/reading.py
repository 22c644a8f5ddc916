"""Reading digest files into dated, sanitised digests ready to store.

Pure (no database), so that the command line can read a batch of files in worker processes while it
stores the ones already read: parsing and sanitising are about two thirds of an import's time before
indexing.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from paper_tui import importers
from paper_tui.model import Digest, DigestError
from paper_tui.text import clean_digest, plausible_date

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

#: A batch of fewer files than this is read in this process even when workers are allowed.
PARALLEL_MIN_FILES = 4


@dataclass(frozen=True)
class ReadDigest:
    """A digest read from ``name``: dated and sanitised; ``content_hash`` identifies the bytes."""

    name: str
    digest: Digest
    content_hash: str


def content_hash(data: bytes | str) -> str:
    """The SHA-256 of a digest's bytes (text as UTF-8)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def read_bytes(
    data: bytes | str,
    *,
    name: str = "<stdin>",
    fmt: str | None = None,
    digest_date: str | None = None,
    reference_date: date | None = None,
) -> ReadDigest:
    """Parse, date and sanitise one digest; raises DigestError (naming ``name``) when it cannot be read.

    ``digest_date`` overrides the date the digest names; a digest that names none gets the newest date
    its papers carry, else ``reference_date`` (the file's day), else today.
    """
    try:
        if digest_date is not None:
            reference_date = date.fromisoformat(digest_date)
        digest = importers.parse(data, fmt, path=name, reference_date=reference_date)
        if digest_date is not None:
            digest = replace(digest, date=digest_date)
        elif plausible_date(digest.date) is None:
            # A digest that names no day (a slice of a listing), or an impossible one (9999-12-31 would
            # be "today" for ever): the newest date its papers carry, else the day the file was
            # written, else today, so that it still has a place among the days.
            dates = [day for day in (plausible_date(p.published) for p in digest.papers) if day]
            if dates:
                digest = replace(digest, date=max(dates))
            else:
                written = plausible_date(reference_date.isoformat()) if reference_date else None
                day = written or date.today().isoformat()
                whose = "the file's" if written else "today's"
                found = "no date in it" if digest.date is None else "no possible date in it"
                notice = f"{found}: dated {day} ({whose} date); --date sets another"
                digest = replace(digest, date=day, notice="; ".join(filter(None, (digest.notice, notice))))
        return ReadDigest(name, clean_digest(digest), content_hash(data))
    except DigestError:
        raise
    except Exception as error:
        # Whatever else reading one file raises (a parser's bug, memory) is that file's error: the
        # other files of the command, the inbox or the fetch still import.
        raise unreadable(name, error) from error


def unreadable(name: str, error: BaseException) -> DigestError:
    """The one-line error for a file whose reading raised something other than a DigestError."""
    return DigestError(f"could not be read ({type(error).__name__}: {error})", path=name)


def read_file(path: Path, *, fmt: str | None = None, digest_date: str | None = None) -> ReadDigest:
    """Read one file (``-`` is standard input); its modification day anchors year inference.

    At most :data:`~paper_tui.importers.MAX_INPUT_BYTES` are read from anything: a device such as
    /dev/zero or a pipe that never ends is refused once it has given that much, and a pipe or device
    that gives nothing for :data:`PIPE_IDLE_S` seconds (a FIFO no one writes to) is refused too.
    """
    if str(path) == "-":
        try:
            data = _read_stream(sys.stdin.buffer)
        except DigestError as error:
            raise error.at("<stdin>") from None
        except OSError as error:
            raise DigestError(f"cannot read: {error.strerror or error}", path="<stdin>") from None
        return read_bytes(data, name="<stdin>", fmt=fmt, digest_date=digest_date)
    try:
        # Not blocking in open(): a FIFO without a writer would wait there for good.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            info = os.fstat(descriptor)
            if stat.S_ISDIR(info.st_mode):
                raise DigestError("is a folder")
            if stat.S_ISREG(info.st_mode) and info.st_size > importers.MAX_INPUT_BYTES:
                raise DigestError(f"file too large ({info.st_size} bytes; limit {importers.MAX_INPUT_BYTES})")
            data = read_limited(descriptor, idle=None if stat.S_ISREG(info.st_mode) else PIPE_IDLE_S)
        finally:
            os.close(descriptor)
        reference = datetime.fromtimestamp(info.st_mtime).date()
    except OSError as error:
        raise DigestError(f"cannot read: {error.strerror or error}", path=str(path)) from None
    except DigestError as error:
        raise error.at(str(path)) from None
    return read_bytes(data, name=str(path), fmt=fmt, digest_date=digest_date, reference_date=reference)


def _endless(limit: int) -> DigestError:
    """The error for input that goes on past the limit."""
    return DigestError(f"more than {limit} bytes (the limit): a device or a stream that does not end?")


def _read_stream(stream: BinaryIO) -> bytes:
    """Everything ``stream`` (standard input) gives, refusing more than the input limit."""
    limit = importers.MAX_INPUT_BYTES
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(min(1 << 20, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _endless(limit)
    return b"".join(chunks)


#: A pipe or device that gives no byte for this many seconds is given up.
PIPE_IDLE_S = 30.0


def read_limited(descriptor: int, *, idle: float | None, limit: int | None = None) -> bytes:
    """Everything ``descriptor`` gives up to its end, refusing (DigestError) more than ``limit`` bytes
    (default: :data:`~paper_tui.importers.MAX_INPUT_BYTES`) and, when ``idle`` is a number of seconds,
    a wait that long for the next byte."""
    import select

    limit = importers.MAX_INPUT_BYTES if limit is None else limit
    chunks: list[bytes] = []
    size = 0
    poller = select.poll()
    poller.register(descriptor, select.POLLIN | select.POLLHUP | select.POLLERR)
    while True:
        if idle is not None and not poller.poll(idle * 1000):
            raise DigestError(f"nothing arrived for {idle:g} s (a pipe no one writes to?)")
        try:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
        except BlockingIOError:
            if idle is None:  # a descriptor left non-blocking: wait for it like a pipe
                poller.poll()
            continue
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _endless(limit)


def _read_or_error(path: Path, fmt: str | None, digest_date: str | None) -> ReadDigest | DigestError:
    try:
        return read_file(path, fmt=fmt, digest_date=digest_date)
    except DigestError as error:
        return error
    except Exception as error:  # a name the OS refuses (a NUL byte in it) ...: that file's error
        return unreadable(str(path), error)


def read_files(
    paths: Sequence[Path], *, fmt: str | None = None, digest_date: str | None = None, procs: int = 1
) -> Generator[tuple[Path, ReadDigest | DigestError], None, None]:
    """Each file with what was read from it (or why it could not be), in order.

    ``procs`` > 1 reads a batch of :data:`PARALLEL_MIN_FILES` or more in that many worker processes,
    ahead of the caller (only from a single-threaded program: the command line). The workers ignore
    ctrl-c (the caller stops them), die with their parent, and are gone when the iterator is closed.
    """
    read = partial(_read_or_error, fmt=fmt, digest_date=digest_date)
    if procs <= 1 or len(paths) < PARALLEL_MIN_FILES or any(str(p) == "-" for p in paths):
        for path in paths:
            yield path, read(path)
        return
    import multiprocessing

    from paper_tui.workers import signals_held

    importers.formats()  # every parser imported once here, not in each worker
    # Worker i reads files i, i + procs, ... and sends each result down its own pipe, in order. Not
    # multiprocessing.Pool or ProcessPoolExecutor: their workers share queue locks, and a worker killed
    # while sending (ctrl-c, a hang-up reaching the process group) left Pool.terminate() or the
    # executor's exit waiting for good. A pipe per worker shares nothing, and bounds the read-ahead.
    context = multiprocessing.get_context("fork")
    workers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    try:
        with signals_held():
            for first in range(procs):
                receive, send = context.Pipe(duplex=False)
                worker = context.Process(
                    target=_read_in_worker,
                    args=(send, paths[first::procs], read, os.getpid()),
                    daemon=True,
                )
                workers.append((worker, receive))
                worker.start()
                send.close()  # the worker holds the only writing end: its death ends the pipe
        for number, path in enumerate(paths):
            process, receive = workers[number % procs]
            try:
                result = receive.recv()
            except EOFError:
                process.join(1)
                raise DigestError(
                    f"the process reading it died (exit status {process.exitcode})", path=str(path)
                ) from None
            if isinstance(result, Exception) and not isinstance(result, DigestError):
                result = unreadable(str(path), result)
            yield path, result
    finally:
        for process, receive in workers:
            receive.close()
            if process.is_alive():
                process.kill()  # stopped early: what it was reading is not wanted
            process.join()


def _read_in_worker(
    send: Connection, paths: Sequence[Path], read: Callable[[Path], ReadDigest | DigestError], parent: int
) -> None:
    """A reading worker: each file's result (or the error a bug raised) down ``send``, in order."""
    from paper_tui.workers import start_worker

    start_worker(parent)
    try:
        for path in paths:
            try:
                result: object = read(path)
            except Exception as error:
                result = unreadable(str(path), error)
            try:
                send.send(result)
            except Exception as error:  # a result that cannot be sent (pickled) is that file's error
                send.send(unreadable(str(path), error))
    finally:
        send.close()
