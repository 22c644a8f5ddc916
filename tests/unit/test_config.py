"""The config file: defaults, the settings it takes, and one clear line for each thing it gets wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paper_tui.config import Config, ConfigError


def load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return Config.load(path)


def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    assert Config.load(tmp_path / "config.toml") == Config()


def test_the_reader_settings_and_keys_are_read(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        '[reader]\nmark_read_after = 5\npoll_interval = 1.5\ntheme = "nord"\n[keys]\nbookmark = "B"\n',
    )
    assert (config.mark_read_after, config.poll_interval, config.theme) == (5.0, 1.5, "nord")
    assert config.keys == {"bookmark": "B"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[reader]\nmark_read_after = -3\n", "reader.mark_read_after must be 0 (never) or more, not -3"),
        ("[reader]\npoll_interval = 0.1\n", "reader.poll_interval must be at least 0.5, not 0.1"),
    ],
)
def test_out_of_range_numbers_are_refused_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    # Before: brought into range without a word (-3 turned marking read off).
    with pytest.raises(ConfigError, match=re.escape(message)):
        load(tmp_path, text)
    assert load(tmp_path, "[reader]\nmark_read_after = 0\npoll_interval = 0.5\n").poll_interval == 0.5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # A setting of [reader] written above the table, and a misspelt table: said, not ignored.
        (
            'theme = "nord"\n',
            "no setting or table 'theme' at the top (known: [reader], [keys], [fetch], [watch], [mute])",
        ),
        ('[reder]\ntheme = "nord"\n', "no setting or table 'reder' at the top"),
        (
            "[reader]\nthem = 5\n",
            "[reader] has no setting 'them' (known: mark_read_after, mark_read, poll_interval, theme, learn)",
        ),
        (
            '[reader]\npoll_interval = "fast"\n',
            "reader.poll_interval must be a number of seconds, not 'fast'",
        ),
        (
            "[reader]\nmark_read_after = true\n",
            "reader.mark_read_after must be a number of seconds, not true",
        ),
        ("[reader]\nmark_read_after = nan\n", "reader.mark_read_after must be a number of seconds, not nan"),
        ("[reader]\ntheme = 3\n", "reader.theme must be a string"),
        ("[keys]\nbookmark = 3\n", '[keys] values must be strings such as "b,ctrl+b"'),
        ("[reader\n", "Expected ']' at the end of a table declaration (at line 1, column 8)"),
    ],
)
def test_a_wrong_setting_is_one_line_naming_the_file_and_the_setting(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    said = str(caught.value)
    assert said.startswith(f"{tmp_path / 'config.toml'}: {message}"), said
    assert "\n" not in said
