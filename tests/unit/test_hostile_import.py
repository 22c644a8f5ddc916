"""Per-file isolation in import (issue 17, finding 5): whatever reading one file raises is that file's
one-line error, in one process, in the reading workers and in the inbox, and the other files import.
A fuzz test over every importer: mutated real samples give a Digest or a DigestError, never another
exception, within a time bound that grows with the input's size."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paper_tui import importers
from paper_tui.cli import main
from paper_tui.importers import arxiv_email, arxiv_feed, hf_page, markdown
from paper_tui.library import Library
from paper_tui.model import Digest, DigestError
from tests.helpers import FIXTURES, SAMPLES, SEEDS

HF = FIXTURES / "hf_small.json"
RSS = "<rss version='2.0'><channel><title>cs.LG</title><item><title>{title}</title>{extra}</item></channel></rss>"

#: The inputs of the finding, and the five distinct crashes fuzzing found in the landed code.
CRASHES = {
    "ipv6-link.xml": RSS.format(title="Six", extra="<link>http://[oops/x</link>").encode(),
    "ipv6-href.xml": (
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title><entry><title>t</title>"
        b"<link href='http://[x'/></entry></feed>"
    ),
    "links-text.xml": RSS.format(title="Links", extra="<links>abc</links>").encode(),
    "authors-text.xml": RSS.format(title="Authors", extra="<authors>abc</authors>").encode(),
    "encoding-85.xml": b"<?xml version='1.0' encoding='\x85x'?>\n" + RSS.format(title="E", extra="").encode(),
    "encoding-utf.xml": b"<?xml version='1.0' encoding='UT\xd1-8'?>\n"
    + RSS.format(title="E", extra="").encode(),
    "encoding-nul.xml": b"<?xml version='1.0' encoding='UTF-8\x00'?>\n"
    + RSS.format(title="E", extra="").encode(),
    "huge-charref.xml": RSS.format(title="t&#99999999999999999999;", extra="").encode(),
}


@pytest.mark.parametrize("name", sorted(CRASHES))
def test_each_input_that_crashed_an_importer_is_a_digest_or_a_digest_error(name: str) -> None:
    try:
        digest = importers.parse(CRASHES[name], path=name)
    except DigestError as error:
        assert str(error).startswith(f"{name}") and "\n" not in str(error)
    else:
        assert isinstance(digest, Digest)


def _crashing_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the HF page parser (the seeds' format) raise what a bug would: a RuntimeError."""
    real = hf_page.parse

    def parse(data: bytes | str, **kwargs: object) -> Digest:
        if b"CRASH" in (data.encode() if isinstance(data, str) else data):
            raise RuntimeError("a bug in a parser")
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hf_page, "parse", parse)


def _batch(folder: Path, count: int) -> tuple[list[Path], Path]:
    """``count`` good digests and, third, one that crashes its parser."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = next(SEEDS.iterdir()).read_text(encoding="utf-8")
    files = []
    for number in range(count):
        path = folder / f"good-{number}.json"
        shutil.copy(HF, path)
        files.append(path)
    bad = folder / "crash.txt"
    bad.write_text(seed.replace("Daily Papers", "Daily Papers\nCRASH", 1), encoding="utf-8")
    files.insert(2, bad)
    return files, bad


@pytest.mark.parametrize("procs", [1, 2], ids=["one process", "reading workers"])
def test_a_file_that_crashes_a_parser_is_that_files_error_and_the_others_import(
    procs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files, bad = _batch(tmp_path / "in", 5)
    with monkeypatch.context() as patched:
        _crashing_parser(patched)
        patched.setattr("paper_tui.cli.commands.imports._procs", lambda: procs)
        code = main(["import", *map(str, files)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err == f"paper-tui: {bad}: could not be read (RuntimeError: a bug in a parser)\n"
    assert out.count(": hf-api 2026-08-11: ") == 5  # every other file, also those after it
    assert out.splitlines()[-1] == "6 files: 2 new, 0 merged, 8 unchanged, 1 failed"


def test_a_file_that_crashes_a_parser_in_the_inbox_is_refused_and_the_others_import(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    library = Library.open()
    inbox = library.paths.data_dir / "inbox"
    library.close()
    files, _bad = _batch(inbox, 2)
    for path in files:
        os.utime(path, (1_000_000_000, 1_000_000_000))
    with monkeypatch.context() as patched:
        _crashing_parser(patched)
        assert main(["import", "--inbox"]) == 1
    out, err = capsys.readouterr()
    assert out.count(": hf-api 2026-08-11: ") == 2
    assert "crash.txt" in err and "RuntimeError: a bug in a parser" in err and err.count("\n") == 1
    assert (inbox / "failed" / "crash.txt").exists()


# -- fuzzing ---------------------------------------------------------------------------------------


def _samples() -> list[bytes]:
    paths = [*FIXTURES.glob("*.*"), *(FIXTURES / "fetch").glob("*"), *SEEDS.glob("*")]
    paths += [p for p in (FIXTURES / "real").rglob("*.*") if p.name != "README.md"]
    if SAMPLES.is_dir():
        paths += [p for p in SAMPLES.glob("*.*") if p.suffix != ".md"]
    return [p.read_bytes() for p in sorted(paths) if p.is_file()]


SAMPLE_BYTES = _samples()
#: Pieces of the formats, and of the inputs that broke them, for the mutations to insert.
TOKENS = [
    *(value[:60] for value in CRASHES.values()),
    b"<link>",
    b"</link>",
    b"<links>",
    b"<entry>",
    b"<item>",
    b"</item>",
    b"<author><name>",
    b"<arxiv:primary_category term='x'/>",
    b"<category term='cs.LG'/>",
    b"<![CDATA[",
    b"&#0;",
    b"&amp;",
    b"(arXiv:",
    b"\x85",
    b"\x00",
    b"\xff\xfe",
    b"{",
    b"[",
    b'"paper": ',
    b'"authors": ',
    b'"title": ',
    b"null",
    b"1e999",
    b"\\\\\n",
    b"arXiv:2401.00001",
    b"Title: ",
    b"Authors: (((",
    b"Date: ",
    b"From ",
    b"\n\n",
    b"received from ",
    b"Content-Type: multipart/mixed; boundary=x\n",
    b"=?utf-8?q?=1B?=",
    b"Aug 11",
    b"9999-12-31",
    b"%-%-%-",
    b"https://github.com/x/))))",
    b"\r",
]
#: The time bound: generous, so that only a blow-up (quadratic or worse) can exceed it.
BASE_S, PER_MB_S = 2.0, 10.0

_position = st.integers(min_value=0, max_value=1 << 16)
MUTATION = st.one_of(
    st.tuples(st.just("flip"), _position, st.integers(0, 255)),
    st.tuples(st.just("insert"), _position, st.sampled_from(TOKENS)),
    st.tuples(st.just("delete"), _position, st.integers(1, 400)),
    st.tuples(st.just("cut"), _position),
    # A piece repeated many times: long lines, deep nesting, many records (up to a megabyte).
    st.tuples(st.just("repeat"), _position, st.integers(1, 60), st.integers(2, 20_000)),
)


_BOUNDARIES = frozenset(b'<>\n"{}[]:=&(')


def _at(buffer: bytearray, position: int) -> int:
    """The ``position``-th place in ``buffer`` where its structure changes (before a tag, a line, a
    quote, a bracket ...), counted round; mutations there reach the parsers' corners."""
    places = [0, *(i for i, byte in enumerate(buffer) if byte in _BOUNDARIES), len(buffer)]
    return places[position % len(places)]


def _mutate(data: bytes, mutations: list[tuple[object, ...]]) -> bytes:
    buffer = bytearray(data)
    for kind, position, *rest in mutations:
        at = _at(buffer, int(position))  # type: ignore[call-overload]
        if kind == "flip" and buffer:
            buffer[min(at, len(buffer) - 1)] = int(rest[0])  # type: ignore[call-overload]
        elif kind == "insert":
            buffer[at:at] = rest[0]  # type: ignore[assignment]
        elif kind == "delete":
            del buffer[at : at + int(rest[0])]  # type: ignore[call-overload]
        elif kind == "cut":
            del buffer[at:]
        elif kind == "repeat":
            piece = bytes(buffer[at : at + int(rest[0])])  # type: ignore[call-overload]
            times = min(int(rest[1]), (1 << 20) // max(1, len(piece)))  # type: ignore[call-overload]
            buffer[at:at] = piece * times
    return bytes(buffer)


PARSERS: dict[str, Callable[[bytes], Digest]] = {
    "detect": lambda data: importers.parse(data),
    **{module.NAME: module.parse for module in importers._modules()},  # every importer there is
}


@pytest.mark.slow
@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    sample=st.integers(min_value=0, max_value=len(SAMPLE_BYTES) - 1), mutations=st.lists(MUTATION, max_size=6)
)
def test_every_importer_gives_a_digest_or_a_digest_error_in_time_on_mutated_samples(
    sample: int, mutations: list[tuple[object, ...]]
) -> None:
    data = _mutate(SAMPLE_BYTES[sample], mutations)
    limit = BASE_S + PER_MB_S * len(data) / 1e6
    for name, parse in PARSERS.items():
        started = time.perf_counter()
        try:
            result = parse(data)
        except DigestError:
            pass
        else:
            assert isinstance(result, Digest), name
        elapsed = time.perf_counter() - started
        assert elapsed < limit, f"{name}: {elapsed:.1f} s for {len(data):,} bytes (limit {limit:.1f} s)"


#: Inputs that took quadratic time in the landed code (minutes at a megabyte), each a megabyte.
SLOW_INPUTS = {
    "nested parentheses in authors": (
        arxiv_feed.parse,
        RSS.format(
            title="t", extra="<dc:creator xmlns:dc='x'>" + "(" * 500_000 + ")" * 500_000 + "</dc:creator>"
        ),
    ),
    "many (arXiv: in a title": (arxiv_feed.parse, RSS.format(title="(arXiv:" * 150_000, extra="")),
    "many 'received from' on a line": (
        arxiv_email.parse,
        "received from " * 75_000 + "\n\\\\\narXiv:2401.00001\nTitle: x\n",
    ),
    "a closing line without its bracket": (
        arxiv_email.parse,
        "\\\\\narXiv:2401.00001\nTitle: x\n\\\\\n\\\\ (" + "a" * 1_000_000 + "\n",
    ),
    "spaces before a date's size": (
        arxiv_email.parse,
        "\\\\\narXiv:2401.00001\nDate: " + " " * 1_000_000 + "x\nTitle: x\n",
    ),
    "a field continued over many lines": (
        arxiv_email.parse,
        "\\\\\narXiv:2401.00001\nTitle: x\n" + " y\n" * 330_000,
    ),
    # feedparser reads the declared encoding with a regular expression over the first line (cubic).
    "a first line of many encodings": (
        arxiv_feed.parse,
        "<?xml version='1.0'?><rss>" + "encoding='x " * 90_000,
    ),
    "declarations without their end": (
        arxiv_feed.parse,
        "<?xml version='1.0' encoding='UTF-8'?\x00" * 25_000,
    ),
    # The Markdown importer's inline link: a long URL never closed by ")".
    "a markdown link never closed": (markdown.parse, "# Papers\n\n[x](" + "git://" * 170_000 + "\n"),
    # feedparser's DOCTYPE and ENTITY expressions over the prolog, and its lenient parser (used for
    # malformed XML) re-reading an author's growing name at every end tag.
    "a prolog of blank lines": (arxiv_feed.parse, "<?xml version='1.0'?>\n" + " \n" * 500_000 + "<rss/>"),
    "repeated end tags in an author": (
        arxiv_feed.parse,
        "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>t</title><author><name>Ann"
        + "</name>Pieter Abbeel" * 50_000
        + "</author></entry></feed>",
    ),
}


@pytest.mark.parametrize("case", sorted(SLOW_INPUTS))
def test_importers_stay_linear_on_inputs_that_were_quadratic(case: str) -> None:
    parse, text = SLOW_INPUTS[case]
    data = text.encode()
    started = time.perf_counter()
    with contextlib.suppress(DigestError):
        parse(data)
    elapsed = time.perf_counter() - started
    assert elapsed < BASE_S + PER_MB_S * len(data) / 1e6, f"{case}: {elapsed:.1f} s"
