"""``import`` (files, folders, stdin and the inbox) and ``fetch`` (download, then import)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from paper_tui.cli.commands.common import CliError, _config, _procs
from paper_tui.cli.output import _error, _note, _out, _out_json
from paper_tui.library import Library
from paper_tui.model import DigestError, IngestResult
from paper_tui.text import plural

if TYPE_CHECKING:
    import argparse


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
    skipped: list[Path] = []
    files = list(expand_paths(args.paths, skipped))
    if skipped:
        kinds = ", ".join(sorted({path.suffix.lower() for path in skipped})[:8])
        _note(
            f"skipped {plural(len(skipped), 'file')} in the folders whose extension no digest has "
            f"({kinds}); name a file to import it anyway"
        )
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


def _result_line(result: IngestResult) -> str:
    day = result.date or "undated"
    notice = f" ({result.notice})" if result.notice else ""
    return (
        f"{result.name}: {result.source} {day}: {result.new} new, {result.merged} merged, "
        f"{result.unchanged} unchanged{notice}"
    )


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
