"""Nothing from outside reaches the terminal through the command line (issue 17, finding 4): file
names, parser and OS error text all pass one printing function, the sanitiser of digest text; JSON
output stays valid and whole."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from paper_tui import cli
from paper_tui.cli import main
from tests.helpers import FIXTURES

HF = FIXTURES / "hf_small.json"
#: Everything a terminal acts on: C0 controls but tab and newline, DEL, C1, bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: A file name that sets the window title, clears the screen, asks for the cursor position, reverses
#: the text after it and breaks the line.
HOSTILE = "bad\x1b]2;TITLE\x07\x1b[2J\x9b6n\u202e\nname"
#: How the command line shows it: the sequences gone, the line break a space.
SHOWN = "bad name"


def _assert_safe(*texts: str) -> None:
    for text in texts:
        assert not UNSAFE.search(text), repr(text)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / f"{HOSTILE}.json"
    shutil.copy(HF, good)
    bad = tmp_path / f"{HOSTILE}-broken.json"
    bad.write_text('[{"paper": {"id": "2608.1", "title": "x"}', encoding="utf-8")
    return good, bad


def test_file_names_reach_the_terminal_only_through_the_sanitiser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = _files(tmp_path)
    code = main(["import", str(good), str(bad)])
    out, err = capsys.readouterr()
    assert code == 1
    _assert_safe(out, err)
    assert out.splitlines()[0] == f"{tmp_path}/{SHOWN}.json: hf-api 2026-08-11: 2 new, 0 merged, 0 unchanged"
    assert err.count("\n") == 1 and err.startswith(
        f"paper-tui: {tmp_path}/{SHOWN}-broken.json:1: invalid JSON"
    )


def test_inbox_file_names_reach_the_terminal_only_through_the_sanitiser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = Path(cli.resolve_paths(None).data_dir) / "inbox"
    inbox.mkdir(parents=True)
    good, bad = _files(inbox)
    waiting = inbox / f"{HOSTILE}-new.json"
    shutil.copy(HF, waiting)
    old = 1_000_000_000
    for path in (good, bad):
        os.utime(path, (old, old))
    code = main(["import", "--inbox"])
    out, err = capsys.readouterr()
    assert code == 1
    _assert_safe(out, err)
    assert f"{SHOWN}.json: hf-api" in out
    assert f"{SHOWN}-new.json: still being written" in err
    assert f"paper-tui: {SHOWN}-broken.json:1: invalid JSON" in err
    (reason,) = (inbox / "failed").glob("*.reason.txt")
    _assert_safe(reason.read_text(encoding="utf-8"))


def test_json_output_keeps_hostile_names_whole_and_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = _files(tmp_path)
    c1 = tmp_path / "c1\x9b\u202e\x7f.json"
    shutil.copy(HF, c1)
    main(["import", "--json", str(good), str(bad), str(c1)])
    out, err = capsys.readouterr()
    _assert_safe(out, err)
    files = [row["file"] for row in json.loads(out)["files"]]
    assert files == [str(good), str(bad), str(c1)]  # the escapes keep every character


def test_os_error_text_reaches_the_terminal_only_through_the_sanitiser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / HOSTILE / "digest.json"
    assert main(["import", str(missing)]) == 1
    _, err = capsys.readouterr()
    _assert_safe(err)
    assert err == f"paper-tui: {tmp_path}/{SHOWN}/digest.json: cannot read: No such file or directory\n"


def test_argument_errors_reach_the_terminal_only_through_the_sanitiser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for args in (["list", "--limit", HOSTILE], [HOSTILE], ["export", "--format", HOSTILE]):
        with pytest.raises(SystemExit) as stopped:
            main(args)
        assert stopped.value.code == 2
        out, err = capsys.readouterr()
        _assert_safe(out, err)
        assert "error:" in err


def test_search_highlights_are_the_only_escape_printed_and_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(HF)]) == 0
    capsys.readouterr()

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    with monkeypatch.context() as patched:
        patched.delenv("NO_COLOR", raising=False)
        patched.setattr("sys.stdout", terminal)
        assert main(["search", "experts"]) == 0
    shown = terminal.getvalue()
    assert "\x1b[1;33m" in shown
    _assert_safe(shown.replace("\x1b[1;33m", "").replace("\x1b[0m", ""))
    assert main(["search", "experts"]) == 0  # not a terminal: no escapes at all
    out, _ = capsys.readouterr()
    _assert_safe(out)


def test_every_line_the_cli_prints_goes_through_one_function() -> None:
    """print() and direct writes to stdout or stderr appear nowhere in the cli package but in _write."""
    package = Path(cli.__file__).parent
    modules = sorted(package.rglob("*.py"))
    assert package / "output.py" in modules and package / "commands" / "imports.py" in modules
    offenders = []
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (module.name, function.name) == ("output.py", "_write"):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                name = ast.unparse(node.func)
                if name == "print" or (name.endswith((".write", ".writelines")) and "std" in name):
                    offenders.append(f"{module.relative_to(package)}: {function.name}: {name}")
    assert offenders == []


def test_the_readers_inbox_and_fetch_lines_are_sanitised_at_the_source(tmp_path: Path) -> None:
    """The notification lines the core words for the reader (an inbox file named with an OSC 2 set the
    pane title); the reader shows them as they are."""
    from paper_tui.fetch import FetchResult
    from paper_tui.inbox import InboxReport
    from paper_tui.model import IngestResult
    from paper_tui.sync import fetch_summary, inbox_lines

    folder = tmp_path / "inbox"
    report = InboxReport(
        imported=[(folder / "done" / f"{HOSTILE}.json", IngestResult("x", new=2))],
        failed=[(folder / "failed" / f"{HOSTILE}.txt", f"{HOSTILE}.txt: not a digest")],
    )
    imported, failed = inbox_lines(folder, report)
    assert imported == [f"Imported 2 papers from inbox/{SHOWN}.json (2 new)"]
    _assert_safe(*imported, *failed)
    _, errors = fetch_summary([FetchResult("hf 2026-08-11", "http://x", error=f"HTTP 503 {HOSTILE}")])
    _assert_safe(*errors)
