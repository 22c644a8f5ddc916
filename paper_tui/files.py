"""Writing files safely: the one atomic-write helper that fetch, the inbox and export use."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: bytes | str, *, mode: int | None = None) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` whole or not at all.

    A temporary file in the same folder is written, flushed to disk (fsync) and renamed over
    ``path``; on any error (a full disk, a signal) the temporary file is removed and ``path`` keeps
    what it held before. The folder is created when missing. A ``path`` that exists and is not a
    regular file (``/dev/stdout``, a named pipe) is written to directly: it cannot be replaced.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and not path.is_file():
        with path.open("wb") as out:
            out.write(payload)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
