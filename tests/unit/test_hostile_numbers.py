"""Integer arguments (issue 17, finding 14): range-checked, never an OverflowError from SQLite."""

from __future__ import annotations

import pytest

from paper_tui.cli import main
from tests.helpers import FIXTURES

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--limit", HUGE],
        ["search", "x", "--limit", HUGE],
        ["queue", "mv", "1", HUGE],
        ["fetch", "hf", "--days", HUGE],
        ["list", "--limit", "0"],
        ["list", "--limit", "-5"],
    ],
)
def test_integer_arguments_out_of_range_are_argument_errors(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(FIXTURES / "hf_small.json")]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "must be from 1 to 1,000,000,000" in capsys.readouterr().err


@pytest.mark.parametrize("ref", [HUGE, f"#{HUGE}", "9223372036854775808"])
def test_a_paper_id_too_large_for_sqlite_is_no_paper(ref: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURES / "hf_small.json")]) == 0
    capsys.readouterr()
    for command in (["show", ref], ["read", ref], ["bookmark", ref], ["queue", "add", ref]):
        assert main(command) == 1
        assert capsys.readouterr().err == f"paper-tui: no paper {ref!r} in the library\n"
