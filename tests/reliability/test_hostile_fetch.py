"""Hostile servers (issue 17, findings 1, 2, 10 and 16), against tests.helpers.hostile_http on 127.0.0.1:
escapes in a reason phrase reach no terminal, a server that drips is stopped at the request's total
deadline, a cancel stops a request under way within a second, floods of pages are bounded in bytes
and memory, and no URL is printed with its credentials."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.fetch import fetch_hf
from paper_tui.fetch.http import FetchCancelled, FetchError, Http
from paper_tui.library import Library
from paper_tui.sync import run_fetch, source_label
from tests.helpers import cli_command, cli_env
from tests.helpers.hostile_http import HostileServer

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DAY = "2026-08-11"


def _assert_safe(*texts: str) -> None:
    for text in texts:
        assert not UNSAFE.search(text), repr(text)


def test_a_reason_phrase_with_escapes_reaches_no_terminal(
    hostile_server: HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The finding: `503 Service \\e]0;PWNED\\a\\e]52;…\\a\\e[2J Unavailable` set the window title and the
    clipboard and cleared the screen, from paper-tui fetch and from the reader's notification."""
    hostile_server.behaviour = hostile_server.reason
    assert main(["fetch", "hf", "--date", DAY, "--base-url", hostile_server.url]) == 1
    out, err = capsys.readouterr()
    _assert_safe(out, err)
    assert err == (
        f"paper-tui: hf {DAY}: {hostile_server.url}/api/daily_papers?date={DAY}&p=0&limit=50: "
        "HTTP 503 Service Unavailable (Service Unavailable)\n"
    )
    assert main(["fetch", "hf", "--date", DAY, "--base-url", hostile_server.url, "--json"]) == 1
    out, err = capsys.readouterr()
    _assert_safe(out, err)
    assert "HTTP 503 Service Unavailable" in json.loads(out)[0]["error"]


def test_credentials_are_removed_from_every_url_printed(
    hostile_server: HostileServer, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_server.behaviour = hostile_server.server_error
    base = hostile_server.url.replace("http://", "http://user:s3cret@")
    assert main(["fetch", "hf", "--date", DAY, "--base-url", base]) == 1
    out, err = capsys.readouterr()
    assert "HTTP 500" in err
    assert "s3cret" not in out + err and "user:" not in out + err and "user@" not in out + err
    assert main(["fetch", "hf", "--date", DAY, "--base-url", base, "--json"]) == 1
    out, _ = capsys.readouterr()
    assert "s3cret" not in out and json.loads(out)[0]["url"].startswith("http://127.0.0.1:")
    assert source_label(f"{base}/other", None) == "127.0.0.1"  # the reader's status line
    assert "s3cret" not in str(FetchError(f"{base}/x?token=abc123&p=1: HTTP 500"))
    assert "abc123" not in str(FetchError(f"{base}/x?token=abc123&p=1: HTTP 500"))


@pytest.mark.parametrize("in_headers", [True, False], ids=["headers", "body"])
def test_a_dripping_server_is_stopped_at_the_requests_total_deadline(
    in_headers: bool, hostile_server: HostileServer
) -> None:
    """One byte every half second: no socket timeout ever fires (20 s per read), only the deadline."""
    hostile_server.behaviour = hostile_server.drip(0.5, in_headers=in_headers)
    started = time.monotonic()
    with Http(total_timeout=2.0) as http, pytest.raises(FetchError) as caught:
        http.get(f"{hostile_server.url}/api/daily_papers")
    elapsed = time.monotonic() - started
    assert elapsed < 2.0 + 3.0, elapsed  # the deadline and a few seconds; never retried
    assert "no complete answer from 127.0.0.1" in str(caught.value) and "within 2 s" in str(caught.value)


@pytest.mark.parametrize("in_headers", [True, False], ids=["headers", "body"])
def test_a_cancel_stops_a_request_under_way_within_a_second_while_a_server_drips(
    in_headers: bool, hostile_server: HostileServer
) -> None:
    """What the reader's quit needs: a server dripping a byte every 5 s, the cancel event set while
    the request waits for the next byte."""
    hostile_server.behaviour = hostile_server.drip(5.0, in_headers=in_headers)
    cancel = threading.Event()
    set_at: list[float] = []

    def cancel_soon() -> None:
        time.sleep(0.5)  # the request is under way by then (the server answers at once)
        set_at.append(time.monotonic())
        cancel.set()

    threading.Thread(target=cancel_soon, daemon=True).start()
    with Http(cancel=cancel) as http, pytest.raises(FetchCancelled):
        http.get(f"{hostile_server.url}/api/daily_papers")
    assert time.monotonic() - set_at[0] < 1.0


def test_a_cancelled_fetch_run_ends_within_a_second(hostile_server: HostileServer) -> None:
    """The reader's fetch (sync.run_fetch) with its worker's cancel event."""
    from paper_tui.config import FetchConfig

    hostile_server.behaviour = hostile_server.drip(5.0, in_headers=False)
    cancel = threading.Event()
    library = Library.open()
    try:
        config = FetchConfig(hf=True, hf_days=3, hf_base_url=hostile_server.url)
        threading.Timer(0.5, cancel.set).start()
        started = time.monotonic()
        run = run_fetch(library, config, on_source=lambda label: None, cancelled=cancel)
        assert time.monotonic() - started < 0.5 + 1.0
        assert [r.error for r in run.results] == ["cancelled (the reader is closing)"] * 3
    finally:
        library.close()


@pytest.mark.slow
def test_a_fetch_against_a_dripping_server_ends_within_its_deadline(
    hostile_server: HostileServer, tmp_path: Path
) -> None:
    """The finding: `paper-tui fetch` still ran at 150 s against one byte every 5 s."""
    hostile_server.behaviour = hostile_server.drip(5.0, in_headers=False)
    started = time.monotonic()
    done = subprocess.run(
        cli_command(tmp_path / "home", "fetch", "hf", "--date", DAY, "--base-url", hostile_server.url),
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=120,
    )
    assert time.monotonic() - started < 60 + 10
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert (
        f"{DAY}&p=0&limit=50: no complete answer from 127.0.0.1:{hostile_server.port} within 60 s"
        in done.stderr
    )


def _peak_rss_mb(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``command`` through a small parent that reports its children's peak memory."""
    probe = (
        "import json, resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([done.returncode, done.stdout, done.stderr, peak]))\n"
    )
    wrapper = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, env=cli_env(), timeout=300
    )
    code, out, err, peak = json.loads(wrapper.stdout)
    return subprocess.CompletedProcess(command, code, out, err), float(peak)


@pytest.mark.slow
@pytest.mark.parametrize("page_mb", [20, 3])
def test_a_flood_of_pages_is_bounded_in_bytes_and_memory(
    page_mb: int, hostile_server: HostileServer, tmp_path: Path
) -> None:
    """The finding: 20 pages of about 50 MB, each under the per-response cap, drove a fetch to 3.96 GB.
    A day's pages together may hold 16 MB (a real day is a few hundred KB)."""
    hostile_server.behaviour = hostile_server.flood(page_mb * 2**20)
    done, peak = _peak_rss_mb(
        cli_command(tmp_path / "home", "fetch", "hf", "--date", DAY, "--base-url", hostile_server.url)
    )
    assert done.returncode == 1, done.stderr
    assert "the response is larger than" in done.stderr and "nothing was imported" in done.stderr
    assert len(hostile_server.requests) <= 16 // page_mb + 1
    assert peak < 400, f"{peak:.0f} MB"


def test_a_fetch_run_stops_at_its_byte_budget(hostile_server: HostileServer) -> None:
    hostile_server.behaviour = hostile_server.flood(2**20)
    library = Library.open()
    try:
        with Http(budget=5 * 2**20) as http:
            days = [date(2026, 8, 10), date(2026, 8, 11)]
            results = fetch_hf(library, days, base_url=hostile_server.url, http=http)
        assert http.received <= 5 * 2**20 + 2**20
        for result in results:
            assert result.error is not None and "received more than 5 MB in all, its limit" in result.error
    finally:
        library.close()
