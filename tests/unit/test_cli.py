"""The paper-tui command over a temporary data dir: import, list, show, search, queue, export, repair."""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from paper_tui.cli import main
from paper_tui.library import Library
from tests.helpers import FIXTURES, SEEDS

HF = FIXTURES / "hf_small.json"
RSS = FIXTURES / "arxiv_small.xml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_import_reports_counts_and_merges(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", str(HF))
    assert code == 0
    assert out == f"{HF}: hf-api 2026-08-11: 2 new, 0 merged, 0 unchanged\n"
    code, out, _ = run(capsys, "import", str(HF), str(RSS))
    assert code == 0
    assert out.splitlines() == [
        f"{HF}: hf-api 2026-08-11: 0 new, 0 merged, 2 unchanged",
        f"{RSS}: arxiv-rss 2026-08-12: 1 new, 1 merged, 0 unchanged",
        "2 files: 1 new, 1 merged, 2 unchanged, 0 failed",
    ]


def test_import_failure_names_file_exits_1_and_others_still_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('[{"paper": {"id": "1", "title": "x"}', encoding="utf-8")
    code, out, err = run(capsys, "import", str(bad), str(HF))
    assert code == 1
    assert err.startswith(f"paper-tui: {bad}:")
    assert len(err.strip().splitlines()) == 1
    assert "2 new" in out
    papers = run_json(capsys, "list")
    assert len(papers) == 2  # type: ignore[arg-type]


def test_import_refuses_unknown_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("just some notes\nnothing to see\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(other))
    assert code == 1
    assert err.startswith(f"paper-tui: {other}: not a recognised digest format (expected one of:")
    assert err.count("\n") == 1


def test_import_folder_stdin_and_date_override(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    shutil.copy(HF, folder / "a.json")
    code, out, _ = run(capsys, "import", str(folder), "--date", "2026-09-01")
    assert code == 0 and "hf-api 2026-09-01: 2 new" in out
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(RSS.read_bytes())))
    code, out, _ = run(capsys, "import", "-")
    assert code == 0 and out.startswith("<stdin>: arxiv-rss 2026-08-12: 1 new, 1 merged")


def test_import_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "import", str(HF))
    assert data == {
        "files": [
            {"file": str(HF), "source": "hf-api", "date": "2026-08-11", "new": 2, "merged": 0, "unchanged": 0}
        ],
        "new": 2,
        "merged": 0,
        "unchanged": 0,
        "failed": 0,
    }


def test_list_show_and_paper_json(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import", str(HF), str(RSS))
    papers = run_json(capsys, "list")
    assert [p["arxiv_id"] for p in papers] == ["2608.00002", "2608.00003", "2608.00001"]  # type: ignore[index]
    paper = run_json(capsys, "show", "arXiv:2608.00002v3")
    assert paper["title"] == "Diffusion Transformers for Video"  # type: ignore[index]
    assert paper["authors"] == ["Carl Jung"]  # type: ignore[index]
    kinds = [link["kind"] for link in paper["links"]]  # type: ignore[index]
    assert kinds[:3] == ["arxiv", "pdf", "hf"] and "project" in kinds
    assert paper["digests"] == [  # type: ignore[index]
        {"date": "2026-08-12", "source": "arxiv-rss"},
        {"date": "2026-08-11", "source": "hf-api"},
    ]
    assert (paper["bookmarked"], paper["read"], paper["queue_position"]) == (False, False, None)  # type: ignore[index]
    assert set(paper) >= {"id", "arxiv_id", "title", "authors", "abstract", "links", "digests"}  # type: ignore[arg-type]
    latest = run_json(capsys, "list", "--latest")
    assert [p["arxiv_id"] for p in latest] == ["2608.00002", "2608.00003"]  # type: ignore[index]
    day = run_json(capsys, "list", "--digest", "2026-08-11", "--limit", "1")
    assert [p["arxiv_id"] for p in day] == ["2608.00001"]  # type: ignore[index]
    code, out, _ = run(capsys, "show", "2608.00001")
    assert code == 0
    assert out.splitlines()[0] == "Sparse Mixture of Experts at Scale"
    assert "We scale sparse mixture of experts to trillions of parameters." in out
    assert "[4] code     https://github.com/example/moe" in out


def test_unknown_id_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "2401.99999")
    assert (code, out) == (1, "")
    assert err == "paper-tui: no paper '2401.99999' in the library\n"


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import", str(HF), str(RSS))
    hits = run_json(capsys, "search", "diffusion")
    assert [h["arxiv_id"] for h in hits] == ["2608.00002"]  # type: ignore[index]
    assert "**diffusion**" in hits[0]["highlights"]["abstract"]  # type: ignore[index]
    code, out, _ = run(capsys, "search", "author:jung")
    assert code == 0 and "Diffusion Transformers for Video" in out
    code, _, err = run(capsys, "search", "nothingmatches")
    assert code == 0 and "no papers match" in err
    # A search that shows fewer than match says how many match; one that shows them all says nothing.
    everything = "diffusion OR paper OR kernel OR video OR the"
    found = len(run_json(capsys, "search", everything, "--limit", "100"))  # type: ignore[arg-type]
    assert found >= 2
    code, out, err = run(capsys, "search", everything, "--limit", str(found - 1))
    assert code == 0 and err == f"(the best {found - 1} of {found}: --limit N shows more)\n"
    code, out, err = run(capsys, "search", everything, "--limit", str(found + 1))
    assert code == 0 and err == ""


def test_a_folder_import_skips_files_no_digest_is_named_like(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Before: a folder of source code imported a Python file as a Markdown digest (and made it Today).
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(HF, folder / HF.name)
    (folder / "sub" / "tool.py").write_text("# Title\n\nSome *text* [a link](https://x.org)\n")
    (folder / "picture.svg").write_text("<svg/>")
    code, out, err = run(capsys, "import", str(folder))
    assert code == 0 and HF.name in out and "tool.py" not in out
    assert "skipped 2 files in the folders whose extension no digest has (.py, .svg)" in err
    code, _, err = run(capsys, "import", str(folder / "sub" / "tool.py"))  # named: read as it is
    assert code == 1 and "tool.py: not a recognised digest format" in err


def test_queue_bookmark_read(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import", str(HF), str(RSS))
    run(capsys, "queue", "add", "2608.00001", "2608.00002", "2608.00003")
    run(capsys, "queue", "mv", "2608.00003", "1")
    queue = run_json(capsys, "queue", "ls")
    assert [p["arxiv_id"] for p in queue] == ["2608.00003", "2608.00001", "2608.00002"]  # type: ignore[index]
    assert [p["queue_position"] for p in queue] == [1, 2, 3]  # type: ignore[index]
    run(capsys, "queue", "done", "2608.00001")
    run(capsys, "queue", "rm", "2608.00002")
    queue = run_json(capsys, "queue", "ls")
    assert [p["arxiv_id"] for p in queue] == ["2608.00003"]  # type: ignore[index]
    assert run_json(capsys, "show", "2608.00001")["read"] is True  # type: ignore[index]
    run(capsys, "bookmark", "2608.00002")
    assert [p["arxiv_id"] for p in run_json(capsys, "list", "--bookmarked")] == ["2608.00002"]  # type: ignore[index]
    run(capsys, "bookmark", "2608.00002", "--remove")
    assert run_json(capsys, "list", "--bookmarked") == []
    run(capsys, "read", "2608.00002", "2608.00003")
    assert [p["arxiv_id"] for p in run_json(capsys, "list", "--unread")] == []  # type: ignore[index]
    run(capsys, "read", "2608.00003", "--unread")
    assert [p["arxiv_id"] for p in run_json(capsys, "list", "--unread")] == ["2608.00003"]  # type: ignore[index]


def test_queue_done_or_rm_of_a_paper_not_queued_is_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before: `queue done ID` of a paper not queued exited 0 and marked it read, silently.
    run(capsys, "import", str(HF), str(RSS))
    run(capsys, "queue", "add", "2608.00001")
    code, _, err = run(capsys, "queue", "done", "2608.00001", "2608.00002")
    assert code == 1 and "1 paper not in the queue:" in err and "`read ID` marks any paper read" in err
    assert run_json(capsys, "show", "2608.00001")["read"] is False  # type: ignore[index]
    assert run_json(capsys, "show", "2608.00002")["read"] is False  # type: ignore[index]
    code, _, err = run(capsys, "queue", "rm", "2608.00002")
    assert code == 1 and "not in the queue" in err
    assert [p["arxiv_id"] for p in run_json(capsys, "queue", "ls")] == ["2608.00001"]  # type: ignore[index]


def test_read_marks_a_whole_digest(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import", str(HF), str(RSS))  # digests of 2026-08-11 (2 papers) and 2026-08-12
    newer = {p["arxiv_id"] for p in run_json(capsys, "list", "--digest", "2026-08-12")}  # type: ignore[index]
    assert run(capsys, "read", "--digest", "2026-08-11") == (0, "2 papers of 2026-08-11 marked read\n", "")
    unread = {p["arxiv_id"] for p in run_json(capsys, "list", "--unread")}  # type: ignore[index]
    assert unread == newer - {p["arxiv_id"] for p in run_json(capsys, "list", "--digest", "2026-08-11")}  # type: ignore[index]
    assert (
        run(capsys, "read", "--digest", "2026-08-11", "--unread")[1]
        == "2 papers of 2026-08-11 marked unread\n"
    )
    code, out, err = run(capsys, "read")
    assert (code, out, err) == (1, "", "paper-tui: read: give paper ids or --digest DATE (one of the two)\n")
    assert run(capsys, "read", "--digest", "2026-08-01")[0] == 1  # no such digest


def test_export_formats_and_selections(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "import", str(HF), str(RSS))
    run(capsys, "queue", "add", "2608.00003")
    code, out, _ = run(capsys, "export", "--format", "bibtex", "--queue")
    assert code == 0
    assert out.startswith("@misc{adams2026kernel,\n")
    assert "eprint = {2608.00003}" in out and "archivePrefix = {arXiv}" in out
    target = tmp_path / "out.json"
    code, _, err = run(capsys, "export", "--format", "json", "--query", "diffusion", "-o", str(target))
    assert code == 0 and "1 paper written" in err
    assert [p["arxiv_id"] for p in json.loads(target.read_text())] == ["2608.00002"]
    assert "(made" not in err
    # A folder made on the way is said (before: made silently, a typo in the path went unnoticed).
    nested = tmp_path / "new" / "folder" / "out.json"
    code, _, err = run(capsys, "export", "--format", "json", "--query", "diffusion", "-o", str(nested))
    assert code == 0 and f"1 paper written to {nested} (made {nested.parent})" in err
    code, out, _ = run(capsys, "export", "--format", "csv", "--digest", "2026-08-11")
    assert len(out.strip().splitlines()) == 3
    code, out, _ = run(capsys, "export", "--format", "markdown", "--bookmarks")
    assert code == 0 and out == "\n"


def test_a_digest_date_with_no_digest_is_refused_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "import", str(HF), str(RSS))
    target = tmp_path / "typo.bib"
    code, out, err = run(capsys, "export", "--format", "bibtex", "--digest", "2026-08-01", "-o", str(target))
    assert (code, out) == (1, "")
    assert err == "paper-tui: no digest dated 2026-08-01 (the newest is 2026-08-12, the oldest 2026-08-11)\n"
    assert not target.exists()
    code, out, err = run(capsys, "list", "--digest", "2026-08-01")
    assert (code, out) == (1, "")
    assert err.startswith("paper-tui: no digest dated 2026-08-01 ")


def test_an_export_that_fails_to_write_leaves_the_old_file_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "import", str(HF))
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "papers.bib"
    target.write_text("my old bibliography\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        # The text is in the temporary file's buffers; flushing it to the disk finds no room.
        raise OSError(errno.ENOSPC, "No space left on device")

    # A context, not monkeypatch.undo(): that would also undo the autouse isolated home, and the
    # export below would then run against the user's real library.
    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", full_disk)
        code, _, err = run(capsys, "export", "--format", "bibtex", "-o", str(target))
    assert code == 1
    assert err == f"paper-tui: {target}: cannot write: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "my old bibliography\n"
    assert sorted(p.name for p in folder.iterdir()) == ["papers.bib"]  # no partial file left
    code, _, _ = run(capsys, "export", "--format", "bibtex", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("@misc{")


def test_an_export_to_a_named_pipe_is_written_into_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "import", str(HF))
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(pipe))
    reader.join(10)
    assert code == 0, err
    assert received and received[0].startswith("id,")
    assert pipe.is_fifo()  # not replaced by a regular file


def test_reindex_and_doctor(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "import", str(HF))
    assert run(capsys, "reindex")[1] == "indexed 2 papers\n"
    code, out, _ = run(capsys, "doctor")
    assert code == 0
    assert out == "database: integrity check ok\nindex: consistent (2 papers)\n"


def test_doctor_rebuilds_a_garbled_index_through_the_progress_of_a_rebuild(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "import", str(SEEDS))
    index_dir = Path(os.environ["PAPER_TUI_HOME"]) / "index"
    terms = next(index_dir.glob("*.trm"))
    data = bytearray(terms.read_bytes())
    data[len(data) // 3] ^= 0xFF  # one byte: Whoosh itself would not notice
    terms.write_bytes(bytes(data))
    calls: list[int] = []
    reindex = Library.reindex

    def recorded(self: Library, progress: Any = None, *, procs: int = 1) -> int:
        assert progress is not None  # the command line's progress bar is passed on
        calls.append(procs)
        return reindex(self, progress, procs=procs)

    monkeypatch.setattr(Library, "reindex", recorded)
    code, out, _ = run(capsys, "doctor")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "database: integrity check ok"
    assert lines[1].startswith("index: damaged (") and "changed since it was written" in lines[1]
    assert lines[2] == "index: rebuilt (61 papers)"
    assert len(calls) == 1
    assert run(capsys, "doctor")[1].endswith("index: consistent (61 papers)\n")


def test_data_dir_option_overrides_env(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "other"
    run(capsys, "--data-dir", str(other), "import", str(HF))
    assert (other / "library.sqlite3").exists()
    assert run_json(capsys, "list") == []
    assert len(run_json(capsys, "--data-dir", str(other), "list")) == 2  # type: ignore[arg-type]


def test_seed_imports_whole(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", str(SEEDS))
    assert code == 0
    assert "61 new" in out


def test_undated_digest_takes_the_newest_paper_date(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import sample

    path = sample("arxiv_email_listing_2026-01-20_cs_slice3_replacements_boundary.txt")
    code, out, _ = run(capsys, "import", str(path))
    assert code == 0
    assert out == f"{path}: arxiv-email 2026-01-19: 6 new, 0 merged, 0 unchanged\n"


@pytest.mark.parametrize(
    ("argv", "data_dir", "parsed"),
    [
        ([], None, False),
        (["--data-dir", "/x/lib"], "/x/lib", False),
        (["--data-dir=/x/lib"], "/x/lib", False),
        (["--json"], None, True),  # an option the fast path does not know: the parser decides
        (["--data-dir", "/x/lib", "--json"], "/x/lib", True),
    ],
)
def test_the_reader_opens_without_building_the_parser_when_nothing_else_is_asked(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], data_dir: str | None, parsed: bool
) -> None:
    import paper_tui.cli as cli

    opened: list[str | None] = []
    built: list[bool] = []
    real_build = cli.build_parser

    def build() -> object:
        built.append(True)
        return real_build()

    monkeypatch.setattr(cli, "run_reader", lambda where: opened.append(where) or 0)
    monkeypatch.setattr(cli, "build_parser", build)
    assert cli.main(argv) == 0
    assert opened == [data_dir]
    assert built == ([True] if parsed else [])
