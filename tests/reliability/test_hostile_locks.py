"""Waiting for another process's lock (issue 17, finding 2): the wait says who holds the lock and since
when (``waiting for the reindex running since 08:12 (pid 4242) …``) and a cancel event ends it at
once; before, a second import or reindex waited over 60 s without a word, and the reader could not
quit while it waited."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paper_tui.library import Library
from paper_tui.locks import WaitCancelled
from tests.helpers import FIXTURES, cli_command, cli_env, wait_until

HF = FIXTURES / "hf_small.json"
HOLDS = {
    "index": "with library.index._writing():",
    "database": "with library.store.write(holder=True):",
    "inbox": "with _locked(library.paths.data_dir / 'inbox', library.waits.holder()):",
}


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[object]:
    """``hold(what, activity)``: another process holding the index lock, a write transaction or the
    inbox lock, as ``activity``, until the test ends (or ``release()``)."""
    processes: list[subprocess.Popen[str]] = []

    def hold(what: str, activity: str) -> subprocess.Popen[str]:
        home = Library.open().paths.data_dir
        script = textwrap.dedent(
            f"""
            import sys
            from paper_tui.library import Library
            from paper_tui.inbox import _locked
            library = Library.open({str(home)!r})
            library.waits.activity = {activity!r}
            (library.paths.data_dir / "inbox").mkdir(exist_ok=True)
            {HOLDS[what]}
                print("held", flush=True)
                sys.stdin.readline()
            """
        )
        process = subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
        assert process.stdout is not None and process.stdout.readline() == "held\n"
        processes.append(process)
        return process

    yield hold
    for process in processes:
        if process.poll() is None:
            assert process.stdin is not None
            process.stdin.write("\n")
            process.stdin.flush()
            process.wait(10)


SAID = re.compile(r"waiting for the (\w+) running since \d\d:\d\d \(pid (\d+)\) to finish ([\w ]+)…")


@pytest.mark.parametrize(
    ("what", "action", "doing"),
    [
        (
            "index",
            lambda library: library.import_file(FIXTURES / "arxiv_small.xml"),
            "writing the search index",
        ),
        ("database", lambda library: library.bookmark([1]), "writing to the library"),
    ],
    ids=["index write lock", "database write"],
)
def test_a_lock_wait_says_who_holds_it_and_a_cancel_ends_it_at_once(
    what: str, action: object, doing: str, holder: object
) -> None:
    setup = Library.open()
    setup.import_file(HF)
    setup.close()
    held = holder(what, "reindex")  # type: ignore[operator]
    library = Library.open()
    said: list[str] = []
    cancel = threading.Event()
    library.waits.on_wait = said.append
    library.waits.cancel = cancel
    try:
        errors: list[BaseException] = []

        def run() -> None:
            try:
                action(library)  # type: ignore[operator]
            except BaseException as error:
                errors.append(error)

        worker = threading.Thread(target=run)
        worker.start()
        wait_until(lambda: said, 20, "the wait to be said")
        found = SAID.fullmatch(said[0])
        assert found is not None, said
        assert found.groups() == ("reindex", str(held.pid), doing)  # type: ignore[attr-defined]
        cancelled_at = time.monotonic()
        cancel.set()
        worker.join(5)
        assert not worker.is_alive() and time.monotonic() - cancelled_at < 1.0
        assert len(errors) == 1 and isinstance(errors[0], WaitCancelled), errors
    finally:
        library.close()


def test_a_second_import_says_whose_index_rebuild_it_waits_for_and_then_imports(holder: object) -> None:
    home = Library.open().paths.data_dir
    held = holder("index", "reindex")  # type: ignore[operator]
    lines: list[str] = []
    process = subprocess.Popen(
        cli_command(home, "import", str(HF)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    assert process.stderr is not None

    def read() -> None:
        assert process.stderr is not None
        lines.extend(process.stderr)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    wait_until(lambda: lines, 30, "the waiting line")
    assert SAID.search(lines[0]) and f"(pid {held.pid})" in lines[0], lines  # type: ignore[attr-defined]
    assert lines[0].startswith("paper-tui: waiting for the reindex running since ")
    assert process.poll() is None  # still waiting
    assert held.stdin is not None  # type: ignore[attr-defined]
    held.stdin.write("\n")  # type: ignore[attr-defined]
    held.stdin.flush()  # type: ignore[attr-defined]
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0 and "hf-api 2026-08-11: 2 new" in out


def test_an_inbox_taken_by_another_process_is_said_with_its_holder(
    holder: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from paper_tui.cli import main

    held = holder("inbox", "import")  # type: ignore[operator]
    assert main(["import", "--inbox"]) == 0
    _, err = capsys.readouterr()
    assert re.fullmatch(
        rf"the inbox \(.*\) is being imported by the import running since \d\d:\d\d \(pid {held.pid}\); "  # type: ignore[attr-defined]
        r"its files are left to it\n",
        err,
    ), err
