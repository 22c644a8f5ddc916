"""The inbox folder: settled files are imported and moved to done/ or failed/; half-written ones wait."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from paper_tui.inbox import InboxReport, is_partial, process_inbox
from paper_tui.library import Library, View
from paper_tui.model import IngestResult
from tests.helpers import FIXTURES

FETCH = FIXTURES / "fetch"
MORNING = (FETCH / "hf_2026-08-03_morning.json").read_bytes()
EVENING = (FETCH / "hf_2026-08-03_evening.json").read_bytes()
FEED = (FETCH / "arxiv_cs.CL_2026-04-27_2items.xml").read_bytes()
#: A moment well after every file the tests write, so that they count as settled.
LATER = time.time() + 3600


@pytest.fixture
def inbox(library: Library) -> Path:
    folder = library.paths.default_inbox
    folder.mkdir(parents=True)
    return folder


def drop(inbox: Path, name: str, data: bytes, *, age: float | None = 60.0) -> Path:
    """Write a file into the inbox, its modification time ``age`` seconds before now."""
    path = inbox / name
    path.write_bytes(data)
    if age is not None:
        stamp = time.time() - age
        os.utime(path, (stamp, stamp))
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_imported_files_move_to_done(library: Library, inbox: Path) -> None:
    drop(inbox, "hf.json", MORNING)
    drop(inbox, "cs.CL.xml", FEED)

    report = process_inbox(library, inbox)

    assert sorted(p.name for p, _ in report.imported) == ["cs.CL.xml", "hf.json"]
    assert all(p.parent == inbox / "done" for p, _ in report.imported)
    assert report.failed == [] and report.waiting == []
    assert names(inbox / "done") == ["cs.CL.xml", "hf.json"]
    assert [p.name for p in inbox.iterdir() if p.is_file() and not p.name.startswith(".")] == []
    assert library.counts()["papers"] == 4
    result = dict(report.imported)[inbox / "done" / "hf.json"]
    assert isinstance(result, IngestResult) and result.new == 2
    # The digest records where the file now lives.
    assert {d.name for d in library.store.digests()} == {str(p) for p, _ in report.imported}


def test_refused_files_move_to_failed_with_a_reason_naming_them(library: Library, inbox: Path) -> None:
    drop(inbox, "notes.txt", b"just some words\nnothing like a digest\n")
    drop(inbox, "broken.json", (FETCH / "hf_truncated.json").read_bytes())
    drop(inbox, "empty.json", b"")

    report = process_inbox(library, inbox)

    assert report.imported == []
    failed = {p.name: reason for p, reason in report.failed}
    assert set(failed) == {"notes.txt", "broken.json", "empty.json"}
    assert names(inbox / "failed") == sorted([*failed, *(f"{name}.reason.txt" for name in failed)])
    for name, reason in failed.items():
        text = (inbox / "failed" / f"{name}.reason.txt").read_text(encoding="utf-8")
        assert text == reason + "\n"
        assert text.startswith(f"{name}")
        assert text.count("\n") == 1
    assert failed["broken.json"].startswith("broken.json:6: invalid JSON")
    assert "not a recognised digest format" in failed["notes.txt"]
    assert "empty file" in failed["empty.json"]
    assert library.counts()["papers"] == 0


def test_half_written_files_are_left_alone(library: Library, inbox: Path) -> None:
    for name in (
        ".hidden.json",
        "hf.json.part",
        "hf.json.tmp",
        "hf.json.crdownload",
        "HF.JSON.PART",
        "hf.json~",
    ):
        drop(inbox, name, MORNING)

    report = process_inbox(library, inbox)

    assert report == InboxReport()
    assert library.counts()["papers"] == 0
    assert not (inbox / "done").exists() and not (inbox / "failed").exists()
    assert {".hidden.json", "hf.json.part", "HF.JSON.PART", "hf.json~"} <= set(names(inbox))


def test_recently_modified_files_wait_until_they_settle(library: Library, inbox: Path) -> None:
    path = drop(inbox, "hf.json", MORNING, age=None)
    written = path.stat().st_mtime

    early = process_inbox(library, inbox, settle_seconds=2.0, now=written + 1.0)
    assert early.waiting == [path] and early.imported == []
    assert path.exists() and library.counts()["papers"] == 0

    settled = process_inbox(library, inbox, settle_seconds=2.0, now=written + 2.5)
    assert [p.name for p, _ in settled.imported] == ["hf.json"]
    assert library.counts()["papers"] == 2


def test_a_file_that_grows_between_two_looks_waits(
    library: Library, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop(inbox, "a-first.xml", FEED)
    growing = drop(inbox, "b-growing.json", MORNING[: len(MORNING) // 2])
    real_import = library.import_bytes

    def import_while_the_other_file_grows(*args: object, **kwargs: object) -> IngestResult:
        with growing.open("ab") as out:  # a download still running while the inbox is processed
            out.write(MORNING[len(MORNING) // 2 :])
        return real_import(*args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patched:
        patched.setattr(library, "import_bytes", import_while_the_other_file_grows)
        report = process_inbox(library, inbox, now=LATER)

    assert [p.name for p, _ in report.imported] == ["a-first.xml"]
    assert report.waiting == [growing]
    assert report.failed == [] and growing.exists()
    later = process_inbox(library, inbox, now=LATER)
    assert [p.name for p, _ in later.imported] == ["b-growing.json"]


def test_name_collisions_in_done_and_failed_get_a_suffix(library: Library, inbox: Path) -> None:
    drop(inbox, "hf.json", MORNING)
    drop(inbox, "bad.txt", b"nothing to see")
    process_inbox(library, inbox, now=LATER)
    drop(inbox, "hf.json", EVENING)
    drop(inbox, "bad.txt", b"still nothing")
    process_inbox(library, inbox, now=LATER)
    drop(inbox, "hf.json", EVENING)

    report = process_inbox(library, inbox, now=LATER)

    assert [p.name for p, _ in report.imported] == ["hf-3.json"]
    assert names(inbox / "done") == ["hf-2.json", "hf-3.json", "hf.json"]
    assert (inbox / "done" / "hf.json").read_bytes() == MORNING
    assert (inbox / "done" / "hf-2.json").read_bytes() == EVENING
    assert names(inbox / "failed") == ["bad-2.txt", "bad-2.txt.reason.txt", "bad.txt", "bad.txt.reason.txt"]
    assert (inbox / "failed" / "bad-2.txt").read_bytes() == b"still nothing"
    upvotes = {r.arxiv_id: r.upvotes for r in library.papers(library.view_ids(View()))}
    assert upvotes["2608.00102"] == 9


def test_subfolders_are_not_imported(library: Library, inbox: Path) -> None:
    (inbox / "later").mkdir()
    drop(inbox / "later", "hf.json", MORNING)

    report = process_inbox(library, inbox, now=LATER)

    assert report.empty
    assert (inbox / "later" / "hf.json").exists()


def test_missing_inbox_is_created(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "drop" / "here"

    report = process_inbox(library, folder)

    assert report.empty and folder.is_dir()


@pytest.mark.parametrize(
    ("name", "partial"),
    [
        ("digest.json", False),
        ("2026-08-03.txt", False),
        (".digest.json", True),
        ("digest.json.part", True),
        ("digest.json.crdownload", True),
        ("digest.TMP", True),
        ("digest.json~", True),
    ],
)
def test_is_partial(name: str, partial: bool) -> None:
    assert is_partial(name) is partial


# -- the command line ---------------------------------------------------------------------------


def test_cli_import_inbox(library: Library, inbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from paper_tui import cli

    drop(inbox, "hf.json", MORNING)
    drop(inbox, "junk.txt", b"no digest here")
    library.close()

    status = cli.main(["import", "--inbox"])

    captured = capsys.readouterr()
    assert status == 1
    assert "hf-api 2026-08-03: 2 new, 0 merged, 0 unchanged" in captured.out
    assert "paper-tui: junk.txt: not a recognised digest format" in captured.err
    assert names(inbox / "done") == ["hf.json"]
    assert names(inbox / "failed") == ["junk.txt", "junk.txt.reason.txt"]


def test_cli_import_inbox_from_the_configured_folder(
    capsys: pytest.CaptureFixture[str], _isolated_home: Path, tmp_path: Path
) -> None:
    from paper_tui import cli

    _isolated_home.mkdir(parents=True, exist_ok=True)
    (_isolated_home / "config.toml").write_text('[fetch]\ninbox = "../dropbox"\n', encoding="utf-8")
    dropbox = tmp_path / "dropbox"
    dropbox.mkdir()
    drop(dropbox, "feed.xml", FEED)

    assert cli.main(["import", "--inbox", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["inbox"] == str(dropbox)
    assert [row["new"] for row in report["imported"]] == [2]
    assert names(dropbox / "done") == ["feed.xml"]
