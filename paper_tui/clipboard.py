"""Clipboard and browser helpers that are safe over SSH and inside tmux (no Textual here)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Mapping
from typing import TypeVar

T = TypeVar("T")


def is_remote(environ: Mapping[str, str] | None = None) -> bool:
    """Whether we run over SSH, where a browser would open on the remote machine."""
    env = os.environ if environ is None else environ
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))


def has_display(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a graphical browser can open (Linux needs a display or $BROWSER; other systems can)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("BROWSER"))


def bounded(call: Callable[[], T], timeout: float, default: T) -> T:
    """Run ``call`` in a daemon thread and wait at most ``timeout`` seconds; ``default`` on timeout or error.

    Clipboard tools and browsers can hang (a stale X display over SSH); a daemon thread can never
    hold up the reader's exit, and the caller's worker always finishes.
    """
    result: list[T] = []

    def run() -> None:
        with contextlib.suppress(BaseException):
            result.append(call())

    thread = threading.Thread(target=run, name="paper-tui-bounded", daemon=True)
    thread.start()
    thread.join(timeout)
    return result[0] if result else default


def pyperclip_copy(text: str) -> bool:
    """Copy with pyperclip (the local clipboard); False when it is unavailable or fails."""

    def call() -> bool:
        import pyperclip

        pyperclip.copy(text)
        return True

    return bounded(call, 3.0, False)


def browser_open(url: str) -> bool:
    """``webbrowser.open`` with exactly ``url``; False when no browser could be started."""
    # Still running after the wait means a browser is starting, not that it failed.
    import webbrowser  # when first used: a millisecond of the reader's start otherwise

    return bounded(lambda: bool(webbrowser.open(url)), 5.0, True)


def tmux_clipboard(environ: Mapping[str, str] | None = None) -> str | None:
    """tmux's ``set-clipboard`` option (``on``, ``external``, ``off``) when running inside tmux, else
    None (also when tmux does not answer within a second)."""
    env = os.environ if environ is None else environ
    if not env.get("TMUX"):
        return None

    def ask() -> str | None:
        import subprocess

        done = subprocess.run(
            ["tmux", "show", "-gv", "set-clipboard"], capture_output=True, text=True, timeout=1, check=False
        )
        return done.stdout.strip() or None if done.returncode == 0 else None

    return bounded(ask, 1.5, None)


def tmux_clipboard_hint(environ: Mapping[str, str] | None = None) -> str | None:
    """One line saying how to let copies through tmux, when its ``set-clipboard`` drops them (``off``;
    ``external`` also ignores programs' copies), else None."""
    setting = tmux_clipboard(environ)
    if setting not in ("off", "external"):
        return None
    return (
        f"tmux drops copies on their way to your clipboard (set-clipboard is {setting}): add "
        "`set -g set-clipboard on` to ~/.tmux.conf and run `tmux source ~/.tmux.conf`; meanwhile "
        "copies also go to tmux's paste buffer (prefix ] pastes)"
    )


def tmux_load_buffer(text: str) -> bool:
    """Put ``text`` in tmux's paste buffer (``-w``: tmux also passes it to the terminal's clipboard
    when it may); False when tmux refused or is not there."""
    import subprocess

    def load(flags: list[str]) -> bool:
        done = subprocess.run(
            ["tmux", "load-buffer", *flags, "-"], input=text, text=True, capture_output=True, timeout=2
        )
        return done.returncode == 0

    # tmux before 3.2 has no -w.
    return bounded(lambda: load(["-w"]) or load([]), 5.0, False)
