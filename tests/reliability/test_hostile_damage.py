"""Page-level damage in the database (issue 17, finding 8): ``doctor`` says what is damaged, which
backups are good and the exact command that restores the best, in one paragraph without a traceback;
``import`` refuses to write into it with the same paragraph."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library
from tests.helpers import FIXTURES, write_hf_digest

HF = FIXTURES / "hf_small.json"


def _damaged_library(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A 300-paper library with a good backup and an empty one, then 4,000 garbage bytes at offset 8192
    of its database (as in the finding); returns (data folder, good backup, empty backup)."""
    library = Library.open()
    library.import_file(write_hf_digest(tmp_path / "big.json", "2026-08-12", 300, start=0, seed=1))
    good = library.backup("daily")
    home = library.paths.data_dir
    library.close()
    empty = home / "backups" / "library-29990101T000000000000Z-daily.sqlite3"
    empty.write_bytes(b"")
    with open(home / "library.sqlite3", "r+b") as database:
        database.seek(8192)
        database.write(b"\xab" * 4000)
    return home, good, empty


def _paragraph_checks(text: str, home: Path, good: Path, empty: Path) -> None:
    assert f"{home}/library.sqlite3: the library database is damaged, in the table papers (SQLite: " in text
    assert "The file was left untouched." in text
    assert f"Good backups, newest first: {good} (300 papers, " in text
    assert f"Restore the newest with `paper-tui --data-dir {home} restore {good}`" in text
    assert f"Not usable: {empty} (is an empty file (0 bytes))" in text
    assert "Traceback" not in text and "\n" not in text.rstrip("\n")


def test_doctor_reports_page_level_damage_in_one_paragraph_with_the_restore_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home, good, empty = _damaged_library(tmp_path)
    assert main(["list", "--limit", "1"]) == 0  # reading what is intact still works
    capsys.readouterr()
    assert main(["doctor"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    database, index = out.splitlines()
    assert database.startswith("database: ")
    _paragraph_checks(database, home, good, empty)
    assert index == "index: not checked (restore the database first)"
    # The command given works as it is written.
    command = re.search(r"`(paper-tui [^`]*)`", database)
    assert command is not None
    assert main(shlex.split(command.group(1))[1:]) == 0
    capsys.readouterr()
    assert main(["doctor"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("database: integrity check ok\n")


def test_import_refuses_to_write_into_a_damaged_database_with_the_same_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home, good, empty = _damaged_library(tmp_path)
    before = (home / "library.sqlite3").read_bytes()
    assert main(["import", str(HF)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("paper-tui: ") and err.count("\n") == 1
    _paragraph_checks(err, home, good, empty)
    assert err.rstrip().endswith("Nothing was imported")
    assert (home / "library.sqlite3").read_bytes() == before


def test_damage_met_while_writing_is_said_the_same_way(tmp_path: Path) -> None:
    """The reader imports (fetch, inbox) do not run the quick check first: damage met inside the write
    transaction is the same paragraph, and the transaction leaves nothing."""
    home, good, empty = _damaged_library(tmp_path)
    library = Library.open()
    try:
        with pytest.raises(Exception) as caught:
            library.import_file(HF)
        assert type(caught.value).__name__ == "StoreError"
        _paragraph_checks(str(caught.value), home, good, empty)
    finally:
        library.close()
