"""The reader's session with its library: one ordered database thread for the start-up read, every
write and the change poll; the saved place and theme."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, TypeVar

from paper_tui.reader.threads import DaemonExecutor
from paper_tui.reader.view_cache import ROWS_AROUND, ViewSource, Window, expected_cursor, window_around
from paper_tui.reader.views import ViewSpec
from paper_tui.text import plural

if TYPE_CHECKING:
    from paper_tui.library import Library
    from paper_tui.reader.place import ReaderPrefs

__all__ = ["ReaderSession", "Snapshot"]

T = TypeVar("T")

Severity = Literal["information", "warning", "error"]

#: Seconds the reader waits, when it quits, for writes still queued (a lock held by another process
#: could make it wait for ever: the reader quits anyway and says what was not saved).
QUIT_WAIT = 0.8


@dataclass(frozen=True)
class Snapshot:
    """What the reader's first frame shows, read while Textual sets up the screen."""

    view: ViewSpec
    selected: int | None
    theme: str | None
    notes: list[tuple[Severity, str]]
    window: Window
    queue: Window
    latest: str | None
    dates: list[str] = field(default_factory=list)
    prefs: ReaderPrefs | None = None


class ReaderSession:
    """The reader's link to its library where order matters.

    One thread runs, in the order they were asked for, the start-up read (seeding an empty library),
    every write the user's keys make (so that they apply in the order the keys were pressed) and the
    change poll: SQLite's ``PRAGMA data_version`` only means something when read on one connection,
    and this thread's is the one. The thread is a daemon: a write stuck behind another process's
    lock never keeps the reader from quitting (:meth:`close` says whether everything was written).
    """

    def __init__(self, library: Library, *, on_seeding: Callable[[], object] | None = None) -> None:
        self.library = library
        self._on_seeding = on_seeding
        self._thread = DaemonExecutor(1, name="paper-tui-db", join_timeout=QUIT_WAIT)
        self._data_version: int | None = None
        self._saved_place: tuple[str | None, int | None] | None = None
        self._saved_theme: str | None = None
        self._started = False

    # -- the ordered thread ----------------------------------------------------------------------

    def submit(self, call: Callable[[], T]) -> Future[T]:
        """Run ``call`` on the database thread, after everything asked for before."""
        return self._thread.submit(call)

    @property
    def busy(self) -> bool:
        """Whether a write (or a read) is queued or running."""
        return self._thread.busy

    def close(self) -> bool:
        """Take no more work; wait at most :data:`QUIT_WAIT` seconds for queued writes. True when
        everything asked for was done."""
        if self._started:
            # Papers that arrived during this session are not new in the next one.
            self.submit(self.library.end_session)
        self._thread.shutdown(wait=True)
        return not self._thread.busy

    # -- start -----------------------------------------------------------------------------------

    def start(self) -> Future[Snapshot]:
        """Open the library on the database thread: seed it when empty, read the saved place and what
        the first frame shows (the view's ids with the rows and records around the cursor, the queue)."""
        return self.submit(self._start)

    def _start(self) -> Snapshot:
        library = self.library
        self._data_version = library.data_version()
        state = library.reader_state()
        prefs = library.reader_prefs()
        notes: list[tuple[Severity, str]] = []
        try:
            if library.will_seed() and self._on_seeding is not None:
                self._on_seeding()
            results = library.ensure_seeded()
            if results:
                papers = sum(r.new + r.merged for r in results)
                days = ", ".join(sorted({r.date for r in results if r.date}))
                notes.append(
                    (
                        "information",
                        f"Imported the bundled sample: {plural(papers, 'paper')} "
                        f"(digest {days or 'undated'}). "
                        "Add your own digests with `paper-tui import FILE`.",
                    )
                )
        except Exception as error:
            notes.append(("error", f"Could not import the bundled sample digest: {error}"))
        notes += [("warning", notice) for notice in library.notices.take()]
        library.begin_session()
        self._started = True
        dates = library.digest_dates()
        latest = dates[0] if dates else None
        view = ViewSpec.from_meta(state.view) or ViewSpec()
        if view.kind == "digest" and view.digest_date not in dates:
            view = ViewSpec()
        view = replace(view, sort=prefs.sorts.get(view.sort_key, "digest"))
        source = ViewSource(library, lambda: "not at start")
        ids = source.digest_ids(latest, view) if view.kind == "today" else source.ids(view)
        cursor = expected_cursor(ids, state.selected, reset=True)
        queue = library.queue()
        self._saved_place = (view.to_meta(), state.selected)
        self._saved_theme = state.theme
        return Snapshot(
            view=view,
            selected=state.selected,
            theme=state.theme,
            notes=notes,
            window=window_around(library, ids, cursor, latest if view.kind == "today" else None),
            queue=Window(queue, library.rows(queue[:ROWS_AROUND])),
            latest=latest,
            dates=dates,
            prefs=prefs,
        )

    # -- the place and the theme -----------------------------------------------------------------

    def save_place(self, view: str | None, selected: int | None) -> Future[None] | None:
        """Save the view and the highlighted paper, unless they are what was saved last (None then)."""
        place = (view, selected)
        if place == self._saved_place:
            return None
        self._saved_place = place
        library = self.library
        return self.submit(lambda: library.save_reader_state(view=view, selected=selected))

    def save_prefs(self, *, sorts: dict[str, str] | None = None, rows: str | None = None) -> Future[None]:
        """Save the views' sorts or the row style (in order with the writes)."""
        library, sorts = self.library, dict(sorts) if sorts is not None else None
        return self.submit(lambda: library.save_reader_prefs(sorts=sorts, rows=rows))

    def theme_shown(self, theme: str) -> None:
        """The theme the reader starts with (saved, or the config file's): not a choice to save."""
        self._saved_theme = theme

    def save_theme(self, theme: str) -> Future[None] | None:
        """Save the theme chosen in the reader, unless it is the one saved (None then)."""
        if theme == self._saved_theme:
            return None
        self._saved_theme = theme
        library = self.library
        return self.submit(lambda: library.save_reader_state(theme=theme))

    # -- others' changes -------------------------------------------------------------------------

    def poll(self) -> Future[bool]:
        """Whether another process (or another reader) committed to the library since the last poll."""
        return self.submit(self._changed)

    def _changed(self) -> bool:
        version = self.library.data_version()
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        return changed
