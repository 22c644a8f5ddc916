"""The reader's keys as the config file chose them: for the help screen, the palette and empty lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from textual.binding import Binding, BindingType

from paper_tui.query_text import FILTER_HELP
from paper_tui.ui.screens.help import Section

_NAMES = {"question_mark": "?", "slash": "/", "colon": ":", "escape": "esc", "plus": "+", "minus": "-"}

# The main screen's keys: id (what the config file's [keys] remaps), keys, action, the footer's word
# (a footer entry only for those in FOOTER_PRIORITY), and the description the help and the palette show.
#: The footer's keys, most wanted first: a narrow footer shows the first that fit whole (in the table's
#: order), never a key cut in two.
FOOTER_PRIORITY = (
    "help",
    "quit",
    "search",
    "queue",
    "bookmark",
    "copy_link",
    "open",
    "done",
    "read",
    "note",
    "more_like",
    "export",
)
_FOOTER = frozenset(FOOTER_PRIORITY)
_MAIN: list[tuple[str, str, str, str, str]] = [
    ("help", "question_mark,f1", "help", "Help", "Show every key"),
    ("quit", "q", "quit", "Quit", "Quit (everything is already saved)"),
    ("search", "slash", "search", "Search", "Search the library as you type"),
    ("back", "escape", "back", "Back", "Clear the search, go back"),
    ("bookmark", "b", "bookmark", "Bookmark", "Bookmark or unbookmark the paper"),
    ("queue", "a", "queue", "Queue", "Add the paper to the queue or remove it"),
    ("done", "x", "done", "Done", "Leave the queue and mark read"),
    ("read", "r", "toggle_read", "Read", "Mark read or unread"),
    ("read_all", "A", "mark_all_read", "Mark all read", "Mark every paper of this list read (asks first)"),
    ("copy_link", "y", "copy_link", "Copy link", "Copy the paper's main link"),
    ("open", "o", "open_link", "Open", "Open the main link in the browser"),
    ("note", "n", "note", "Note", "Write a note on the paper"),
    ("more_like", "m", "more_like", "More like", "Papers related to this one"),
    ("export", "e", "export", "Export", "Export this view or the queue to a file"),
    ("fetch", "F", "fetch", "Fetch now", "Fetch new digests now (the sources in [fetch] of the config)"),
    ("copy_any_link", "Y", "copy_any_link", "Copy a link…", "Pick a link to copy"),
    ("open_any_link", "O", "open_any_link", "Open a link…", "Pick a link to open"),
    ("cite", "c", "cite", "Copy BibTeX", "Copy a BibTeX citation"),
    ("queue_down", "J,shift+down", "queue_move(1)", "Queue down", "Move the paper down the queue"),
    ("queue_up", "K,shift+up", "queue_move(-1)", "Queue up", "Move the paper up the queue"),
    ("view_today", "1", "view('today')", "Today", "The newest digest"),
    ("view_all", "2", "view('all')", "All", "Every paper, newest first"),
    ("view_unread", "3", "view('unread')", "Unread", "Papers not read yet"),
    ("view_bookmarked", "4", "view('bookmarked')", "Bookmarked", "Bookmarked papers"),
    ("view_queue", "5", "view('queue')", "Queue view", "The reading queue as the list"),
    ("view_watched", "6", "view('watched')", "Watched", "Papers the watch list matches"),
    ("view_date", "d", "pick_date", "Digest by date", "Open a past digest"),
    ("sort", "s", "sort", "Sort", "Sort the list: digest order, newest, upvotes, for you, title"),
    ("rows", "v", "rows", "Rows", "Comfortable rows (whole titles, facts) or compact ones"),
    ("like", "plus", "like", "Like", "More papers like this one in For you (a signal it learns from)"),
    ("less", "minus", "less", "Less like this", "Fewer papers like this one in For you"),
    ("watch", "w", "watch", "Watch…", "Watch an author, a word or a category of this paper (or stop)"),
    (
        "mute",
        "M",
        "mute",
        "Mute…",
        "Mute a word, an author or a category of this paper (hidden from Today, Unread)",
    ),
    ("show_muted", "H", "show_muted", "Show muted", "Show or hide the muted papers in Today and Unread"),
    ("triage", "t", "triage", "Triage", "The unread papers one at a time: a queue, b bookmark, x skip"),
    (
        "undo",
        "u",
        "undo",
        "Undo",
        "Undo the last change (again: the one before): queue, marks, likes, triage",
    ),
]
#: Handled when the key arrives, so the keys typed right after it (a burst from tmux or a fast
#: typist) already go to the search field, and "esc j" already moves in the list. (f1 also works
#: while the search field has focus, where ? is typed.)
_PRIORITY = ("search", "back")

MAIN_BINDINGS: list[BindingType] = [
    Binding(keys, action, word, show=name in _FOOTER, id=name, tooltip=tip, priority=name in _PRIORITY)
    for name, keys, action, word, tip in _MAIN
]

#: The search syntax, for the help screen (the README's table, shorter).
SEARCH_SYNTAX: list[tuple[str, str]] = [
    ("diffusion transformer", "both words, in title, abstract or authors (model finds models)"),
    ('"language models"', "the phrase"),
    ("a OR b, NOT c, (a OR b) AND c", "boolean logic"),
    ("diffu*", "prefix"),
    ("difusion~", "fuzzy: words as written within one edit"),
    ("author:smith", "one field: title: abstract: author: category: id:"),
    ("date:2026-08", "the newest digest's date; a range: date:[2026-06-01 TO 2026-07-31]"),
    *FILTER_HELP,
    ("transfomer", "a typo: the close spelling is searched, and said under the field"),
    ("ctrl+l", "a search from Unread, Bookmarked, the queue or a digest is kept to it: widen it"),
]


def footer_fit(entries: Sequence[tuple[str, int]], room: int) -> set[str]:
    """The ids of the footer entries ``(id, width)`` that fit in ``room`` columns, taken in
    :data:`FOOTER_PRIORITY` order (an entry that does not fit is skipped; a smaller one may still)."""
    widths = dict(entries)
    chosen: set[str] = set()
    for name in FOOTER_PRIORITY:
        width = widths.get(name)
        if width is not None and width <= room:
            chosen.add(name)
            room -= width
    return chosen


def display_key(key: str) -> str:
    """A key as the help shows it (``?`` for question_mark)."""
    return _NAMES.get(key, key)


def chosen_keys(binding: Binding, remaps: Mapping[str, str]) -> list[str]:
    """A binding's keys as the config file's ``[keys]`` chose them (else its own), as shown."""
    chosen = remaps.get(binding.id or "") or binding.key
    return [display_key(k.strip()) for k in chosen.split(",")]


def by_id(bindings: Iterable[BindingType]) -> dict[str, Binding]:
    """The bindings that have an id, by id."""
    return {b.id: b for b in bindings if isinstance(b, Binding) and b.id}


def collisions(bindings: Iterable[BindingType], remaps: Mapping[str, str]) -> dict[str, list[str]]:
    """Keys the config file's ``[keys]`` gave to an action that another action also has (the remapped
    one, or the other, never gets the key), each with the actions that share it."""
    holders: dict[str, list[str]] = {}
    for name, binding in by_id(bindings).items():
        for key in chosen_keys(binding, remaps):
            holders.setdefault(key, []).append(name)
    shared = {key: names for key, names in holders.items() if len(names) > 1}
    return {key: names for key, names in shared.items() if any(name in remaps for name in names)}


def empty_text_keys(bindings: Iterable[BindingType], remaps: Mapping[str, str]) -> dict[str, str]:
    """The first key of each binding, by id, for an empty list's text (one no other action shares,
    where it has one); and under ``help_anywhere`` a help key that also works in the search field
    (not one that types a letter), or ""."""
    bindings = list(bindings)
    shared = collisions(bindings, remaps)
    chosen = {name: chosen_keys(b, remaps) for name, b in by_id(bindings).items()}
    keys = {name: next((k for k in found if k not in shared), found[0]) for name, found in chosen.items()}
    keys["help_anywhere"] = next((k for k in chosen.get("help", []) if len(k) > 1), "")
    return keys


def help_sections(
    screen_bindings: Sequence[BindingType], list_bindings: Sequence[BindingType], remaps: Mapping[str, str]
) -> list[Section]:
    """The help screen's tables, with the keys the config file chose."""
    screen = by_id(screen_bindings)
    lists = by_id(list_bindings)

    def rows(ids: Sequence[str], table: dict[str, Binding]) -> list[tuple[str, str]]:
        return [
            (", ".join(chosen_keys(table[i], remaps)), table[i].tooltip or table[i].description)
            for i in ids
            if i in table
        ]

    paper = [
        "bookmark",
        "queue",
        "queue_up",
        "queue_down",
        "done",
        "read",
        "read_all",
        "note",
        "more_like",
        "copy_link",
        "copy_any_link",
        "cite",
        "open",
        "open_any_link",
    ]
    views = [
        "view_today",
        "view_all",
        "view_unread",
        "view_bookmarked",
        "view_queue",
        "view_watched",
        "view_date",
    ]
    deciding = ["triage", "sort", "rows", "like", "less", "watch", "mute", "show_muted", "undo"]
    return [
        (
            "Move",
            [
                *rows(["down", "up", "first", "last", "page_down", "page_up", "select"], lists),
                ("tab, shift+tab", "Next / previous pane"),
                ("esc", "Clear the search, leave a list, back to the papers"),
            ],
        ),
        ("Views", rows(views, screen)),
        ("Search", [*rows(["search"], screen), ("ctrl+p, :", "Commands and jump to a paper by title")]),
        ("Paper", rows(paper, screen)),
        ("Deciding what to read", rows(deciding, screen)),
        ("Other", [*rows(["fetch", "export", "help", "quit"], screen), ("ctrl+q", "Quit")]),
        ("Search syntax", SEARCH_SYNTAX),
    ]
