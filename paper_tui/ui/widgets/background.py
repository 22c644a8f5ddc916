"""The reader's work behind the panes: fetches (``F`` and the schedule), the inbox and other processes'
changes (every ``poll_interval``), the search index's check and rebuild, exports."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from paper_tui.reader.index_state import IndexState
from paper_tui.text import plural

if TYPE_CHECKING:
    from paper_tui.config import Config
    from paper_tui.enrich import EnrichReport
    from paper_tui.library import Library
    from paper_tui.model import RemovalPlan, RemovalResult
    from paper_tui.reader.session import ReaderSession
    from paper_tui.sync import FetchRun, InboxRun


class Background(Widget):
    """Runs the reader's background work in workers and says what came of it (notifications).

    It shows nothing; the screen hears :class:`LibraryChanged` (show the library again) and
    :class:`Activity` (for the status line).
    """

    DEFAULT_CSS = "Background { display: none; }"

    @dataclass
    class LibraryChanged(Message):
        """The library changed (another process, a fetch, the inbox); ``newest``: a fetch the user
        asked for, after which Today moves to the newest digest."""

        newest: bool = False

    @dataclass
    class Activity(Message):
        """The work under way: what the fetch is doing ("" when none runs), the papers in the exports
        (100,000 take seconds), what the index rebuild is doing."""

        fetch: str
        exporting: int
        index: str

    @dataclass
    class _Exported(Message):
        papers: int
        path: Path
        error: str | None

    @dataclass
    class IndexReady(Message):
        """A rebuild of the search index ended: searches run again."""

    @dataclass
    class _Enriched(Message):
        report: EnrichReport | None
        error: str | None = None
        asked: bool = False

    @dataclass
    class _Planned(Message):
        plan: RemovalPlan | None
        error: str | None = None

    @dataclass
    class _Removed(Message):
        result: RemovalResult | None
        error: str | None = None

    @dataclass
    class _Polled(Message):
        changed: bool
        inbox: Path | None

    @dataclass
    class _InboxDone(Message):
        folder: Path
        run: InboxRun | None
        error: str | None = None

    @dataclass
    class _FetchProgress(Message):
        label: str

    @dataclass
    class _FetchDone(Message):
        run: FetchRun | None
        error: str | None
        scheduled: bool

    @dataclass
    class _IndexChecked(Message):
        usable: bool

    @dataclass
    class _IndexProgress(Message):
        done: int
        total: int

    @dataclass
    class _IndexDone(Message):
        count: int
        seconds: float
        error: str | None

    def __init__(self, library: Library, config: Config, session: ReaderSession, index: IndexState) -> None:
        super().__init__()
        self.library = library
        self.config = config
        self.session = session
        self.index = index
        #: True while a fetch runs: one at a time.
        self.fetching = False
        #: The running fetch was asked for by the user: Today moves to the newest digest after it.
        self.fetch_moves_today = False
        #: The schedule_minutes timer (None when the config sets no schedule).
        self.fetch_timer: Timer | None = None
        #: Papers in the library (the screen keeps it up to date): a rebuild's expected total.
        self.paper_count = 0
        self._polling = False
        self._inbox_busy = False
        self._inbox_error: str | None = None
        self._exporting = 0
        self._fetch_text = ""
        self._enriching = False
        self._said_enrich_error = False

    def start(self) -> None:
        """Begin polling (others' changes, the inbox) and the fetch schedule (after the first frame)."""
        self.set_interval(self.config.poll_interval, self._poll)
        minutes = self.config.fetch.schedule_minutes
        if minutes > 0:
            self.fetch_timer = self.set_interval(minutes * 60, self._scheduled_fetch)
        # Papers imported since the last session (a cron import, the sample just seeded) get their
        # gaps filled once the reader is up.
        self.set_timer(ENRICH_DELAY, self.enrich)

    def stop(self) -> None:
        """The reader is quitting: a fetch stops at its next request, a rebuild at once (the old index
        stays in place)."""
        for worker in self.workers:
            if worker.group in ("fetch", "reindex", "enrich"):
                worker.cancel()

    def inbox_folder(self) -> Path:
        """The inbox the reader imports from: ``[fetch] inbox``, else ``<data dir>/inbox``."""
        return self.config.fetch.inbox_dir(self.library.paths)

    # -- others' changes and the inbox -------------------------------------------------------------

    def _poll(self) -> None:
        if self._polling:
            return
        self._polling = True
        # Not while the index is rebuilt: papers written into the old one would miss the new one.
        inbox = None if self._inbox_busy or self.index.rebuilding else self.inbox_folder()
        self._look(inbox)

    @work(thread=True, group="poll", exit_on_error=False)
    def _look(self, inbox: Path | None) -> None:
        """Other processes' commits, then whether the inbox holds files (a listing)."""
        from paper_tui.sync import inbox_has_files

        try:
            changed = self.session.poll().result()
        except Exception:
            changed = False
        waiting = inbox is not None and inbox_has_files(inbox)
        self.post_message(self._Polled(changed, inbox if waiting else None))

    @on(_Polled)
    def _polled(self, message: _Polled) -> None:
        self._polling = False
        if message.changed:
            self.post_message(self.LibraryChanged())
        if message.inbox is not None and not self._inbox_busy and not self.index.rebuilding:
            self._inbox_busy = True
            self._import_inbox(message.inbox)

    @work(thread=True, group="inbox", exit_on_error=False)
    def _import_inbox(self, folder: Path) -> None:
        from paper_tui.sync import run_inbox

        try:
            message = self._InboxDone(folder, run_inbox(self.library, folder))
        except Exception as error:
            message = self._InboxDone(folder, None, f"{type(error).__name__}: {error}")
        self.post_message(message)

    @on(_InboxDone)
    def _inbox_done(self, message: _InboxDone) -> None:
        from paper_tui.sync import inbox_lines

        self._inbox_busy = False
        run = message.run
        if run is None:
            error = f"Could not import the inbox ({message.folder}): {message.error}"
            if error != self._inbox_error:  # said once, not at every poll
                self._inbox_error = error
                self.notify(error, severity="error", markup=False, timeout=10)
            return
        self._inbox_error = None
        self._say_notices(run.notices)
        imported, failed = inbox_lines(message.folder, run.report)
        for line in imported:
            self.notify(line, markup=False, timeout=8)
        for line in failed:
            self.notify(line, severity="error", markup=False, timeout=12)
        if run.report.imported:
            self.post_message(self.LibraryChanged())
            self.enrich()

    def _say_activity(self, *, fetch: str | None = None) -> None:
        if fetch is not None:
            self._fetch_text = fetch
        self.post_message(self.Activity(self._fetch_text, self._exporting, self.index.activity()))

    def _say_notices(self, notices: list[str] | tuple[str, ...]) -> None:
        for notice in notices:
            self.notify(notice, severity="warning", markup=False, timeout=8)

    # -- fetching --------------------------------------------------------------------------------

    def fetch(self) -> None:
        """Fetch new digests now (the [fetch] sources), in a worker."""
        if self.fetching:
            self.notify("A fetch is already running.", markup=False, timeout=3)
            return
        if self.index.rebuilding:
            # Papers written into the old index meanwhile would be missing from the new one.
            self.notify("The search index is being rebuilt: fetch when it is done.", markup=False, timeout=4)
            return
        self._start_fetch(scheduled=False)

    def _scheduled_fetch(self) -> None:
        if not self.fetching and not self.index.rebuilding:
            self._start_fetch(scheduled=True)

    def _start_fetch(self, *, scheduled: bool) -> None:
        self.fetching = True
        self.fetch_moves_today = not scheduled
        self._say_activity(fetch="Fetching…")
        self._fetch(scheduled)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _fetch(self, scheduled: bool) -> None:
        from paper_tui.sync import run_fetch

        worker = get_current_worker()
        try:
            run = run_fetch(
                self.library,
                self.config.fetch,
                on_source=lambda label: self.post_message(self._FetchProgress(label)),
                cancelled=worker.cancelled_event,
            )
            message = self._FetchDone(run, None, scheduled)
        except Exception as error:
            message = self._FetchDone(None, f"{type(error).__name__}: {error}", scheduled)
        self.post_message(message)

    @on(_FetchProgress)
    def _fetch_progress(self, message: _FetchProgress) -> None:
        if self.fetching:
            self._say_activity(fetch=f"Fetching {message.label}…")

    @on(_FetchDone)
    def _fetch_done(self, message: _FetchDone) -> None:
        from paper_tui.sync import fetch_summary

        self.fetching = False
        moves_today = self.fetch_moves_today
        self.fetch_moves_today = False
        self._say_activity(fetch="")
        run = message.run
        if run is None:
            self.notify(f"Fetch failed: {message.error}", severity="error", markup=False, timeout=10)
            return
        self._say_notices(run.notices)
        summary, errors = fetch_summary(run.results)
        if errors:
            self.notify(
                "\n".join(errors),
                severity="error" if summary is None else "warning",
                markup=False,
                timeout=12,
            )
        changed = any(r.result and (r.result.new or r.result.merged) for r in run.results)
        if summary is not None and (changed or not message.scheduled):
            self.notify(summary, markup=False, timeout=8)
        if any(r.result for r in run.results):
            self.post_message(self.LibraryChanged(newest=moves_today))
            self.enrich()

    # -- filling title-only papers' gaps ----------------------------------------------------------

    def enrich(self, *, asked: bool = False) -> None:
        """Fill the gaps of papers not asked about before (``paper-tui enrich``) in a worker: after an
        import, and once after start. Quiet unless it filled something, or cannot reach the network
        (said once a session); ``[fetch] enrich = false`` turns it off. ``asked``: from the palette (it
        runs whatever the config says, and always says what it did)."""
        if (not self.config.fetch.enrich and not asked) or self._enriching or self.index.rebuilding:
            if asked:
                self.notify(
                    "Filling in papers is already running, or the index is being rebuilt.", markup=False
                )
            return
        self._enriching = True
        self._enrich(asked)

    @work(thread=True, group="enrich", exit_on_error=False)
    def _enrich(self, asked: bool) -> None:
        try:
            report = self.library.enrich(cancel=get_current_worker().cancelled_event)
            message = self._Enriched(report, asked=asked)
        except Exception as error:
            message = self._Enriched(None, f"{type(error).__name__}: {error}", asked)
        self.post_message(message)

    @on(_Enriched)
    def _enriched(self, message: _Enriched) -> None:
        self._enriching = False
        report = message.report
        error = message.error if report is None else report.error
        if report is not None and report.filled:
            self.notify(
                f"Filled in {plural(len(report.filled), 'paper')} from arXiv and Hugging Face "
                "(their ids, authors, abstracts or links).",
                markup=False,
            )
            self.post_message(self.LibraryChanged())
        elif report is not None and error is None and message.asked:
            self.notify(f"Nothing to fill in: {plural(report.looked_at, 'paper')} looked at.", markup=False)
        if error is not None and (message.asked or not self._said_enrich_error):
            self._said_enrich_error = True
            self.notify(
                f"Could not fill in papers' missing ids, authors or abstracts: {error} (`paper-tui enrich` "
                "tries again)",
                severity="warning",
                markup=False,
                timeout=8,
            )

    # -- removing a digest or a paper --------------------------------------------------------------

    def remove_papers(self, *, digest_date: str | None = None, paper_id: int | None = None) -> None:
        """Remove a day's digests or one paper, after a yes (twice when papers with the user's marks
        would go); a backup is written first. A paper also in another digest stays."""
        self._plan(digest_date, paper_id)

    @work(thread=True, group="removal", exit_on_error=False)
    def _plan(self, digest_date: str | None, paper_id: int | None) -> None:
        refs = [str(paper_id)] if paper_id is not None else []
        try:
            message = self._Planned(self.library.plan_removal(digest_date=digest_date, refs=refs))
        except Exception as error:
            message = self._Planned(None, str(error.args[0]) if error.args else str(error))
        self.post_message(message)

    @on(_Planned)
    def _planned(self, message: _Planned) -> None:
        from paper_tui.ui.screens.dialogs import ConfirmDialog

        plan = message.plan
        if plan is None:
            self.notify(f"Cannot remove: {message.error}", severity="error", markup=False)
            return

        def marked(yes: bool | None) -> None:
            if yes:
                self._remove(plan)

        def first(yes: bool | None) -> None:
            if yes and plan.with_state:
                question = f"{plan.state_summary()}. Remove them too?"
                self.app.push_screen(ConfirmDialog(question), marked)
            elif yes:
                self._remove(plan)

        question = f"{plan.summary()} A backup is written first. Remove?"
        self.app.push_screen(ConfirmDialog(question), first)

    @work(group="removal", exit_on_error=False)
    async def _remove(self, plan: RemovalPlan) -> None:
        import asyncio

        library = self.library
        try:
            result = await asyncio.wrap_future(self.session.submit(lambda: library.remove(plan, force=True)))
            message = self._Removed(result)
        except Exception as error:
            message = self._Removed(None, str(error))
        self.post_message(message)

    @on(_Removed)
    def _removed(self, message: _Removed) -> None:
        if message.result is None:
            self.notify(f"Could not remove: {message.error}", severity="error", markup=False)
            return
        summary = message.result.summary()
        self.notify(summary[0].upper() + summary[1:], markup=False, timeout=8)
        self.post_message(self.LibraryChanged())

    # -- exports --------------------------------------------------------------------------------

    def export(self, path: Path, fmt: str, ids: list[int]) -> None:
        """Write papers to a file in a format (``bibtex``, ``markdown``, ``json``, ``csv``), in a worker."""
        self._exporting += len(ids)
        self._say_activity()
        self._export(path, fmt, ids)

    @work(thread=True, group="export", description="export", exit_on_error=False)
    def _export(self, path: Path, fmt: str, ids: list[int]) -> None:
        from paper_tui.export import write_file

        error = None
        try:
            write_file(path, self.library.export(ids, fmt))
        except Exception as failure:
            error = str(failure)
        self.post_message(self._Exported(len(ids), path, error))

    @on(_Exported)
    def _exported(self, message: _Exported) -> None:
        self._exporting -= message.papers
        self._say_activity()
        if message.error is not None:
            self.notify(f"Export failed: {message.error}", severity="error", markup=False)
        else:
            self.notify(
                f"Exported {plural(message.papers, 'paper')} to {message.path}", markup=False, timeout=6
            )

    # -- the search index: checked after start, rebuilt with progress when missing or asked ----------

    def check_index(self) -> None:
        """Look at the index now (once): after the first frame, or at the first search if sooner."""
        if self.index.begin_check():
            self._check_index()

    @work(thread=True, group="index", exit_on_error=False)
    def _check_index(self) -> None:
        """Open the index (searches wait for this, not for more), compare its files with their
        checksums, and run one query so that the first search is warm (unless a search has started:
        it warms it). A damaged index is rebuilt with progress, whenever the damage is found."""
        library = self.library
        library.take_over_index_check()  # searches do not wait for the checksums
        try:
            usable = library.index_usable()
        except Exception:
            usable = True  # a search will say what is wrong
        self.post_message(self._IndexChecked(usable))
        if not usable:
            return
        try:
            damage = library.index_damage()
        except Exception:
            damage = None
        if damage is not None:
            self.post_message(self._IndexChecked(False))
        elif not self.index.searched:
            with contextlib.suppress(Exception):
                library.warm()

    @on(_IndexChecked)
    def _index_checked(self, message: _IndexChecked) -> None:
        if self.index.checked(message.usable):
            self.notify(
                "The search index is missing, damaged or from an older paper-tui: rebuilding it from the "
                "library. "
                "Everything but search works meanwhile.",
                severity="warning",
                markup=False,
                timeout=8,
            )
            self._start_reindex(missing=True, total=self.paper_count)

    def reindex(self) -> None:
        """Rebuild the search index from the library, in the background."""
        if self.index.rebuilding:
            self.notify("The search index is already being rebuilt.", markup=False, timeout=3)
            return
        if self.fetching or self._inbox_busy:
            # Papers a fetch writes into the old index meanwhile would be missing from the new one.
            self.notify(
                "A fetch or an inbox import is running: rebuild the index when it is done.",
                severity="warning",
                markup=False,
                timeout=4,
            )
            return
        self._start_reindex(missing=False, total=self.paper_count)

    def _start_reindex(self, *, missing: bool, total: int) -> None:
        self.index.start_rebuild(missing=missing, total=total)
        self._say_activity()
        self._reindex()

    @work(thread=True, group="reindex", exit_on_error=False)
    def _reindex(self) -> None:
        from paper_tui.reindex_child import ReindexCancelled, run_reindex

        started = time.monotonic()
        library = self.library

        def progress(done: int, total: int) -> None:
            self.post_message(self._IndexProgress(done, total))

        try:
            count = run_reindex(library.paths, progress, get_current_worker().cancelled_event)
            # The child swapped the new index in: the next search opens it.
            library.close_index()
            message = self._IndexDone(count, time.monotonic() - started, None)
        except ReindexCancelled:
            return
        except Exception as error:
            message = self._IndexDone(0, time.monotonic() - started, str(error))
        self.post_message(message)

    @on(_IndexProgress)
    def _index_progress(self, message: _IndexProgress) -> None:
        if self.index.progress(message.done, message.total):
            self._say_activity()

    @on(_IndexDone)
    def _index_done(self, message: _IndexDone) -> None:
        self.index.rebuilt()
        self._say_activity()
        self.post_message(self.IndexReady())
        self._say_notices(self.library.notices.take())
        if message.error is not None:
            self.notify(
                f"Could not rebuild the search index: {message.error}", severity="error", markup=False
            )
            return
        self.notify(
            f"Search index rebuilt: {plural(message.count, 'paper')} in {_duration(message.seconds)}.",
            markup=False,
            timeout=6,
        )


#: Seconds after start before the papers' gaps are filled (after the first frame, the index's check).
ENRICH_DELAY = 2.0


def _duration(seconds: float) -> str:
    """``42 s``, ``4 min 32 s``."""
    whole = round(seconds)
    if whole < 60:
        return f"{seconds:.1f} s" if seconds < 10 else f"{whole} s"
    return f"{whole // 60} min {whole % 60} s"
