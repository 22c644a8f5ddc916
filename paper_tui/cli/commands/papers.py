"""Reading the library: ``list``, ``show``, ``search`` and ``export``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from paper_tui.cli.commands.common import CliError, _check_digest, _line, _paper_json, _print_records
from paper_tui.cli.output import _note, _out, _out_json, _write
from paper_tui.library import Library, View
from paper_tui.model import HL_END, HL_START, PaperRecord
from paper_tui.text import plural

if TYPE_CHECKING:
    import argparse


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


def cmd_show(library: Library, args: argparse.Namespace) -> int:
    """Show one paper."""
    record = library.paper(library.resolve(args.ref))
    assert record is not None
    if args.json:
        _out_json(_paper_json(record))
    else:
        _print_detail(record, library.provenance(record.id))
    return 0


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

        folder = Path(args.output).parent
        made = not folder.exists()
        try:
            write_file(Path(args.output), text)
        except OSError as error:
            raise CliError(f"{args.output}: cannot write: {error.strerror or error}") from None
        # A folder made on the way is said (a typo in the path made folders silently).
        _note(f"{plural(len(ids), 'paper')} written to {args.output}" + (f" (made {folder})" if made else ""))
    else:
        _write(text, end="", block=True)
    return 0
