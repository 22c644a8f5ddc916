"""What the tests share (no Textual here; the Pilot helpers are in tests.helpers.ui): where things
are, papers and digests built without a parser, and for the reliability and terminal tests synthetic
digests, the command line in a subprocess, checks over a data folder and a private tmux server."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from paper_tui.index import Document, Index
from paper_tui.library import Library
from paper_tui.model import Digest, IngestResult, Link, Paper

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO.parent / "shared" / "samples"
SEEDS = REPO / "seeds"
FIXTURES = REPO / "tests" / "fixtures"
#: A real arXiv cs listing e-mail (21-22 January 2026, 382 records): For you's papers in the taste tests.
LISTING = REPO / "bench" / "data" / "arxiv-cs-listing-2026-01-23.txt"
#: The paper-tui script installed beside this interpreter (the venv's).
SCRIPT = Path(sys.executable).with_name("paper-tui")


def sample(name: str) -> Path:
    """A file of ../shared/samples, or skip the test when that folder is absent."""
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


def listing_library(home: Path) -> Path:
    """Build a library of :data:`LISTING` in ``home`` (to be built once and copied per test); returns
    ``home``."""
    with Library.open(home) as library:
        library.import_file(LISTING)
    return home


def library_copy(home: Path, to: Path) -> Library:
    """A copy of the library in ``home`` (its backups left out) at ``to``, opened."""
    shutil.copytree(home, to, ignore=shutil.ignore_patterns("backups"))
    return Library.open(to)


def paper(title: str, arxiv_id: str | None = None, **fields: object) -> Paper:
    """A Paper with sensible defaults."""
    fields.setdefault("abstract", f"Abstract of {title}.")
    if arxiv_id and "links" not in fields:
        fields["links"] = (Link("arxiv", f"https://arxiv.org/abs/{arxiv_id}"),)
    return Paper(title=title, arxiv_id=arxiv_id, **fields)  # type: ignore[arg-type]


def ingest(
    library: Library, *papers: Paper, date: str = "2026-08-01", source: str = "hf-api"
) -> IngestResult:
    """Ingest a digest made of ``papers``."""
    digest = Digest(source, date, tuple(papers))
    key = hashlib.sha256(repr(digest).encode()).hexdigest()
    return library.ingest(digest, name=f"{source}-{date}", content_hash=key)


def digest_json(day: str, count: int, *, start: int = 0) -> str:
    """A Hugging Face API digest for ``day`` with ``count`` papers numbered from ``start``."""
    import json

    items = [
        {
            "paper": {
                "id": f"2608.{start + i:05d}",
                "title": f"Paper number {start + i} on testing",
                "summary": f"An abstract for paper {start + i}.",
                "authors": [{"name": "Ann Smith"}],
            },
            "publishedAt": f"{day}T00:00:00.000Z",
        }
        for i in range(count)
    ]
    return json.dumps(items)


def closed_port() -> int:
    """A local port that nothing listens on (a server that is "offline")."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- reliability tests: synthetic digests, the CLI in a subprocess, checks over a data folder --------

#: Words for synthetic titles and abstracts (every one is indexed: 3+ letters, no stop words).
_WORD_TEXT = (
    "diffusion transformer language model graph neural network sparse attention reinforcement learning "
    "policy reward vision encoder decoder token routing expert mixture scaling benchmark dataset agent "
    "retrieval memory reasoning chain prompt alignment preference robust adversarial quantum molecule "
    "protein structure video audio speech robot planning control kernel gradient optimizer curriculum"
)
WORDS = tuple(_WORD_TEXT.split())


def synthetic_papers(count: int, *, start: int, seed: int, marker: str = "") -> list[dict[str, Any]]:
    """``count`` papers with unique arXiv ids ``2601.<start+i>``; ``marker`` is a word in every title."""
    rng = random.Random(seed)
    papers = []
    for number in range(start, start + count):
        title = " ".join(rng.choices(WORDS, k=rng.randint(4, 9))).capitalize()
        if marker:
            title = f"{title} {marker}"
        abstract = ". ".join(" ".join(rng.choices(WORDS, k=rng.randint(8, 16))) for _ in range(6)) + "."
        papers.append(
            {
                "id": f"2601.{number:05d}",
                "title": f"{title} n{number}",
                "summary": abstract.capitalize(),
                "authors": [{"name": f"Author{rng.randint(1, 400)} Surname{rng.randint(1, 400)}"}],
                "upvotes": rng.randint(0, 99),
            }
        )
    return papers


def write_hf_digest(path: Path, day: str, count: int, *, start: int, seed: int = 0, marker: str = "") -> Path:
    """Write a Hugging Face daily-papers JSON digest of ``count`` new papers for ``day``."""
    items = [
        {"paper": p, "publishedAt": f"{day}T00:00:00.000Z"}
        for p in synthetic_papers(count, start=start, seed=seed, marker=marker)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def cli_command(data_dir: Path, *args: str) -> list[str]:
    """``python -m paper_tui --data-dir DIR ARGS...`` (this interpreter, so the venv's paper_tui)."""
    return [sys.executable, "-m", "paper_tui", "--data-dir", str(data_dir), *args]


def cli_env() -> dict[str, str]:
    """The environment for CLI subprocesses: unbuffered output (lines arrive as they are printed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start_import(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    """``paper-tui import ARGS`` as from an interactive shell (SIGINT not ignored, as a background
    job's would be); its stdout can be read without blocking, its stderr at the end."""
    process = subprocess.Popen(
        cli_command(data_dir, "import", *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None and process.stderr is not None
    os.set_blocking(process.stdout.fileno(), False)
    return process


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll ``condition`` (every 20 ms) until it is true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


def child_pids(pid: int) -> set[int]:
    """The processes that ``pid``'s main thread started and that have not been reaped (Linux /proc)."""
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie, dead but not yet reaped, does not count; Linux /proc)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def integrity(database: Path) -> str:
    """SQLite's ``PRAGMA integrity_check`` over a fresh connection (``ok`` when healthy)."""
    conn = sqlite3.connect(database)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def sightings_by_digest(database: Path) -> dict[str, int]:
    """Digest name (the imported file's path) -> how many papers the library records it holding."""
    conn = sqlite3.connect(database)
    try:
        rows = conn.execute(
            "SELECT d.name, count(s.paper_id) FROM digests d "
            "LEFT JOIN sightings s ON s.digest_id = d.id GROUP BY d.id"
        ).fetchall()
    finally:
        conn.close()
    return {name: count for name, count in rows}


def assert_digests_whole(database: Path, expected: dict[str, int]) -> set[str]:
    """Each digest of ``expected`` (name -> paper count) is wholly present or absent; returns the present."""
    found = sightings_by_digest(database)
    present = set()
    for name, count in expected.items():
        if name in found:
            assert found[name] == count, f"{name}: {found[name]} of {count} papers recorded"
            present.add(name)
    return present


@dataclass(frozen=True)
class UserState:
    """Everything the user did, as read back from the store."""

    bookmarks: frozenset[int]
    reads: frozenset[int]
    queue: tuple[int, ...]
    notes: tuple[tuple[int, str], ...]

    @classmethod
    def of(cls, library: Library) -> UserState:
        """The state of a library now."""
        conn = library.store.conn
        return cls(
            frozenset(r[0] for r in conn.execute("SELECT paper_id FROM bookmarks")),
            frozenset(r[0] for r in conn.execute("SELECT paper_id FROM reads")),
            tuple(library.queue()),
            tuple(conn.execute("SELECT paper_id, body FROM notes ORDER BY paper_id").fetchall()),
        )


def make_user_state(library: Library, ids: Sequence[int]) -> UserState:
    """Bookmark, queue (then reorder), mark read and annotate some of ``ids``; returns the state."""
    library.bookmark([ids[0], ids[3], ids[5]])
    library.queue_add([ids[1], ids[2], ids[4], ids[6]])
    library.queue_move(ids[6], 1)
    library.mark_read([ids[2], ids[7]])
    library.set_note(ids[1], "first note: keep me")
    library.set_note(ids[5], "second note\nwith two lines")
    return UserState.of(library)


def search_ids(library: Library, queries: Sequence[str]) -> dict[str, set[int]]:
    """Every hit of each query through the library (which repairs the index first when needed)."""
    return {q: {hit.paper_id for hit in library.search(q, 1_000_000)} for q in queries}


def fresh_build_ids(library: Library, queries: Sequence[str], folder: Path) -> dict[str, set[int]]:
    """The hits each query gets from an index built from scratch out of the library's SQLite rows."""
    shutil.rmtree(folder, ignore_errors=True)
    index = Index(folder)
    ids = library.store.all_ids()
    index.rebuild((Document.of(record) for record in library.papers(ids)), len(ids))
    try:
        return {q: {hit.paper_id for hit in index.search(q, 1_000_000)} for q in queries}
    finally:
        index.close()
        shutil.rmtree(folder, ignore_errors=True)


class Tmux:
    """A private tmux server (its own socket) with one session running one program at a time."""

    def __init__(self, width: int = 120, height: int = 36) -> None:
        self.socket = f"paper-tui-rel-{uuid.uuid4().hex[:12]}"
        self.width, self.height = width, height
        self.started = False

    def __call__(self, *args: str) -> str:
        """Run a tmux command on this server; returns its output."""
        tmux = shutil.which("tmux")
        assert tmux is not None
        done = subprocess.run(
            [tmux, "-L", self.socket, *args], capture_output=True, text=True, timeout=10, env=cli_env()
        )
        return done.stdout

    def run(self, command: str) -> None:
        """Run a shell command in the pane (replacing what ran before); the pane stays for 10 minutes."""
        if not self.started:
            # Sized first, then the program: one started with the session can see the pty unsized.
            self(
                "new-session", "-d", "-s", "main", "-x", str(self.width), "-y", str(self.height), "sleep 600"
            )
            self.started = True
        self("respawn-pane", "-k", "-t", "main", "sh", "-c", f"{command}; sleep 600")

    def screen(self) -> str:
        """The visible text of the pane."""
        return self("capture-pane", "-p", "-t", "main")

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        """Poll the pane until every text is on it (bounded); returns the screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {texts!r}; the screen was:\n{screen}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        """Type keys, one send-keys call each (``literal``: the text as typed, no key names)."""
        for key in keys:
            self("send-keys", "-t", "main", *(["-l"] if literal else []), key)

    def pane(self, fmt: str) -> str:
        """A pane format variable (``#{alternate_on}``, ``#{cursor_flag}`` ...)."""
        return self("display", "-p", "-t", "main", fmt).strip()

    def program_pid(self) -> int:
        """The pid of the program the pane's shell runs (its first child)."""
        shell = self.pane("#{pane_pid}")
        found: list[str] = []

        def child() -> bool:
            done = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", shell], capture_output=True, text=True, timeout=10
            )
            found[:] = done.stdout.split()
            return bool(found)

        wait_until(child, 10, "the program in the tmux pane")
        return int(found[0])

    def close(self) -> None:
        """Kill the server and remove its socket file."""
        socket_path = self("display", "-p", "#{socket_path}").strip()
        self("kill-server")
        if socket_path:
            Path(socket_path).unlink(missing_ok=True)


def require_tmux() -> None:
    """Skip the test when tmux is not installed."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")


def require_script() -> None:
    """Skip the test when the paper-tui script is not installed beside this interpreter."""
    if not SCRIPT.exists():
        pytest.skip("the paper-tui script is not installed")


class ReaderTerminal(Tmux):
    """A private tmux server running the installed paper-tui over one library home."""

    def __init__(self, home: Path) -> None:
        super().__init__()
        self.home = home

    def start(self) -> None:
        """Start the reader (in place of the last run); it prints ``paper-tui exited with N`` on exit."""
        self.run(
            f"PAPER_TUI_HOME={shlex.quote(str(self.home))} {shlex.quote(str(SCRIPT))}; "
            'echo "paper-tui exited with $?"'
        )


def reader_session(data_dir: str, ids: Sequence[int], seed: int, stop_file: str, out_file: str) -> None:
    """A scripted reader (run in its own process): random user actions on ``ids`` until ``stop_file``.

    Bookmarks, read marks, notes, queue appends, moves to the top or the bottom, done and removal, and
    searches, each through its own Library call, as the reader makes them. Its own queue entries keep a
    relative order that no other process can change (others only append or move their own papers to an
    end), so the expected final state follows from this session alone; it is written to ``out_file``
    as JSON along with the number of actions.
    """
    rng = random.Random(seed)
    bookmarks: set[int] = set()
    reads: set[int] = set()
    notes: dict[int, str] = {}
    queue: list[int] = []
    actions = 0
    library = Library.open(data_dir)
    try:
        state = UserState.of(library)
        bookmarks = set(state.bookmarks) & set(ids)
        reads = set(state.reads) & set(ids)
        queue = [pid for pid in state.queue if pid in ids]
        notes = {pid: body for pid, body in state.notes if pid in ids}
        while actions < 60 or not Path(stop_file).exists():
            actions += 1
            pid = rng.choice(ids)
            action = rng.choice(
                ("bookmark", "bookmark", "read", "note", "queue", "queue", "top", "bottom", "done", "search")
            )
            if action == "bookmark":
                on = pid not in bookmarks
                library.bookmark([pid], on)
                (bookmarks.add if on else bookmarks.discard)(pid)
            elif action == "read":
                on = pid not in reads
                library.mark_read([pid], on)
                (reads.add if on else reads.discard)(pid)
            elif action == "note":
                body = f"note {actions} from session {seed}"
                library.set_note(pid, body)
                notes[pid] = body
            elif action == "queue":
                if pid in queue:
                    library.queue_remove([pid])
                    queue.remove(pid)
                else:
                    library.queue_add([pid])
                    queue.append(pid)
            elif action in ("top", "bottom") and queue:
                moved = rng.choice(queue)
                library.queue_move(moved, 1 if action == "top" else 1_000_000)
                queue.remove(moved)
                queue.insert(0 if action == "top" else len(queue), moved)
            elif action == "done" and queue:
                finished = rng.choice(queue)
                library.queue_done([finished])
                queue.remove(finished)
                reads.add(finished)
            elif action == "search":
                hits = library.search(rng.choice(WORDS), 20)
                assert all(library.store.exists(hit.paper_id) for hit in hits)
    finally:
        library.close()
    Path(out_file).write_text(
        json.dumps(
            {
                "actions": actions,
                "bookmarks": sorted(bookmarks),
                "reads": sorted(reads),
                "queue": queue,
                "notes": {str(k): v for k, v in notes.items()},
            }
        ),
        encoding="utf-8",
    )
