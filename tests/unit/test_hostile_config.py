"""Extreme settings (issue 17, finding 13): each refused with one line naming the file and the setting;
a config file that is a device or a pipe is never read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.config import Config, ConfigError


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        (
            "schedule_minutes = 1e-9",
            "fetch.schedule_minutes must be a number of minutes from 1 to 527,040 (0 turns it off), not 1e-09",
        ),
        ("schedule_minutes = 0.001", "not 0.001"),
        ("schedule_minutes = nan", "not nan"),
        ("schedule_minutes = inf", "not inf"),
        ("schedule_minutes = -inf", "not -inf"),
        ("schedule_minutes = 1e300", "not 1e+300"),
        (
            'inbox = "\\u0000"',
            "fetch.inbox must be a folder path (a string of printable characters), not '\\x00'",
        ),
        ('inbox = "a\\u001b]0;x\\u0007"', "fetch.inbox must be a folder path"),
        (
            'hf_base_url = "http://[oops/x"',
            "fetch.hf_base_url must be an http(s) URL such as 'https://huggingface.co', not 'http://[oops/x'",
        ),
        ('hf_base_url = "http://host:port/"', "fetch.hf_base_url must be an http(s) URL"),
        ('arxiv_base_url = "https://ex ample.org"', "fetch.arxiv_base_url must be an http(s) URL"),
    ],
)
def test_extreme_settings_are_refused_naming_the_file_and_the_setting(
    setting: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = Path(os.environ["PAPER_TUI_HOME"])  # the commands read the data folder's config.toml
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(f"[fetch]\n{setting}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Config.load(path)
    assert str(caught.value).startswith(f"{path}: ") and said in str(caught.value)
    assert main(["import", "--inbox"]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith(f"paper-tui: {path}: ") and said in err


@pytest.mark.parametrize("minutes", ["0", "1", "60", "1.5"])
def test_sensible_schedules_are_kept(minutes: str, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[fetch]\nschedule_minutes = {minutes}\n", encoding="utf-8")
    assert Config.load(path).fetch.schedule_minutes == float(minutes)


def test_a_config_file_linked_to_a_device_or_a_pipe_is_refused_in_one_line(tmp_path: Path) -> None:
    """The finding: a config symlinked to /dev/zero ended in MemoryError."""
    for name, make in (("zero", lambda p: p.symlink_to("/dev/zero")), ("fifo", os.mkfifo)):
        path = tmp_path / name / "config.toml"
        path.parent.mkdir()
        make(path)
        with pytest.raises(ConfigError) as caught:
            Config.load(path)
        assert str(caught.value) == (
            f"{path}: cannot be read as the config file: it is not a regular file (a device, a pipe or a folder)"
        )


def test_a_huge_config_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# " + "x" * (2 << 20) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="larger than 1,048,576 bytes"):
        Config.load(path)
