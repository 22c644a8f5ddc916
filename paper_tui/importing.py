"""Importing digest files and folders into the library: each digest stored in one transaction (or
refused, whole, with the damage report when the database is damaged), a batch indexed once at its end
(:meth:`Library.import_paths` and the other ``import_*``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from paper_tui.backups import damaged_message, describe_damage
from paper_tui.model import DigestError, IngestResult, View
from paper_tui.paths import seed_files
from paper_tui.store import DatabaseDamaged, StoreError

if TYPE_CHECKING:
    from paper_tui.library import Library
    from paper_tui.reading import ReadDigest
    from paper_tui.store import Store

__all__ = ["ImportOutcome", "expand_paths", "import_paths", "seed", "store_read", "will_seed"]


@dataclass
class ImportOutcome:
    """The results of importing several files: one IngestResult or one error per file."""

    results: list[IngestResult] = field(default_factory=list)
    errors: list[DigestError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.errors


#: What a digest file inside a folder may be called: its extension, or none. A file named directly is
#: read whatever its name (a folder of source code imported Python files as Markdown digests).
DIGEST_SUFFIXES = frozenset(
    {
        "",
        ".json",
        ".xml",
        ".rss",
        ".atom",
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".eml",
        ".mbox",
        ".html",
        ".htm",
    }
)


def expand_paths(paths: Sequence[str | Path], skipped: list[Path] | None = None) -> Iterator[Path]:
    """Files named directly, and the files inside named folders (recursively; hidden ones and those
    whose extension no digest has left out, and added to ``skipped``)."""
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in parts):
                    if child.suffix.lower() in DIGEST_SUFFIXES:
                        yield child
                    elif skipped is not None:
                        skipped.append(child)
        else:
            yield path


def import_paths(
    library: Library,
    paths: Sequence[str | Path],
    *,
    fmt: str | None,
    digest_date: str | None,
    on_file: Callable[[Path, IngestResult | DigestError], None] | None,
    procs: int,
) -> ImportOutcome:
    """Import files and folders, a file that fails reported and the others imported (see
    :meth:`Library.import_paths`)."""
    from paper_tui.reading import read_files

    library.refuse_if_damaged()
    outcome = ImportOutcome()
    files = list(expand_paths(paths))
    # Closed here, whatever stops the loop (ctrl-c, SIGTERM, a full disk): its workers are gone
    # before the caller says anything, not whenever the generator is collected.
    with contextlib.closing(read_files(files, fmt=fmt, digest_date=digest_date, procs=procs)) as reads:
        for path, read in reads:
            result: IngestResult | DigestError
            if isinstance(read, DigestError):
                result = read
                outcome.errors.append(read)
            else:
                result = store_read(library, read, sync=False)
                outcome.results.append(result)
            if on_file:
                on_file(path, result)
    # One index commit for the whole run (a commit costs far more than the documents it adds);
    # papers not yet indexed are listed in SQLite, so an interrupted run is indexed next time.
    library.sync_index(procs=procs)
    return outcome


def store_read(library: Library, read: ReadDigest, *, sync: bool) -> IngestResult:
    """Store a digest read (and sanitised) by :mod:`paper_tui.reading` in one transaction; with
    ``sync``, bring the index up to date."""
    store = library.store
    try:
        result = store.ingest(read.digest, name=read.name, content_hash=read.content_hash)
    except DatabaseDamaged as error:
        # Met while writing (the transaction rolled back): said as the damage report says it.
        problems = store.integrity_check(quick=True) or [str(error.__cause__ or error)]
        damage = describe_damage(library.paths, store, problems)
        raise StoreError(f"{damaged_message(library.paths, damage)}. Nothing was imported") from None
    if sync:
        library.sync_index()
    return result


def will_seed(store: Store) -> bool:
    """Whether :func:`seed` would import the bundled sample: an empty library, never seeded."""
    return not store.get_meta("seeded") and bool(seed_files()) and not store.view_ids(View(), 1)


def seed(library: Library) -> list[IngestResult]:
    """On an empty library, import the bundled sample digest(s); returns what was imported."""
    store = library.store
    if store.count() or store.get_meta("seeded"):
        return []
    results = []
    for path in seed_files():
        results.append(library.import_file(path))
    store.set_meta("seeded", "1")
    return results
