"""The Hugging Face Daily Papers web page saved as text: header, a date line, then title/abstract pairs."""

from __future__ import annotations

import re
from datetime import date

from paper_tui.importers import cut_notice, decode
from paper_tui.model import Digest, DigestError, Link, Paper
from paper_tui.text import classify_url, dedupe_links, extract_urls

NAME = "hf-page"
DESCRIPTION = "Hugging Face Daily Papers page saved as text (date line, then title/abstract pairs)"

#: The date line must be among this many non-blank lines at the top of the page.
HEAD_LINES = 30
#: A title block longer than this (characters) is a title line with its abstract run on below it.
MAX_TITLE_CHARS = 300

_SNIFF_CHARS = 64 * 1024
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# "Aug 11", "Aug. 11", "August 11", "Aug 11, 2025" on a line of its own.
_DATE_LINE = re.compile(r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?")
_HEADER = "daily papers"
# The page's own header lines, which come before the date line.
_HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        _HEADER,
        "byak and the research community",
    }
)


def sniff(text: str) -> bool:
    """True for a "Daily Papers" header line, or a month-day line near the top followed by two blocks."""
    lines = text[:_SNIFF_CHARS].lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    head = [(number, line.strip()) for number, line in enumerate(lines) if line.strip()][:HEAD_LINES]
    if any(line.casefold() == _HEADER for _, line in head):
        return True
    for number, line in head:
        if _match_date(line) is None:
            continue
        blocks = _blocks(lines[number + 1 :])
        return len(blocks) >= 2 and len(" ".join(blocks[0])) <= MAX_TITLE_CHARS
    return False


def parse(data: bytes | str, *, reference_date: date | None = None) -> Digest:
    """Parse a saved Daily Papers page; a yearless date is the latest one not after ``reference_date``."""
    text = decode(data).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    date_index = _find_date_line(lines)
    digest_date = parse_date_line(lines[date_index].strip(), reference_date or date.today(), date_index + 1)
    blocks = _blocks(lines[date_index + 1 :])
    papers = _papers(blocks)
    notice = cut_notice(f'"{_shortened(papers[-1].title)}"') if papers and _cut(papers[-1].abstract) else ""
    return Digest(source=NAME, date=digest_date.isoformat(), papers=tuple(papers), notice=notice)


def _cut(abstract: str) -> bool:
    """Whether the page's last abstract stops where no abstract does: missing, or mid-sentence (after a
    letter, a comma or a hyphen, not a URL): the file was saved or copied in part."""
    words = abstract.split()
    if not words:
        return True
    return bool(re.search(r"[\w,\-\ufffd]\Z", abstract.rstrip())) and not extract_urls(words[-1])


def _shortened(title: str) -> str:
    return title if len(title) <= 60 else title[:59] + "…"


def parse_date_line(line: str, reference_date: date, line_number: int | None = None) -> date:
    """The date on ``Aug 11``, ``August 11`` or ``Aug 11, 2025`` (no year: latest not after the reference)."""
    match = _match_date(line)
    if match is None:
        raise DigestError(f"expected a date line such as 'Aug 11', found {line[:60]!r}", line=line_number)
    month, day, year = match
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            raise DigestError(f"no such date: {line!r}", line=line_number) from None
    # Walk back from the reference year; Feb 29 may need up to eight years to find a leap year.
    for candidate_year in range(reference_date.year, reference_date.year - 9, -1):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate <= reference_date:
            return candidate
    raise DigestError(f"no such date: {line!r}", line=line_number)


def _match_date(line: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) when the whole line is a month-day date, else None."""
    match = _DATE_LINE.fullmatch(line.strip())
    if match is None:
        return None
    month = _MONTHS.get(match.group("month").casefold())
    day = int(match.group("day"))
    if month is None or not 1 <= day <= 31:
        return None
    year = match.group("year")
    return month, day, int(year) if year else None


def _find_date_line(lines: list[str]) -> int:
    """Index of the date line among the first lines, or a DigestError saying where it was expected."""
    expected_at: tuple[int, str] | None = None
    last_line = 0
    seen = 0
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if _match_date(line) is not None:
            return index
        if expected_at is None and line.casefold() not in _HEADER_LINES:
            expected_at = (index + 1, line)
        last_line = index + 1
        seen += 1
        if seen >= HEAD_LINES:
            break
    if not seen:
        raise DigestError("empty page: no date line and no papers")
    if expected_at is None:
        raise DigestError(
            "the page ends after its header, before the date line (such as 'Aug 11')", line=last_line
        )
    number, line = expected_at
    raise DigestError(
        f"expected a date line such as 'Aug 11' after the header, found {line[:60]!r}", line=number
    )


def _blocks(lines: list[str]) -> list[tuple[str, ...]]:
    """Split lines into runs of consecutive non-blank lines, each line stripped."""
    blocks: list[tuple[str, ...]] = []
    current: list[str] = []
    for raw in lines:
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(tuple(current))
            current = []
    if current:
        blocks.append(tuple(current))
    return blocks


def _papers(blocks: list[tuple[str, ...]]) -> list[Paper]:
    """Pair each title block with the abstract block after it; a wrapped block is joined with spaces."""
    papers: list[Paper] = []
    index = 0
    while index < len(blocks):
        title_lines = blocks[index]
        index += 1
        if len(title_lines) > 1 and len(" ".join(title_lines)) > MAX_TITLE_CHARS:
            # Too long for a wrapped title: no blank line between the title and its abstract.
            title = title_lines[0]
            abstract = " ".join(title_lines[1:])
        else:
            title = " ".join(title_lines)
            abstract = " ".join(blocks[index]) if index < len(blocks) else ""
            index += 1
        papers.append(Paper(title=title, abstract=abstract, links=_links(abstract)))
    return papers


def _links(abstract: str) -> tuple[Link, ...]:
    """Links for the URLs an abstract mentions (code repositories, project pages, DOIs)."""
    return dedupe_links([Link(classify_url(url), url) for url in extract_urls(abstract)])
