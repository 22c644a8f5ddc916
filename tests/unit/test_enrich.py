"""``enrich`` against a fake arXiv API and Hugging Face on 127.0.0.1 (no test reaches the internet or
really sleeps): title-only papers resolved, gaps filled and never overwritten, provenance, cache, spacing."""

from __future__ import annotations

import json
import re
import socket
import threading
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from paper_tui import cli
from paper_tui.enrich import best_title_match, enrich
from paper_tui.export import bibtex_entry
from paper_tui.fetch import Http, Throttle
from paper_tui.library import Library
from paper_tui.model import Paper
from paper_tui.store import SCHEMA_VERSION, View
from tests.helpers import ingest, paper

DREAMSYNC_TITLE = "DreamSync: Aligning Text-to-Image Generation with Image Understanding Feedback"
DREAMSYNC_AUTHORS = (
    "Jiao Sun",
    "Deqing Fu",
    "Yushi Hu",
    "Su Wang",
    "Royi Rassin",
    "Da-Cheng Juan",
    "Dana Alon",
    "Charles Herrmann",
    "Sjoerd van Steenkiste",
    "Ranjay Krishna",
    "Cyrus Rashtchian",
)

pytestmark = pytest.mark.usefixtures("no_proxy")


def atom(*entries: str) -> bytes:
    """An arXiv API answer holding ``entries`` (the export API's Atom shape)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">\n'
        "<id>https://arxiv.org/api/test</id><title>arXiv Query</title><updated>2026-08-12T00:00:00-04:00</updated>\n"
        f"<opensearch:totalResults>{len(entries)}</opensearch:totalResults>\n"
        + "".join(entries)
        + "</feed>\n"
    ).encode()


def entry(
    arxiv_id: str, title: str, authors: tuple[str, ...], summary: str, published: str, category: str
) -> str:
    names = "".join(f"<author><name>{name}</name></author>" for name in authors)
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v1</id><updated>{published}T18:59:59Z</updated>"
        f"<published>{published}T18:59:59Z</published><title>{title}</title><summary>{summary}</summary>"
        f'{names}<link href="http://arxiv.org/abs/{arxiv_id}v1" rel="alternate" type="text/html"/>'
        f'<link title="pdf" href="http://arxiv.org/pdf/{arxiv_id}v1" rel="related" type="application/pdf"/>'
        f'<arxiv:primary_category term="{category}" scheme="http://arxiv.org/schemas/atom"/>'
        f'<category term="{category}" scheme="http://arxiv.org/schemas/atom"/></entry>'
    )


DREAMSYNC = entry(
    "2311.17946",
    DREAMSYNC_TITLE,
    DREAMSYNC_AUTHORS,
    "Despite their wide-spread success, Text-to-Image models (T2I) still struggle.",
    "2023-11-29",
    "cs.CV",
)


class FakeClock:
    """A monotonic clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakeApis:
    """The fake arXiv API and HF paper API: records when each arXiv request came (on the fake clock)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.arxiv_times: list[float] = []
        self.queries: list[dict[str, list[str]]] = []
        self.hf_ids: list[str] = []

    def arxiv(self, request: Request) -> Response:
        self.arxiv_times.append(self.clock.now)
        query = parse_qs(request.query_string.decode())
        self.queries.append(query)
        search = " ".join(query.get("search_query", []))
        ids = ",".join(query.get("id_list", []))
        if "dreamsync" in search or "2311.17946" in ids:
            return Response(atom(DREAMSYNC), content_type="application/atom+xml")
        if "2410.00001" in ids:
            return Response(
                atom(
                    entry("2410.00001", "Known Paper", ("Zed Api",), "API abstract.", "2024-10-01", "cs.LG")
                ),
                content_type="application/atom+xml",
            )
        return Response(atom(), content_type="application/atom+xml")

    def hf(self, request: Request) -> Response:
        arxiv_id = request.path.rsplit("/", 1)[-1]
        self.hf_ids.append(arxiv_id)
        if arxiv_id == "2311.17946":
            body = {
                "id": "2311.17946",
                "title": DREAMSYNC_TITLE,
                "upvotes": 12,
                "githubRepo": "https://github.com/x/dreamsync",
            }
            return Response(json.dumps(body), content_type="application/json")
        return Response('{"error": "Paper not found"}', status=404, content_type="application/json")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def apis(httpserver: HTTPServer, clock: FakeClock) -> FakeApis:
    fake = FakeApis(clock)
    httpserver.expect_request("/api/query").respond_with_handler(fake.arxiv)
    httpserver.expect_request(re.compile(r"^/api/papers/.+$")).respond_with_handler(fake.hf)
    return fake


def base(server: HTTPServer) -> str:
    return server.url_for("/").rstrip("/")


def run(library: Library, server: HTTPServer, clock: FakeClock, **kwargs: object):  # type: ignore[no-untyped-def]
    http = Http(timeout=5.0, connect_timeout=5.0, sleep=clock.sleep)
    with http:
        return enrich(
            library,
            arxiv_base_url=base(server),
            hf_base_url=base(server),
            http=http,
            throttle=Throttle(3.0, clock=clock, sleep=clock.sleep),
            **kwargs,  # type: ignore[arg-type]
        )


def dreamsync(library: Library) -> int:
    [pid] = [r.id for r in library.papers(library.view_ids(View())) if r.title.startswith("DreamSync")]
    return pid


def test_done_when_the_bundled_sample_then_enrich_makes_dreamsync_whole(
    library: Library, httpserver: HTTPServer, clock: FakeClock, apis: FakeApis
) -> None:
    library.ensure_seeded()
    pid = dreamsync(library)
    before = library.paper(pid)
    assert before is not None and before.arxiv_id is None and before.main_link is None

    report = run(library, httpserver, clock)

    assert report.error is None
    record = library.paper(pid)
    assert record is not None
    assert record.arxiv_id == "2311.17946"
    assert record.authors == DREAMSYNC_AUTHORS
    assert record.published == "2023-11-29"
    assert record.categories == ("cs.CV",)
    # A working y: the main link is the arXiv abstract page.
    assert record.main_link is not None and record.main_link.url == "https://arxiv.org/abs/2311.17946"
    # The abstract the page gave stays (gaps only).
    assert record.abstract == before.abstract
    # HF filled the upvotes and the code link.
    assert record.upvotes == 12
    assert any(link.url == "https://github.com/x/dreamsync" for link in record.links)
    entry_text = bibtex_entry(record)
    assert entry_text.startswith("@misc{sun2023dreamsync,\n")
    assert "  year = {2023},\n  month = nov,\n" in entry_text
    assert "  eprint = {2311.17946},\n" in entry_text
    # Where each value came from.
    filled = library.provenance(pid)
    assert filled["arxiv_id"] == "arxiv-api" and filled["authors"] == "arxiv-api"
    assert filled["upvotes"] == "hf-api"
    assert "abstract" not in filled
    # The index follows: the paper is found by its author and id.
    assert pid in [hit.paper_id for hit in library.search("author:rashtchian")]
    assert pid in [hit.paper_id for hit in library.search("id:2311.17946")]
    # arXiv was asked once per title (61 papers), never less than 3 s apart, without really sleeping.
    assert len(apis.arxiv_times) == 61
    gaps = [b - a for a, b in zip(apis.arxiv_times, apis.arxiv_times[1:], strict=False)]
    assert min(gaps) >= 3.0
    assert report.looked_at == 61 and pid in report.filled


def test_a_second_run_asks_nothing_and_named_papers_come_from_the_cache(
    library: Library, httpserver: HTTPServer, clock: FakeClock, apis: FakeApis
) -> None:
    library.ensure_seeded()
    pid = dreamsync(library)
    run(library, httpserver, clock)
    asked = len(apis.arxiv_times)

    again = run(library, httpserver, clock)
    assert (again.looked_at, again.requests) == (0, 0)

    # Asked again by name with a gap: one id_list request; the same again is answered from the cache.
    for _ in range(2):
        library.store.conn.execute("UPDATE papers SET categories = '[]' WHERE id = ?", (pid,))
        named = run(library, httpserver, clock, ids=[pid])
        assert library.paper(pid).categories == ("cs.CV",)  # type: ignore[union-attr]
    assert (named.requests, named.cached) == (0, 1)
    assert len(apis.arxiv_times) == asked + 1


def test_gaps_only_what_the_digest_wrote_stays(
    library: Library, httpserver: HTTPServer, clock: FakeClock, apis: FakeApis
) -> None:
    ingest(library, paper("Known Paper", "2410.00001", abstract="The digest's abstract.", authors=()))
    [pid] = library.view_ids(View())
    library.set_note(pid, "mine")
    report = run(library, httpserver, clock)
    record = library.paper(pid)
    assert record is not None
    assert record.abstract == "The digest's abstract."  # not the API's
    assert record.authors == ("Zed Api",)  # a gap: filled
    assert record.note == "mine"
    assert set(report.filled[pid]) == {"published", "authors", "categories", "links"}
    # One id_list request for the id, then HF (which does not know it).
    assert [q.get("id_list") for q in apis.queries] == [["2410.00001"]]


def test_an_answer_that_is_not_json_is_an_error_and_is_not_kept(
    library: Library, httpserver: HTTPServer, clock: FakeClock
) -> None:
    # Before: an HTML page from Hugging Face's paper API read as "does not know the paper", exit 0,
    # and kept in the cache for days.
    ingest(library, paper("Known Paper", "2410.00001", authors=()))
    httpserver.expect_request("/api/query").respond_with_data(
        atom(entry("2410.00001", "Known Paper", ("Zed Api",), "API abstract.", "2024-10-01", "cs.LG")),
        content_type="application/atom+xml",
    )
    httpserver.expect_request(re.compile(r"^/api/papers/.+$")).respond_with_data(
        "<!doctype html><title>Sign in</title>", content_type="text/html"
    )
    report = run(library, httpserver, clock)
    assert report.error is not None and "the answer is not JSON" in report.error
    assert "/api/papers/2410.00001" in report.error
    hf_asked = sum(1 for request, _ in httpserver.log if request.path.startswith("/api/papers/"))
    run(library, httpserver, clock, ids=library.view_ids(View()))
    assert sum(1 for request, _ in httpserver.log if request.path.startswith("/api/papers/")) > hf_asked


def test_offline_changes_nothing_and_says_so_in_one_line(library: Library, clock: FakeClock) -> None:
    library.ensure_seeded()
    before = [(r.id, r.arxiv_id, r.authors) for r in library.papers(library.view_ids(View()))]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    http = Http(timeout=2.0, connect_timeout=2.0, sleep=clock.sleep, network_retries=0)
    report = enrich(
        library,
        arxiv_base_url=f"http://127.0.0.1:{port}",
        hf_base_url=f"http://127.0.0.1:{port}",
        http=http,
        throttle=Throttle(3.0, clock=clock, sleep=clock.sleep),
    )
    assert report.error is not None and report.error.startswith("cannot reach 127.0.0.1")
    assert report.error.endswith("nothing changed")
    assert report.summary().count("\n") == 0
    after = [(r.id, r.arxiv_id, r.authors) for r in library.papers(library.view_ids(View()))]
    assert after == before


def test_cancel_stops_between_requests(
    library: Library, httpserver: HTTPServer, clock: FakeClock, apis: FakeApis
) -> None:
    library.ensure_seeded()
    cancel = threading.Event()
    seen: list[int] = []

    def stop_after_first(pid: int, fields: list[str]) -> None:
        seen.append(pid)

    cancel.set()
    report = run(library, httpserver, clock, cancel=cancel, on_paper=stop_after_first)
    assert report.cancelled and report.requests == 0 and not seen


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        ((Paper("DreamSync: Aligning Text-to-Image Generation", arxiv_id="1"),), "1"),
        ((Paper("Dreamsync - aligning text to image generation", arxiv_id="2"),), "2"),
        ((Paper("DreamSync: Aligning Text-to-Image Generations", arxiv_id="3"),), "3"),
        (
            (
                Paper("DreamSync: Aligning Text-to-Image Generations", arxiv_id="4"),
                Paper("DreamSync: Aligning Text-to-Image Generation.", arxiv_id="5"),
            ),
            "5",
        ),
        (
            (
                Paper("DreamSync: Aligning Text-to-Image Generations", arxiv_id="6"),
                Paper("DreamSync Aligning Text to Image Generations", arxiv_id="7"),
            ),
            None,
        ),
        ((Paper("DreamSync: Something Else Entirely", arxiv_id="8"),), None),
    ],
)
def test_title_matching(candidates: tuple[Paper, ...], expected: str | None) -> None:
    found = best_title_match("DreamSync: Aligning Text-to-Image Generation", candidates)
    assert (found.arxiv_id if found else None) == expected


def test_cli_enrich_and_show(
    httpserver: HTTPServer,
    clock: FakeClock,
    apis: FakeApis,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Library.open() as library:
        ingest(library, paper(DREAMSYNC_TITLE, None, abstract="From a page."), source="hf-page")
    with monkeypatch.context() as patch:
        patch.setattr("paper_tui.enrich.ARXIV_DELAY", 0.0)
        status = cli.main(["enrich", "--arxiv-base-url", base(httpserver), "--hf-base-url", base(httpserver)])
    out = capsys.readouterr().out
    assert status == 0
    assert "arxiv_id" in out and "from arxiv-api" in out
    assert "enrich: filled gaps in 1 of 1 paper" in out
    assert cli.main(["show", "2311.17946"]) == 0
    shown = capsys.readouterr().out
    assert "Jiao Sun, Deqing Fu" in shown
    assert "Filled by enrich: " in shown and "from arxiv-api" in shown


def test_cli_enrich_offline_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    with Library.open() as library:
        ingest(library, paper(DREAMSYNC_TITLE, None), source="hf-page")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    assert cli.main(["enrich", "--arxiv-base-url", url, "--hf-base-url", url]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("paper-tui: enrich: cannot reach 127.0.0.1")
    assert captured.out == ""


def test_a_version_1_library_gains_the_provenance_and_cache_tables_after_a_backup() -> None:
    with Library.open() as library:
        ingest(library, paper("Known Paper", "2410.00001"))
        paths = library.paths
        conn = library.store.conn
        conn.execute("DROP TABLE provenance")
        conn.execute("DROP TABLE http_cache")
        conn.execute("PRAGMA user_version = 1")
    with Library.open() as library:
        assert library.store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert library.provenance(library.resolve("2410.00001")) == {}
        assert library.store.cached("https://example.org/x", 30) is None
    assert any(p.name.endswith(f"-before-v{SCHEMA_VERSION}.sqlite3") for p in paths.backups_dir.iterdir())
