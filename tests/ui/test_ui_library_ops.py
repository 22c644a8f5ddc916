"""Work on the library from the reader: removing a digest or a paper (palette, confirm dialogs), and
filling title-only papers' gaps in the background after an import (a fake arXiv on 127.0.0.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from paper_tui.library import Library
from paper_tui.model import Paper, View
from paper_tui.ui.screens.dialogs import ConfirmDialog
from paper_tui.ui.widgets import background as background_module
from tests.helpers import closed_port, ingest
from tests.helpers.ui import SIZE, main_screen, make_app, press, settle

pytestmark = pytest.mark.usefixtures("no_proxy")

DREAMSYNC = "DreamSync: Aligning Text-to-Image Generation with Image Understanding Feedback"
ATOM = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom"><id>https://arxiv.org/api/x</id><title>arXiv Query</title>'
    "<entry><id>http://arxiv.org/abs/2311.17946v1</id><published>2023-11-29T18:59:59Z</published>"
    f"<title>{DREAMSYNC}</title><summary>Text-to-Image models still struggle.</summary>"
    "<author><name>Jiao Sun</name></author><author><name>Deqing Fu</name></author>"
    '<link href="http://arxiv.org/abs/2311.17946v1" rel="alternate" type="text/html"/>'
    '<arxiv:primary_category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/></entry></feed>\n'
)


def digest_ids(library: Library, date: str) -> list[int]:
    return library.view_ids(View(digest_date=date))


async def test_removing_a_digest_asks_then_removes_it_and_the_lists_follow(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        assert len(digest_ids(library, "2026-08-01")) == 4
        screen.background.remove_papers(digest_date="2026-08-01")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith("Remove the digest of 2026-08-01: 4 papers go.")
        await press(app, pilot, "y")
        assert digest_ids(library, "2026-08-01") == []
        assert library.counts()["papers"] == 2
        assert any(text.startswith("Removed 4 papers") for text in app.said)  # type: ignore[attr-defined]
        assert screen.papers.count == 2  # Today moved to the digest that is left


async def test_no_at_either_question_keeps_everything(library: Library) -> None:
    ids = digest_ids(library, "2026-08-01")
    library.bookmark(ids[:1])
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        screen.background.remove_papers(digest_date="2026-08-01")
        await settle(app, pilot)
        await press(app, pilot, "y")  # the first question
        second = app.screen
        assert isinstance(second, ConfirmDialog)
        assert "1 of them has your marks" in second.question and "bookmarked" in second.question
        await press(app, pilot, "n")
        assert digest_ids(library, "2026-08-01") == ids
        screen.background.remove_papers(paper_id=ids[1])
        await settle(app, pilot)
        await press(app, pilot, "escape")
        assert digest_ids(library, "2026-08-01") == ids


async def test_the_palette_removes_the_paper_under_the_cursor(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        target = screen.papers.highlighted_id
        assert target is not None
        await press(app, pilot, "ctrl+p", *f"Remove paper #{target}")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ConfirmDialog)
        await press(app, pilot, "enter")
        assert library.paper(target) is None
        assert target not in screen.papers.ids


def fake_arxiv(server: HTTPServer) -> list[str]:
    asked: list[str] = []

    def arxiv(request: Request) -> Response:
        asked.append(request.query_string.decode())
        return Response(ATOM, content_type="application/atom+xml")

    server.expect_request("/api/query").respond_with_handler(arxiv)
    server.expect_request(re.compile(r"^/api/papers/.+$")).respond_with_json(
        {"error": "not found"}, status=404
    )
    return asked


def title_only(library: Library, base: str) -> int:
    (library.paths.config_file).write_text(
        f'[fetch]\narxiv_api_base_url = "{base}"\nhf_base_url = "{base}"\n', encoding="utf-8"
    )
    ingest(library, Paper(title=DREAMSYNC, abstract="From the page."), date="2026-08-02", source="hf-page")
    [pid] = digest_ids(library, "2026-08-02")
    return pid


@pytest.fixture
def lone(tmp_path: Path) -> Iterator[Library]:
    """A library of one title-only paper (a real arXiv asks for 3 s between requests: one request)."""
    with Library.open(tmp_path / "lone") as opened:
        yield opened


async def test_title_only_papers_are_filled_in_after_start(
    lone: Library, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = lone
    monkeypatch.setattr(background_module, "ENRICH_DELAY", 0.01)
    asked = fake_arxiv(httpserver)
    pid = title_only(library, httpserver.url_for("/").rstrip("/"))
    app = make_app(library, enrich=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await settle(app, pilot)
        record = library.paper(pid)
        assert record is not None and record.arxiv_id == "2311.17946"
        assert record.authors == ("Jiao Sun", "Deqing Fu") and record.abstract == "From the page."
        assert len(asked) == 1 and "search_query" in asked[0]
        assert any(text.startswith("Filled in 1 paper from arXiv") for text in app.said)  # type: ignore[attr-defined]
        detail = main_screen(app).detail.record
        assert detail is not None and detail.id == pid and detail.arxiv_id == "2311.17946"


async def test_offline_filling_in_says_so_once_and_changes_nothing(
    lone: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = lone
    monkeypatch.setattr(background_module, "ENRICH_DELAY", 0.01)
    pid = title_only(library, f"http://127.0.0.1:{closed_port()}")
    app = make_app(library, enrich=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        background = main_screen(app).background
        background.enrich()  # after an import, say: not said again
        await settle(app, pilot)
        said = [text for text in app.said if "Could not fill" in text]  # type: ignore[attr-defined]
        assert len(said) == 1 and "cannot reach 127.0.0.1" in said[0]
        # What it fills, not "title-only papers" (an arXiv listing's papers without abstracts have ids).
        assert said[0].startswith("Could not fill in papers' missing ids, authors or abstracts: ")
        record = library.paper(pid)
        assert record is not None and record.arxiv_id is None


async def test_filling_in_is_off_when_the_config_says_so_but_the_palette_still_runs_it(
    lone: Library, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = lone
    monkeypatch.setattr(background_module, "ENRICH_DELAY", 0.01)
    asked = fake_arxiv(httpserver)
    pid = title_only(library, httpserver.url_for("/").rstrip("/"))
    app = make_app(library)  # [fetch] enrich = false
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert asked == []
        await press(app, pilot, "ctrl+p", *"Fill in papers from arXiv")
        await press(app, pilot, "enter")
        record = library.paper(pid)
        assert asked and record is not None and record.arxiv_id == "2311.17946"
