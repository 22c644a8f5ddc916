"""Shell completions (issue 18): ``paper-tui completions SHELL`` prints a script for bash, zsh or fish
(argcomplete), and the command completes its commands, options, --format values and arXiv categories."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from paper_tui.cli import main


def complete(line: str, tmp_path: Path) -> list[str]:
    """What the shell would offer after ``line`` (argcomplete's protocol, as the scripts call it)."""
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "_ARGCOMPLETE_SHELL": "bash",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
    }
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from paper_tui.cli import main; sys.exit(main())"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8").split("\n") if out.exists() else []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completions_prints_a_script(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completions", shell]) == 0
    script = capsys.readouterr().out
    assert "paper-tui" in script and "_ARGCOMPLETE" in script


def test_an_unknown_shell_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["completions", "tcsh-or-so"])


def test_commands_options_formats_and_categories_complete(tmp_path: Path) -> None:
    commands = complete("paper-tui ", tmp_path)
    for name in ("import", "list", "note", "export", "fetch", "completions", "doctor"):
        assert name in commands
    assert sorted(complete("paper-tui export --format ", tmp_path)) == ["bibtex", "csv", "json", "markdown"]
    assert "--unread" in complete("paper-tui list --", tmp_path)
    assert "--latest" in complete("paper-tui list --", tmp_path)
    assert set(complete("paper-tui import --format ", tmp_path)) >= {"hf-page", "hf-api", "markdown"}
    assert set(complete("paper-tui fetch arxiv cs.L", tmp_path)) == {"cs.LG", "cs.LO"}
    assert {"bash", "fish", "zsh"} <= set(complete("paper-tui completions ", tmp_path))
