"""Query errors are query errors (issue 17, finding 6): a search the parser or a field refuses says so
in one line, and no index file is written, checked into a rebuild, or replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library
from paper_tui.model import QueryError
from tests.helpers import FIXTURES

HF = FIXTURES / "hf_small.json"
RSS = FIXTURES / "arxiv_small.xml"
#: The queries of the finding: each rebuilt the whole index (5.4 s at 3,070 papers), then failed.
BAD_QUERIES = {
    "date:[* TO *]": "cannot search for 'date:[* TO *]': '*' is not a parseable date",
    # Refused before the index is asked (issue 14: what, and where in the query).
    "date:>x": "date:>x is not a date (2026-08-01, 2026-08, >=2026-08-01, [2026-06-01 TO 2026-07-31]) "
    "(column 1 of the query)",
    "date:[2026-08 TO *]": "cannot search for 'date:[2026-08 TO *]': '*' is not a parseable date",
}


def _index_files(home: Path) -> dict[str, tuple[int, int, int]]:
    """Every file of the index with its inode, size and modification time."""
    return {
        str(path.relative_to(home)): (path.stat().st_ino, path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted((home / "index").rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("query", sorted(BAD_QUERIES))
def test_a_query_error_is_said_in_one_line_and_touches_no_index_file(
    query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(HF)]) == 0
    home = Library.open().paths.data_dir
    before = _index_files(home)
    capsys.readouterr()
    assert main(["search", query]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"paper-tui: {BAD_QUERIES[query]}\n"
    assert _index_files(home) == before
    assert main(["export", "--format", "json", "--query", query]) == 1
    assert capsys.readouterr().err == err


def test_a_query_error_leaves_pending_papers_pending_and_says_nothing_of_damage() -> None:
    library = Library.open()
    try:
        library.import_file(HF)
        library.import_file(RSS, sync=False)  # papers waiting for the index
        pending = library.store.pending_index()
        assert pending
        home = library.paths.data_dir
        before = _index_files(home)
        for query in BAD_QUERIES:
            for quick in (False, True):
                with pytest.raises(QueryError):
                    library.search(query, quick=quick)
        assert library.notices.pending() == []  # no "the search index was damaged … rebuilt it"
        assert library.store.pending_index() == pending
        assert _index_files(home) == before
        assert library.search("diffusion")  # a good query afterwards works as ever
    finally:
        library.close()
