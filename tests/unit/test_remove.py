"""Removing a digest imported by mistake, or papers: what is seen elsewhere stays, the user's marks are
not lost without --force, a backup comes first, the index follows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest

from paper_tui import cli
from paper_tui.library import Library, LookupFailed, RemovalRefused, View, list_backups
from tests.helpers import ingest, paper


@pytest.fixture
def library() -> Iterator[Library]:
    with Library.open() as opened:
        ingest(
            opened,
            paper("Shared Sparse Attention", "2608.00001"),
            paper("Only Monday Graphs", "2608.00002"),
            date="2026-08-03",
        )
        ingest(
            opened,
            paper("Shared Sparse Attention", "2608.00001"),
            paper("Tuesday Kernels", "2608.00003"),
            date="2026-08-04",
        )
        yield opened


def titles(library: Library) -> list[str]:
    return sorted(r.title for r in library.papers(library.view_ids(View())))


def test_removing_a_digest_keeps_papers_seen_in_another(library: Library) -> None:
    plan = library.plan_removal(digest_date="2026-08-03")
    assert plan.summary() == "Remove the digest of 2026-08-03: 1 paper goes; 1 also in other digests stay."
    result = library.remove(plan)
    assert (result.removed, result.kept, result.digests) == (1, 1, 1)
    assert titles(library) == ["Shared Sparse Attention", "Tuesday Kernels"]
    assert library.digest_dates() == ["2026-08-04"]
    shared = library.paper(library.resolve("2608.00001"))
    assert shared is not None and shared.first_seen == "2026-08-04"
    assert [s.date for s in shared.digests] == ["2026-08-04"]
    # The index follows in the same run.
    assert [h.paper_id for h in library.search("monday")] == []
    assert len(library.search("sparse")) == 1
    assert result.backup and list_backups(library.paths)[0].name.endswith("-before-remove.sqlite3")


def test_a_digest_by_source(library: Library) -> None:
    with pytest.raises(LookupFailed):
        library.plan_removal(digest_date="2026-08-03", source="arxiv-rss")
    plan = library.plan_removal(digest_date="2026-08-03", source="hf-api")
    assert plan.what == "the hf-api digest of 2026-08-03"


def test_papers_with_the_users_marks_are_refused_without_force_and_named(library: Library) -> None:
    pid = library.resolve("2608.00002")
    library.bookmark([pid])
    library.queue_add([pid, library.resolve("2608.00003")])
    library.set_note(pid, "keep this")
    plan = library.plan_removal(digest_date="2026-08-03")
    assert plan.with_state == ((pid, "Only Monday Graphs", ("bookmarked", "queued #1", "note")),)
    with pytest.raises(RemovalRefused) as refused:
        library.remove(plan)
    assert "#" + str(pid) + " Only Monday Graphs (bookmarked, queued #1, note)" in str(refused.value)
    assert "--force" in str(refused.value)
    assert "Only Monday Graphs" in titles(library)  # nothing happened
    library.remove(plan, force=True)
    assert "Only Monday Graphs" not in titles(library)
    assert library.queue() == [library.resolve("2608.00003")]  # the queue closed the gap
    assert library.counts()["bookmarked"] == 0


def test_the_backup_taken_before_brings_it_back(library: Library) -> None:
    pid = library.resolve("2608.00002")
    library.set_note(pid, "precious")
    result = library.remove(library.plan_removal(refs=["2608.00002"]), force=True)
    conn = sqlite3.connect(result.backup)
    assert conn.execute("SELECT body FROM notes WHERE paper_id = ?", (pid,)).fetchone() == ("precious",)
    conn.close()


def test_removing_papers_by_id_removes_every_sighting_and_empty_digests(library: Library) -> None:
    result = library.remove(library.plan_removal(refs=["2608.00002"]))
    assert (result.removed, result.kept, result.digests) == (1, 0, 0)
    result = library.remove(library.plan_removal(refs=["2608.00001"]))
    assert result.digests == 1  # the 2026-08-03 digest had nothing left
    assert library.digest_dates() == ["2026-08-04"]
    assert titles(library) == ["Tuesday Kernels"]


def test_cli_remove(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    library.bookmark([library.resolve("2608.00002")])
    library.close()
    assert cli.main(["remove", "--digest", "2026-08-03"]) == 1
    err = capsys.readouterr().err.strip()
    assert (
        err.startswith("paper-tui: Remove the digest of 2026-08-03: 1 paper goes;")
        and "Only Monday Graphs" in err
    )
    assert len(err.splitlines()) == 1
    assert cli.main(["--json", "remove", "--digest", "2026-08-03", "--force"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["removed"], data["kept"], data["digests"]) == (1, 1, 1)
    assert cli.main(["remove", "--digest", "2026-08-03"]) == 1
    assert "no digest dated 2026-08-03" in capsys.readouterr().err
    assert cli.main(["remove", "2608.00003"]) == 0
    assert capsys.readouterr().out.startswith("removed 1 paper; backup: ")
    assert cli.main(["remove"]) == 1
    assert "give paper ids or --digest DATE" in capsys.readouterr().err


def test_doctor_and_help_mention_enrich_and_remove(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    from paper_tui.model import Digest

    library.ingest(
        Digest("hf-page", "2026-08-05", (paper("Title Only Paper"),)), name="page", content_hash="x"
    )
    library.close()
    assert cli.main(["doctor"]) == 0
    err = capsys.readouterr().err
    assert "1 paper without an arXiv id (title only): `paper-tui enrich`" in err
    assert "`paper-tui remove --digest DATE`" in err
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    assert "enrich" in text and "remove" in text
