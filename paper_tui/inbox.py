"""The inbox: a folder where digest files are dropped, imported, then moved to ``done/`` or ``failed/``."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from paper_tui import importers
from paper_tui.files import write_atomic
from paper_tui.library import Library
from paper_tui.locks import Holder, describe_holder, record_holder
from paper_tui.model import DigestError, IngestResult
from paper_tui.store import StoreError
from paper_tui.text import MAX_FIELD, sanitize

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; concurrent runs are still safe, only wasteful
    fcntl = None  # type: ignore[assignment]

__all__ = ["InboxReport", "is_partial", "process_inbox"]

DONE = "done"
FAILED = "failed"
#: Suffixes of files that browsers, downloaders and editors are still writing.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp")
REASON_SUFFIX = ".reason.txt"
_LOCK_NAME = ".paper-tui.lock"
_HOLDER_NAME = ".paper-tui.lock.holder"


@dataclass
class InboxReport:
    """What one pass over the inbox did.

    ``imported`` and ``failed`` hold the files' new places (in ``done/`` and ``failed/``) with the
    import result or the one-line reason; ``waiting`` holds files left for a later pass because they
    may still be being written.
    """

    imported: list[tuple[Path, IngestResult]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)
    #: Who was emptying the inbox when this pass found it taken (``the import running since 08:12
    #: (pid 4242)``); the pass then left every file to it.
    busy: str | None = None

    @property
    def empty(self) -> bool:
        """True when nothing was imported or refused."""
        return not self.imported and not self.failed


def is_partial(name: str) -> bool:
    """True for names that are hidden or that downloaders and editors use while writing."""
    lowered = name.lower()
    return name.startswith(".") or name.endswith("~") or lowered.endswith(PARTIAL_SUFFIXES)


def process_inbox(
    library: Library,
    inbox_dir: Path,
    *,
    settle_seconds: float = 2.0,
    now: float | None = None,
) -> InboxReport:
    """Import every settled digest file in ``inbox_dir``; move each to ``done/`` or ``failed/``.

    A file is left alone (reported as waiting) when it is hidden or has a partial-download suffix
    (hidden and partial files are not even reported), was modified less than ``settle_seconds``
    before ``now`` (wall-clock seconds, default: the current time), or changed size or time between
    the first look and the read. A refused file gets ``failed/<name>.reason.txt`` with the reason.
    A database error stops the pass and leaves the file in place for the next one.
    """
    inbox_dir.mkdir(parents=True, exist_ok=True)
    report = InboxReport()
    with _locked(inbox_dir, library.waits.holder()) as got_lock:
        if not got_lock:
            # Another process is emptying the inbox right now: its files are left to it, said who.
            report.busy = describe_holder(inbox_dir / _HOLDER_NAME)
            return report
        current = time.time() if now is None else now
        first_look = _candidates(inbox_dir)
        for path, first in first_look:
            if abs(current - first.st_mtime) < settle_seconds:
                report.waiting.append(path)
                continue
            _process_one(library, inbox_dir, path, first, report)
    return report


def _candidates(inbox_dir: Path) -> list[tuple[Path, os.stat_result]]:
    """Regular files directly in the inbox (not hidden, not partial), with their first stat."""
    found = []
    for path in sorted(inbox_dir.iterdir()):
        if is_partial(path.name):
            continue
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file() and not path.is_symlink():
            found.append((path, info))
    return found


def _process_one(
    library: Library, inbox_dir: Path, path: Path, first: os.stat_result, report: InboxReport
) -> None:
    """Read, import and move one file."""
    try:
        second = path.stat()
    except FileNotFoundError:
        return  # taken by another process, or removed by the user
    if (second.st_size, second.st_mtime_ns) != (first.st_size, first.st_mtime_ns):
        report.waiting.append(path)
        return
    try:
        if second.st_size > importers.MAX_INPUT_BYTES:
            raise DigestError(f"file too large ({second.st_size} bytes; limit {importers.MAX_INPUT_BYTES})")
        data = path.read_bytes()
    except FileNotFoundError:
        return
    except OSError as error:
        _refuse(inbox_dir, path, f"{path.name}: cannot read: {error.strerror or error}", report)
        return
    except DigestError as error:
        _refuse(inbox_dir, path, f"{path.name}: {error.message}", report)
        return
    if len(data) != second.st_size:
        report.waiting.append(path)  # grew or shrank while we read it
        return
    done_dir = inbox_dir / DONE
    done_dir.mkdir(exist_ok=True)
    target = _free_name(done_dir, path.name)
    reference = datetime.fromtimestamp(second.st_mtime).date()
    try:
        result = library.import_bytes(data, name=str(target), reference_date=reference)
    except DigestError as error:
        where = path.name if error.line is None else f"{path.name}:{error.line}"
        _refuse(inbox_dir, path, f"{where}: {error.message}", report)
        return
    except StoreError:
        raise
    except Exception as error:  # a file that crashes a parser must not block the inbox forever
        _refuse(inbox_dir, path, f"{path.name}: could not import: {type(error).__name__}: {error}", report)
        return
    moved = _move(path, done_dir)
    if moved is not None:
        report.imported.append((moved, result))


def _refuse(inbox_dir: Path, path: Path, reason: str, report: InboxReport) -> None:
    """Move a file to ``failed/`` with a ``<name>.reason.txt`` beside it."""
    failed_dir = inbox_dir / FAILED
    failed_dir.mkdir(exist_ok=True)
    moved = _move(path, failed_dir)
    if moved is None:
        return
    # One line of untrusted text (a file name, a parser's or the OS's words): it is shown in the
    # reader's notifications and the terminal, and the reason file is read with cat.
    line = sanitize(reason, max_len=MAX_FIELD)
    write_atomic(moved.with_name(moved.name + REASON_SUFFIX), (line + "\n").encode("utf-8"))
    report.failed.append((moved, line))


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem-2.ext``, ``-3`` ... when taken."""
    candidate = folder / name
    suffix = "".join(Path(name).suffixes[-1:])
    stem = name[: len(name) - len(suffix)] if suffix else name
    number = 2
    while candidate.exists() or candidate.with_name(candidate.name + REASON_SUFFIX).exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def _move(path: Path, folder: Path) -> Path | None:
    """Move ``path`` into ``folder`` under a free name without overwriting anything; None if it vanished."""
    while True:
        target = _free_name(folder, path.name)
        try:
            os.link(path, target)  # fails if the name was taken since: never overwrites
        except FileExistsError:
            continue
        except FileNotFoundError:
            return None
        except OSError:
            # File systems without hard links: a plain rename (the name was free a moment ago).
            try:
                os.replace(path, target)
            except FileNotFoundError:
                return None
            return target
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return target


@contextlib.contextmanager
def _locked(inbox_dir: Path, holder: Holder) -> Iterator[bool]:
    """An advisory lock so the reader and ``import --inbox`` take turns; yields False when busy. The
    holder is named in a file beside the lock for a process that finds it taken."""
    if fcntl is None:
        yield True
        return
    with open(inbox_dir / _LOCK_NAME, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        record_holder(inbox_dir / _HOLDER_NAME, holder)
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
