"""Every on-disk location paper-tui uses; ``PAPER_TUI_HOME`` or ``--data-dir`` moves them all."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "paper-tui"
HOME_ENV = "PAPER_TUI_HOME"


@dataclass(frozen=True)
class Paths:
    """The folders and files of one paper-tui library."""

    data_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        """The SQLite library: the source of truth for papers and user state."""
        return self.data_dir / "library.sqlite3"

    @property
    def index_dir(self) -> Path:
        """The Whoosh index, derived from the database and rebuilt when damaged."""
        return self.data_dir / "index"

    @property
    def backups_dir(self) -> Path:
        """Online backups of the database."""
        return self.data_dir / "backups"

    @property
    def raw_dir(self) -> Path:
        """Fetched responses, kept byte for byte: ``raw/<source>/<file>``."""
        return self.data_dir / "raw"

    @property
    def exports_dir(self) -> Path:
        """Where the reader's export dialog proposes to write (never the folder it was started in)."""
        return self.data_dir / "exports"

    @property
    def default_inbox(self) -> Path:
        """The inbox folder when the config names none: files dropped there are imported."""
        return self.data_dir / "inbox"

    @property
    def config_file(self) -> Path:
        """The TOML configuration file."""
        return self.config_dir / "config.toml"

    def ensure(self) -> None:
        """Create the data folder (private to the user)."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The paths for ``data_dir``, else ``$PAPER_TUI_HOME``, else the platform's user folders.

    With an explicit folder (argument or environment) the config file lives in that folder too, so one
    setting isolates a whole library (tests, a second library).
    """
    chosen = data_dir or os.environ.get(HOME_ENV)
    if chosen:
        home = Path(chosen).expanduser().resolve()
        return Paths(data_dir=home, config_dir=home)
    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


_OCTAL = re.compile(r"\\([0-7]{3})")


def _mount_of(path: Path) -> tuple[str, str]:
    """(device, mount point) of the file system holding ``path`` (``/proc/self/mounts`` on Linux; the
    mount point stands for the device elsewhere)."""
    target = os.path.realpath(path)
    best = ("", "/")
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 2:
                    continue
                # Spaces and other odd characters are written as octal escapes (\040).
                point = _OCTAL.sub(lambda found: chr(int(found.group(1), 8)), fields[1])
                inside = target == point or target.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best[1]):
                    best = (_OCTAL.sub(lambda found: chr(int(found.group(1), 8)), fields[0]), point)
    except OSError:
        point = target
        while not os.path.ismount(point) and point != os.path.dirname(point):
            point = os.path.dirname(point)
        best = ("", point)
    return best[0] or best[1], best[1]


def free_bytes(path: Path) -> int | None:
    """Bytes an unprivileged process may still write on the file system of ``path`` (None if unknown)."""
    folder = path
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        info = os.statvfs(folder)
    except OSError:
        return None
    return info.f_bavail * info.f_frsize


def no_space_message(path: Path) -> str:
    """``no space left on DEVICE (mounted on MOUNT): N MB free``, for the file system of ``path``."""
    device, mount = _mount_of(path)
    free = free_bytes(path)
    where = device if device == mount else f"{device} (mounted on {mount})"
    amount = "an unknown amount" if free is None else f"{free / 2**20:.1f} MB"
    return f"no space left on {where}: {amount} free"


def seed_files() -> list[Path]:
    """The bundled sample digest(s): inside the wheel (``paper_tui/_seeds``) or the source tree."""
    here = Path(__file__).resolve().parent
    for folder in (here / "_seeds", here.parent / "seeds"):
        if folder.is_dir():
            files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
            if files:
                return files
    return []
