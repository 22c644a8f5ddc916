"""The user's marks: ``queue``, ``bookmark``, ``read``, ``note`` and ``undo``."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from paper_tui.cli.commands.common import CliError, _check_digest, _print_records, _refs
from paper_tui.cli.output import _error, _note, _out, _out_json, _write
from paper_tui.library import Library, View
from paper_tui.text import plural

if TYPE_CHECKING:
    import argparse


def cmd_queue(library: Library, args: argparse.Namespace) -> int:
    """Queue actions."""
    action = args.queue_command or "ls"
    if action == "add":
        library.queue_add(_refs(library, args.refs))
    elif action in ("rm", "done"):
        ids = _refs(library, args.refs)
        queued = set(library.queue())
        missing = [pid for pid in ids if pid not in queued]
        if missing:
            # Said, and nothing changed (done on such a paper marked it read, silently).
            hint = "; `read ID` marks any paper read" if action == "done" else ""
            raise CliError(f"{plural(len(missing), 'paper')} not in the queue: {_ids(missing)}{hint}")
        (library.queue_remove if action == "rm" else library.queue_done)(ids)
    elif action == "mv":
        library.queue_move(library.resolve(args.ref), args.position)
    _print_records(library.papers(library.queue()), args.json)
    return 0


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(pid) for pid in ids[:10])
    return shown + (f" and {len(ids) - 10:,} more" if len(ids) > 10 else "")


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
