"""For you's signals and the watch list: ``like``, ``less``, ``skip``, ``watch``, ``mute``, ``status``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from paper_tui.cli.commands.common import CliError, _print_records, _refs
from paper_tui.cli.output import _write
from paper_tui.library import Library, View
from paper_tui.text import plural

if TYPE_CHECKING:
    import argparse


def cmd_like(library: Library, args: argparse.Namespace) -> int:
    """``like``, ``less`` and ``skip``: the signals For you learns from."""
    ids = _refs(library, args.refs)
    if args.command == "skip":
        library.skip(ids)
    else:
        library.like(ids, less=args.command == "less")
    _print_records(library.papers(ids), args.json)
    return 0


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
