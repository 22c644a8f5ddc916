"""arXiv daily listing e-mails: the plain-text body, a whole .eml message, or an mbox of messages."""

from __future__ import annotations

import email
import email.message
import email.parser
import email.utils
import re
from dataclasses import dataclass, field
from datetime import date
from email import policy
from typing import TypeVar

from paper_tui.importers import cut_notice, decode
from paper_tui.importers.arxiv_feed import (
    collapse,
    comment_links,
    doi_links,
    iso_date,
    split_authors,
    unwrap_abstract,
)
from paper_tui.model import Digest, DigestError, Link, Paper
from paper_tui.text import ARXIV_ID_PATTERN, arxiv_links, dedupe_links, parse_arxiv_id

_AnyStr = TypeVar("_AnyStr", str, bytes)

NAME = "arxiv-email"
DESCRIPTION = "arXiv daily listing e-mail (plain-text body, .eml or mbox)"

_SNIFF_CHARS = 64 * 1024
_ID = ARXIV_ID_PATTERN
# A record opens with a line holding only "\\" and, right after it, the "arXiv:ID" line.
_RECORD_SNIFF = re.compile(rf"^\\\\[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*arXiv:[ \t]?{_ID}\b", re.MULTILINE)
_HEADER_SNIFF = re.compile(
    r"^[ \t]{0,3}(?:Submissions to:[ \t]*\r?$"
    r"|received from[ \t]+[A-Z][a-z]{2}[ \t]+\d{1,2}[ \t]+[A-Z][a-z]{2}[ \t]+\d{2,4}\b)",
    re.MULTILINE,
)
_HEADER_LINE = re.compile(r"\A(?:From [^\n]*\n)?[A-Za-z][A-Za-z0-9-]*:[ \t]?\S")
_SENDER_HEADERS = ("from", "sender", "reply-to", "return-path", "subject", "list-id")

_RECORD_START = re.compile(r"^\s*arXiv:\s*(?P<id>\S+)(?P<rest>.*)$")
# The record's closing "\\ ( https://arxiv.org/abs/ID ,  10kb)" line. Possessive: a long line without
# the ")" must not be tried at every split of it (quadratic).
_CLOSING = re.compile(r"^\\\\\s*+\([^)]*+\)\s*$")
_DASHES = re.compile(r"^-{70,}\s*$")
_FIELD = re.compile(r"^(?P<name>[A-Za-z][A-Za-z-]*(?: \([^)]*\))?):\s?(?P<value>.*)$")
# "(10kb)" after the date, matched from the last "(" only (a search would try every position of a long
# run of spaces).
_SIZE_SUFFIX = re.compile(r"\(\s*\d+\s*kb[^)]*\)\s*", re.IGNORECASE)
_REPLACED = re.compile(r"^replaced with revised version\s+(?P<date>.*)$", re.IGNORECASE)
_RECEIVED = re.compile(
    # The first date is bounded: a line of many "received from" must not be scanned to its end from each.
    r"received from\s+.{0,200}?\s+to\s+\w{3},?\s+"
    r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3})\s+(?P<year>\d{2,4})",
    re.IGNORECASE,
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
# Section markers: new -> cross-lists -> replacements -> end of listing.
_SECTIONS = (("%%%---%%%---", "end"), ("%%--%%--", "replace"), ("%-%-%-", "cross"))


@dataclass
class _Body:
    """One listing text with where it sits in the input (for error lines) and its e-mail headers."""

    text: str
    line_offset: int | None = 0
    subject: str = ""
    sent: str | None = None


@dataclass
class _Listing:
    """What one listing body yielded."""

    papers: list[Paper] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    date: str | None = None
    submissions_to: list[str] = field(default_factory=list)
    expected_line: int = 1
    #: The paper whose record the text ends inside (no closing ``\\ ( https://arxiv.org/abs/…)`` line):
    #: a file cut off, whose last abstract may be cut too.
    cut: Paper | None = None


def sniff(text: str) -> bool:
    """True for a listing body (``\\\\`` then ``arXiv:`` lines, or its header) or an e-mail from arXiv."""
    head = text[:_SNIFF_CHARS]
    if "arXiv:" in head and "\\\\" in head and _RECORD_SNIFF.search(head):
        return True
    if ("Submissions to:" in head or "received from" in head) and _HEADER_SNIFF.search(head):
        return True
    return _is_email(head) and _mentions_arxiv(head)


def parse(data: bytes | str, *, reference_date: date | None = None) -> Digest:
    """Parse a listing body, .eml or mbox into a Digest (``reference_date`` is unused)."""
    text = decode(data).lstrip("\ufeff")
    raw = _raw_bytes(data)
    if text.startswith("From ") and _is_email(text):
        bodies = [_message_body(chunk, raw_chunk, offset) for chunk, raw_chunk, offset in _mbox(text, raw)]
    elif _is_email(text):
        bodies = [_message_body(text, raw, 0)]
    else:
        bodies = [_Body(text)]
    listings = [(body, _parse_listing(body)) for body in bodies]
    papers = [paper for _, listing in listings for paper in listing.papers]
    if not papers:
        raise _nothing_found(listings)
    dates = [d for d in (listing.date or body.sent for body, listing in listings) if d]
    title = next((body.subject for body, _ in listings if body.subject), "")
    if not title:
        sections = next((listing.submissions_to for _, listing in listings if listing.submissions_to), [])
        title = "Submissions to: " + ", ".join(sections) if sections else ""
    cut = [listing.cut for _, listing in listings if listing.cut is not None]
    return Digest(
        source="arxiv-email",
        date=max(dates) if dates else None,
        papers=tuple(papers),
        title=title,
        notice=cut_notice(cut[-1].arxiv_id or cut[-1].title) if cut else "",
    )


def _raw_bytes(data: bytes | str) -> bytes | None:
    """The input bytes when the stdlib e-mail parser can read them as bytes (ASCII-compatible)."""
    if isinstance(data, str) or b"\x00" in data[:4096]:
        return None
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _is_email(text: str) -> bool:
    """True when the text opens with RFC 5322 headers (optionally after an mbox ``From `` line)."""
    head = text.lstrip("\ufeff")[:_SNIFF_CHARS].replace("\r\n", "\n")
    return bool(_HEADER_LINE.match(head)) and "\n\n" in head


def _mentions_arxiv(text: str) -> bool:
    """True when the first message's sender or subject mentions arXiv."""
    head = text.lstrip("\ufeff").replace("\r\n", "\n")
    if head.startswith("From "):
        first_line, _, head = head.partition("\n")
        if "arxiv" in first_line.lower():
            return True
    headers = email.parser.HeaderParser(policy=policy.compat32).parsestr(head.split("\n\n", 1)[0] + "\n\n")
    return any("arxiv" in str(headers.get(name, "")).lower() for name in _SENDER_HEADERS)


def _mbox(text: str, raw: bytes | None) -> list[tuple[str, bytes | None, int]]:
    """Split an mbox at its ``From `` separator lines: (message text, message bytes, line offset)."""
    texts = _split_mbox(text.replace("\r\n", "\n"), "From ", ">From ", "\n")
    raws = _split_mbox(raw.replace(b"\r\n", b"\n"), b"From ", b">From ", b"\n") if raw is not None else []
    if len(raws) != len(texts):
        raws = [(b"", 0)] * len(texts)
    return [
        (message, raw_message or None, offset)
        for (message, offset), (raw_message, _) in zip(texts, raws, strict=True)
    ]


def _split_mbox(
    data: _AnyStr, separator: _AnyStr, escaped: _AnyStr, newline: _AnyStr
) -> list[tuple[_AnyStr, int]]:
    """Messages of an mbox (LF line ends) with the number of lines before each; ``>From `` unescaped.

    A separator is a ``From `` line at the start of the data or after a blank line.
    """
    starts: list[int] = []
    position = 0
    while (found := data.find(separator, position)) >= 0:
        if found == 0 or data[max(0, found - 2) : found] == newline + newline:
            starts.append(found)
        position = found + 1
    messages: list[tuple[_AnyStr, int]] = []
    lines_before = 0
    counted = 0
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(data)
        line_end = data.find(newline, start, end)
        body_start = end if line_end < 0 else line_end + 1
        lines_before += data.count(newline, counted, body_start)
        counted = body_start
        message = data[body_start:end].replace(newline + escaped, newline + separator)
        messages.append((message, lines_before))
    return messages


def _message_body(text: str, raw: bytes | None, offset: int) -> _Body:
    """The text/plain body of one message, with its subject, date and the body's line offset."""
    if raw is not None:
        message = email.message_from_bytes(raw, policy=policy.default)
    else:
        message = email.message_from_string(text, policy=policy.default)
    assert isinstance(message, email.message.EmailMessage)
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), None)
    subject = _header(message, "subject")
    sent = None
    try:
        sent_at = email.utils.parsedate_to_datetime(_header(message, "date"))
        sent = sent_at.date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        sent = None
    if part is None:
        return _Body("", None, subject, sent)
    body = _part_text(part, from_bytes=raw is not None)
    return _Body(body, _body_offset(text, body, offset), subject, sent)


def _header(message: email.message.Message, name: str) -> str:
    """A decoded header value, or "" when it is missing or unreadable."""
    try:
        return collapse(str(message.get(name, "") or ""))
    except (ValueError, LookupError, TypeError):
        return ""


def _part_text(part: email.message.Message, *, from_bytes: bool) -> str:
    """Decoded text of a MIME part (transfer encoding and charset), tolerant of unknown charsets."""
    encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
    if not from_bytes and encoding not in ("quoted-printable", "base64"):
        # Parsed from text that is already decoded: the declared charset no longer applies.
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    try:
        content = part.get_content() if isinstance(part, email.message.MIMEPart) else None
        if isinstance(content, str):
            return content
    except (LookupError, KeyError, ValueError, UnicodeError):
        pass  # an unknown charset: decoded below like any digest bytes
    payload = part.get_payload(decode=True)
    return decode(payload) if isinstance(payload, bytes) else ""


def _body_offset(message_text: str, body: str, offset: int) -> int | None:
    """Lines before the body in the input, when the body appears there verbatim (not encoded)."""
    normalised = message_text.replace("\r\n", "\n")
    split = normalised.find("\n\n")
    if split < 0:
        return None
    probe = body.replace("\r\n", "\n")[:200]
    start = normalised.find(probe, split) if probe else -1
    if start < 0:
        return None
    return offset + normalised[:start].count("\n")


def _without_size(value: str) -> str:
    """A Date: value without its ``(10kb)`` suffix."""
    start = value.rfind("(")
    if start >= 0 and _SIZE_SUFFIX.fullmatch(value, start):
        value = value[:start]
    return value.rstrip()


def _section(line: str) -> str | None:
    """The section a marker line opens, or None when the line is not a marker."""
    for marker, section in _SECTIONS:
        if line.startswith(marker):
            return section
    return None


def _parse_listing(body: _Body) -> _Listing:
    """Every record of one listing body; records without a title are skipped (their lines noted)."""
    listing = _Listing()
    lines = body.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    offset = body.line_offset or 0
    section = "new"
    index = 0
    header_end = 0
    # The last record read when it has no closing line, and where it ended.
    unclosed: tuple[Paper, int] | None = None
    while index < len(lines):
        line = lines[index]
        marker = _section(line)
        if marker:
            section = marker
            index += 1
            continue
        received = _RECEIVED.search(line) if "received from" in line else None
        if received:
            listing.date = _received_date(received) or listing.date
            header_end = index + 1
        elif line.strip() == "Submissions to:" and not listing.papers:
            listing.submissions_to = _submission_lines(lines, index + 1)
        if line.strip() == "\\\\" and _record_id_line(lines, index + 1) is not None:
            start = _record_id_line(lines, index + 1)
            assert start is not None
            paper, index = _record(lines, start, section)
            if paper is None:
                listing.skipped.append(offset + start + 1)
            else:
                listing.papers.append(paper)
                closed = any(_CLOSING.match(line) for line in lines[start:index])
                unclosed = None if closed else (paper, index)
            continue
        index += 1
    if unclosed is not None:
        paper, end = unclosed
        if not any(_DASHES.match(line) or _RECORD_START.match(line) for line in lines[end:]):
            listing.cut = paper  # nothing after it but the end of the text: cut off inside it
    while header_end < len(lines) and _DASHES.match(lines[header_end]):
        header_end += 1
    listing.expected_line = offset + header_end + 1
    return listing


def _submission_lines(lines: list[str], index: int) -> list[str]:
    """The subject names listed under "Submissions to:" (up to the "received from" line)."""
    names: list[str] = []
    while index < len(lines) and len(names) < 50:
        line = lines[index].strip()
        if not line or "received from" in line or _DASHES.match(line):
            break
        names.append(line)
        index += 1
    return names


def _received_date(match: re.Match[str]) -> str | None:
    """The "to" date of the header's ``received from ... to Thu 22 Jan 26 ...`` line."""
    month = _MONTHS.get(match.group("month").lower())
    year = int(match.group("year"))
    year = year + 2000 if year < 100 else year
    try:
        return date(year, month, int(match.group("day"))).isoformat() if month else None
    except ValueError:
        return None


def _record_id_line(lines: list[str], index: int) -> int | None:
    """Index of the ``arXiv:`` line right after a ``\\\\`` line (one blank line allowed), or None."""
    for candidate in (index, index + 1):
        if candidate < len(lines) and _RECORD_START.match(lines[candidate]):
            return candidate
        if candidate < len(lines) and lines[candidate].strip():
            return None
    return None


def _record(lines: list[str], start: int, section: str) -> tuple[Paper | None, int]:
    """Parse the record whose ``arXiv:`` line is ``lines[start]``; returns it and the next line index."""
    opening = _RECORD_START.match(lines[start])
    assert opening is not None
    parts: dict[str, list[str]] = {}  # each field's lines, joined once at the end (not re-copied per line)
    current: str | None = None
    published: str | None = None
    replaced = False
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if line.startswith("\\\\") or _DASHES.match(line) or _section(line):
            break
        replaced_match = _REPLACED.match(line.strip())
        field_match = _FIELD.match(line)
        if not line.strip():
            current = None
        elif replaced_match:
            replaced, current = True, None
        elif line[:1].isspace() and current is not None:
            parts[current].append(line.strip())
        elif field_match:
            current = field_match.group("name").lower()
            if current == "date":
                published = iso_date(_without_size(field_match.group("value")))
            parts.setdefault(current, []).append(field_match.group("value"))
        index += 1
    fields = {name: " ".join(values).strip() for name, values in parts.items()}
    abstract_lines: list[str] = []
    if index < len(lines) and lines[index].strip() == "\\\\":
        index += 1
        while index < len(lines):
            line = lines[index]
            # A line from "\\" on closes the record (or is the start of its closing line, in a file
            # cut off there).
            if line.startswith("\\\\") or _CLOSING.match(line) or _DASHES.match(line) or _section(line):
                break
            abstract_lines.append(line)
            index += 1
    if index < len(lines) and _CLOSING.match(lines[index]):
        index += 1
    title = collapse(fields.get("title", ""))
    if not title:
        return None, index
    arxiv_id = parse_arxiv_id(opening.group("id"))
    cross = "cross-list" in opening.group("rest").lower()
    if replaced or section == "replace":
        announce = "replace-cross" if cross else "replace"
    elif cross or section == "cross":
        announce = "cross"
    else:
        announce = "new"
    comment = collapse(fields.get("comments", ""))
    links: list[Link] = arxiv_links(arxiv_id) if arxiv_id else []
    links += doi_links(fields.get("doi", "")) + comment_links(comment)
    paper = Paper(
        title=title,
        abstract=unwrap_abstract("\n".join(abstract_lines)),
        authors=tuple(split_authors(fields.get("authors", ""))),
        arxiv_id=arxiv_id,
        categories=tuple(dict.fromkeys(fields.get("categories", "").split())),
        links=dedupe_links(links),
        comment=comment,
        published=published,
        announce_type=announce,
    )
    return paper, index


def _nothing_found(listings: list[tuple[_Body, _Listing]]) -> DigestError:
    """The error for input where no record could be read, naming the line where records were expected."""
    for body, listing in listings:
        if listing.skipped:
            first = listing.skipped[0]
            where = f"line {first}" if body.line_offset is not None else f"line {first} of the message body"
            return DigestError(
                f"no arXiv record could be read (the record at {where} has no Title:)",
                line=first if body.line_offset is not None else None,
            )
    if not any(body.text.strip() for body, _ in listings):
        return DigestError("no text/plain listing found in the e-mail")
    body, listing = listings[0]
    line = listing.expected_line if body.line_offset is not None else None
    return DigestError(
        "no arXiv records found (expected a '\\\\' line followed by an 'arXiv:ID' line)", line=line
    )
