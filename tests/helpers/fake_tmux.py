"""A fake ``tmux`` on PATH for the clipboard tests: it answers ``show -gv set-clipboard`` with
``$FAKE_TMUX_CLIPBOARD`` and keeps what ``load-buffer`` reads in ``$FAKE_TMUX_BUFFER``."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

SCRIPT = """#!{python}
import os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_TMUX_LOG"], "a") as log:
    log.write(" ".join(args) + "\\n")
if args[:3] == ["show", "-gv", "set-clipboard"]:
    print(os.environ.get("FAKE_TMUX_CLIPBOARD", "external"))
elif args and args[0] == "load-buffer":
    with open(os.environ["FAKE_TMUX_BUFFER"], "w") as out:
        out.write(sys.stdin.read())
else:
    sys.exit(1)
"""


def fake_tmux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str) -> tuple[Path, Path]:
    """Put the fake tmux first on PATH, inside "tmux" ($TMUX set); returns (buffer file, call log)."""
    folder = tmp_path / "fake-bin"
    folder.mkdir(exist_ok=True)
    script = folder / "tmux"
    script.write_text(SCRIPT.format(python=sys.executable), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    buffer, log = tmp_path / "tmux-buffer", tmp_path / "tmux-log"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    monkeypatch.setenv("FAKE_TMUX_CLIPBOARD", setting)
    monkeypatch.setenv("FAKE_TMUX_BUFFER", str(buffer))
    monkeypatch.setenv("FAKE_TMUX_LOG", str(log))
    return buffer, log
