"""Looking after the library: ``backup``, ``restore``, ``doctor``, ``reindex``, ``remove``, ``enrich``."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from paper_tui.cli.commands.common import CliError, _config, _procs, _refs
from paper_tui.cli.output import _note, _out, _out_json
from paper_tui.library import Library, restore
from paper_tui.paths import resolve as resolve_paths
from paper_tui.text import plural

if TYPE_CHECKING:
    import argparse


def cmd_backup(library: Library, args: argparse.Namespace) -> int:
    """Write a backup now."""
    path = library.backup("manual")
    if args.json:
        _out_json({"backup": str(path)})
    else:
        _out(f"backup written to {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Keep the current database aside and restore a backup (or start afresh); needs no open library."""
    source = Path(args.backup) if args.backup else None
    _out(restore(resolve_paths(args.data_dir), source, fresh=args.fresh, force=args.force))
    return 0


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
