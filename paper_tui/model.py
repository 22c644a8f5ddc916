"""Frozen dataclasses shared by the importers, the store, the index, the CLI and the UI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType
from typing import NamedTuple

#: Link kinds, in the order the detail pane and ``y`` prefer them.
LINK_KINDS = ("arxiv", "pdf", "hf", "code", "project", "doi", "other")

#: Markers around highlighted words in search fragments. Sanitised text never holds control
#: characters, so these cannot be confused with content.
HL_START = "\x02"
HL_END = "\x03"

#: Digest sources, one per importer.
SOURCES = (
    "hf-page",
    "hf-api",
    "arxiv-rss",
    "arxiv-atom",
    "arxiv-api",
    "arxiv-email",
    "hf-feed",
    "feed",
    "markdown",
)


@dataclass(frozen=True)
class Link:
    """A typed link attached to a paper; ``kind`` is one of :data:`LINK_KINDS`."""

    kind: str
    url: str


@dataclass(frozen=True)
class Paper:
    """One paper as a digest describes it (before merging with what the library holds).

    ``arxiv_id`` is the bare id without version (``2410.17243``, ``hep-th/9901001``) or None.
    ``published`` is an ISO date (``YYYY-MM-DD``) when the digest gives one.
    ``announce_type`` is arXiv's ``new``/``cross``/``replace``/``replace-cross`` when known.
    """

    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    arxiv_id: str | None = None
    categories: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    upvotes: int | None = None
    comment: str = ""
    published: str | None = None
    announce_type: str | None = None
    keywords: tuple[str, ...] = ()
    ai_summary: str = ""


@dataclass(frozen=True)
class Digest:
    """A parsed digest: where it came from, the day it describes and its papers in order."""

    source: str
    date: str | None
    papers: tuple[Paper, ...]
    title: str = ""
    #: Something the user should hear about this digest (it named no date, so the file's was taken).
    notice: str = ""


class DigestError(Exception):
    """A digest could not be read; ``str()`` is one line naming the file and, where known, the line."""

    def __init__(self, message: str, *, path: str = "<input>", line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def at(self, path: str) -> DigestError:
        """Return the same error naming ``path`` (parsers raise it without knowing the file)."""
        return DigestError(self.message, path=path, line=self.line)

    def __reduce__(self) -> tuple[object, ...]:
        # Whole across processes (a file read by a worker): the default would keep only str(self).
        return (partial(DigestError, path=self.path, line=self.line), (self.message,))


@dataclass(frozen=True)
class Sighting:
    """A digest a paper appeared in."""

    date: str | None
    source: str


@dataclass(frozen=True)
class PaperRecord:
    """A paper as the library holds it, with the user's state."""

    id: int
    arxiv_id: str | None
    title: str
    abstract: str
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    links: tuple[Link, ...]
    upvotes: int | None
    comment: str
    published: str | None
    first_seen: str | None
    last_seen: str | None
    replacement: bool
    digests: tuple[Sighting, ...] = ()
    bookmarked: bool = False
    read: bool = False
    queue_position: int | None = None
    note: str = ""
    keywords: tuple[str, ...] = ()
    ai_summary: str = ""
    #: For you: the paper's score (None before one was computed), its reasons as (what, weight), the
    #: strongest first and those against it last, and what computed it (``model``, ``similar``).
    score: float | None = None
    reasons: tuple[tuple[str, float], ...] = ()
    score_kind: str = ""

    @property
    def queued(self) -> bool:
        """Whether the paper is in the reading queue."""
        return self.queue_position is not None

    @property
    def main_link(self) -> Link | None:
        """The link ``y`` copies: arXiv abs when known, else the HF page, else the first link."""
        for kind in ("arxiv", "hf"):
            for link in self.links:
                if link.kind == kind:
                    return link
        return self.links[0] if self.links else None


@dataclass(frozen=True)
class Row:
    """The few fields a list row shows; cheap to fetch in windows.

    ``authors`` holds the first few authors (``author_count`` all of them); ``badge`` is ``HF`` for a
    paper seen in a Hugging Face digest, else its first arXiv category; ``new``: arrived since the
    reader's last session; ``watched``/``muted``: a watch or mute rule matches it.
    """

    id: int
    title: str
    date: str | None
    upvotes: int | None
    read: bool
    bookmarked: bool
    queued: bool
    authors: tuple[str, ...] = ()
    author_count: int = 0
    badge: str = ""
    has_code: bool = False
    queue_position: int | None = None
    has_note: bool = False
    new: bool = False
    watched: bool = False
    muted: bool = False


#: What the user did that the taste model learns from: liked (``+``), less like this (``-``), skipped
#: in triage (also marked read), opened (``enter``), a link copied or opened, cited (BibTeX copied),
#: done (left the queue as read). Bookmarks, the queue and notes count as they stand.
SIGNALS = ("like", "less", "skip", "open", "link", "cite", "done")

#: What a triage decision does to a paper: queue it, bookmark it, or skip it (read, and a "not for me"
#: signal for For you).
TRIAGE_DECISIONS = ("queue", "bookmark", "skip")

#: The orders a list can be sorted in (``View.sort``); the first is each view's own order.
SORTS = ("digest", "newest", "upvotes", "for-you", "title")


@dataclass(frozen=True)
class View:
    """A filter over the library: which papers a list shows, in which order.

    ``sort``: one of :data:`SORTS` (``digest``: the digests' own order, newest digest first; the
    queue keeps its order whatever the sort). ``hide_muted`` leaves out papers a mute rule matches;
    ``watched`` keeps only those a watch rule matches.
    """

    digest_date: str | None = None
    unread: bool = False
    bookmarked: bool = False
    queued: bool = False
    latest: bool = False
    sort: str = "digest"
    hide_muted: bool = False
    watched: bool = False


#: The highlights of a hit without any (shared: read-only).
NO_HIGHLIGHTS: Mapping[str, str] = MappingProxyType({})


class SearchHit(NamedTuple):
    """A search result: the paper id, its score and highlighted fragments per field. A tuple: a search
    lists every match (tens of thousands at 100,000 papers), and tuples are made three times sooner."""

    paper_id: int
    score: float
    highlights: Mapping[str, str] = NO_HIGHLIGHTS


@dataclass(frozen=True)
class SearchResult:
    """A query's papers, best first (all of them, or the best asked for), how many match in all, and
    what the searcher should be told."""

    hits: list[SearchHit]
    total: int
    #: How many match in the whole library when the search was kept to a view (else None).
    everywhere: int | None = None
    #: What the index searched (the query without its filters, repaired or respelt), "" for none.
    searched: str = ""
    #: Said beside the results: ``Showing results for "transformer" (no papers match "transfomer")``.
    note: str = ""
    #: Parts of a query being typed that were left out until they are complete (``author:``).
    left_out: tuple[str, ...] = ()
    #: Whether anything was searched (not when the query so far is only ``author:`` or one letter).
    ran: bool = True

    @property
    def ids(self) -> list[int]:
        """The papers' ids, best first."""
        return [hit.paper_id for hit in self.hits]


@dataclass(frozen=True)
class DigestInfo:
    """A digest the library has imported."""

    id: int
    source: str
    date: str | None
    name: str
    paper_count: int
    imported_at: str


@dataclass(frozen=True)
class IngestResult:
    """What one import did: counts of new, merged (updated) and unchanged papers."""

    name: str
    new: int = 0
    merged: int = 0
    unchanged: int = 0
    digest_id: int | None = None
    source: str = ""
    date: str | None = None
    notice: str = ""


@dataclass(frozen=True)
class RemovalPlan:
    """What a removal would do, decided before anything is touched (the CLI and the reader show it).

    ``digest_ids`` go; ``paper_ids`` go with everything about them; ``kept_ids`` stay because another
    digest also holds them (only their sighting in the removed digests goes). ``with_state`` names the
    papers that go although the user bookmarked, queued or annotated them: ``(id, title, reasons)``.
    """

    what: str
    digest_ids: tuple[int, ...] = ()
    paper_ids: tuple[int, ...] = ()
    kept_ids: tuple[int, ...] = ()
    with_state: tuple[tuple[int, str, tuple[str, ...]], ...] = ()

    def summary(self) -> str:
        """One sentence for a confirmation: what goes and what stays."""
        from paper_tui.text import plural  # text imports this module

        goes = plural(len(self.paper_ids), "paper")
        kept = f"; {len(self.kept_ids):,} also in other digests stay" if self.kept_ids else ""
        return f"Remove {self.what}: {goes} go{'es' if len(self.paper_ids) == 1 else ''}{kept}."

    def state_summary(self, limit: int = 5) -> str:
        """Which papers with the user's bookmarks, queue places or notes would go (empty when none)."""
        if not self.with_state:
            return ""
        shown = "; ".join(
            f"#{pid} {title[:60]} ({', '.join(reasons)})" for pid, title, reasons in self.with_state[:limit]
        )
        more = f"; and {len(self.with_state) - limit} more" if len(self.with_state) > limit else ""
        count = len(self.with_state)
        return f"{count} of them {'has' if count == 1 else 'have'} your marks: {shown}{more}"


@dataclass(frozen=True)
class RemovalResult:
    """What a removal did: papers and digests removed, papers kept, and the backup taken before."""

    removed: int
    kept: int
    digests: int
    backup: str

    def summary(self) -> str:
        """One line: what went, what stayed, where the backup is."""
        from paper_tui.text import plural  # text imports this module

        kept = f", {self.kept:,} kept (also in other digests)" if self.kept else ""
        digests = f", {plural(self.digests, 'digest')}" if self.digests else ""
        papers = plural(self.removed, "paper")
        return f"removed {papers}{kept}{digests}; backup: {self.backup}"


@dataclass(frozen=True)
class Filters:
    """What a query keeps besides its words: read or unread (``read``), bookmarked, queued, with a note,
    with a code link, seen in a digest of one of ``sources``, upvotes compared with numbers."""

    read: bool | None = None
    bookmarked: bool = False
    queued: bool = False
    note: bool = False
    code: bool = False
    sources: tuple[str, ...] = ()
    upvotes: tuple[tuple[str, int], ...] = ()

    def __bool__(self) -> bool:
        return self != Filters()


class IndexDamaged(Exception):
    """The index folder is missing, unreadable or inconsistent; rebuild it from SQLite."""


class IndexOutdated(IndexDamaged):
    """The index was built by an older paper-tui (its schema lacks a field searches need); rebuild it."""


class QueryError(ValueError):
    """A query that cannot be run as written (the parser or a field refuses it: ``date:[* TO *]``),
    said in one line (what, and where in the query). Never index damage: no index file is touched or
    rebuilt for it."""


class IndexBusy(Exception):
    """Another writer (a rebuild, or an import in another process) holds the index; try again later."""


class LookupFailed(Exception):
    """A paper reference (id or arXiv id) that is not in the library."""


#: An update of fewer documents than this is indexed by one process even when more are allowed (each
#: worker writes its own segment, and more segments make every search slower until they are merged).
PARALLEL_MIN_DOCS = 2000
#: A rebuild (also the first import into an empty library) of this many documents or more uses the
#: allowed worker processes: two workers already index 200 documents 1.6x faster than one writer.
PARALLEL_MIN_REBUILD = 200
