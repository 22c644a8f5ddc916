"""Devices, pipes and stdin (issue 17, finding 11): read with a byte limit, and a FIFO no one writes to
is given up after a while instead of blocking the import for good."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from paper_tui import importers, reading
from paper_tui.cli import main
from tests.helpers import FIXTURES, cli_command, cli_env

HF = FIXTURES / "hf_small.json"
LIMIT = importers.MAX_INPUT_BYTES


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_read_with_a_byte_limit_and_the_other_files_import(
    device: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The finding: /dev/zero ended in MemoryError, /dev/urandom ran until killed."""
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    started = time.monotonic()
    code = main(["import", device, str(HF)])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 1 and elapsed < 30
    assert (
        err
        == f"paper-tui: {device}: more than {LIMIT} bytes (the limit): a device or a stream that does not end?\n"
    )
    assert f"{HF}: hf-api 2026-08-11: 2 new" in out


def test_stdin_is_read_with_a_byte_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            cli_command(tmp_path / "home", "import", "-"),
            stdin=zero,
            capture_output=True,
            text=True,
            env=cli_env(),
            timeout=60,
        )
    assert done.returncode == 1
    assert (
        done.stderr
        == f"paper-tui: <stdin>: more than {LIMIT} bytes (the limit): a device or a stream that does not end?\n"
    )


def test_a_fifo_no_one_writes_to_is_given_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "digest.json"
    os.mkfifo(fifo)
    with monkeypatch.context() as patched:
        patched.setattr(reading, "PIPE_IDLE_S", 1.0)
        started = time.monotonic()
        code = main(["import", str(fifo), str(HF)])
        elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert code == 1 and elapsed < 10  # the idle limit and a few seconds, never for good
    assert err == f"paper-tui: {fifo}: nothing arrived for 1 s (a pipe no one writes to?)\n"
    assert f"{HF}: hf-api" in out


def test_a_fifo_with_a_writer_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "digest.json"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as pipe:  # waits for the reader to open its end
            pipe.write(HF.read_bytes())

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    assert main(["import", str(fifo)]) == 0
    writer.join(10)
    assert f"{fifo}: hf-api 2026-08-11: 2 new" in capsys.readouterr().out
