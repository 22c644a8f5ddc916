"""PaperApp: the thin Textual application (title, CSS, global keys, command providers, first screen)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from paper_tui.config import Config, ConfigError
from paper_tui.library import Library, StoreError
from paper_tui.paths import resolve
from paper_tui.reader.threads import DaemonExecutor
from paper_tui.text import terminal_safe
from paper_tui.ui import links
from paper_tui.ui.commands import TitleJumpProvider, reader_commands
from paper_tui.ui.keys import collisions, display_key
from paper_tui.ui.screens.main import MainScreen
from paper_tui.ui.widgets.paper_list import PaperList


class PaperApp(App[int]):
    """The reader over one library; build it with a Library and a Config (tests use a temporary one)."""

    TITLE = "paper-tui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {TitleJumpProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            id="command_palette",
            tooltip="Every command, and jump to a paper by title",
        ),
        # Not a priority binding: ":" must still type into the search field (author:smith).
        Binding("colon", "command_palette", "Commands", show=False, id="commands"),
    ]

    def __init__(self, library: Library, config: Config | None = None) -> None:
        super().__init__()
        self.library = library
        self.config = config or Config()
        #: False when the reader quit before every change was written (another process held the
        #: library's lock): set by the main screen as it closes.
        self.all_written = True
        #: Notifications held while a dialog is open (App.notify's arguments), shown when it closes.
        self._held: list[dict[str, Any]] = []

    @dataclass
    class _Notice(Message):
        """A notification on its way to the UI thread (notify may be called from any thread)."""

        arguments: dict[str, Any]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification of the reader comes here (widgets' too). It passes the one sanitiser for
        text from outside (a server's reason phrase, a file name or an OS error can hold escape
        sequences) and is shown literally: ``markup`` is ignored, a ``[`` in a file name is a bracket.
        While a dialog is open it waits until the dialog closes, so that no toast covers the dialog's
        buttons or its last lines."""
        arguments = {"title": terminal_safe(title), "severity": severity, "timeout": timeout, "markup": False}
        self.post_message(self._Notice({"message": terminal_safe(message), **arguments}))

    def action_help_quit(self) -> None:
        """ctrl+c (a reflex to quit; in a text field it copies): say which key quits. Textual's own
        message is markup, which :meth:`notify` shows literally."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {display_key(key)} to quit paper-tui", title="Do you want to quit?")
                return

    @on(_Notice)
    def _notice(self, notice: _Notice) -> None:
        if self.screen_stack and isinstance(self.screen_stack[-1], ModalScreen):
            self._held.append(notice.arguments)
        else:
            super().notify(**notice.arguments)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """A dialog opened: the toasts shown go (warnings and errors come back when it closes); the
        last dialog closed: the notifications held meanwhile are shown."""
        if isinstance(screen, ModalScreen):
            shown = list(self._notifications)
            if shown:
                self._held[:0] = [
                    {
                        "message": n.message,
                        "title": n.title,
                        "severity": n.severity,
                        "timeout": n.time_left,  # what it had left: each dialog does not renew it
                        "markup": n.markup,
                    }
                    for n in shown
                    if n.severity != "information" and n.time_left >= 1.0
                ]
                self.clear_notifications()
        elif self._held:
            held, self._held = self._held, []
            for arguments in held:
                super().notify(**arguments)

    def get_default_screen(self) -> Screen[None]:
        """The three-pane main screen."""
        # Thread workers run in the loop's default executor, whose threads asyncio.run joins before it
        # returns: a worker stuck in a socket read would keep the reader alive after it quit.
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().set_default_executor(DaemonExecutor(8, name="paper-tui-worker"))
        return MainScreen(self.library, self.config)

    def on_mount(self) -> None:
        """Hold notifications while a dialog is open; apply the [keys] remaps; quit cleanly (place and
        an open note saved) on SIGHUP/SIGTERM, as when SSH drops, and on a SIGINT sent by kill (ctrl-c
        is a key here, not a signal)."""
        if not self.is_headless:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop = asyncio.get_running_loop()
                for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
                    loop.add_signal_handler(signum, self._hang_up)
            _resume_only_after_suspend()
        self.screen_change_signal.subscribe(self, self._screen_changed)
        if self.config.keys:
            known = {
                b.id
                for b in (*MainScreen.BINDINGS, *PaperList.BINDINGS, *self.BINDINGS)
                if isinstance(b, Binding) and b.id
            }
            unknown = sorted(set(self.config.keys) - known)
            if unknown:
                self.notify(
                    f"Unknown actions in the config [keys] table: {', '.join(unknown)}",
                    severity="warning",
                    markup=False,
                )
            remaps = {k: v for k, v in self.config.keys.items() if k in known}
            shared = collisions((*MainScreen.BINDINGS, *PaperList.BINDINGS, *self.BINDINGS), remaps)
            if shared:
                said = "; ".join(f"{key}: {' and '.join(names)}" for key, names in sorted(shared.items()))
                self.notify(
                    f"Keys given to two actions in the config [keys] table ({said}): only one of each "
                    "works; give each action its own key",
                    severity="warning",
                    markup=False,
                )
            self.set_keymap(remaps)

    def _hang_up(self) -> None:
        screen = self.screen_stack[0] if self.screen_stack else None
        if isinstance(screen, MainScreen):
            self.run_worker(screen.hang_up(), group="quit", exit_on_error=False)
        else:
            self.exit()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands (theme, keys, screenshot) plus every reader action (its Quit among them)."""
        yield from (command for command in super().get_system_commands(screen) if command.title != "Quit")
        yield from reader_commands(screen)

    async def action_quit(self) -> None:
        """ctrl+q (Textual's quit key): the main screen's quit, which saves the place and waits for
        queued writes; Textual's own exits at once."""
        screen = self.screen_stack[0] if self.screen_stack else None
        if isinstance(screen, MainScreen):
            await screen.action_quit()
        else:
            self.exit()

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Route every link opening through the reader's gate (http/https only, SSH-aware)."""
        links.open_url(self, url)


def _resume_only_after_suspend() -> None:
    """Let Textual's SIGCONT handler redraw only after its own ctrl+z suspension.

    A terminal that hangs up (a dropped SSH connection, a closed tmux) sends SIGHUP and then SIGCONT.
    Textual answers any SIGCONT by setting the terminal up again, from the signal handler, in the
    middle of whatever the reader was doing: with no terminal left, that leaves it hanging forever
    (or spinning on its input) instead of quitting.
    """
    on_stop, on_continue = signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT)
    if not (callable(on_stop) and callable(on_continue)):
        return
    suspended = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal suspended
        suspended = True
        on_stop(signum, frame)

    def resume(signum: int, frame: FrameType | None) -> None:
        nonlocal suspended
        if suspended:
            suspended = False
            on_continue(signum, frame)

    signal.signal(signal.SIGTSTP, stop)
    signal.signal(signal.SIGCONT, resume)


def run(data_dir: str | Path | None = None) -> int:
    """Open the reader on the library in ``data_dir`` (or the default); returns the exit status."""
    paths = resolve(data_dir)
    try:
        config = Config.load(paths.config_file)
        library = Library(paths)
    except (StoreError, ConfigError) as error:
        print(f"paper-tui: {error}", file=sys.stderr)
        return 1
    # Start-up creates hundreds of thousands of objects that live as long as the reader (modules,
    # styles, widgets): full collections in the middle of it freed nothing and delayed the first
    # frame by 30 ms. The main screen turns collection back on after its first frame.
    gc.disable()
    app = PaperApp(library, config)
    try:
        app.run()
    finally:
        gc.enable()
    code = app.return_code or 0
    if not app.all_written:
        # A write is stuck behind another process's lock (an import suspended with ctrl-z, say):
        # waiting could take for ever, and closing the library under it is not safe.
        print(
            "paper-tui: quit before every change was written (another process held the library); "
            "the changes of the last second may be missing",
            file=sys.stderr,
        )
        sys.stderr.flush()
        os._exit(code or 1)
    library.close()
    return code
