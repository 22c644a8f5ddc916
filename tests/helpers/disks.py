"""Small disks for the reliability tests: a fresh tmpfs of a given size, and filling one to the brim."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

#: ``mount(size)`` (``"4m"``): the folder of a fresh tmpfs of that size.
Mount = Callable[[str], Path]


@contextlib.contextmanager
def small_disks(folder: Path) -> Iterator[Mount]:
    """Yields ``mount(size)``, which mounts a fresh tmpfs of that size in ``folder`` (the test is
    skipped where mounting is not allowed); every one is unmounted at the end."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        if os.getuid() != 0:
            pytest.skip("mounting a small tmpfs needs root")
        point = folder / f"disk-{len(mounted)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    try:
        yield mount
    finally:
        for point in mounted:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)


def fill_disk(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder`` but ``leave`` bytes (to the last byte by default); returns the
    filler file (``folder / "filler"``)."""
    reserve = folder / "reserve"
    if leave:
        reserve.write_bytes(b"\0" * leave)
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        for size in (1 << 20, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    out.write(b"\0" * size)
    if leave:
        reserve.unlink()
    return filler
