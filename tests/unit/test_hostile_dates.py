"""Impossible dates (issue 17, finding 12): a date outside 1990-01-01 .. today + 2 days, or no calendar
date at all, is never a digest's date (9999-12-31 made its digest "today" for ever) nor a paper's;
the papers keep everything else."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library

WRITTEN = date(2026, 8, 20)  # the files' modification day: what an undatable digest is dated by

HF_FAR = json.dumps(
    [
        {
            "paper": {
                "id": "2608.00031",
                "title": "A paper from the far future",
                "summary": "Kept.",
                "authors": [{"name": "Ann Smith"}],
                "publishedAt": "9999-12-31T00:00:00.000Z",
            },
            "publishedAt": "9999-12-31T00:00:00.000Z",
        }
    ]
)
RSS_BAD = (
    "<rss version='2.0'><channel><title>cs.LG updates</title><pubDate>2026-13-45</pubDate>"
    "<item><title>Thirteenth month</title><link>https://arxiv.org/abs/2608.00032</link></item></channel></rss>"
)
ATOM_ZERO = (
    "<feed xmlns='http://www.w3.org/2005/Atom'><id>http://arxiv.org/api/x</id><title>q</title>"
    "<updated>0000-00-00T00:00:00Z</updated><entry><id>http://arxiv.org/abs/2608.00033v1</id>"
    "<title>Year zero</title><published>1989-06-01T00:00:00Z</published><summary>Kept too.</summary>"
    "<author><name>Bo Li</name></author></entry></feed>"
)
EMAIL_FAR = (
    "From: no-reply@arxiv.org\nSubject: cs daily\nDate: Fri, 31 Dec 9999 10:00:00 GMT\n"
    "Content-Type: text/plain\n\n\\\\\narXiv:2608.00034\nDate: Fri, 31 Dec 9999 10:00:00 GMT   (10kb)\n\n"
    "Title: Mail from 9999\nAuthors: Cy Doe\nCategories: cs.LG\n\\\\\n  An abstract.\n"
    "\\\\ ( https://arxiv.org/abs/2608.00034 ,  10kb)\n"
)


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("far.json", HF_FAR, "A paper from the far future"),
        ("bad.xml", RSS_BAD, "Thirteenth month"),
        ("zero.xml", ATOM_ZERO, "Year zero"),
        ("far.eml", EMAIL_FAR, "Mail from 9999"),
    ],
)
def test_impossible_dates_are_refused_as_digest_dates_and_the_papers_keep_the_rest(
    name: str, text: str, title: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    stamp = (WRITTEN - date(1970, 1, 1)).days * 86400 + 43200
    os.utime(path, (stamp, stamp))
    library = Library.open()
    try:
        result = library.import_file(path)
        assert result.date == WRITTEN.isoformat()
        assert library.latest_date() == WRITTEN.isoformat()
        (record,) = library.papers(library.store.all_ids())
        assert record.title == title and record.arxiv_id is not None
        assert record.published is None
        assert record.last_seen == WRITTEN.isoformat()
    finally:
        library.close()


def test_a_date_given_on_the_command_line_must_be_possible_too(capsys: pytest.CaptureFixture[str]) -> None:
    far = (date.today() + timedelta(days=30)).isoformat()
    for args in (["import", "x.json", "--date", far], ["list", "--digest", "1989-12-31"]):
        with pytest.raises(SystemExit):
            main(args)
        err = capsys.readouterr().err
        assert "is not a digest date (1990-01-01 to 2 days from today)" in err
