"""Several processes on one library: readers writing user state while imports run, and two imports at once.

Separate processes, not threads, so that SQLite's file locking and Whoosh's writer lock are exercised
as they are between a cron import and an open reader. Every process must finish without an error
("database is locked" included), and the final library must hold every write each process made.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paper_tui.library import Library, View
from tests.helpers import (
    REPO,
    UserState,
    assert_digests_whole,
    cli_command,
    cli_env,
    fresh_build_ids,
    integrity,
    make_user_state,
    search_ids,
    write_hf_digest,
)
from tests.helpers.ui import main_screen, make_app, settle

pytestmark = pytest.mark.slow

QUERIES = ("diffusion", "robot OR kernel", "title:graph", "wave0", "wave1", "wave2", "wave3", "n1*")


def _session(home: Path, ids: list[int], seed: int, stop: Path, out: Path) -> subprocess.Popen[str]:
    code = (
        "import sys; from tests.helpers import reader_session; "
        f"reader_session({str(home)!r}, {ids!r}, {seed}, {str(stop)!r}, {str(out)!r})"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _check_final(home: Path, tmp_path: Path) -> None:
    """Integrity, and searches answering exactly like an index built from scratch."""
    assert integrity(home / "library.sqlite3") == "ok"
    library = Library.open(home)
    try:
        assert search_ids(library, QUERIES) == fresh_build_ids(library, QUERIES, tmp_path / "fresh")
        assert library.index.pids() == set(library.store.all_ids())
        assert library.store.pending_index() == []
    finally:
        library.close()


def test_two_readers_and_repeated_imports_lose_no_write(tmp_path: Path) -> None:
    home = tmp_path / "home"
    seed = write_hf_digest(tmp_path / "seed.json", "2026-07-01", 60, start=50_000, seed=9)
    library = Library.open(home)
    try:
        library.import_file(seed)
        ids = library.store.all_ids()
        untouched = make_user_state(library, ids[40:])  # nobody touches these papers
    finally:
        library.close()
    files = [
        write_hf_digest(
            tmp_path / f"wave-{n}.json", f"2026-08-0{n + 1}", 150, start=n * 150, seed=n, marker=f"wave{n}"
        )
        for n in range(4)
    ]
    stop = tmp_path / "stop"
    sessions = [
        _session(home, ids[:20], 1, stop, tmp_path / "a.json"),
        _session(home, ids[20:40], 2, stop, tmp_path / "b.json"),
    ]
    try:
        # The third process: a cron job importing one digest after another while both readers work.
        for path in files:
            done = subprocess.run(
                cli_command(home, "import", str(path)),
                capture_output=True,
                text=True,
                env=cli_env(),
                timeout=120,
            )
            assert done.returncode == 0, done.stderr
            assert _errors(done.stderr) == []
    finally:
        stop.touch()
        outputs = [session.communicate(timeout=120) for session in sessions]
    for session, (_, err) in zip(sessions, outputs, strict=True):
        assert session.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err, err

    present = assert_digests_whole(home / "library.sqlite3", {str(p): 150 for p in files})
    assert present == {str(p) for p in files}
    library = Library.open(home)
    try:
        final = UserState.of(library)
        counts = []
        for out, own in ((tmp_path / "a.json", ids[:20]), (tmp_path / "b.json", ids[20:40])):
            expected = json.loads(out.read_text(encoding="utf-8"))
            counts.append(expected["actions"])
            assert sorted(final.bookmarks & set(own)) == expected["bookmarks"]
            assert sorted(final.reads & set(own)) == expected["reads"]
            assert [pid for pid in final.queue if pid in own] == expected["queue"]
            assert {str(pid): body for pid, body in final.notes if pid in own} == expected["notes"]
        mine = set(ids[40:])
        assert final.bookmarks & mine == untouched.bookmarks
        assert final.reads & mine == untouched.reads
        assert [pid for pid in final.queue if pid in mine] == list(untouched.queue)
        assert [note for note in final.notes if note[0] in mine] == list(untouched.notes)
    finally:
        library.close()
    _check_final(home, tmp_path)
    print(f"\nreader sessions made {counts} actions while 4 imports ran")


@pytest.mark.parametrize("fresh", [True, False], ids=["new-library", "existing-library"])
def test_a_second_import_while_one_runs_waits_and_both_finish(tmp_path: Path, fresh: bool) -> None:
    home = tmp_path / "home"
    if not fresh:
        library = Library.open(home)
        library.import_file(write_hf_digest(tmp_path / "seed.json", "2026-07-01", 30, start=50_000, seed=9))
        library.close()
    first = [
        write_hf_digest(tmp_path / f"a{n}.json", f"2026-08-0{n + 1}", 200, start=n * 200, seed=n)
        for n in range(2)
    ]
    second = [
        write_hf_digest(tmp_path / f"b{n}.json", f"2026-08-1{n + 1}", 200, start=1000 + n * 200, seed=10 + n)
        for n in range(2)
    ]
    # The second run also imports one of the first run's files: the same digest from two processes.
    runs = [
        subprocess.Popen(
            cli_command(home, "import", *map(str, files)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
        for files in (first, [*second, first[0]])
    ]
    started = time.monotonic()
    results = [process.communicate(timeout=120) for process in runs]
    for process, (_, err) in zip(runs, results, strict=True):
        assert process.returncode == 0, err
        assert _errors(err) == [], err
    assert time.monotonic() - started < 60
    present = assert_digests_whole(home / "library.sqlite3", {str(p): 200 for p in first + second})
    assert present == {str(p) for p in first + second}
    library = Library.open(home)
    try:
        assert library.counts()["papers"] == 800 + (0 if fresh else 30)
    finally:
        library.close()
    _check_final(home, tmp_path)
    shutil.rmtree(home)


async def test_two_readers_in_one_process_each_see_the_others_writes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    library = Library.open(home)
    library.import_file(write_hf_digest(tmp_path / "seed.json", "2026-07-01", 20, start=50_000, seed=9))
    library.close()
    first, second = Library.open(home), Library.open(home)

    try:
        one, two = make_app(first, poll_interval=0.1), make_app(second, poll_interval=0.1)
        async with one.run_test(size=(120, 36)) as pilot_one, two.run_test(size=(120, 36)) as pilot_two:
            await settle(one, pilot_one)
            await settle(two, pilot_two)
            await pilot_one.press("b", "a", "j", "a")  # bookmark and queue the first paper, queue the second
            await settle(one, pilot_one)
            await pilot_two.press("j", "j", "a", "r")  # queue the third paper, mark it read
            await settle(two, pilot_two)
            deadline = time.monotonic() + 10
            # Each reader polls SQLite's data_version and shows the other's writes.
            while (
                main_screen(one).status.counts.get("queued") != 3
                or main_screen(two).status.counts.get("queued") != 3
            ):
                assert time.monotonic() < deadline, (
                    main_screen(one).status.counts,
                    main_screen(two).status.counts,
                )
                await pilot_one.pause(0.05)
                await pilot_two.pause(0.05)
            assert (
                main_screen(two).status.counts["bookmarked"] == 1
                and main_screen(one).status.counts["unread"] == 19
            )
        state = UserState.of(first)
        ids = first.view_ids(View(latest=True))
        assert state.bookmarks == {ids[0]} and state.reads == {ids[2]}
        assert state.queue == tuple(ids[:3])
    finally:
        first.close()
        second.close()


def _errors(stderr: str) -> list[str]:
    """The lines of stderr but the one a wait for another process's lock says (issue 17)."""
    return [line for line in stderr.splitlines() if not line.startswith("paper-tui: waiting for the ")]
