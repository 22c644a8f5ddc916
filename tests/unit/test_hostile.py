"""Hostile and broken digests: each is imported or refused with one line naming the file, the others
in the same command still import, and a refused file leaves the library unchanged."""

from __future__ import annotations

import codecs
import gzip
import json
import resource
import sqlite3
import time
from pathlib import Path

import pytest

from paper_tui import importers
from paper_tui.cli import main
from paper_tui.library import Library
from paper_tui.model import DigestError
from tests.helpers import FIXTURES

GOOD = FIXTURES / "hf_small.json"
ESC_TITLE = "Evil \x1b]52;c;ZXZpbA==\x07 \x1b[2J\x1b[6n title"

HF_ONE = json.dumps(
    [
        {
            "paper": {
                "id": "2608.00009",
                "title": "Plain Title",
                "summary": "Text.",
                "authors": [{"name": "A B"}],
            }
        }
    ]
)
RSS_HEAD = (
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>cs.LG updates</title>'
)


def _corpus() -> dict[str, bytes]:
    """name -> bytes of every bad input the issue lists."""
    nested = "[" * 100_000 + "]" * 100_000
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{"&lol{};".format(i - 1 if i > 1 else "") * 10}">' for i in range(1, 10))
        + "]>"
        + "<rss><channel><title>x</title><item><title>&lol9;</title></item></channel></rss>"
    )
    return {
        "empty.json": b"",
        "whitespace.txt": b"   \n\t\n  ",
        "binary.bin": bytes(range(256)) * 4,
        "nul.txt": b"Title\x00\x00\x00abstract",
        "image.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        "archive.gz": gzip.compress(b"[1,2,3]"),
        "invalid-utf8.json": HF_ONE.replace("Text.", "Te@xt.").encode().replace(b"@", b"\xff\xfe"),
        "latin1.json": HF_ONE.replace("A B", "José Müller").encode("latin-1"),
        "bom.json": codecs.BOM_UTF8 + HF_ONE.encode(),
        "utf16-bom.json": HF_ONE.encode("utf-16"),
        "utf16-nobom.json": HF_ONE.encode("utf-16-le"),
        "crlf.xml": (
            RSS_HEAD
            + "<item><title>Crlf</title><link>https://arxiv.org/abs/2608.00011</link></item></channel></rss>"
        )
        .replace("><", ">\r\n<")
        .encode(),
        "mixed-newlines.xml": (
            RSS_HEAD + "\r<item><title>Mixed</title>\n<link>https://arxiv.org/abs/2608.00012</link>"
            "\r\n</item></channel></rss>"
        ).encode(),
        "one-long-line.txt": b"x" * (50 * 1024 * 1024),
        "truncated.json": HF_ONE.encode()[: len(HF_ONE) // 2],
        "wrong-shape.json": b'{"papers": "nope", "count": 3}',
        "wrong-items.json": b'[1, 2, "three"]',
        "deeply-nested.json": nested.encode(),
        "nan.json": b'[{"paper": {"id": "2608.00013", "title": "NaN", "upvotes": NaN}}]',
        "dup-keys.json": b'[{"paper": {"id": "2608.00014", "title": "First", "title": "Second"}}]',
        "surrogates.json": b'[{"paper": {"id": "2608.00015", "title": "Lone \\ud800 surrogate"}}]',
        "entity-bomb.xml": bomb.encode(),
        "external-entity.xml": (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title>'
            b"<link>https://arxiv.org/abs/2608.00016</link></item></channel></rss>"
        ),
        "char-ref-esc.xml": (
            RSS_HEAD + "<item><title>Esc &#27;]52;c;ZXZpbA==&#7; &#27;[2J title</title>"
            "<link>https://arxiv.org/abs/2608.00017</link></item></channel></rss>"
        ).encode(),
        "malformed-tags.xml": (RSS_HEAD + "<item><title>Broken<title></item><<>></channel>").encode(),
        "no-title-no-link.xml": (
            RSS_HEAD + "<item><description>nothing</description></item></channel></rss>"
        ).encode(),
        "broken-mime.eml": (
            b"From: no-reply@arxiv.org\r\nSubject: cs daily Subj-class mailing\r\n"
            b'Content-Type: multipart/mixed; boundary="zzz"\r\n\r\n--zzz\r\nContent-Type: text/plain\r\n'
            b"\r\nno closing boundary and no records\r\n"
        ),
        "unknown-charset.eml": (
            b"From: no-reply@arxiv.org\r\nSubject: cs daily\r\nContent-Type: text/plain; charset=x-klingon\r\n"
            b"\r\nnothing here\r\n"
        ),
        "rfc2047-escape.eml": (
            b"From: no-reply@arxiv.org\r\nSubject: =?utf-8?q?=1B]52;c;ZXZpbA=3D=3D=07?=\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
            b"------------------------------------------------------------------------------\r\n\\\\\r\n"
            b"arXiv:2608.00018\r\nDate: Mon, 10 Aug 2026 10:00:00 GMT   (10kb)\r\n\r\n"
            b"Title: Mail \x1b[31mred\x1b[0m title\r\nAuthors: Ann Smith\r\nCategories: cs.LG\r\n\\\\\r\n"
            b"  Abstract text.\r\n\\\\ ( https://arxiv.org/abs/2608.00018 ,  10kb)\r\n"
        ),
        "escape-title.json": json.dumps([{"paper": {"id": "2608.00019", "title": ESC_TITLE}}]).encode(),
    }


CORPUS = _corpus()


def _snapshot(lib: Library) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    conn = sqlite3.connect(lib.paths.database)
    papers = conn.execute("SELECT id, arxiv_id, title, abstract FROM papers ORDER BY id").fetchall()
    bookmarks = conn.execute("SELECT paper_id FROM bookmarks").fetchall()
    conn.close()
    return papers, bookmarks


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_bad_file_imports_or_is_refused_in_one_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = Library.open()
    lib.import_file(GOOD)
    lib.bookmark([lib.resolve("2608.00001")])
    before = _snapshot(lib)
    lib.close()
    path = tmp_path / name
    path.write_bytes(CORPUS[name])
    started = time.monotonic()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code = main(["import", str(path), str(GOOD)])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert elapsed < 30, f"{name} took {elapsed:.1f}s"
    growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert growth_mb < 800, f"{name} grew memory by {growth_mb:.0f} MB"
    assert "Traceback" not in err
    assert f"{GOOD}: hf-api 2026-08-11: 0 new, 0 merged, 2 unchanged" in out  # the other file imported
    lib = Library.open()
    after = _snapshot(lib)
    lib.close()
    if code == 1:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"paper-tui: {path}"), err
        assert after == before  # a refused file changes nothing
    else:
        assert code == 0 and err == ""
        assert after[1] == before[1]  # user state untouched
        assert after[0][: len(before[0])] == before[0]  # an import only adds
        for _, _, title, abstract in after[0]:
            for text in (str(title), str(abstract)):
                assert not any((ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) < 0xA0 for ch in text), text
        assert not any("root:" in str(row[2]) for row in after[0])  # no external entity was read


def test_expected_refusals_name_the_problem() -> None:
    cases = {
        "empty.json": "empty",
        "binary.bin": "binary",
        "image.png": "binary",
        "truncated.json": "truncated.json:1",
        "wrong-shape.json": "wrong-shape.json",
    }
    for name, expected in cases.items():
        with pytest.raises(DigestError) as caught:
            importers.parse(CORPUS[name], path=name)
        assert expected in str(caught.value), (name, str(caught.value))
        assert "\n" not in str(caught.value)


def test_decoding_variants_give_the_same_paper() -> None:
    titles = set()
    for name in ("bom.json", "utf16-bom.json", "utf16-nobom.json", "invalid-utf8.json"):
        digest = importers.parse(CORPUS[name], path=name)
        titles.add(digest.papers[0].title)
    assert titles == {"Plain Title"}
    latin = importers.parse(CORPUS["latin1.json"], path="latin1.json")
    assert latin.papers[0].authors == ("José Müller",)


def test_escape_sequences_never_reach_the_library() -> None:
    lib = Library.open()
    for name in ("escape-title.json", "char-ref-esc.xml", "rfc2047-escape.eml"):
        try:
            lib.import_bytes(CORPUS[name], name=name)
        except DigestError:
            continue
    titles = [r.title for r in lib.papers(lib.store.all_ids())]
    lib.close()
    assert titles, "at least one hostile file should import"
    for title in titles:
        assert "\x1b" not in title and "\x07" not in title and "\x9b" not in title
