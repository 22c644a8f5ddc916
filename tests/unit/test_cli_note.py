"""``paper-tui note ID``: print, set (also from standard input) and clear a paper's note (issue 18)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library, View

HF = Path(__file__).resolve().parents[1] / "fixtures" / "hf_small.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def paper(capsys: pytest.CaptureFixture[str]) -> str:
    """The id of a paper in a fresh library."""
    assert run(capsys, "import", str(HF))[0] == 0
    with Library.open() as library:
        return str(library.view_ids(View())[0])


def test_set_print_and_clear(capsys: pytest.CaptureFixture[str], paper: str) -> None:
    assert run(capsys, "note", paper) == (0, "", f"paper-tui: paper {paper} has no note\n")
    code, _, err = run(capsys, "note", paper, "--set", "Read section 3.\nThen the appendix.")
    assert code == 0 and err == f"note saved on paper {paper}\n"
    assert run(capsys, "note", paper)[1] == "Read section 3.\nThen the appendix.\n"
    with Library.open() as library:
        record = library.paper(int(paper))
        assert record is not None and record.note == "Read section 3.\nThen the appendix."
    code, _, err = run(capsys, "note", paper, "--clear")
    assert code == 0 and err == f"note removed from paper {paper}\n"
    assert run(capsys, "note", paper)[1] == ""


def test_set_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, paper: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("From a pipe\nwith two lines\n"))
    assert run(capsys, "note", paper, "--set", "-")[0] == 0
    assert run(capsys, "note", paper)[1] == "From a pipe\nwith two lines\n"


def test_json(capsys: pytest.CaptureFixture[str], paper: str) -> None:
    code, out, _ = run(capsys, "note", paper, "--set", "x", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == int(paper) and data["note"] == "x" and data["title"]
    assert json.loads(run(capsys, "note", paper, "--clear", "--json")[1])["note"] == ""


def test_refusals(capsys: pytest.CaptureFixture[str], paper: str) -> None:
    code, _, err = run(capsys, "note", paper, "--set", "  ")
    assert code == 1 and "empty" in err and "--clear" in err
    assert run(capsys, "note", "999999")[0] == 1
    with pytest.raises(SystemExit):
        main(["note", paper, "--set", "x", "--clear"])
