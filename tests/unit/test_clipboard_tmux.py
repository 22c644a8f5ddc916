"""Inside tmux with set-clipboard off (or external), a copy cannot reach the clipboard by OSC 52:
paper-tui says how to turn it on and puts the text in tmux's buffer (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper_tui import clipboard
from paper_tui.cli import main
from tests.helpers import FIXTURES
from tests.helpers.fake_tmux import fake_tmux


@pytest.mark.parametrize(("setting", "blocked"), [("off", True), ("external", True), ("on", False)])
def test_tmux_clipboard_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, blocked: bool
) -> None:
    fake_tmux(tmp_path, monkeypatch, setting)
    hint = clipboard.tmux_clipboard_hint()
    if blocked:
        assert hint is not None and f"set-clipboard is {setting}" in hint
        assert "set -g set-clipboard on" in hint and "\n" not in hint
    else:
        assert hint is None


def test_no_hint_outside_tmux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    assert clipboard.tmux_clipboard_hint() is None


def test_copy_to_the_tmux_buffer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    buffer, log = fake_tmux(tmp_path, monkeypatch, "off")
    assert clipboard.tmux_load_buffer("https://arxiv.org/abs/2608.00001")
    assert buffer.read_text(encoding="utf-8") == "https://arxiv.org/abs/2608.00001"
    assert "load-buffer -w -" in log.read_text(encoding="utf-8")


def test_doctor_reports_the_tmux_clipboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(FIXTURES / "hf_small.json")]) == 0
    fake_tmux(tmp_path, monkeypatch, "off")
    capsys.readouterr()
    assert main(["doctor"]) == 0
    err = capsys.readouterr().err
    assert "hint: tmux" in err and "set -g set-clipboard on" in err
