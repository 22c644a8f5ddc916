"""The command line's one printing boundary: everything it prints passes the sanitiser of digest text."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys

from paper_tui.model import HL_END, HL_START
from paper_tui.text import escape_unsafe, terminal_safe

# Everything the command line prints goes through _write: titles and file names, and error text from
# servers, files and the OS, are untrusted text, and a terminal acts on the escape sequences they may
# hold (a window title, the clipboard, a cleared screen). A test keeps print() and direct writes out
# of the cli package.

_HIGHLIGHT = ("\x1b[1;33m", "\x1b[0m")
_MARKS = re.compile(f"({HL_START}|{HL_END})")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def _write(
    text: str, *, error: bool = False, end: str = "\n", block: bool = False, marks: bool = False
) -> None:
    """The one place the command line writes to stdout (or stderr): ``text`` passes the sanitiser of
    digest text (``terminal_safe``: escape sequences, control and bidi characters removed, the layout
    kept). Unless it is a ``block`` (an abstract, an export, a report), it is one line: a line break in
    it (a file name may hold one) becomes a space. With ``marks`` the search highlight markers become
    bold yellow on a terminal (unless $NO_COLOR): the only escape sequence printed."""
    stream = sys.stderr if error else sys.stdout
    if not block:
        text = _LINE_BREAKS.sub(" ", text)
    if marks:
        on, off = _HIGHLIGHT if stream.isatty() and not os.environ.get("NO_COLOR") else ("", "")
        pieces = _MARKS.split(text)
        safe = "".join(on if p == HL_START else off if p == HL_END else terminal_safe(p) for p in pieces)
    else:
        safe = terminal_safe(text)
    stream.write(safe + end)


def _out(text: str = "", *, block: bool = False, marks: bool = False) -> None:
    """A line (or a ``block`` of lines) on stdout."""
    _write(text, block=block, marks=marks)


def _note(text: str) -> None:
    """A line on stderr that is not an error (a hint, a count, a notice)."""
    _write(text, error=True)


def _error(message: str) -> None:
    """One line on stderr, ``paper-tui: MESSAGE``. After a hang-up the terminal may be gone, which is
    no reason for a traceback."""
    with contextlib.suppress(OSError, ValueError):
        _write(f"paper-tui: {message}", error=True)


def _out_json(value: object) -> None:
    """JSON on stdout; characters a terminal would act on are written as ``\\uXXXX`` escapes, so
    the JSON stays valid and whole."""
    _out(escape_unsafe(json.dumps(value, indent=2, ensure_ascii=False)), block=True)
