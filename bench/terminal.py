"""Programs in a real terminal: tmux sessions, screen polling, and /proc figures of the spawned process."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SOCKET = "bench"
WIDTH, HEIGHT = 120, 36
POLL_S = 0.010
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_ANSI = re.compile(r"\x1b\[[0-9;:]*[A-Za-z]")


def tmux(*args: str, check: bool = True) -> str:
    """Run one tmux command on the benchmark's server socket; returns its standard output."""
    done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


@dataclass
class Session:
    """One program running in its own detached tmux session of 120x36."""

    name: str
    command: Sequence[str]
    cwd: Path
    spawned_at: float = 0.0
    pid: int | None = None
    screen: str = ""
    log: list[str] = field(default_factory=list)

    def start(self) -> None:
        """Spawn the program (``exec``, so that the pane's pid is the program's)."""
        line = "exec " + shlex.join(self.command)
        self.spawned_at = time.perf_counter()
        tmux(
            "new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT), "-c", str(self.cwd),
            line, ";", "set-option", "-t", self.name, "remain-on-exit", "on",
        )  # fmt: skip
        self.pid = int(tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def capture(self) -> str:
        """The visible screen as plain text."""
        self.screen = tmux("capture-pane", "-p", "-t", self.name, check=False)
        return self.screen

    def styled(self) -> str:
        """The visible screen with colours and attributes (a moved cursor row changes only its style)."""
        return tmux("capture-pane", "-p", "-e", "-t", self.name, check=False)

    def press(
        self,
        key: str,
        quiet: float = 0.25,
        timeout: float = 5.0,
        *,
        literal: bool = False,
        settle_on_text: bool = False,
    ) -> tuple[float | None, float | None]:
        """Send one key; seconds until the screen first changes, and until its last change before
        ``quiet`` seconds without one (None, None when nothing changed within ``timeout``).

        Each change is timed when the capture that saw it returns: an upper bound, late by at most one
        ``capture-pane`` call (a few ms), the same for the floor. The first change counts colours and
        attributes too (a moved cursor row changes only its style); with ``settle_on_text`` the last
        change counts text only, because a blinking text cursor restyles a cell every half second.
        """
        current = self.styled()
        current_text = _ANSI.sub("", current)
        started = time.perf_counter()
        tmux("send-keys", *(["-l"] if literal else []), "-t", self.name, key)
        first: float | None = None
        last: float | None = None
        while True:
            screen = self.styled()
            now = time.perf_counter() - started
            text = _ANSI.sub("", screen)
            if screen != current and first is None:
                first = now
            changed = text != current_text if settle_on_text else screen != current
            if changed:
                last = now
            current, current_text = screen, text
            if (first is not None and now - (last or first) > quiet) or now > timeout:
                return first, (last if last is not None else first)
            time.sleep(0.001)

    def dead(self) -> bool:
        """Whether the program has exited (the pane stays, for its last words)."""
        return tmux("display-message", "-p", "-t", self.name, "#{pane_dead}", check=False).strip() == "1"

    def wait_for(self, needles: Sequence[str], timeout: float) -> float | None:
        """Seconds from spawning until any of ``needles`` is on the screen (polled every 10 ms)."""
        deadline = self.spawned_at + timeout
        checks = 0
        while time.perf_counter() < deadline:
            text = self.capture()
            now = time.perf_counter()
            if any(needle in text for needle in needles):
                return now - self.spawned_at
            checks += 1
            if checks % 20 == 0 and self.dead():
                return None
            time.sleep(POLL_S)
        return None

    def status(self) -> dict[str, float]:
        """VmHWM (peak) and VmRSS of the program, in MB."""
        figures: dict[str, float] = {}
        if self.pid is None:
            return figures
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    figures[key] = int(value.split()[0]) / 1024
        except OSError:
            pass
        return figures

    def cpu_seconds(self) -> float:
        """User plus system CPU seconds the program has used so far."""
        stat = Path(f"/proc/{self.pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def stop(self, wait: float = 10.0) -> None:
        """Close the session (the program gets SIGHUP, as when a terminal closes) and wait for it to exit."""
        tmux("kill-session", "-t", self.name, check=False)
        deadline = time.monotonic() + wait
        while self.pid is not None and Path(f"/proc/{self.pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.02)


class Server:
    """Keeps the benchmark's tmux server running, so that no measured spawn pays for starting it."""

    def __init__(self) -> None:
        self.name = f"bench-hold-{os.getpid()}"
        self.counter = 0

    def __enter__(self) -> Server:
        tmux("new-session", "-d", "-s", self.name, "-x", "20", "-y", "5", "sleep 86400")
        return self

    def __exit__(self, *exc: object) -> None:
        tmux("kill-session", "-t", self.name, check=False)

    def session(self, command: Sequence[str], cwd: Path) -> Session:
        """A new, not yet started session with a unique name."""
        self.counter += 1
        return Session(f"bench-{os.getpid()}-{self.counter}", command, cwd)
