"""Typed configuration, read from ``config.toml`` in the config folder (every setting optional)."""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from paper_tui.text import is_safe_url

if TYPE_CHECKING:
    from paper_tui.paths import Paths

HF_BASE_URL = "https://huggingface.co"
#: The longest fetch schedule accepted: a year.
MAX_SCHEDULE_MINUTES = 366 * 24 * 60
#: A config file larger than this is refused (a file linked to /dev/zero would fill the memory).
MAX_CONFIG_BYTES = 1 << 20
ARXIV_BASE_URL = "https://rss.arxiv.org"
#: The arXiv API (``enrich`` asks it for ids, authors and abstracts).
ARXIV_API_BASE_URL = "https://export.arxiv.org"


class ConfigError(Exception):
    """The config file exists but cannot be used; the message names the file."""


#: The shortest interval between the reader's checks of the library.
MIN_POLL = 0.5


@dataclass(frozen=True)
class FetchConfig:
    """The ``[fetch]`` table of config.toml: which sources a bare ``paper-tui fetch`` runs, and where.

    ``inbox`` None means ``<data dir>/inbox``; ``schedule_minutes`` 0 means the reader never fetches
    on its own.
    """

    hf: bool = True
    hf_days: int = 2
    arxiv: tuple[str, ...] = ()
    hf_base_url: str = HF_BASE_URL
    arxiv_base_url: str = ARXIV_BASE_URL
    inbox: Path | None = None
    schedule_minutes: float = 0.0
    arxiv_api_base_url: str = ARXIV_API_BASE_URL
    #: The open reader fills title-only papers' gaps (``paper-tui enrich``) in the background.
    enrich: bool = True

    KEYS = (
        "hf",
        "hf_days",
        "arxiv",
        "hf_base_url",
        "arxiv_base_url",
        "arxiv_api_base_url",
        "inbox",
        "schedule_minutes",
        "enrich",
    )

    @classmethod
    def from_dict(cls, data: Any, path: Path) -> FetchConfig:
        """Build from the ``[fetch]`` table; ValueError with a message naming ``path`` and the setting."""

        def bad(message: str) -> ValueError:
            return ValueError(f"{path}: {message}")

        if not isinstance(data, Mapping):
            raise bad("[fetch] must be a table")
        unknown = [str(key) for key in data if key not in cls.KEYS]
        if unknown:
            raise bad(f"[fetch] has no setting {unknown[0]!r} (known: {', '.join(cls.KEYS)})")
        hf = data.get("hf", cls.hf)
        if not isinstance(hf, bool):
            raise bad("fetch.hf must be true or false")
        enrich = data.get("enrich", cls.enrich)
        if not isinstance(enrich, bool):
            raise bad("fetch.enrich must be true or false")
        days = data.get("hf_days", cls.hf_days)
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 31:
            raise bad("fetch.hf_days must be a whole number from 1 to 31")
        arxiv = data.get("arxiv", [])
        if isinstance(arxiv, str):
            arxiv = arxiv.split()
        if not isinstance(arxiv, list) or not all(isinstance(c, str) for c in arxiv):
            raise bad('fetch.arxiv must be a list of arXiv categories such as ["cs.CL", "cs.LG"]')
        categories: tuple[str, ...] = ()
        if arxiv:
            from paper_tui.categories import CategoryError, arxiv_category

            try:
                categories = tuple(dict.fromkeys(arxiv_category(c) for c in arxiv))
            except CategoryError as error:
                raise bad(f"fetch.arxiv: {error}") from None
        urls = {}
        for key in ("hf_base_url", "arxiv_base_url", "arxiv_api_base_url"):
            url = data.get(key, getattr(cls, key))
            try:
                parts = urlsplit(url) if isinstance(url, str) and is_safe_url(url) else None
                _ = parts and parts.port  # a port that is not a number raises here
            except ValueError:  # "Invalid IPv6 URL", a bad port
                parts = None
            if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
                shown = str(url).lower() if isinstance(url, bool) else repr(url)
                raise bad(f"fetch.{key} must be an http(s) URL such as {getattr(cls, key)!r}, not {shown}")
            urls[key] = url.rstrip("/")
        inbox = data.get("inbox")
        if inbox is not None and (
            not isinstance(inbox, str) or not inbox.strip() or not inbox.isprintable() or len(inbox) > 4096
        ):
            raise bad(f"fetch.inbox must be a folder path (a string of printable characters), not {inbox!r}")
        inbox_path = None
        if inbox is not None:
            inbox_path = Path(inbox).expanduser()
            if not inbox_path.is_absolute():
                inbox_path = Path(os.path.abspath(path.parent / inbox_path))
        minutes = data.get("schedule_minutes", cls.schedule_minutes)
        if (
            not isinstance(minutes, int | float)
            or isinstance(minutes, bool)
            or not math.isfinite(minutes)
            or not (minutes == 0 or 1 <= minutes <= MAX_SCHEDULE_MINUTES)
        ):
            shown = str(minutes).lower() if isinstance(minutes, bool) else repr(minutes)
            raise bad(
                f"fetch.schedule_minutes must be a number of minutes from 1 to {MAX_SCHEDULE_MINUTES:,} "
                f"(0 turns it off), not {shown}"
            )
        return cls(
            hf=hf,
            hf_days=days,
            arxiv=categories,
            hf_base_url=urls["hf_base_url"],
            arxiv_base_url=urls["arxiv_base_url"],
            inbox=inbox_path,
            schedule_minutes=float(minutes),
            enrich=enrich,
            arxiv_api_base_url=urls["arxiv_api_base_url"],
        )

    def inbox_dir(self, paths: Paths) -> Path:
        """The inbox folder: the configured one, else ``<data dir>/inbox``."""
        return self.inbox if self.inbox is not None else paths.default_inbox


#: What a watch or mute rule looks at.
RULE_FIELDS = ("author", "word", "category")


@dataclass(frozen=True)
class Rules:
    """A ``[watch]`` or ``[mute]`` table: authors (a full name or a surname), words or phrases (whole
    words of the title and abstract, any case) and arXiv categories."""

    authors: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Any, path: Path, table: str) -> Rules:
        """Build from a table; ValueError naming ``path`` and the setting."""
        if not isinstance(data, Mapping):
            raise ValueError(f"{path}: [{table}] must be a table")
        unknown = [str(key) for key in data if key not in ("authors", "words", "categories")]
        if unknown:
            raise ValueError(
                f"{path}: [{table}] has no setting {unknown[0]!r} (known: authors, words, categories)"
            )
        values: dict[str, tuple[str, ...]] = {}
        for key in ("authors", "words", "categories"):
            given = data.get(key, [])
            if isinstance(given, str):
                given = [given]
            if not isinstance(given, list) or not all(isinstance(v, str) and v.strip() for v in given):
                raise ValueError(f'{path}: {table}.{key} must be a list of strings such as ["diffusion"]')
            values[key] = tuple(" ".join(v.split()) for v in given)
        return cls(**values)

    def items(self) -> list[tuple[str, str]]:
        """(field, value) pairs: ``("author", "Yang Song")``."""
        return [
            *(("author", v) for v in self.authors),
            *(("word", v) for v in self.words),
            *(("category", v) for v in self.categories),
        ]


@dataclass(frozen=True)
class Config:
    """User settings.

    ``mark_read_after`` is the number of seconds a paper must stay in the detail pane before it is
    marked read (0 turns it off). ``keys`` maps an action name (``bookmark``, ``queue`` ...) to a
    comma-separated list of keys that replaces the default binding.
    """

    #: The config file's tables, and the settings of its [reader] table.
    TABLES: ClassVar[tuple[str, ...]] = ("reader", "keys", "fetch", "watch", "mute")
    READER_KEYS: ClassVar[tuple[str, ...]] = (
        "mark_read_after",
        "mark_read",
        "poll_interval",
        "theme",
        "learn",
    )
    #: When a paper becomes read by itself (``r``, ``x``, ``A`` and a triage skip always mark it).
    MARK_READ: ClassVar[tuple[str, ...]] = ("open", "dwell", "never")

    mark_read_after: float = 3.0
    #: ``open``: ``mark_read_after`` seconds after it is opened (enter); ``dwell``: after it has been
    #: shown that long (moving over it is enough); ``never``.
    mark_read: str = "open"
    #: For you learns from the user's signals (in a child process of the reader); false: no model, For
    #: you ranks by the watch list only.
    learn: bool = True
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    poll_interval: float = 2.0
    fetch: FetchConfig = field(default_factory=FetchConfig)
    #: Papers to bring forward (a mark, a view, a rise in For you) and to hide from Today and Unread.
    watch: Rules = field(default_factory=Rules)
    mute: Rules = field(default_factory=Rules)

    @classmethod
    def load(cls, path: Path) -> Config:
        """Read the config file; a missing file gives the defaults."""
        try:
            text = _read_config(path)
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            raise ConfigError(f"{path}: cannot be read as the config file: {reason}") from None
        import tomllib  # only with a file: a millisecond of the reader's start otherwise

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: {error}") from None
        unknown = [str(name) for name in data if name not in cls.TABLES]
        if unknown:
            # A setting meant for [reader] written above it, a misspelt table: said, not ignored.
            tables = ", ".join(f"[{name}]" for name in cls.TABLES)
            raise ConfigError(f"{path}: no setting or table {unknown[0]!r} at the top (known: {tables})")
        reader = data.get("reader", {})
        keys = data.get("keys", {})
        if not isinstance(reader, dict) or not isinstance(keys, dict):
            raise ConfigError(f"{path}: [reader] and [keys] must be tables")
        unknown = [str(name) for name in reader if name not in cls.READER_KEYS]
        if unknown:
            known = ", ".join(cls.READER_KEYS)
            raise ConfigError(f"{path}: [reader] has no setting {unknown[0]!r} (known: {known})")

        def seconds(name: str, default: float) -> float:
            value = reader.get(name, default)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                shown = str(value).lower() if isinstance(value, bool) else repr(value)  # as TOML writes it
                raise ConfigError(f"{path}: reader.{name} must be a number of seconds, not {shown}")
            return float(value)

        mark = seconds("mark_read_after", cls.mark_read_after)
        poll = seconds("poll_interval", cls.poll_interval)
        # Said, not bent into range without a word (-5 turned marking off, 0.1 became 0.5).
        if mark < 0:
            raise ConfigError(f"{path}: reader.mark_read_after must be 0 (never) or more, not {mark:g}")
        if poll < MIN_POLL:
            raise ConfigError(f"{path}: reader.poll_interval must be at least {MIN_POLL:g}, not {poll:g}")
        mark_read = reader.get("mark_read", cls.mark_read)
        if mark_read not in cls.MARK_READ:
            choices = ", ".join(f'"{m}"' for m in cls.MARK_READ)
            raise ConfigError(f"{path}: reader.mark_read must be one of {choices}, not {mark_read!r}")
        learn = reader.get("learn", cls.learn)
        if not isinstance(learn, bool):
            raise ConfigError(f"{path}: reader.learn must be true or false")
        theme = reader.get("theme")
        if theme is not None and not isinstance(theme, str):
            raise ConfigError(f"{path}: reader.theme must be a string")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in keys.items()):
            raise ConfigError(f'{path}: [keys] values must be strings such as "b,ctrl+b"')
        try:
            fetch = FetchConfig.from_dict(data.get("fetch", {}), path)
            watch = Rules.from_dict(data.get("watch", {}), path, "watch")
            mute = Rules.from_dict(data.get("mute", {}), path, "mute")
        except ValueError as error:
            raise ConfigError(str(error)) from None
        return cls(
            mark_read_after=mark,
            mark_read=mark_read,
            learn=learn,
            theme=theme,
            keys=dict(keys),
            poll_interval=poll,
            fetch=fetch,
            watch=watch,
            mute=mute,
        )


def _read_config(path: Path) -> str:
    """The config file's text: a regular file of at most :data:`MAX_CONFIG_BYTES` in UTF-8 (ValueError
    otherwise); never a device or a pipe, which could give no end or block."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ValueError("it is not a regular file (a device, a pipe or a folder)")
        data = file.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ValueError(f"it is larger than {MAX_CONFIG_BYTES:,} bytes")
    return data.decode("utf-8")
