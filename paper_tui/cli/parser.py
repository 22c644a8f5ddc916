"""The argument parser of ``paper-tui`` and the shell completion it answers (argcomplete)."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from paper_tui import __version__, importers
from paper_tui.cli.output import _write
from paper_tui.library import STATUS_FIELDS
from paper_tui.model import SORTS
from paper_tui.text import plausible_date

if TYPE_CHECKING:
    import argparse

EPILOG = """\
Without a command, paper-tui opens the reader (importing the bundled sample on an empty library).
`like`, `less` and `skip` give For you the signals the reader's +, - and a triage skip give;
`list --sort for-you` learns from them first (with --json: each paper's score and reasons).
Papers are named by the id `list` prints or by an arXiv id in any spelling
(2410.17243, 2410.17243v2, arXiv:2410.17243, https://arxiv.org/abs/2410.17243).
`enrich` fills what a digest left out (a title-only paper's arXiv id, authors, links) from the arXiv
API and Hugging Face; `remove --digest DATE` takes back a digest imported by mistake (a backup first).
Data lives in the platform's user data folder; --data-dir or $PAPER_TUI_HOME moves it."""


#: ``paper-tui status``'s line unless ``--format`` says otherwise.
STATUS_FORMAT = "Today {today_unread} unread · queue {queued}"


def _iso_date(value: str) -> str:
    import argparse

    try:
        day = date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None
    if plausible_date(day) is None:
        raise argparse.ArgumentTypeError(f"{day} is not a digest date (1990-01-01 to 2 days from today)")
    return day


#: The largest count or position a command takes (SQLite's integers stop at 2**63 - 1).
MAX_NUMBER = 1_000_000_000


def _positive(value: str) -> int:
    import argparse

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= number <= MAX_NUMBER:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_NUMBER:,}")
    return number


#: The shells ``completions`` writes a script for.
SHELLS = ("bash", "fish", "zsh")


def _categories(**_: object) -> list[str]:
    """arXiv's category names, for completing ``fetch arxiv``."""
    from paper_tui.categories import KNOWN_CATEGORIES

    return sorted(KNOWN_CATEGORIES.values())


def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse's parser, printing through :func:`_write` (its errors quote the arguments given)."""
    import argparse

    class Parser(argparse.ArgumentParser):
        def _print_message(self, message: str, file: object = None) -> None:
            if message:
                _write(message, error=file is not sys.stdout, end="", block=True)

        def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
            if message:
                _write(message, error=True, end="", block=True)
            sys.exit(status)

    return Parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the CLI)."""
    import argparse  # not on the reader's path (a plain `paper-tui` parses no arguments)

    from paper_tui.export import FORMATS as EXPORT_FORMATS

    parser = _parser_class()(
        prog="paper-tui",
        description="A terminal reader for daily research-paper digests.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paper-tui {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="library folder (default: $PAPER_TUI_HOME or the user data dir)"
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    json_flag = argparse.ArgumentParser(add_help=False)
    json_flag.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    formats = ", ".join(importers.FORMAT_NAMES)
    p = sub.add_parser("import", parents=[json_flag], help="import digest files, folders or - (stdin)")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument(
        "--inbox", action="store_true", help="import the files waiting in the inbox folder ([fetch] inbox)"
    )
    p.add_argument("--date", type=_iso_date, help="the digest's date (overrides what the file says)")
    p.add_argument("--format", dest="fmt", choices=importers.FORMAT_NAMES, help=f"skip detection ({formats})")

    p = sub.add_parser("list", parents=[json_flag], help="list papers (newest digest first)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--latest", action="store_true", help="only the newest digest")
    which.add_argument("--digest", type=_iso_date, metavar="DATE", help="only the digest of DATE")
    p.add_argument("--unread", action="store_true", help="only unread papers")
    p.add_argument("--bookmarked", action="store_true", help="only bookmarked papers")
    p.add_argument("--watched", action="store_true", help="only papers the watch list matches")
    p.add_argument("--limit", type=_positive, help="at most N papers")
    p.add_argument(
        "--sort",
        choices=SORTS,
        default="digest",
        help="order: digest (the digests' own, newest first; default), newest, upvotes, for-you, title",
    )

    p = sub.add_parser("show", parents=[json_flag], help="show one paper")
    p.add_argument("ref", metavar="ID")

    p = sub.add_parser(
        "search",
        parents=[json_flag],
        help='full-text search: words, "a phrase", author:NAME, diffu*, is:unread, has:code, source:hf, '
        "upvotes:>=10, date:>=2026-08-01 (see README for the syntax); typos are respelt, said on stderr",
    )
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=_positive, default=20, help="show the best N (default 20)")

    p = sub.add_parser("queue", parents=[json_flag], help="the reading queue: ls, add, rm, mv, done")
    qsub = p.add_subparsers(dest="queue_command", metavar="ACTION")
    qsub.add_parser("ls", parents=[json_flag], help="list the queue in order")
    for name, text in (("add", "append papers"), ("rm", "remove papers"), ("done", "remove and mark read")):
        q = qsub.add_parser(name, parents=[json_flag], help=text)
        q.add_argument("refs", nargs="+", metavar="ID")
    q = qsub.add_parser("mv", parents=[json_flag], help="move a paper to a 1-based position")
    q.add_argument("ref", metavar="ID")
    q.add_argument("position", type=_positive)

    p = sub.add_parser(
        "note", parents=[json_flag], help="print a paper's note; --set TEXT (- reads stdin) or --clear"
    )
    p.add_argument("ref", metavar="ID")
    change = p.add_mutually_exclusive_group()
    change.add_argument(
        "--set", dest="note_text", metavar="TEXT", help="write the note (- reads it from standard input)"
    )
    change.add_argument("--clear", action="store_true", help="remove the note")

    p = sub.add_parser("bookmark", parents=[json_flag], help="bookmark papers (--remove to unbookmark)")
    p.add_argument("refs", nargs="+", metavar="ID")
    p.add_argument("--remove", action="store_true")

    for name, text in (
        ("like", "more papers like these in For you (the reader's +)"),
        ("less", "fewer papers like these in For you (the reader's -)"),
        ("skip", "skip papers as triage does: mark them read, a signal that they are not of interest"),
    ):
        p = sub.add_parser(name, parents=[json_flag], help=text)
        p.add_argument("refs", nargs="+", metavar="ID")

    for name, text in (
        ("watch", "watch an author, a word or a category (without one: list the watch and mute rules)"),
        ("mute", "mute an author, a word or a category: hidden from Today and Unread, never deleted"),
    ):
        p = sub.add_parser(name, parents=[json_flag], help=text)
        p.add_argument(
            "field", nargs="?", choices=("author", "word", "category"), help="what the rule looks at"
        )
        p.add_argument("value", nargs="*", help="a name, a word or phrase, a category")
        p.add_argument("--remove", action="store_true", help="stop watching (muting) it")

    p = sub.add_parser(
        "status", parents=[json_flag], help="one line for tmux's status-right (Today 12 unread · queue 5)"
    )
    p.add_argument(
        "--format",
        dest="fmt",
        default=STATUS_FORMAT,
        help=f"the line, with {{fields}}: {', '.join(STATUS_FIELDS)} (default: {STATUS_FORMAT!r})",
    )

    p = sub.add_parser(
        "undo",
        parents=[json_flag],
        help="undo the last change to your marks (queue, bookmarks, reads, likes ...)",
    )
    p.add_argument("--list", action="store_true", help="only list what would be undone, newest first")

    p = sub.add_parser("read", parents=[json_flag], help="mark papers read (--unread to undo)")
    p.add_argument("refs", nargs="*", metavar="ID")
    p.add_argument("--digest", type=_iso_date, metavar="DATE", help="every paper of the digest of DATE")
    p.add_argument("--unread", action="store_true")

    p = sub.add_parser("export", help="export papers as bibtex, markdown, json or csv")
    p.add_argument("--format", dest="fmt", choices=EXPORT_FORMATS, required=True)
    what = p.add_mutually_exclusive_group()
    what.add_argument("--queue", action="store_true", help="the reading queue")
    what.add_argument("--bookmarks", action="store_true", help="bookmarked papers")
    what.add_argument("--query", metavar="Q", help="search results")
    what.add_argument("--digest", type=_iso_date, metavar="DATE", help="one digest")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    p = sub.add_parser(
        "fetch",
        parents=[json_flag],
        help="download and import digests (without a source: those in the config)",
    )
    p.add_argument("--base-url", metavar="URL", help="fetch from URL instead of the configured server")
    fsub = p.add_subparsers(dest="fetch_source", metavar="SOURCE")
    f = fsub.add_parser(
        "hf", parents=[json_flag], help="Hugging Face daily papers (default: today and yesterday)"
    )
    when = f.add_mutually_exclusive_group()
    when.add_argument("--date", type=_iso_date, metavar="D", help="one day")
    when.add_argument("--since", type=_iso_date, metavar="D", help="every day from D to today")
    when.add_argument("--days", type=_positive, metavar="N", help="the last N days")
    f.add_argument("--base-url", metavar="URL", default=argparse.SUPPRESS, help="server (default: config)")
    f = fsub.add_parser("arxiv", parents=[json_flag], help="rss.arxiv.org feeds of CATEGORY... (cs.CL ...)")
    categories = f.add_argument("categories", nargs="+", metavar="CATEGORY")
    categories.completer = _categories  # type: ignore[attr-defined]
    f.add_argument("--base-url", metavar="URL", default=argparse.SUPPRESS, help="server (default: config)")

    p = sub.add_parser(
        "remove",
        parents=[json_flag],
        help="remove a digest (--digest DATE [--source S]) or papers (ID...); a backup is taken first",
    )
    p.add_argument("refs", nargs="*", metavar="ID")
    p.add_argument("--digest", type=_iso_date, metavar="DATE", help="the digest(s) of DATE")
    p.add_argument(
        "--source", metavar="S", help="only the digest from source S (hf-page, hf-api, arxiv-rss ...)"
    )
    p.add_argument(
        "--force", action="store_true", help="also remove papers you bookmarked, queued or annotated"
    )

    p = sub.add_parser(
        "enrich",
        parents=[json_flag],
        help="fill what digests left out (arXiv id, authors, abstract, dates, links) from arXiv and HF",
    )
    p.add_argument("refs", nargs="*", metavar="ID", help="only these papers (default: every paper with gaps)")
    p.add_argument("--arxiv-base-url", metavar="URL", help="arXiv API server (default: config)")
    p.add_argument("--hf-base-url", metavar="URL", help="Hugging Face server (default: config)")

    p = sub.add_parser("backup", parents=[json_flag], help="write a backup of the library database now")
    p = sub.add_parser(
        "restore", help="keep the current database aside and restore the newest good (or a named) backup"
    )
    p.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file (default: the newest good one)")
    p.add_argument("--fresh", action="store_true", help="start an empty library instead of restoring")
    p.add_argument(
        "--force",
        action="store_true",
        help="restore BACKUP even when it is empty, damaged, not SQLite or holds no papers",
    )
    p = sub.add_parser(
        "completions", help="print the shell completion script for bash, zsh or fish (see the README)"
    )
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    sub.add_parser("reindex", parents=[json_flag], help="rebuild the search index from the library")
    sub.add_parser("doctor", parents=[json_flag], help="check the database and the index, repair the index")
    return parser


def cmd_completions(args: argparse.Namespace) -> int:
    """Print the completion script for a shell (argcomplete's, calling back into paper-tui)."""
    import argcomplete

    _write(argcomplete.shellcode(["paper-tui"], shell=args.shell), end="", block=True)
    return 0


def _complete() -> None:
    """Answer the shell's completion request (``_ARGCOMPLETE`` is set by the completion script) and
    exit; argcomplete reads the command line from the environment."""
    import argcomplete

    argcomplete.autocomplete(build_parser())
