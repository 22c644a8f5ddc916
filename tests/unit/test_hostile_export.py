"""``export -o`` never writes into the library (issue 17, finding 15): any file inside the data folder,
the config file, and those reached through a link are refused; the library stays as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library
from tests.helpers import FIXTURES


def test_export_refuses_any_file_inside_the_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(FIXTURES / "hf_small.json")]) == 0
    library = Library.open()
    home = library.paths.data_dir
    library.close()
    database = home / "library.sqlite3"
    before = database.read_bytes()
    link = tmp_path / "innocent.csv"
    link.symlink_to(database)
    hard = tmp_path / "hard.csv"
    os.link(database, hard)
    folder_link = tmp_path / "elsewhere"
    folder_link.symlink_to(home)
    targets = [
        database,
        home / "library.sqlite3-wal",
        home / "index" / "paper-tui.sums",
        home / "backups" / "new.csv",
        home / "new-file.csv",
        home / "config.toml",
        link,
        hard,
        folder_link / "library.sqlite3",
    ]
    capsys.readouterr()
    for target in targets:
        assert main(["export", "--format", "csv", "-o", str(target)]) == 1, target
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and err.startswith(f"paper-tui: export: {target} is "), err
        assert not (home / "new-file.csv").exists() and not (home / "backups" / "new.csv").exists()
    assert database.read_bytes() == before
    assert main(["list"]) == 0  # the library still opens and lists its papers
    assert len(capsys.readouterr().out.splitlines()) == 2
    outside = tmp_path / "papers.csv"
    assert main(["export", "--format", "csv", "-o", str(outside)]) == 0
    assert outside.read_text(encoding="utf-8").startswith("id,arxiv_id,title")
