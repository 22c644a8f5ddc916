"""The ``paper-tui`` command: argument parsing and printing only; every verb calls the library."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn

from paper_tui import __version__, importers
from paper_tui.config import Config, ConfigError
from paper_tui.library import (
    STATUS_FIELDS,
    Library,
    LookupFailed,
    RemovalRefused,
    StoreError,
    View,
    damaged_message,
    restore,
)
from paper_tui.model import HL_END, HL_START, SORTS, DigestError, IngestResult, PaperRecord, QueryError
from paper_tui.paths import resolve as resolve_paths
from paper_tui.store import is_damage
from paper_tui.text import escape_unsafe, plausible_date, plural, terminal_safe

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


def _paper_json(record: PaperRecord) -> dict[str, object]:
    from paper_tui.export import paper_json

    return paper_json(record)


#: ``paper-tui status``'s line unless ``--format`` says otherwise.
STATUS_FORMAT = "Today {today_unread} new · queue {queued}"


class CliError(Exception):
    """A user-facing error: printed as one line on stderr, exit status 1."""


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
        "status", parents=[json_flag], help="one line for tmux's status-right (Today 12 new · queue 5)"
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


# -- printing ------------------------------------------------------------------------------------
#
# Everything the command line prints goes through _write: titles and file names, and error text from
# servers, files and the OS, are untrusted text, and a terminal acts on the escape sequences they may
# hold (a window title, the clipboard, a cleared screen). A test keeps print() and direct writes out
# of this module.

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


def _flags(record: PaperRecord) -> str:
    return (
        ("." if record.read else "u")
        + ("b" if record.bookmarked else ".")
        + ("q" if record.queue_position else ".")
    )


def _line(record: PaperRecord) -> str:
    day = record.last_seen or record.published or "----------"
    ref = record.arxiv_id or "-"
    return f"{record.id:>6}  {day}  {_flags(record)}  {ref:<16} {record.title}"


def _print_records(records: Sequence[PaperRecord], as_json: bool) -> None:
    if as_json:
        _out_json([_paper_json(r) for r in records])
        return
    for record in records:
        _out(_line(record))


def _print_detail(record: PaperRecord, filled: dict[str, str] | None = None) -> None:
    _out(record.title)
    if record.authors:
        _out(", ".join(record.authors))
    facts = [f"id {record.id}"]
    if record.arxiv_id:
        facts.append(f"arXiv:{record.arxiv_id}")
    if record.categories:
        facts.append(" ".join(record.categories))
    if record.upvotes is not None:
        facts.append(plural(record.upvotes, "upvote"))
    state = [s for s, on in (("read", record.read), ("bookmarked", record.bookmarked)) if on]
    if record.queue_position:
        state.append(f"queued #{record.queue_position}")
    _out("  ·  ".join(facts + state))
    if record.digests:
        _out("Digests: " + ", ".join(f"{s.date or 'undated'} ({s.source})" for s in record.digests))
    if record.comment:
        _out(f"Comment: {record.comment}")
    if filled:
        by_source: dict[str, list[str]] = {}
        for name, source in filled.items():
            by_source.setdefault(source, []).append(name)
        _out("Filled by enrich: " + "; ".join(f"{', '.join(n)} from {s}" for s, n in by_source.items()))
    _out()
    _out(record.abstract or "(no abstract in the digests seen so far)", block=True)
    if record.note:
        _out(f"\nNote: {record.note}", block=True)
    if record.links:
        _out()
        for number, link in enumerate(record.links, start=1):
            _out(f"[{number}] {link.kind:<8} {link.url}")


def _result_line(result: IngestResult) -> str:
    day = result.date or "undated"
    notice = f" ({result.notice})" if result.notice else ""
    return (
        f"{result.name}: {result.source} {day}: {result.new} new, {result.merged} merged, "
        f"{result.unchanged} unchanged{notice}"
    )


# -- commands ------------------------------------------------------------------------------------


def _refs(library: Library, refs: Sequence[str]) -> list[int]:
    return [library.resolve(ref) for ref in refs]


def cmd_import(library: Library, args: argparse.Namespace) -> int:
    """Import files; per-file counts; exit 1 when any file failed (the others still import)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from paper_tui.library import expand_paths

    if not args.paths and not args.inbox:
        raise CliError("import: give one or more PATHs, or --inbox")
    if args.paths and args.inbox and args.json:
        raise CliError("import --inbox --json takes no PATHs (one JSON document per run)")
    inbox_failed, inbox_imported = _import_inbox(library, args) if args.inbox else (False, False)
    if not args.paths:
        _after_import(library, inbox_imported)
        return 1 if inbox_failed else 0
    files = list(expand_paths(args.paths))
    rows: list[dict[str, object]] = []
    show_progress = sys.stderr.isatty() and not args.json and len(files) > 1
    console = Console(stderr=True)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not show_progress,
        transient=True,
    ) as progress:
        task = progress.add_task("importing", total=len(files))

        def report(path: Path, result: IngestResult | DigestError) -> None:
            progress.advance(task)
            if progress.tasks[0].completed >= len(files):
                progress.update(task, description="indexing")
            if isinstance(result, DigestError):
                rows.append({"file": str(path), "error": str(result)})
                _error(str(result))
            else:
                rows.append(
                    {
                        "file": str(path),
                        "source": result.source,
                        "date": result.date,
                        "new": result.new,
                        "merged": result.merged,
                        "unchanged": result.unchanged,
                        **({"notice": result.notice} if result.notice else {}),
                    }
                )
                if not args.json:
                    _out(_result_line(result))

        outcome = library.import_paths(
            files, fmt=args.fmt, digest_date=args.date, on_file=report, procs=_procs()
        )
    totals = {k: sum(r.__getattribute__(k) for r in outcome.results) for k in ("new", "merged", "unchanged")}
    if args.json:
        _out_json({"files": rows, **totals, "failed": len(outcome.errors)})
    elif len(files) > 1:
        _out(
            f"{plural(len(files), 'file')}: {totals['new']} new, {totals['merged']} merged, "
            f"{totals['unchanged']} unchanged, {len(outcome.errors)} failed"
        )
    _after_import(library, bool(outcome.results) or inbox_imported)
    return 0 if outcome.ok and not inbox_failed else 1


def _after_import(library: Library, imported: bool) -> None:
    """The library's policy after an import (the daily backup); its notices on stderr."""
    for notice in library.after_import(imported):
        _error(notice)


def _config(library: Library) -> Config:
    return Config.load(library.paths.config_file)


def _import_inbox(library: Library, args: argparse.Namespace) -> tuple[bool, bool]:
    """Import the inbox folder; prints one line per file; returns whether a file was refused and
    whether one was imported."""
    from paper_tui.inbox import process_inbox

    folder = _config(library).fetch.inbox_dir(library.paths)
    report = process_inbox(library, folder)
    if args.json:
        _out_json(
            {
                "inbox": str(folder),
                "imported": [{"file": str(p), **_result_json(r)} for p, r in report.imported],
                "failed": [{"file": str(p), "error": e} for p, e in report.failed],
                "waiting": [str(p) for p in report.waiting],
                "busy": report.busy,
            }
        )
    else:
        for _, result in report.imported:
            _out(_result_line(result))
        for path in report.waiting:
            _note(f"{path.name}: still being written; left in {folder}")
        if report.busy is not None:
            _note(f"the inbox ({folder}) is being imported by {report.busy}; its files are left to it")
        elif report.empty and not report.waiting:
            _note(f"the inbox ({folder}) is empty")
    for path, error in report.failed:
        _error(f"{error} (moved to {path.parent})")
    return bool(report.failed), bool(report.imported)


def _result_json(result: IngestResult) -> dict[str, object]:
    return {
        "source": result.source,
        "date": result.date,
        "new": result.new,
        "merged": result.merged,
        "unchanged": result.unchanged,
    }


def cmd_fetch(library: Library, args: argparse.Namespace) -> int:
    """Download and import digests; one line per source; exit 1 when any source failed."""
    from paper_tui import fetch

    config = _config(library).fetch
    base_url = getattr(args, "base_url", None)
    try:
        if args.fetch_source == "hf":
            days = fetch.hf_days(
                on=date.fromisoformat(args.date) if args.date else None,
                since=date.fromisoformat(args.since) if args.since else None,
                days=args.days or config.hf_days,
            )
            results = fetch.fetch_hf(library, days, base_url=base_url or config.hf_base_url)
        elif args.fetch_source == "arxiv":
            results = fetch.fetch_arxiv(library, args.categories, base_url=base_url or config.arxiv_base_url)
        else:
            if base_url:
                raise CliError("fetch --base-url needs a source: fetch hf --base-url URL, fetch arxiv ...")
            results = fetch.fetch_configured(library, config)
    except ValueError as error:
        raise CliError(str(error)) from None
    if not results:
        _note("nothing to fetch: [fetch] in the config turns hf off and lists no arxiv categories")
    if args.json:
        rows = [
            {
                "source": r.source,
                "url": r.url,
                "raw": str(r.raw_path) if r.raw_path else None,
                "papers": r.papers,
                "error": r.error,
                "digest": _result_json(r.result) if r.result else None,
            }
            for r in results
        ]
        _out_json(rows)
    else:
        for r in results:
            if r.ok:
                _out(r.line())
            else:
                _error(r.line())
    _after_import(library, any(r.result for r in results))
    return 0 if all(r.ok for r in results) else 1


def _check_digest(library: Library, date: str) -> None:
    """Refuse a date no digest has (a typo would otherwise give an empty list or file)."""
    dates = library.digest_dates()
    if date not in dates:
        known = f"the newest is {dates[0]}, the oldest {dates[-1]}" if dates else "the library has none"
        raise CliError(f"no digest dated {date} ({known})")


def cmd_list(library: Library, args: argparse.Namespace) -> int:
    """List papers of a view."""
    if args.digest:
        _check_digest(library, args.digest)
    view = View(
        digest_date=args.digest,
        latest=args.latest,
        unread=args.unread,
        bookmarked=args.bookmarked,
        watched=args.watched,
        sort=args.sort,
    )
    library.sync_rules()
    if args.sort == "for-you":
        # Every signal given before this command counts: learn first when For you lags behind.
        _write(f"paper-tui: {library.learn_if_stale().describe()}", error=True)
    ids = library.view_ids(view, args.limit)
    records = library.papers(ids)
    if args.sort != "for-you":
        _print_records(records, args.json)
    elif args.json:
        _write(json.dumps([_scored_json(r) for r in records], indent=2, ensure_ascii=False), block=True)
    else:
        for record in records:
            _write(_line(record))
            if record.score is not None:
                _write("        " + _why(record))
    return 0


def _scored_json(record: PaperRecord) -> dict[str, object]:
    data = _paper_json(record)
    data["score"] = None if record.score is None else round(record.score, 4)
    data["reasons"] = [{"what": what, "weight": weight} for what, weight in record.reasons]
    return data


def _why(record: PaperRecord) -> str:
    """A paper's For-you score and reasons on one line (``82%  + diffusion · − survey``)."""
    head = f"{record.score:.0%}" if record.score_kind == "model" else f"{record.score:.2f}"
    reasons = " · ".join(f"{'+' if weight > 0 else '-'} {what}" for what, weight in record.reasons)
    return f"{head}  {reasons}".rstrip()


def cmd_rule(library: Library, args: argparse.Namespace) -> int:
    """``watch`` and ``mute``: add or remove a rule, or list them all."""
    action = args.command
    doing = "watching" if action == "watch" else "muting"
    value = " ".join(args.value)
    if args.field is None:
        rules = library.rules()
        if args.json:
            _write(
                json.dumps(
                    [
                        {"action": r.action, "field": r.field, "value": r.value, "source": r.source}
                        for r in rules
                    ],
                    indent=2,
                    ensure_ascii=False,
                ),
                block=True,
            )
        elif not rules:
            _write(
                "no watch or mute rules: paper-tui watch author NAME, paper-tui mute word WORD", error=True
            )
        for rule in [] if args.json else rules:
            where = " (config file)" if rule.source == "config" else ""
            _write(f"{rule.action} {rule.label}{where}")
        return 0
    if not value:
        raise CliError(f"{action} {args.field}: give the {args.field} too")
    if args.remove:
        changed = library.remove_rule(action, args.field, value)
        said = (
            f"no longer {doing} {args.field}: {value}"
            if changed
            else f"no {action} rule {args.field}: {value} here (rules of the config file are edited there)"
        )
    else:
        changed = library.add_rule(action, args.field, value)
        said = f"{doing} {args.field}: {value}" if changed else f"already {doing} {args.field}: {value}"
    papers = len(library.view_ids(View(watched=True))) if action == "watch" else library.count_muted(View())
    if args.json:
        _write(json.dumps({"changed": changed, "papers": papers}))
    else:
        state = "watched" if action == "watch" else "muted"
        _write(f"{said} ({plural(papers, 'paper')} {state})")
    return 0


def cmd_status(library: Library, args: argparse.Namespace) -> int:
    """One line of figures for a status bar."""
    import string

    try:
        names = [name for _, name, _, _ in string.Formatter().parse(args.fmt) if name]
    except ValueError as error:
        raise CliError(f"status --format: {error}") from None
    if args.json:
        _write(json.dumps(library.status()))
        return 0
    figures = library.status(dict.fromkeys(names))
    try:
        _write(args.fmt.format(**figures))
    except (ValueError, KeyError, IndexError) as error:
        raise CliError(f"status --format: {error}") from None
    return 0


def cmd_undo(library: Library, args: argparse.Namespace) -> int:
    """Undo the last change to the user's marks (or list what would be undone)."""
    if args.list:
        labels = library.undo_labels()
        _write(
            json.dumps(labels, indent=2, ensure_ascii=False) if args.json else "\n".join(labels), block=True
        )
        return 0
    label = library.undo()
    if args.json:
        _write(json.dumps({"undone": label}, ensure_ascii=False))
    elif label is None:
        _write("nothing to undo", error=True)
    else:
        _write(f"undone: {label}")
    return 0


def cmd_like(library: Library, args: argparse.Namespace) -> int:
    """``like``, ``less`` and ``skip``: the signals For you learns from."""
    ids = _refs(library, args.refs)
    if args.command == "skip":
        library.skip(ids)
    else:
        library.like(ids, less=args.command == "less")
    _print_records(library.papers(ids), args.json)
    return 0


def cmd_show(library: Library, args: argparse.Namespace) -> int:
    """Show one paper."""
    record = library.paper(library.resolve(args.ref))
    assert record is not None
    if args.json:
        _out_json(_paper_json(record))
    else:
        _print_detail(record, library.provenance(record.id))
    return 0


def cmd_search(library: Library, args: argparse.Namespace) -> int:
    """Ranked search results with highlighted fragments."""
    query = " ".join(args.query)
    result = library.find(query, limit=args.limit, highlights=True)
    if result.note:
        _note(result.note)
    hits = result.hits
    records = {r.id: r for r in library.papers([h.paper_id for h in hits])}
    if args.json:
        out = []
        for hit in hits:
            data = _paper_json(records[hit.paper_id])
            data["score"] = round(hit.score, 4)
            data["highlights"] = {
                f: t.replace(HL_START, "**").replace(HL_END, "**") for f, t in hit.highlights.items()
            }
            out.append(data)
        _out_json(out)
        return 0
    if not hits:
        _note(f"no papers match {query!r}")
    for hit in hits:
        _out(_line(records[hit.paper_id]))
        fragment = hit.highlights.get("abstract")
        if fragment:
            _out("        " + fragment, marks=True)
    if result.total > len(hits):
        _note(f"(the best {len(hits)} of {result.total:,}: --limit N shows more)")
    return 0


def cmd_queue(library: Library, args: argparse.Namespace) -> int:
    """Queue actions."""
    action = args.queue_command or "ls"
    if action == "add":
        library.queue_add(_refs(library, args.refs))
    elif action == "rm":
        library.queue_remove(_refs(library, args.refs))
    elif action == "done":
        library.queue_done(_refs(library, args.refs))
    elif action == "mv":
        library.queue_move(library.resolve(args.ref), args.position)
    _print_records(library.papers(library.queue()), args.json)
    return 0


def cmd_note(library: Library, args: argparse.Namespace) -> int:
    """Print a paper's note, or write (``--set``) or remove (``--clear``) it."""
    paper_id = library.resolve(args.ref)
    if args.note_text is not None:
        text = sys.stdin.read() if args.note_text == "-" else args.note_text
        if not text.strip():
            raise CliError("note: the text is empty (--clear removes the note)")
        library.set_note(paper_id, text.rstrip("\n"))
    elif args.clear:
        library.set_note(paper_id, "")
    record = library.paper(paper_id)
    assert record is not None
    if args.json:
        _out_json({"id": record.id, "arxiv_id": record.arxiv_id, "title": record.title, "note": record.note})
    elif args.note_text is not None:
        _note(f"note saved on paper {paper_id}")
    elif args.clear:
        _note(f"note removed from paper {paper_id}")
    elif record.note:
        _out(record.note, block=True)
    else:
        _error(f"paper {paper_id} has no note")
    return 0


def cmd_bookmark(library: Library, args: argparse.Namespace) -> int:
    """Bookmark or unbookmark papers."""
    ids = _refs(library, args.refs)
    library.bookmark(ids, not args.remove)
    _print_records(library.papers(ids), args.json)
    return 0


def cmd_read(library: Library, args: argparse.Namespace) -> int:
    """Mark papers (or a whole digest: ``--digest DATE``) read or unread."""
    if bool(args.refs) == bool(args.digest):
        raise CliError("read: give paper ids or --digest DATE (one of the two)")
    if args.digest:
        _check_digest(library, args.digest)
        ids = library.view_ids(View(digest_date=args.digest))
    else:
        ids = _refs(library, args.refs)
    library.mark_read(ids, not args.unread)
    if args.digest and not args.json:
        _out(f"{plural(len(ids), 'paper')} of {args.digest} marked {'unread' if args.unread else 'read'}")
    else:
        _print_records(library.papers(ids), args.json)
    return 0


def cmd_export(library: Library, args: argparse.Namespace) -> int:
    """Export a set of papers."""
    if args.queue:
        ids = library.queue()
    elif args.bookmarks:
        ids = library.view_ids(View(bookmarked=True))
    elif args.query:
        ids = library.find(args.query).ids
    elif args.digest:
        _check_digest(library, args.digest)
        ids = library.view_ids(View(digest_date=args.digest))
    else:
        ids = library.view_ids(View())
    if args.output:
        problem = library.export_path_problem(Path(args.output))
        if problem is not None:
            raise CliError(f"export: {problem}")
    text = library.export(ids, args.fmt)
    if args.output:
        from paper_tui.export import write_file

        try:
            write_file(Path(args.output), text)
        except OSError as error:
            raise CliError(f"{args.output}: cannot write: {error.strerror or error}") from None
        _note(f"{plural(len(ids), 'paper')} written to {args.output}")
    else:
        _write(text, end="", block=True)
    return 0


def cmd_remove(library: Library, args: argparse.Namespace) -> int:
    """Remove a digest or papers; refused (naming them) for papers with the user's marks unless --force."""
    if bool(args.refs) == bool(args.digest):
        raise CliError("remove: give paper ids or --digest DATE (one of the two)")
    if args.source and not args.digest:
        raise CliError("remove: --source goes with --digest DATE")
    plan = library.plan_removal(digest_date=args.digest, source=args.source, refs=args.refs)
    result = library.remove(plan, force=args.force)
    if args.json:
        _out_json(
            {
                "removed": result.removed,
                "kept": result.kept,
                "digests": result.digests,
                "backup": result.backup,
            }
        )
    else:
        _out(result.summary())
    return 0


def cmd_enrich(library: Library, args: argparse.Namespace) -> int:
    """Fill gaps from the arXiv API and Hugging Face; one line per paper filled, one summary line."""
    from paper_tui.enrich import enrich

    config = _config(library).fetch
    ids = _refs(library, args.refs) if args.refs else None
    report = enrich(
        library,
        arxiv_base_url=args.arxiv_base_url or config.arxiv_api_base_url,
        hf_base_url=args.hf_base_url or config.hf_base_url,
        ids=ids,
    )
    if args.json:
        _out_json(report.as_json())
    else:
        for line in report.lines:
            _out(line)
        if report.error:
            _note(report.summary())
        else:
            _out(report.summary())
    return 1 if report.error else 0


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


def _procs() -> int:
    """Worker processes for indexing a large batch from the command line (one per core, at most 2)."""
    return max(1, min(2, os.cpu_count() or 1))


@contextlib.contextmanager
def _index_progress(args: argparse.Namespace) -> Iterator[Callable[[int, int], None]]:
    """A progress bar for a rebuild of the index (on a terminal, without --json); yields its callback."""
    from rich.progress import Progress

    with Progress(disable=not sys.stderr.isatty() or args.json, transient=True) as progress:
        task = progress.add_task("indexing", total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def cmd_reindex(library: Library, args: argparse.Namespace) -> int:
    """Rebuild the index with a progress bar."""
    with _index_progress(args) as progress:
        count = library.reindex(progress, procs=_procs())
    if args.json:
        _out_json({"indexed": count})
    else:
        _out(f"indexed {plural(count, 'paper')}")
    return 0


def cmd_backup(library: Library, args: argparse.Namespace) -> int:
    """Write a backup now."""
    path = library.backup("manual")
    if args.json:
        _out_json({"backup": str(path)})
    else:
        _out(f"backup written to {path}")
    return 0


def cmd_doctor(library: Library, args: argparse.Namespace) -> int:
    """Check and repair (a rebuild of the index shows its progress)."""
    with _index_progress(args) as progress:
        report = library.doctor(progress, procs=_procs())
    hints = library.doctor_hints() if report[0] == "database: integrity check ok" else []
    if args.json:
        _out_json({"report": report, "hints": hints})
    else:
        _out("\n".join(report), block=True)
        for hint in hints:
            _note(f"hint: {hint}")
    return 0 if report[0] == "database: integrity check ok" else 1


COMMANDS = {
    "import": cmd_import,
    "list": cmd_list,
    "show": cmd_show,
    "search": cmd_search,
    "queue": cmd_queue,
    "bookmark": cmd_bookmark,
    "like": cmd_like,
    "less": cmd_like,
    "skip": cmd_like,
    "undo": cmd_undo,
    "status": cmd_status,
    "watch": cmd_rule,
    "mute": cmd_rule,
    "note": cmd_note,
    "read": cmd_read,
    "export": cmd_export,
    "reindex": cmd_reindex,
    "doctor": cmd_doctor,
    "backup": cmd_backup,
    "fetch": cmd_fetch,
    "remove": cmd_remove,
    "enrich": cmd_enrich,
}


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
            source = Path(args.backup) if args.backup else None
            _out(restore(resolve_paths(args.data_dir), source, fresh=args.fresh, force=args.force))
            return 0
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
