"""Builders shared by the UI tests: a small fixed library, the seed, an app, and waiting for workers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from paper_tui.config import Config, FetchConfig
from paper_tui.library import Library
from paper_tui.model import Link, Paper
from paper_tui.paths import seed_files
from paper_tui.ui.app import PaperApp
from paper_tui.ui.screens.main import MainScreen
from paper_tui.ui.widgets.paper_list import PaperList
from paper_tui.ui.widgets.status import StatusLine
from tests.helpers import ingest

#: The terminal size of the Pilot tests.
SIZE = (120, 36)

#: The date the seed is imported under, so that snapshots never depend on the file's mtime.
SEED_DATE = "2025-08-11"

#: pytest-textual-snapshot's ``snap_compare`` fixture.
Compare = Callable[..., bool]

INJECTION_TITLE = "[@click=app.quit]x[/]"
BRACKET_TITLE = "Tensor[float] ops"


def _links(arxiv_id: str, *extra: Link) -> tuple[Link, ...]:
    return (
        Link("arxiv", f"https://arxiv.org/abs/{arxiv_id}"),
        Link("pdf", f"https://arxiv.org/pdf/{arxiv_id}"),
        *extra,
    )


NEWEST = (
    Paper(
        title="Diffusion Transformers for Long Video Generation",
        abstract="We scale diffusion transformers to minute-long videos with a sparse attention scheme.",
        authors=("Ada Lovelace", "Alan Turing"),
        arxiv_id="2608.00001",
        categories=("cs.CV", "cs.LG"),
        links=_links(
            "2608.00001",
            Link("hf", "https://huggingface.co/papers/2608.00001"),
            Link("code", "https://github.com/example/longvideo"),
            Link("project", "https://example.org/longvideo"),
        ),
        upvotes=42,
    ),
    Paper(
        title=INJECTION_TITLE,
        abstract="An abstract that mentions [b]markup[/b] and [@click=app.bell]bells[/].",
        authors=("[red]Mallory[/red]",),
        arxiv_id="2608.00002",
        links=_links("2608.00002"),
        upvotes=7,
    ),
    Paper(
        title=BRACKET_TITLE,
        abstract="Typed tensor operations for graph neural networks.",
        authors=("Grace Hopper",),
        arxiv_id="2608.00003",
        links=_links("2608.00003", Link("doi", "https://doi.org/10.1000/xyz123")),
    ),
    Paper(
        title="Sparse Mixture of Experts at Scale",
        abstract="Routing tokens to experts; language models become cheaper to serve.",
        authors=("Edsger Dijkstra",),
        arxiv_id="2608.00004",
        links=_links("2608.00004"),
        upvotes=15,
    ),
)

OLDER = (
    Paper(
        title="Graph Neural Networks for Chemistry",
        abstract="Message passing over molecular graphs predicts reaction yields.",
        authors=("Marie Curie",),
        arxiv_id="2607.00011",
        links=_links("2607.00011"),
    ),
    Paper(
        title="A Survey of Diffusion Models",
        abstract="We review score-based diffusion models and their samplers.",
        authors=("Carl Gauss",),
        arxiv_id="2607.00012",
        links=_links("2607.00012"),
    ),
)


def sample_library(home: Path | None = None) -> Library:
    """A library with two digests: 2026-08-01 (4 papers) and 2026-07-31 (2 papers)."""
    library = Library.open(home)
    ingest(library, *OLDER, date="2026-07-31", source="arxiv-rss")
    ingest(library, *NEWEST, date="2026-08-01")
    return library


def seed_library(home: Path | None = None) -> Library:
    """A library holding the bundled sample digest under a fixed date."""
    library = Library.open(home)
    library.import_file(seed_files()[0], digest_date=SEED_DATE)
    return library


def make_app(library: Library, **config: Any) -> PaperApp:
    """The reader over ``library``; mark-read and For you's learning off and a slow poll unless a test
    asks otherwise."""
    config.setdefault("mark_read_after", 0.0)
    config.setdefault("learn", False)  # no child process learning For you unless a test asks
    config.setdefault("poll_interval", 60.0)
    # Never the network from a test: filling in papers runs only where a test asks for it.
    enrich = config.pop("enrich", False)
    config["fetch"] = replace(config.get("fetch", FetchConfig()), enrich=enrich)
    app = PaperApp(library, Config(**config))
    said: list[str] = []
    notify = app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(message)
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    app.said = said  # type: ignore[attr-defined]
    return app


async def settle(app: PaperApp, pilot: Pilot[Any]) -> None:
    """Wait until workers are done and the messages they posted have been handled."""
    for _ in range(20):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            screen = app.screen_stack[0]
            if not isinstance(screen, MainScreen) or screen.started:
                return
    raise AssertionError("the app did not settle")


async def press(app: PaperApp, pilot: Pilot[Any], *keys: str) -> None:
    """Press ``keys`` (one after the other, with no wait between), then :func:`settle`."""
    await pilot.press(*keys)
    await settle(app, pilot)


async def elapse(app: PaperApp, pilot: Pilot[Any], seconds: float) -> None:
    """Let ``seconds`` pass (for a timer under test), then :func:`settle`."""
    await pilot.pause(seconds)
    await settle(app, pilot)


def held_back(monkeypatch: pytest.MonkeyPatch, owner: object, method: str) -> threading.Event:
    """Make ``owner.method`` (a library's, say) wait in its worker until the returned event is set (at
    most 30 seconds): a call that is slow, or has not returned yet."""
    released = threading.Event()
    original = getattr(owner, method)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        released.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, method, waiting)
    return released


def main_screen(app: PaperApp) -> MainScreen:
    """The main screen (the bottom of the stack, also under dialogs)."""
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


def row_text(paper_list: PaperList, index: int) -> str:
    """The lines of the ``index``-th row from the top of the list as shown (a comfortable row has two
    or three: the title, then its facts), joined by newlines."""
    height = paper_list.row_height
    return "\n".join(paper_list.render_line(index * height + part).text for part in range(height))


def titles(app: PaperApp) -> list[str]:
    """The titles the paper list holds, in its order."""
    screen = main_screen(app)
    rows = screen.library.rows(screen.papers.ids)
    return [rows[i].title for i in screen.papers.ids]


def screen_text(app: PaperApp) -> str:
    """What the terminal shows now (the active screen, with its toasts), as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notifications(app: PaperApp) -> list[str]:
    """The messages of the notifications currently shown."""
    return [notification.message for notification in app._notifications]


def said(app: PaperApp) -> list[str]:
    """Every notification the app of :func:`make_app` has shown, expired ones too (a slow machine
    takes longer than a notification's few seconds)."""
    return list(app.said)  # type: ignore[attr-defined]


def before_snapshot(app: PaperApp, *presses: str) -> Callable[[Pilot[Any]], Any]:
    """A snapshot's ``run_before``: waits for the reader to load, presses keys (waiting after each),
    and clears the toasts and the status line's note."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(app, pilot)
        for key in presses:
            await pilot.press(key)
            await settle(app, pilot)
        # Toasts and the status line's note expire on a clock: keep them out of the picture.
        app.clear_notifications()
        main_screen(app).query_one(StatusLine).clear_note()
        await pilot.pause()

    return run_before
