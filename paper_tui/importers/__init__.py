"""Digest importers: detect a digest's format from its content and parse it into a Digest.

Every importer module exposes ``NAME``, ``DESCRIPTION``, ``sniff(text) -> bool`` and
``parse(data, *, reference_date=None) -> Digest`` (``EMPTY_OK = True`` where a digest with no papers
is legitimate, such as an arXiv feed on a weekend; ``USES_NAME = True`` where ``parse`` also takes the
file's ``name``, to read a date from it). Parsers are pure: no I/O, no database; they raise
:class:`~paper_tui.model.DigestError` (with a line number where known) for input they cannot read.
"""

from __future__ import annotations

import codecs
from datetime import date
from types import ModuleType

from paper_tui.model import Digest, DigestError

#: The formats' names, in detection order, without importing their parsers (the command line's
#: ``--format`` choices: feedparser alone takes about 20 ms to import). A test keeps it in step.
FORMAT_NAMES = ("json-feed", "hf-api", "arxiv-feed", "arxiv-email", "markdown", "hf-page")
#: Refuse inputs larger than this before parsing (bytes).
MAX_INPUT_BYTES = 64 * 1024 * 1024


def _modules() -> list[ModuleType]:
    # Imported lazily so that a broken optional parser cannot stop the others from loading.
    from paper_tui.importers import arxiv_email, arxiv_feed, hf_api, hf_page, json_feed, markdown

    # Order matters: the most specific sniffers first (a JSON Feed mentions "paper" early, as the HF
    # API's JSON does); the HF page text is the loosest.
    return [json_feed, hf_api, arxiv_feed, arxiv_email, markdown, hf_page]


def formats() -> dict[str, str]:
    """Format name -> one-line description, for ``--format`` and error messages."""
    return {m.NAME: m.DESCRIPTION for m in _modules()}


def decode(data: bytes | str) -> str:
    """Decode digest bytes: BOM-marked UTF-8/16/32 first, then UTF-8, then Windows-1252/Latin-1.

    Raises DigestError for binary data (NUL bytes outside a UTF-16/32 encoding).
    """
    if isinstance(data, str):
        return data
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    head = data[:4096]
    if head and b"\x00" in head:
        # UTF-16 without BOM: every other byte of ASCII text is NUL.
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > len(odd) * 0.6 and even.count(0) < len(even) * 0.1:
            return data.decode("utf-16-le", errors="replace")
        if even.count(0) > len(even) * 0.6 and odd.count(0) < len(odd) * 0.1:
            return data.decode("utf-16-be", errors="replace")
        raise DigestError("binary data (NUL bytes), not a text digest")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        cut = error.reason == "unexpected end of data" and error.start >= len(data) - 3
        if cut and not data[: error.start].isascii():
            # UTF-8 (its other characters say so) cut inside its last one, as a file copied in part is:
            # not Windows-1252 text.
            return data[: error.start].decode("utf-8") + "\ufffd"
        return data.decode("cp1252", errors="replace")


def cut_notice(what: str) -> str:
    """What an import says of a file that ends inside its last paper (``what`` names the paper)."""
    return (
        f"the file ends inside its last paper ({what}): its text may be cut off; "
        "importing the whole file again completes it"
    )


def detect(data: bytes | str) -> str:
    """Return the format name of a digest, or raise DigestError saying what was expected."""
    text = decode(data)
    if not text.strip():
        raise DigestError("empty file, not a digest")
    for module in _modules():
        if module.sniff(text):
            return str(module.NAME)
    expected = "; ".join(m.DESCRIPTION for m in _modules())
    raise DigestError(f"not a recognised digest format (expected one of: {expected})")


def parse(
    data: bytes | str,
    fmt: str | None = None,
    *,
    path: str = "<input>",
    reference_date: date | None = None,
) -> Digest:
    """Detect (unless ``fmt`` is given) and parse a digest; errors name ``path``."""
    try:
        if len(data) > MAX_INPUT_BYTES:
            raise DigestError(f"file too large ({len(data)} bytes; limit {MAX_INPUT_BYTES})")
        modules = {m.NAME: m for m in _modules()}
        if fmt is None:
            fmt = detect(data)
        elif fmt not in modules:
            raise DigestError(f"unknown format {fmt!r} (known: {', '.join(modules)})")
        module = modules[fmt]
        # A module that reads dates from file names (USES_NAME) gets the name it was read from.
        extra = {"name": path} if getattr(module, "USES_NAME", False) else {}
        digest: Digest = module.parse(data, reference_date=reference_date, **extra)
    except DigestError as error:
        raise error.at(path) from None
    except RecursionError:
        raise DigestError("nested too deeply", path=path) from None
    if not digest.papers and not getattr(modules[fmt], "EMPTY_OK", False):
        raise DigestError(f"no papers found in this {fmt} digest", path=path)
    return digest
