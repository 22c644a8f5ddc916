"""Fetching over HTTP against a real server on 127.0.0.1 serving recorded responses (no test reaches the internet)."""

from __future__ import annotations

import itertools
import json
import socket
import threading
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from paper_tui import cli
from paper_tui.categories import closest_categories
from paper_tui.fetch import (
    CategoryError,
    FetchConfig,
    Http,
    Throttle,
    arxiv_category,
    fetch_arxiv,
    fetch_configured,
    fetch_hf,
    hf_days,
)
from paper_tui.fetch.http import _retry_after as retry_after
from paper_tui.library import Library, View
from tests.helpers import FIXTURES, closed_port, sample

pytestmark = pytest.mark.usefixtures("no_proxy")

FETCH = FIXTURES / "fetch"
MORNING_HALF = (FETCH / "hf_2026-08-03_morning.json").read_bytes()[:400]
HF_SAMPLE = "hf_daily_papers_api_2026-08_pretty_b.json"
ARXIV_SAMPLE = "arxiv_rss2_cs.AI_2026-04-27_3items.xml"
JSON = "application/json; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


class Recorder:
    """A fake ``sleep`` that records how long it was asked to wait."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


class FakeClock:
    """A monotonic clock that only moves when slept on (or when a test moves it)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def quick_http(**overrides: object) -> Http:
    """A client with tiny timeouts and a recording sleep (no real waiting in tests)."""
    settings: dict[str, object] = {"timeout": 5.0, "connect_timeout": 5.0, "sleep": Recorder()}
    settings.update(overrides)
    return Http(**settings)  # type: ignore[arg-type]


def base(server: HTTPServer) -> str:
    return server.url_for("/").rstrip("/")


def hf_query(day: str, page: int, limit: int) -> dict[str, str]:
    return {"date": day, "p": str(page), "limit": str(limit)}


# -- Hugging Face ------------------------------------------------------------------------------


def test_hf_day_is_imported_and_its_raw_response_kept_byte_for_byte(
    httpserver: HTTPServer, library: Library
) -> None:
    body = sample(HF_SAMPLE).read_bytes()
    httpserver.expect_ordered_request(
        "/api/daily_papers", query_string=hf_query("2026-07-31", 0, 50)
    ).respond_with_data(body, content_type=JSON)

    [fetched] = fetch_hf(library, [date(2026, 7, 31)], base_url=base(httpserver), http=quick_http())

    httpserver.check_assertions()
    assert fetched.ok, fetched.error
    assert fetched.result is not None and fetched.result.new == 5
    assert fetched.result.date == "2026-07-31"
    assert fetched.papers == 5
    assert fetched.raw_path == library.paths.raw_dir / "hf-api" / "2026-07-31-daily_papers.json"
    assert fetched.raw_path.read_bytes() == body
    assert library.counts()["papers"] == 5
    assert "2026-07-31: 5 papers, 5 new" in fetched.line()


def test_hf_raw_file_reimports_to_the_same_digest(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        sample(HF_SAMPLE).read_bytes(), content_type=JSON
    )
    [fetched] = fetch_hf(library, [date(2026, 7, 31)], base_url=base(httpserver), http=quick_http())
    assert fetched.raw_path is not None and fetched.result is not None

    # What `paper-tui import <raw file>` does: no --date, no --format.
    again = library.import_paths([fetched.raw_path])

    assert again.ok
    [result] = again.results
    assert (result.digest_id, result.date, result.source) == (
        fetched.result.digest_id,
        fetched.result.date,
        fetched.result.source,
    )
    assert (result.new, result.unchanged) == (0, 5)


def test_hf_pages_are_requested_until_a_short_page(httpserver: HTTPServer, library: Library) -> None:
    items = json.loads(sample(HF_SAMPLE).read_text(encoding="utf-8"))
    for page, chunk in enumerate((items[:3], items[3:])):
        httpserver.expect_ordered_request(
            "/api/daily_papers", query_string=hf_query("2026-07-31", page, 3)
        ).respond_with_json(chunk)

    [fetched] = fetch_hf(library, [date(2026, 7, 31)], base_url=base(httpserver), http=quick_http(), limit=3)

    httpserver.check_assertions()
    assert len(httpserver.log) == 2
    assert fetched.result is not None and fetched.result.new == 5
    assert fetched.raw_path is not None
    kept = json.loads(fetched.raw_path.read_text(encoding="utf-8"))
    assert [i["paper"]["id"] for i in kept] == [i["paper"]["id"] for i in items]


def test_hf_full_last_page_is_followed_by_one_empty_page(httpserver: HTTPServer, library: Library) -> None:
    evening = json.loads((FETCH / "hf_2026-08-03_evening.json").read_text(encoding="utf-8"))
    pages = [evening[:2], evening[2:] + evening[:1], []]  # a repeated item must not be a duplicate
    for page, chunk in enumerate(pages):
        httpserver.expect_ordered_request(
            "/api/daily_papers", query_string=hf_query("2026-08-03", page, 2)
        ).respond_with_json(chunk)

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=quick_http(), limit=2)

    httpserver.check_assertions()
    assert len(httpserver.log) == 3
    assert fetched.result is not None and fetched.result.new == 3
    assert library.counts()["papers"] == 3


def test_hf_server_repeating_the_same_page_does_not_loop(httpserver: HTTPServer, library: Library) -> None:
    evening = json.loads((FETCH / "hf_2026-08-03_evening.json").read_text(encoding="utf-8"))
    httpserver.expect_request("/api/daily_papers").respond_with_json(evening[:2])  # ignores p

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=quick_http(), limit=2)

    assert len(httpserver.log) == 2
    assert fetched.result is not None and fetched.result.new == 2


def test_hf_day_fetched_again_adds_new_papers_and_updates_upvotes(
    httpserver: HTTPServer, library: Library
) -> None:
    url = base(httpserver)
    day = date(2026, 8, 3)
    httpserver.expect_ordered_request("/api/daily_papers").respond_with_data(
        (FETCH / "hf_2026-08-03_morning.json").read_bytes(), content_type=JSON
    )
    httpserver.expect_ordered_request("/api/daily_papers").respond_with_data(
        (FETCH / "hf_2026-08-03_evening.json").read_bytes(), content_type=JSON
    )

    [morning] = fetch_hf(library, [day], base_url=url, http=quick_http())
    [evening] = fetch_hf(library, [day], base_url=url, http=quick_http())

    assert morning.result is not None and evening.result is not None
    assert (morning.result.new, evening.result.new, evening.result.merged) == (2, 1, 2)
    assert morning.result.digest_id == evening.result.digest_id
    assert library.counts()["papers"] == 3
    digests = [d for d in library.store.digests() if d.source == "hf-api"]
    assert [(d.date, d.paper_count) for d in digests] == [("2026-08-03", 3)]
    upvotes = {r.arxiv_id: r.upvotes for r in library.papers(library.view_ids(View()))}
    assert upvotes == {"2608.00101": 5, "2608.00102": 9, "2608.00103": 1}
    # The raw file holds the newest state of the day, which reimports to the same digest.
    assert evening.raw_path == morning.raw_path
    assert evening.raw_path is not None
    assert evening.raw_path.read_bytes() == (FETCH / "hf_2026-08-03_evening.json").read_bytes()


def test_hf_digest_is_dated_by_the_requested_day(httpserver: HTTPServer, library: Library) -> None:
    items = json.loads((FETCH / "hf_2026-08-03_morning.json").read_text(encoding="utf-8"))
    for item in items:  # an answer without the featured day: only arXiv publication dates remain
        del item["paper"]["submittedOnDailyAt"]
    httpserver.expect_request("/api/daily_papers").respond_with_json(items)

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=quick_http())

    assert fetched.result is not None and fetched.result.date == "2026-08-03"
    assert library.digest_dates() == ["2026-08-03"]


def test_hf_empty_day_is_not_an_error(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_json([])

    [fetched] = fetch_hf(library, [date(2026, 8, 2)], base_url=base(httpserver), http=quick_http())

    assert fetched.ok and fetched.result is None and fetched.raw_path is None
    assert "no papers" in fetched.line()
    assert library.digest_dates() == []


def test_hf_malformed_body_is_one_line_naming_the_url_and_imports_nothing(
    httpserver: HTTPServer, library: Library
) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        (FETCH / "hf_truncated.json").read_bytes(), content_type=JSON
    )

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=quick_http())

    assert fetched.error is not None and "\n" not in fetched.error
    assert fetched.error.startswith(f"{base(httpserver)}/api/daily_papers?date=2026-08-03")
    assert "malformed response at line " in fetched.error and ": invalid JSON" in fetched.error
    assert library.counts()["papers"] == 0
    assert not library.paths.raw_dir.exists()


def test_an_html_page_instead_of_json_is_said(httpserver: HTTPServer, library: Library) -> None:
    # Before: "invalid JSON: Expecting value (column 1)", not what the server sent.
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        "<!doctype html><title>Sign in</title>", content_type="text/html; charset=utf-8"
    )

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=quick_http())

    assert fetched.error is not None and "(the server sent text/html, not JSON)" in fetched.error


def test_hf_json_that_is_not_a_list_is_refused(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_json({"message": "maintenance"})

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=quick_http())

    assert fetched.error is not None
    assert "expected a JSON array of daily papers, found an object" in fetched.error
    assert library.counts()["papers"] == 0


def test_hf_error_message_from_the_server_is_shown(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_json(
        {"error": "Invalid date \x1b[31mformat"}, status=400
    )

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=quick_http())

    assert fetched.error is not None
    assert "HTTP 400" in fetched.error and "(Invalid date format)" in fetched.error
    assert "\x1b" not in fetched.error


# -- retries, timeouts, the network ------------------------------------------------------------


def test_429_waits_as_long_as_retry_after_says_then_succeeds(
    httpserver: HTTPServer, library: Library
) -> None:
    httpserver.expect_ordered_request("/api/daily_papers").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/api/daily_papers").respond_with_data(
        (FETCH / "hf_2026-08-03_morning.json").read_bytes(), content_type=JSON
    )
    http = quick_http(backoff=0.01)

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=http)

    httpserver.check_assertions()
    assert fetched.ok, fetched.error
    assert http.sleep.calls == [7.0]  # type: ignore[attr-defined]
    assert fetched.result is not None and fetched.result.new == 2


def test_a_retry_after_date_gone_by_still_backs_off(httpserver: HTTPServer, library: Library) -> None:
    # Before: a date in the past meant no wait at all: every retry within the same second.
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}
    )
    http = quick_http(backoff=0.5)

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=http)

    assert fetched.error is not None
    assert http.sleep.calls == [0.5, 1.0, 2.0][: len(http.sleep.calls)]  # type: ignore[attr-defined]
    assert http.sleep.calls  # type: ignore[attr-defined]


def test_a_redirect_that_fails_names_where_it_went(httpserver: HTTPServer, library: Library) -> None:
    # Before: "cannot reach <the server that answered fine>", and requests' own words for the others.
    port = closed_port()
    httpserver.expect_request("/gone/api/daily_papers").respond_with_data(
        "", status=301, headers={"Location": f"http://127.0.0.1:{port}/x"}
    )
    httpserver.expect_request("/file/api/daily_papers").respond_with_data(
        "", status=301, headers={"Location": "file:///etc/passwd"}
    )
    httpserver.expect_request("/loop/api/daily_papers").respond_with_data(
        "", status=301, headers={"Location": "/loop/api/daily_papers"}
    )
    errors = {}
    for path in ("gone", "file", "loop"):
        [fetched] = fetch_hf(
            library, [date(2026, 8, 3)], base_url=base(httpserver) + "/" + path, http=quick_http()
        )
        errors[path] = fetched.error or ""
    server = urlsplit(base(httpserver)).netloc
    assert f"cannot reach 127.0.0.1:{port} (redirected to by {server})" in errors["gone"]
    assert "redirects to a file: URL, which is not an http(s) address" in errors["file"]
    assert "redirects in a loop" in errors["loop"]


def test_retry_after_longer_than_max_wait_gives_up_at_once(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        "come back tomorrow", status=429, headers={"Retry-After": "3600"}
    )
    http = quick_http(max_wait=60.0)

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=http)

    assert fetched.error is not None and "asks to wait 3600 s" in fetched.error
    assert http.sleep.calls == []  # type: ignore[attr-defined]
    assert len(httpserver.log) == 1


def test_5xx_is_retried_with_backoff_then_succeeds(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_ordered_request("/api/daily_papers").respond_with_data("oops", status=502)
    httpserver.expect_ordered_request("/api/daily_papers").respond_with_data("oops", status=503)
    httpserver.expect_ordered_request("/api/daily_papers").respond_with_data(
        (FETCH / "hf_2026-08-03_morning.json").read_bytes(), content_type=JSON
    )
    http = quick_http(backoff=0.25)

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=http)

    httpserver.check_assertions()
    assert fetched.ok, fetched.error
    assert http.sleep.calls == [0.25, 0.5]  # type: ignore[attr-defined]


def test_before_get_sees_each_request_once_not_its_retries(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/a").respond_with_data("oops", status=503)
    httpserver.expect_ordered_request("/a").respond_with_data("ok")
    seen: list[tuple[str, object]] = []
    http = quick_http(backoff=0.25)
    http.before_get = lambda url, params: seen.append((url, params))

    assert http.get(httpserver.url_for("/a"), params={"p": 1}).status == 200
    assert seen == [(httpserver.url_for("/a"), {"p": 1})]

    def stop(url: str, params: object) -> None:
        raise RuntimeError("the reader is closing")

    http.before_get = stop
    with pytest.raises(RuntimeError, match="closing"):
        http.get(httpserver.url_for("/a"))
    assert len(httpserver.log) == 2  # the stopped request was never sent


def test_persistent_5xx_ends_in_one_line_error(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data("down", status=503)
    http = quick_http(backoff=0.5, retries=3)

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=http)

    assert len(httpserver.log) == 4
    assert http.sleep.calls == [0.5, 1.0, 2.0]  # type: ignore[attr-defined]
    assert fetched.error is not None and "HTTP 503" in fetched.error and "date=2026-08-03" in fetched.error


def test_a_server_that_does_not_answer_times_out(library: Library) -> None:
    release = threading.Event()

    def stall(request: Request) -> Response:
        release.wait(10)
        return Response("[]", content_type=JSON)

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request("/api/daily_papers").respond_with_handler(stall)
    server.start()
    try:
        http = quick_http(timeout=0.2, network_retries=1, backoff=0.01)
        [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=base(server), http=http)
    finally:
        release.set()
        server.stop()

    assert fetched.error is not None
    assert "timed out" in fetched.error and "within 0.2 s" in fetched.error
    assert http.sleep.calls == [0.01]  # type: ignore[attr-defined]
    assert library.counts()["papers"] == 0


def test_an_answer_cut_short_is_retried_then_reported(library: Library) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"

    def serve_cut_answers() -> None:
        for _ in range(2):
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(head + MORNING_HALF)

    server = threading.Thread(target=serve_cut_answers, daemon=True)
    server.start()
    try:
        http = quick_http(network_retries=1, backoff=0.01)
        [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=f"http://127.0.0.1:{port}", http=http)
        server.join(5)
    finally:
        listener.close()

    assert not server.is_alive()
    assert fetched.error is not None
    assert "the connection broke off during the answer; try again later" in fetched.error
    assert http.sleep.calls == [0.01]  # type: ignore[attr-defined]
    assert library.counts()["papers"] == 0


def test_offline_is_one_clear_line(library: Library) -> None:
    port = closed_port()
    http = quick_http(network_retries=1)

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url=f"http://127.0.0.1:{port}", http=http)

    assert fetched.error == f"cannot reach 127.0.0.1:{port}: Connection refused; check the network"
    assert len(http.sleep.calls) == 1  # type: ignore[attr-defined]


def test_proxy_environment_variables_are_honoured(
    httpserver: HTTPServer, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", base(httpserver))
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        (FETCH / "hf_2026-08-03_morning.json").read_bytes(), content_type=JSON
    )

    [fetched] = fetch_hf(library, [date(2026, 8, 3)], base_url="http://hf.invalid", http=quick_http())

    assert fetched.ok, fetched.error
    [(request, _)] = httpserver.log
    assert request.headers["Host"] == "hf.invalid"


@pytest.mark.parametrize(
    ("header", "expected"),
    [("12", 12.0), (" 3 ", 3.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", None), (None, None)],
)
def test_retry_after_header_values(header: str | None, expected: float | None) -> None:
    assert retry_after(header) == expected


# -- arXiv -------------------------------------------------------------------------------------


def test_arxiv_feed_is_imported_and_kept_for_reimport(httpserver: HTTPServer, library: Library) -> None:
    body = sample(ARXIV_SAMPLE).read_bytes()
    httpserver.expect_request("/rss/cs.AI").respond_with_data(body, content_type=RSS)

    [fetched] = fetch_arxiv(library, ["cs.AI"], base_url=base(httpserver), delay=0, http=quick_http())

    assert fetched.ok, fetched.error
    assert fetched.result is not None and fetched.result.new == 3
    assert fetched.raw_path == library.paths.raw_dir / "arxiv-rss" / "2026-04-27-cs.AI.xml"
    assert fetched.raw_path.read_bytes() == body
    [again] = library.import_paths([fetched.raw_path]).results
    assert (again.digest_id, again.new, again.unchanged) == (fetched.result.digest_id, 0, 3)


def test_raw_folder_rebuilds_the_same_library_elsewhere(
    httpserver: HTTPServer, library: Library, tmp_path: Path
) -> None:
    httpserver.expect_request("/rss/cs.CL").respond_with_data(
        (FETCH / "arxiv_cs.CL_2026-04-27_2items.xml").read_bytes(), content_type=RSS
    )
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        (FETCH / "hf_2026-08-03_evening.json").read_bytes(), content_type=JSON
    )
    fetch_arxiv(library, ["cs.CL"], base_url=base(httpserver), delay=0, http=quick_http())
    fetch_hf(library, [date(2026, 8, 3)], base_url=base(httpserver), http=quick_http())

    with Library.open(tmp_path / "rebuilt") as rebuilt:
        outcome = rebuilt.import_paths([library.paths.raw_dir])
        assert outcome.ok
        assert len(outcome.results) == 2

        def state(lib: Library) -> set[tuple[str | None, int | None]]:
            return {(r.arxiv_id, r.upvotes) for r in lib.papers(lib.view_ids(View()))}

        assert state(rebuilt) == state(library)
        assert len(state(rebuilt)) == 5
        assert rebuilt.digest_dates() == library.digest_dates()


def test_arxiv_requests_are_spaced_by_the_delay(httpserver: HTTPServer, library: Library) -> None:
    clock = FakeClock()
    sent_at: list[float] = []
    feed = (FETCH / "arxiv_cs.CL_2026-04-27_2items.xml").read_bytes()

    def answer(request: Request) -> Response:
        sent_at.append(clock.now)
        clock.now += 0.4  # the request itself takes a while
        return Response(feed, content_type=RSS)

    for category in ("cs.CL", "cs.LG", "stat.ML"):
        httpserver.expect_request(f"/rss/{category}").respond_with_handler(answer)

    results = fetch_arxiv(
        library,
        ["cs.CL", "cs.LG", "stat.ML"],
        base_url=base(httpserver),
        delay=3.0,
        clock=clock,
        sleep=clock.sleep,
    )

    assert all(r.ok for r in results), [r.error for r in results]
    assert len(sent_at) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent_at)]
    assert all(gap >= 3.0 for gap in gaps), gaps
    assert clock.sleeps == [3.0, 3.0]


def test_arxiv_retries_are_spaced_by_the_delay_too(httpserver: HTTPServer, library: Library) -> None:
    clock = FakeClock()
    sent_at: list[float] = []
    feed = (FETCH / "arxiv_cs.CL_2026-04-27_2items.xml").read_bytes()
    answers = iter([Response("busy", status=503), Response(feed, content_type=RSS)])

    def answer(request: Request) -> Response:
        sent_at.append(clock.now)
        return next(answers)

    httpserver.expect_request("/rss/cs.CL").respond_with_handler(answer)
    http = Http(sleep=clock.sleep, backoff=0.01, timeout=5.0)

    [fetched] = fetch_arxiv(
        library, ["cs.CL"], base_url=base(httpserver), delay=3.0, http=http, clock=clock, sleep=clock.sleep
    )

    assert fetched.ok, fetched.error
    assert len(sent_at) == 2 and sent_at[1] - sent_at[0] >= 3.0


def test_throttle_sleeps_only_the_remaining_time() -> None:
    clock = FakeClock()
    throttle = Throttle(3.0, clock=clock, sleep=clock.sleep)
    throttle.wait()  # the first request never waits
    throttle.done()
    clock.now += 1.25  # work done between two requests counts toward the gap
    throttle.wait()
    throttle.done()
    clock.now += 5.0
    throttle.wait()
    assert clock.sleeps == [1.75]


def test_empty_weekend_feed_gives_zero_papers_not_an_error(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_request("/rss/cs.CL").respond_with_data(
        (FETCH / "arxiv_cs.CL_2026-04-25_weekend_empty.xml").read_bytes(), content_type=RSS
    )

    [fetched] = fetch_arxiv(library, ["cs.CL"], base_url=base(httpserver), delay=0, http=quick_http())

    assert fetched.ok and fetched.result is None and fetched.papers == 0
    assert fetched.line() == "arxiv cs.CL: no papers (nothing announced for this day)"
    # An empty digest would become the newest day and hide the last real one.
    assert library.digest_dates() == []
    assert not library.paths.raw_dir.exists()


@pytest.mark.parametrize(("name", "closest"), [("cs.LGG", "cs.LG"), ("cs.XX", None), ("CS.FOO", None)])
def test_unknown_category_is_refused_with_the_closest_names_without_a_request(
    name: str, closest: str | None, httpserver: HTTPServer, library: Library
) -> None:
    [fetched] = fetch_arxiv(library, [name], base_url=base(httpserver), delay=0, http=quick_http())

    assert fetched.error is not None
    assert fetched.error.startswith(f"unknown category {name}: not an arXiv category")
    if closest:
        assert f"(closest: {closest}" in fetched.error
    assert "nothing was requested" in fetched.error
    assert len(httpserver.log) == 0


def test_closest_categories() -> None:
    assert closest_categories("cs.LGG")[0] == "cs.LG"
    assert closest_categories("math.AGG")[0] == "math.AG"
    assert "cond-mat.stat-mech" in closest_categories("cond-mat.statmech")


@pytest.mark.parametrize("status", [400, 404, 410])
def test_a_known_category_not_found_blames_the_url(
    status: int, httpserver: HTTPServer, library: Library
) -> None:
    """A server that serves only cs.AI (a wrong base URL or path): cs.LG is real, the URL is wrong."""
    httpserver.expect_request("/rss/cs.AI").respond_with_data(
        (FETCH / "arxiv_cs.CL_2026-04-27_2items.xml").read_bytes(), content_type=RSS
    )
    httpserver.expect_request("/rss/cs.LG").respond_with_data("Not Found", status=status)

    ai, lg = fetch_arxiv(library, ["cs.AI", "cs.LG"], base_url=base(httpserver), delay=0, http=quick_http())

    assert ai.ok
    assert lg.error is not None and "unknown category" not in lg.error
    assert lg.error.startswith(f"{base(httpserver)}/rss/cs.LG: HTTP {status}")
    assert "cs.LG is an arXiv category" in lg.error and "--base-url" in lg.error


@pytest.mark.parametrize("name", ["cs CL", "../etc", "cs.CL/../x", "cs.", "", "cs.CL?x=1"])
def test_malformed_category_is_refused_without_a_request(
    name: str, httpserver: HTTPServer, library: Library
) -> None:
    [fetched] = fetch_arxiv(library, [name], base_url=base(httpserver), delay=0, http=quick_http())

    assert fetched.error is not None and fetched.error.startswith("unknown category")
    assert len(httpserver.log) == 0


def test_category_spelling_is_canonical() -> None:
    assert arxiv_category("CS.cl") == "cs.CL"
    assert arxiv_category("cond-mat.STAT-MECH") == "cond-mat.stat-mech"
    assert arxiv_category("hep-th") == "hep-th"
    assert arxiv_category("cs.NEWTHING") == "cs.NEWTHING"  # taxonomy may grow: syntax decides
    with pytest.raises(CategoryError, match="unknown category"):
        arxiv_category("cs..CL")


def test_arxiv_truncated_feed_imports_nothing(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_request("/rss/cs.CL").respond_with_data(
        (FETCH / "arxiv_truncated.xml").read_bytes(), content_type=RSS
    )

    [fetched] = fetch_arxiv(library, ["cs.CL"], base_url=base(httpserver), delay=0, http=quick_http())

    assert fetched.error is not None and "\n" not in fetched.error
    assert fetched.error.startswith(f"{base(httpserver)}/rss/cs.CL: malformed response: malformed XML")
    assert library.counts()["papers"] == 0
    assert not library.paths.raw_dir.exists()


def test_one_failing_source_does_not_stop_the_others(httpserver: HTTPServer, library: Library) -> None:
    httpserver.expect_request("/rss/cs.CL").respond_with_data(
        (FETCH / "arxiv_cs.CL_2026-04-27_2items.xml").read_bytes(), content_type=RSS
    )
    httpserver.expect_request("/rss/cs.FOO").respond_with_data("bad", status=400)
    httpserver.expect_request("/rss/cs.AI").respond_with_data(
        (FETCH / "arxiv_truncated.xml").read_bytes(), content_type=RSS
    )
    config = FetchConfig.from_dict(
        {
            "hf": True,
            "hf_days": 1,
            "arxiv": ["cs.FOO", "cs.AI", "cs.CL"],
            "hf_base_url": f"http://127.0.0.1:{closed_port()}",
            "arxiv_base_url": base(httpserver),
        },
        Path("/cfg/config.toml"),
    )

    results = fetch_configured(
        library, config, http=quick_http(), today=date(2026, 4, 27), arxiv_delay=0, sleep=Recorder()
    )

    assert [(r.source, r.ok) for r in results] == [
        ("hf 2026-04-27", False),
        ("arxiv cs.FOO", False),
        ("arxiv cs.AI", False),
        ("arxiv cs.CL", True),
    ]
    assert library.counts()["papers"] == 2


# -- days and configuration --------------------------------------------------------------------


def test_hf_days() -> None:
    today = date(2026, 8, 5)
    assert hf_days(today=today) == [date(2026, 8, 4), today]
    assert hf_days(on=date(2026, 8, 1), today=today) == [date(2026, 8, 1)]
    assert hf_days(since=date(2026, 8, 3), today=today) == [date(2026, 8, 3), date(2026, 8, 4), today]
    assert hf_days(days=1, today=today) == [today]
    with pytest.raises(ValueError, match="future"):
        hf_days(since=date(2026, 8, 6), today=today)
    with pytest.raises(ValueError, match="1 or more"):
        hf_days(days=0, today=today)
    with pytest.raises(ValueError, match="at most 366 days"):
        hf_days(since=date(2020, 1, 1), today=today)


def test_fetch_config_defaults_and_values(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    assert FetchConfig.from_dict({}, config_file) == FetchConfig()
    config = FetchConfig.from_dict(
        {
            "hf": False,
            "hf_days": 3,
            "arxiv": ["cs.CL", "CS.lg", "cs.CL"],
            "hf_base_url": "http://127.0.0.1:8080/",
            "arxiv_base_url": "https://mirror.example/arxiv",
            "inbox": "drop",
            "schedule_minutes": 30,
        },
        config_file,
    )
    assert config.hf is False and config.hf_days == 3
    assert config.arxiv == ("cs.CL", "cs.LG")
    assert config.hf_base_url == "http://127.0.0.1:8080"
    assert config.inbox == tmp_path / "drop"
    assert config.schedule_minutes == 30.0
    assert FetchConfig.from_dict({"arxiv": "cs.CL cs.LG"}, config_file).arxiv == ("cs.CL", "cs.LG")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([], r"\[fetch\] must be a table"),
        ({"hf": "yes"}, "fetch.hf must be true or false"),
        ({"hf_days": 0}, "fetch.hf_days must be"),
        ({"arxiv": [1]}, "fetch.arxiv must be a list"),
        ({"arxiv": ["cs CL"]}, "fetch.arxiv: unknown category 'cs CL'"),
        ({"hf_base_url": "ftp://x"}, "fetch.hf_base_url must be an http"),
        ({"arxiv_base_url": "rss.arxiv.org"}, "fetch.arxiv_base_url must be an http"),
        ({"inbox": 3}, "fetch.inbox must be a folder path"),
        ({"schedule_minutes": -1}, "fetch.schedule_minutes must be"),
        ({"schedule_minutes": True}, "fetch.schedule_minutes must be"),
        ({"arxv": ["cs.CL"]}, "no setting 'arxv'"),
    ],
)
def test_fetch_config_errors_name_the_file_and_the_setting(table: object, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        FetchConfig.from_dict(table, Path("/home/u/.config/paper-tui/config.toml"))
    assert str(caught.value).startswith("/home/u/.config/paper-tui/config.toml: ")


def test_fetch_config_inbox_default_is_in_the_data_dir(library: Library) -> None:
    assert FetchConfig().inbox_dir(library.paths) == library.paths.data_dir / "inbox"


# -- the command line ---------------------------------------------------------------------------


def test_cli_fetch_hf_and_arxiv_with_base_url(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/api/daily_papers").respond_with_data(
        (FETCH / "hf_2026-08-03_morning.json").read_bytes(), content_type=JSON
    )
    httpserver.expect_request("/rss/cs.CL").respond_with_data(
        (FETCH / "arxiv_cs.CL_2026-04-25_weekend_empty.xml").read_bytes(), content_type=RSS
    )

    assert cli.main(["fetch", "hf", "--date", "2026-08-03", "--base-url", base(httpserver)]) == 0
    assert cli.main(["fetch", "arxiv", "cs.CL", "--base-url", base(httpserver)]) == 0
    out = capsys.readouterr().out
    assert "hf 2026-08-03: 2 papers, 2 new, 0 merged, 0 unchanged" in out
    assert "arxiv cs.CL: no papers" in out


def test_cli_bare_fetch_uses_the_config_and_fails_on_errors(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str], _isolated_home: Path
) -> None:
    _isolated_home.mkdir(parents=True, exist_ok=True)
    (_isolated_home / "config.toml").write_text(
        f'[fetch]\nhf = false\narxiv = ["cs.CL", "cs.FOO"]\narxiv_base_url = "{base(httpserver)}"\n',
        encoding="utf-8",
    )
    httpserver.expect_request("/rss/cs.CL").respond_with_data(
        (FETCH / "arxiv_cs.CL_2026-04-27_2items.xml").read_bytes(), content_type=RSS
    )
    httpserver.expect_request("/rss/cs.FOO").respond_with_data(
        (FETCH / "arxiv_unknown_category_400.html").read_bytes(), status=400, content_type="text/html"
    )

    status = cli.main(["fetch", "--json"])

    rows = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [(r["source"], r["error"] is None) for r in rows] == [
        ("arxiv cs.CL", True),
        ("arxiv cs.FOO", False),
    ]
    assert rows[0]["digest"]["new"] == 2 and rows[0]["digest"]["source"] == "arxiv-rss"
    assert rows[1]["digest"] is None and rows[1]["error"].startswith("unknown category cs.FOO")


def test_cli_bad_fetch_config_is_one_line(capsys: pytest.CaptureFixture[str], _isolated_home: Path) -> None:
    _isolated_home.mkdir(parents=True, exist_ok=True)
    (_isolated_home / "config.toml").write_text('[fetch]\narxiv = ["cs CL"]\n', encoding="utf-8")

    assert cli.main(["fetch"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("paper-tui: ") and "fetch.arxiv: unknown category 'cs CL'" in err
    assert err.count("\n") == 1
