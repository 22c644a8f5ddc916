"""The ``paper-tui`` command: argument parsing and printing only; every verb calls the library.

``main`` is here; the parser and shell completion are in ``parser``, the one printing function in
``output`` and the verbs in ``commands``."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from paper_tui.cli.commands import COMMANDS
from paper_tui.cli.commands.common import CliError
from paper_tui.cli.commands.maintenance import cmd_restore
from paper_tui.cli.output import _error, _note, _write
from paper_tui.cli.parser import STATUS_FORMAT, _complete, build_parser, cmd_completions
from paper_tui.config import ConfigError
from paper_tui.library import Library, LookupFailed, RemovalRefused, StoreError, damaged_message
from paper_tui.model import DigestError, QueryError
from paper_tui.paths import resolve as resolve_paths
from paper_tui.store import is_damage

if TYPE_CHECKING:
    import argparse


def run_reader(data_dir: str | None) -> int:
    """Open the reader (imports the bundled sample on an empty library)."""
    from paper_tui.ui.app import run

    return run(data_dir)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwind like ctrl-c (the open transaction rolls back, a progress bar
    gives the terminal its cursor back) instead of dying where we stand."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into :class:`Stopped` (unless they are ignored, as under nohup)."""

    def stop(signum: int, frame: object) -> None:
        # One unwinding is enough: a second signal while cleaning up must not interrupt the clean-up.
        for other in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(other, signal.SIG_IGN)
        raise Stopped(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, stop)


def _reader_only(argv: Sequence[str]) -> list[str | None]:
    """``[data dir or None]`` when the arguments only open the reader (none, or ``--data-dir DIR``),
    else ``[]``: the reader then starts without building the argument parser (5 ms of its first frame)."""
    if not argv:
        return [None]
    if len(argv) == 2 and argv[0] == "--data-dir" and argv[1] and not argv[1].startswith("-"):
        return [argv[1]]
    if len(argv) == 1 and argv[0].startswith("--data-dir=") and len(argv[0]) > len("--data-dir="):
        return [argv[0].split("=", 1)[1]]
    return []


def _status_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain ``status`` (``[--data-dir DIR] status [--format F] [--json]``) without
    building the argument parser: tmux runs it every few seconds, and the parser is a tenth of its
    time. None for anything else (the parser then reads the arguments, and says what is wrong)."""
    import argparse

    words = list(argv)
    data_dir = None
    if words[:1] == ["--data-dir"] and len(words) > 1 and not words[1].startswith("-"):
        data_dir, words = words[1], words[2:]
    if words[:1] != ["status"]:
        return None
    fmt, as_json, rest = STATUS_FORMAT, False, words[1:]
    while rest:
        if rest[0] == "--json":
            as_json, rest = True, rest[1:]
        elif rest[0] == "--format" and len(rest) > 1:
            fmt, rest = rest[1], rest[2:]
        else:
            return None
    return argparse.Namespace(command="status", data_dir=data_dir, fmt=fmt, json=as_json)


def _print_traceback(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """``sys.excepthook`` of the command: Python's traceback, through :func:`_write`."""
    import traceback

    _write("".join(traceback.format_exception(kind, error, trace)), error=True, end="", block=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``paper-tui`` command; returns the exit status."""
    if "_ARGCOMPLETE" in os.environ:
        _complete()  # exits; without it an empty command line would start the reader
    if argv is None:
        # A bug's traceback may quote a title or a file name: it goes through the sanitiser too.
        sys.excepthook = _print_traceback
    given = sys.argv[1:] if argv is None else list(argv)
    reader = _reader_only(given)
    args = None if reader else (_status_only(given) or build_parser().parse_args(given))
    try:
        if args is None:
            return run_reader(reader[0])
        if args.command is None:
            return run_reader(args.data_dir)
        _stop_on_signals()
        if args.command == "completions":
            return cmd_completions(args)
        if args.command == "restore":
            return cmd_restore(args)
        with Library.open(args.data_dir) as library:
            # Others waiting for this process's locks hear "the import running since …"; a wait for
            # theirs is said once on stderr (ctrl-c ends it).
            library.waits.activity = args.command
            library.waits.on_wait = lambda message: _note(f"paper-tui: {message}")
            code = COMMANDS[args.command](library, args)
            for notice in library.notices.take():  # an index rebuilt by a search, say
                _error(notice)
            return code
    except (
        LookupFailed,
        CliError,
        StoreError,
        DigestError,
        ConfigError,
        QueryError,
        RemovalRefused,
    ) as error:
        message = str(error.args[0]) if isinstance(error, LookupFailed) else str(error)
        _error(message)
        return 1
    except sqlite3.DatabaseError as error:
        # A malformed page met while reading (list, show ...): the damage report, not a traceback.
        if not is_damage(error):
            raise
        paths = resolve_paths(args.data_dir if args is not None else reader[0])
        _error(damaged_message(paths, f"{paths.database}: the library database is damaged ({error})"))
        return 1
    except KeyboardInterrupt as error:
        signum = error.signum if isinstance(error, Stopped) else signal.SIGINT
        name = "" if signum == signal.SIGINT else f" by {signal.Signals(signum).name}"
        _error(f"interrupted{name} (finished work is kept; nothing is left half-written)")
        return 128 + signum
    except BrokenPipeError:
        # The reader of our output went away (| head): not an error worth a traceback.
        sys.stderr.close()
        return 0
    except OSError as error:
        # A full disk or a folder that cannot be written: say which file, once.
        where = f": {error.filename}" if error.filename else ""
        _error(f"{error.strerror or error}{where}")
        return 1
