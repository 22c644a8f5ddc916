"""Cached corpora and libraries under bench/out/, so that repeated runs never regenerate or re-import."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
RESULTS = BENCH / "results"
VENV_BIN = REPO / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
PAPER_TUI = VENV_BIN / "paper-tui"

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
#: Papers in the "one more daily digest" imported into a library of the size.
DAILY_PAPERS = 500
#: Marks a finished corpus or library (hidden, so `paper-tui import DIR` skips it).
DONE = ".complete"


@dataclass(frozen=True)
class Workspace:
    """The cached inputs of one size: the corpus folder, the library folder and the extra daily digest."""

    size: str

    @property
    def papers(self) -> int:
        """Unique papers in the corpus."""
        return SIZES[self.size]

    @property
    def corpus(self) -> Path:
        """The generated digests."""
        return OUT / f"corpus-{self.size}"

    @property
    def library(self) -> Path:
        """The library built from the corpus with ``paper-tui import`` (or copied from ``--library``)."""
        return OUT / f"lib-{self.size}"

    @property
    def daily(self) -> Path:
        """One more 500-paper digest, dated the day after the corpus ends, of papers the corpus lacks."""
        return OUT / f"daily-{self.size}" / "daily-hf.json"


def ensure_corpus(ws: Workspace) -> Path:
    """Generate the corpus once (deterministic: seed 7)."""
    if not (ws.corpus / DONE).exists():
        shutil.rmtree(ws.corpus, ignore_errors=True)
        generate.generate(ws.papers, ws.corpus)
        (ws.corpus / DONE).write_text("ok\n")
    return ws.corpus


def corpus_files(corpus: Path) -> list[Path]:
    """The digest files of a corpus, in import order."""
    return sorted(p for p in corpus.iterdir() if p.is_file() and not p.name.startswith("."))


def ensure_daily(ws: Workspace) -> Path:
    """Write the extra daily digest once: ids numbered past the corpus, another seed, the next day."""
    if not ws.daily.exists():
        last = corpus_files(ensure_corpus(ws))[-1].name[:10]
        day = date.fromisoformat(last) + timedelta(days=1)
        generate.daily_digest(DAILY_PAPERS, day, ws.daily, start=ws.papers)
    return ws.daily


def import_command(data_dir: Path, *paths: Path) -> list[str]:
    """The ``paper-tui import`` command line the harness measures."""
    return [str(PAPER_TUI), "--data-dir", str(data_dir), "import", "--json", *map(str, paths)]


def copy_library(source: Path, target: Path) -> Path:
    """Copy a library folder (database and index; backups are left out)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("backups", "*.damaged-*"))
    return target


def ensure_library(ws: Workspace, seed_from: Path | None = None) -> Path:
    """The size's library: copied from ``seed_from`` (an existing library) or imported once, unmeasured."""
    if (ws.library / DONE).exists():
        return ws.library
    if seed_from is not None:
        copy_library(seed_from, ws.library)
    else:
        shutil.rmtree(ws.library, ignore_errors=True)
        subprocess.run(import_command(ws.library, ensure_corpus(ws)), check=True, stdout=subprocess.DEVNULL)
    (ws.library / DONE).write_text("ok\n")
    return ws.library


def adopt_library(ws: Workspace, built: Path) -> None:
    """Keep a library the ingest part just built as the size's cached library (when none is cached)."""
    if (ws.library / DONE).exists():
        return
    shutil.rmtree(ws.library, ignore_errors=True)
    copy_library(built, ws.library)
    (ws.library / DONE).write_text("ok\n")


def paper_count(data_dir: Path) -> int:
    """Papers in a library's database (read directly, read-only)."""
    conn = sqlite3.connect(f"file:{data_dir / 'library.sqlite3'}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
    finally:
        conn.close()


def max_paper_id(data_dir: Path) -> int:
    """The highest paper id in a library (papers imported later have higher ids)."""
    conn = sqlite3.connect(f"file:{data_dir / 'library.sqlite3'}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM papers").fetchone()[0])
    finally:
        conn.close()


@contextmanager
def preserved_state(data_dir: Path) -> Iterator[None]:
    """Put back the queue, read marks and the reader's saved place after the reader has run on a library.

    The reader marks a paper read after it rests in the detail pane, saves its view on quit, and the
    keys part adds papers to the queue: without this, each run would measure a slightly different
    library.
    """
    from paper_tui.library import Library

    with Library.open(data_dir) as library:
        queue = library.queue()
        reads = {r[0] for r in library.store.conn.execute("SELECT paper_id FROM reads")}
        meta = library.store.conn.execute("SELECT key, value FROM meta WHERE key LIKE 'ui.%'").fetchall()
        meta = [(key, value) for key, value in meta]
    try:
        yield
    finally:
        with Library.open(data_dir) as library:
            now_queued = library.queue()
            library.queue_remove([i for i in now_queued if i not in queue])
            if library.queue() != queue:
                library.queue_remove(library.queue())
                library.queue_add(queue)
            now_read = {r[0] for r in library.store.conn.execute("SELECT paper_id FROM reads")}
            library.mark_read(sorted(now_read - reads), False)
            library.mark_read(sorted(reads - now_read), True)
            with library.store.write() as conn:
                conn.execute("DELETE FROM meta WHERE key LIKE 'ui.%'")
                conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", meta)
