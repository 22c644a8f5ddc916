"""Copying and opening links from the reader: the terminal's clipboard (OSC 52), the local one and
inside tmux its paste buffer; the browser (http and https only; over SSH the link is copied instead),
each said in a notification."""

from __future__ import annotations

import contextlib
from typing import Any

from textual.app import App

from paper_tui import clipboard
from paper_tui.model import Link, PaperRecord
from paper_tui.text import is_safe_url
from paper_tui.ui.render import one_line


def copy_text(app: App[Any], text: str, what: str) -> None:
    """Copy via OSC 52 and pyperclip (in a worker); say what was copied; never fails loudly."""
    with contextlib.suppress(Exception):
        app.copy_to_clipboard(text)

    def copy_locally() -> None:
        clipboard.pyperclip_copy(text)
        # Inside a tmux that drops the OSC 52 above: its paste buffer, and once, how to fix that.
        hint = clipboard.tmux_clipboard_hint()
        if hint is not None:
            clipboard.tmux_load_buffer(text)
            with contextlib.suppress(Exception):  # the reader may be quitting
                app.call_from_thread(_say_once, app, hint)

    app.run_worker(copy_locally, thread=True, group="clipboard", exit_on_error=False)
    app.notify(
        f"Copied {what}: {one_line(text, 300)}\n(sent to the terminal clipboard)", markup=False, timeout=5
    )


def _say_once(app: App[Any], hint: str) -> None:
    """Say the tmux hint the first time a copy needs it (on the UI thread: two copies say it once)."""
    if not getattr(app, "tmux_hint_said", False):
        app.tmux_hint_said = True  # type: ignore[attr-defined]
        app.notify(hint, severity="warning", markup=False, timeout=15)


def copy_link(app: App[Any], link: Link | None) -> None:
    """Copy a link (http and https only)."""
    if link is None:
        return
    if not is_safe_url(link.url):
        app.notify("Only http and https links can be copied.", severity="warning", markup=False)
        return
    copy_text(app, link.url, "link")


def main_link(app: App[Any], record: PaperRecord) -> Link | None:
    """The paper's main link, or None (said)."""
    if record.main_link is None:
        app.notify("This paper has no link.", severity="warning", markup=False, timeout=3)
    return record.main_link


def open_url(app: App[Any], url: str) -> None:
    """Open a link in the browser: http(s) only; over SSH (or with no display) copy it instead."""
    if not is_safe_url(url):
        app.notify("Only http and https links are opened.", severity="warning", markup=False)
        return
    if clipboard.is_remote():
        copy_text(app, url, "link instead (over SSH the browser would open on the remote machine)")
        return
    if not clipboard.has_display():
        copy_text(app, url, "link instead (no graphical display for a browser)")
        return

    def run() -> None:
        if not clipboard.browser_open(url):
            app.notify(f"No browser could be started for {url}", severity="warning", markup=False)

    app.run_worker(run, thread=True, group="browser", exit_on_error=False)
    app.notify(f"Opening {url}", markup=False, timeout=3)
