"""Typed configuration, read from ``config.toml`` in the config folder (every setting optional)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from paper_tui.fetch import FetchConfig


class ConfigError(Exception):
    """The config file exists but cannot be used; the message names the file."""


@dataclass(frozen=True)
class Config:
    """User settings.

    ``mark_read_after`` is the number of seconds a paper must stay in the detail pane before it is
    marked read (0 turns it off). ``keys`` maps an action name (``bookmark``, ``queue`` ...) to a
    comma-separated list of keys that replaces the default binding.
    """

    mark_read_after: float = 3.0
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    poll_interval: float = 2.0
    fetch: FetchConfig = field(default_factory=FetchConfig)

    @classmethod
    def load(cls, path: Path) -> Config:
        """Read the config file; a missing file gives the defaults."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: {error}") from None
        reader = data.get("reader", {})
        keys = data.get("keys", {})
        if not isinstance(reader, dict) or not isinstance(keys, dict):
            raise ConfigError(f"{path}: [reader] and [keys] must be tables")
        try:
            mark = float(reader.get("mark_read_after", cls.mark_read_after))
            poll = float(reader.get("poll_interval", cls.poll_interval))
        except (TypeError, ValueError):
            raise ConfigError(f"{path}: reader.mark_read_after and poll_interval must be numbers") from None
        theme = reader.get("theme")
        if theme is not None and not isinstance(theme, str):
            raise ConfigError(f"{path}: reader.theme must be a string")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in keys.items()):
            raise ConfigError(f'{path}: [keys] values must be strings such as "b,ctrl+b"')
        try:
            fetch = FetchConfig.from_dict(data.get("fetch", {}), path)
        except ValueError as error:
            raise ConfigError(str(error)) from None
        return cls(
            mark_read_after=max(0.0, mark),
            theme=theme,
            keys=dict(keys),
            poll_interval=max(0.5, poll),
            fetch=fetch,
        )
