"""Markdown (and HTML-in-Markdown) digests: tables of papers, or headings and list items carrying a paper.

Read by structure, not by one repository's layout: a table whose header names a title column (and
authors, date, PDF/link, code columns by their names); a heading, ``<summary>`` or list item whose text
links to an arXiv or Hugging Face paper, or that is followed by labelled lines (``Authors:``,
``**Abstract**:``, ``Vote: 24``, ``Category:``, ``summary:``). Badges, images, navigation, tables of
contents and code blocks never become papers. The digest's date comes from a dated heading or an
"updated" line (``Updated on 2023.01.18``, ``Papers for 2025-09-22``, ``Last Updated: August 22, 2026``),
else from the file's name.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from paper_tui.importers import decode
from paper_tui.importers.arxiv_feed import collapse
from paper_tui.model import Digest, DigestError, Link, Paper
from paper_tui.text import (
    arxiv_links,
    classify_url,
    dedupe_links,
    extract_urls,
    normalize_title,
    parse_arxiv_id,
)

NAME = "markdown"
DESCRIPTION = (
    "Markdown/HTML digest (tables of papers, or headings/list items with paper links and Authors: lines)"
)
#: The importer reads the file's name for a date when the text names none.
USES_NAME = True

_SNIFF_CHARS = 256 * 1024
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_REF_DEF = re.compile(r"^\s{0,3}\[([^\]\n]{1,100})\]:\s*<?(\S+?)>?(?:\s+[\"'(].*[\"')])?\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.IGNORECASE | re.DOTALL)
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,4}[.)])\s+(.*)$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]|<img\b[^>]*>", re.IGNORECASE)
# The URL part has one way to split (no "x+y*" over one class): it stays linear on a link never closed.
_INLINE_LINK = re.compile(
    r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^()\s<>]+(?:\([^()\s]*\)[^()\s<>]*)?)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_REF_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[([^\]]*)\]")
_HTML_LINK = re.compile(r"<a\b[^>]*\bhref=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]{1,300}>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_LEADING_NUMBER = re.compile(r"^\s*(?:\[\d{1,4}\]|\d{1,4}\s*[.)、:]|#\d{1,4})\s*")
_TRAILING_SCORE = re.compile(
    r"\s*(?:[⭐★👍🔥▲]\s*\d+|\(\s*\d+\s*(?:votes?|upvotes?)\s*\))\s*$", re.IGNORECASE
)
_FIELD = re.compile(
    r"^\s*(?:[-*+>]\s*)*(?:\*\*|__)?\s*(?P<label>[^:：*_\[\]()]{1,40}?)\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*"
    r"(?P<value>.*)$"
)
_ET_AL = re.compile(r"\s*(?:,\s*)?(?:et\.?\s*al\.?|等)\s*$", re.IGNORECASE)
_EMPTY_CELL = frozenset({"", "-", "–", "—", "null", "none", "n/a", "na", "nan"})
_NUMBER = re.compile(r"\d+")

# Field labels (lower-case, letters only) and what they fill.
_LABELS = {
    "authors": "authors",
    "author": "authors",
    "作者": "authors",
    "저자": "authors",
    "著者": "authors",
    "abstract": "abstract",
    "摘要": "abstract",
    "초록": "abstract",
    "summary": "ai_summary",
    "tldr": "ai_summary",
    "aisummary": "ai_summary",
    "要約": "ai_summary",
    "요약": "ai_summary",
    "vote": "upvotes",
    "votes": "upvotes",
    "upvotes": "upvotes",
    "upvote": "upvotes",
    "likes": "upvotes",
    "category": "categories",
    "categories": "categories",
    "subjects": "categories",
    "maincategory": "categories",
    "primarycategory": "categories",
    "comment": "comment",
    "comments": "comment",
    "keywords": "keywords",
    "link": "links",
    "links": "links",
    "pdf": "links",
    "arxiv": "links",
    "url": "links",
    "paper": "links",
    "code": "links",
    "github": "links",
    "project": "links",
    "projectpage": "links",
    "huggingface": "links",
}
# Table header names (lower-case, letters only) and the column they name.
_COLUMNS = (
    ("title", ("title", "papertitle", "标题", "题目", "论文", "제목")),
    ("authors", ("authors", "author", "作者", "저자")),
    ("date", ("date", "publishdate", "published", "publicationdate", "submitted", "日期", "날짜")),
    ("code", ("code", "github", "repo", "repository", "代码", "코드")),
    ("link", ("pdf", "link", "links", "url", "arxiv", "paper", "abs", "链接", "论文链接")),
)
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
_ISO_LIKE = re.compile(r"(?<!\d)(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})(?!\d)")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_DATED_LINE = re.compile(r"updated|deploy|papers? (?:for|of|on)|daily|date|digest|【|更新", re.IGNORECASE)
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")


@dataclass
class _Item:
    """A heading, ``<summary>`` or list item that may carry a paper, with the lines under it."""

    line: int
    level: int
    raw: str
    body: list[str] = field(default_factory=list)


def sniff(text: str) -> bool:
    """True for Markdown with a table of papers, or with headings/items carrying paper links or fields."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if not head or head.startswith("{"):
        return False
    lines = _clean_lines(head)
    refs = _references(lines)
    if any(_table_columns(lines, index) for index in range(len(lines) - 1)):
        return True
    items = _items(lines, refs)
    return sum(1 for item in items if _is_paper(item, refs)) >= 1 and _has_markdown(lines)


def parse(data: bytes | str, *, reference_date: date | None = None, name: str = "") -> Digest:
    """Parse a Markdown digest; the date from a dated heading or line, else from ``name`` (the file's)."""
    text = decode(data).lstrip("\ufeff")
    lines = _clean_lines(text)
    refs = _references(lines)
    found: list[tuple[int, Paper]] = []
    first_paper_line: int | None = None
    consumed: set[int] = set()
    topic = ""
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading:
            topic = _plain(heading.group(2), refs)
        columns = _table_columns(lines, index)
        if columns:
            rows = _table_rows(lines, index, columns, refs, topic)
            consumed.update(range(index, index + 2 + len(rows[1])))
            if rows[0] and first_paper_line is None:
                first_paper_line = index
            found += rows[0]
    for item in _items([line if number not in consumed else "" for number, line in enumerate(lines)], refs):
        if _is_paper(item, refs):
            paper = _item_paper(item, refs)
            if paper is not None:
                found.append((item.line, paper))
                if first_paper_line is None or item.line < first_paper_line:
                    first_paper_line = item.line
    papers = _unique([paper for _, paper in sorted(found, key=lambda pair: pair[0])])
    if not papers and not _has_markdown(lines):
        raise DigestError(
            "not a Markdown digest: no table of papers and no headings or items with paper links"
        )
    return Digest(
        source=NAME,
        date=_digest_date(lines, first_paper_line, refs) or _name_date(name),
        papers=tuple(papers),
        title=_title(lines, refs),
    )


def _clean_lines(text: str) -> list[str]:
    """Lines without code blocks and HTML comments (blanked, so that line numbers stay right)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = text.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            lines[index] = ""
        elif fenced:
            lines[index] = ""
    return _join_split_headings(lines)


def _join_split_headings(lines: list[str]) -> list[str]:
    """A heading whose link text runs on into the next heading line (``### [A long`` / ``### title][3]``)
    is one heading."""
    out = list(lines)
    for index in range(len(out) - 1):
        first, second = _HEADING.match(out[index]), _HEADING.match(out[index + 1])
        if first and second and first.group(1) == second.group(1):
            text = first.group(2)
            if text.count("[") > text.count("]"):
                out[index] = f"{first.group(1)} {text} {second.group(2)}"
                out[index + 1] = ""
    return out


def _references(lines: list[str]) -> dict[str, str]:
    """Reference-style link definitions (``[12]: https://...``), keyed by lower-case label."""
    refs: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = _REF_DEF.match(line)
        if match:
            refs.setdefault(match.group(1).strip().lower(), match.group(2))
            lines[index] = ""
    return refs


def _has_markdown(lines: list[str]) -> bool:
    """Whether the text uses Markdown structure at all (headings, links, tables)."""
    return any(_HEADING.match(line) or "](" in line or line.lstrip().startswith("|") for line in lines[:400])


def _links(text: str, refs: dict[str, str]) -> list[tuple[str, str]]:
    """``(label, url)`` for the links in a piece of Markdown/HTML; images and badges are left out."""
    text = _IMAGE.sub("", text)
    found: list[tuple[int, str, str]] = []
    for match in _INLINE_LINK.finditer(text):
        found.append((match.start(), match.group(1), match.group(2)))
    for match in _REF_LINK.finditer(text):
        url = refs.get((match.group(2) or match.group(1)).strip().lower())
        if url:
            found.append((match.start(), match.group(1), url))
    for match in _HTML_LINK.finditer(text):
        found.append((match.start(), _TAG.sub("", match.group(2)), html.unescape(match.group(1))))
    links = [(collapse(_plain_text(label)), url) for _, label, url in sorted(found)]
    taken = {url for _, url in links}
    rest = _REF_LINK.sub("", _INLINE_LINK.sub("", _HTML_LINK.sub("", text)))
    bare = [("", url) for url in extract_urls(rest) if url not in taken]
    # A link with no text left once its image is gone is a badge: not one of the paper's links.
    return [(label, url) for label, url in links if label] + bare


def _plain_text(text: str) -> str:
    return html.unescape(_EMPHASIS.sub("", _TAG.sub(" ", text)))


def _plain(text: str, refs: dict[str, str]) -> str:
    """Text as a reader sees it: links as their text, no images, emphasis, tags or entities."""
    text = _IMAGE.sub("", text)
    text = _INLINE_LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _HTML_LINK.sub(lambda m: m.group(2), text)
    return collapse(_plain_text(text).replace("\\|", "|"))


def _paper_link(url: str) -> bool:
    """An arXiv, Hugging Face paper or PDF link (what makes a heading a paper, unlike an anchor)."""
    return bool(parse_arxiv_id(url)) or url.lower().split("?")[0].endswith(".pdf")


def _typed(label: str, url: str, hint: str = "") -> Link:
    kind = classify_url(url)
    if (hint == "code" and kind in ("project", "code")) or (kind == "project" and "code" in label.lower()):
        kind = "code"
    elif kind == "project" and url.lower().split("?")[0].endswith(".pdf"):
        kind = "pdf"
    return Link(kind, url)


def _paper_links(pairs: list[tuple[str, str]], hint: str = "") -> tuple[str | None, list[Link]]:
    """The arXiv id named by the first arXiv/HF link, its standard links, then the others typed."""
    arxiv_id = next((found for found in (parse_arxiv_id(url) for _, url in pairs) if found), None)
    links = arxiv_links(arxiv_id) if arxiv_id else []
    links += [
        _typed(label, url, hint)
        for label, url in pairs
        if url.startswith(("http://", "https://")) and (arxiv_id is None or parse_arxiv_id(url) != arxiv_id)
    ]
    return arxiv_id, links


def _key(text: str) -> str:
    """A label or header name as letters only, lower case (``**🔗 Links:**`` -> ``links``)."""
    return "".join(ch for ch in text.casefold() if ch.isalpha())


# -- tables -------------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]


def _table_columns(lines: list[str], index: int) -> dict[str, int]:
    """Column roles of a table whose header is ``lines[index]``; empty unless it is a table of papers
    (a title column, and an authors or link column)."""
    if index + 1 >= len(lines) or "|" not in lines[index] or not _TABLE_SEPARATOR.match(lines[index + 1]):
        return {}
    if index and lines[index - 1].strip().startswith("|") and "|" in lines[index - 1]:
        return {}
    roles: dict[str, int] = {}
    for number, cell in enumerate(_cells(lines[index])):
        key = _key(_plain_text(cell))
        for role, names in _COLUMNS:
            if role not in roles and any(key == name or (len(name) > 3 and name in key) for name in names):
                roles[role] = number
                break
    if "title" not in roles or not ({"authors", "link"} & roles.keys()):
        return {}
    return roles


def _authors(value: str) -> tuple[str, ...]:
    """Names from ``A, B and C`` / ``A et.al.``; an "et al." list keeps the names it gives."""
    value = _ET_AL.sub("", value.strip())
    value = re.sub(r"et\.?\s*al\.?$", "", value).strip()
    parts = re.split(r"\s*[,;，、]\s*|\s+and\s+|\s*&\s*", value)
    return tuple(name for name in (collapse(part) for part in parts) if name and name.lower() != "et al")


def _iso(text: str) -> str | None:
    """``YYYY-MM-DD`` from ``2023-08-18``, ``2023.8.18``, ``2023年8月18日``, ``August 22, 2026``."""
    match = _ISO_LIKE.search(text)
    if match:
        year, month, day = (int(group) for group in match.groups())
    else:
        named = _MONTH_DAY_YEAR.search(text)
        if named and named.group(1).casefold() in _MONTHS:
            year, month, day = int(named.group(3)), _MONTHS[named.group(1).casefold()], int(named.group(2))
        else:
            named = _DAY_MONTH_YEAR.search(text)
            if not named or named.group(2).casefold() not in _MONTHS:
                return None
            year, month, day = int(named.group(3)), _MONTHS[named.group(2).casefold()], int(named.group(1))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _table_rows(
    lines: list[str], index: int, columns: dict[str, int], refs: dict[str, str], topic: str
) -> tuple[list[tuple[int, Paper]], list[str]]:
    """The papers of one table (with their line numbers) and its raw rows."""
    rows: list[str] = []
    for line in lines[index + 2 :]:
        if not line.strip().startswith("|") and line.count("|") < 2:
            break
        rows.append(line)
    papers = []
    for offset, row in enumerate(rows):
        cells = _cells(row)

        def cell(role: str, cells: list[str] = cells) -> str:
            number = columns.get(role)
            if number is None or number >= len(cells):
                return ""
            value = cells[number]
            return "" if _plain(value, refs).casefold() in _EMPTY_CELL else value

        title = _plain(cell("title"), refs)
        if not title:
            continue
        pairs = _links(cell("title"), refs) + _links(cell("link"), refs)
        arxiv_id, links = _paper_links(pairs)
        links += [_typed(label, url, "code") for label, url in _links(cell("code"), refs)]
        paper = Paper(
            title=title,
            authors=_authors(_plain(cell("authors"), refs)),
            arxiv_id=arxiv_id,
            links=dedupe_links(links),
            published=_iso(_plain(cell("date"), refs)),
            keywords=(topic,) if topic else (),
        )
        papers.append((index + 2 + offset, paper))
    return papers, rows


# -- headings, <summary> and list items ---------------------------------------------------------------


def _items(lines: list[str], refs: dict[str, str]) -> list[_Item]:
    """Every heading, ``<summary>`` and list item with a link, with the lines under it (up to the next
    one of the same or a higher level; a list item's body is its indented continuation)."""
    starts: list[_Item] = []
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        summary = _SUMMARY.search(line)
        item = _LIST_ITEM.match(line)
        if heading:
            starts.append(_Item(index, len(heading.group(1)), heading.group(2)))
        elif summary:
            starts.append(_Item(index, 7, summary.group(1)))
        elif (
            item
            and not line.strip().startswith("|")
            and any(_paper_link(url) for _, url in _links(item.group(2), refs))
        ):
            starts.append(_Item(index, 8 + len(item.group(1)), item.group(2)))
    for number, start in enumerate(starts):
        # An item's own lines end where the next heading, summary or item begins (a section heading's
        # papers are not its fields).
        end = starts[number + 1].line if number + 1 < len(starts) else len(lines)
        body = lines[start.line + 1 : end]
        if start.level == 7:
            body = body[: next((i for i, line in enumerate(body) if "</details>" in line.lower()), len(body))]
        start.body = body
    return starts


def _fields(item: _Item, refs: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Labelled lines under an item (``**Authors**: ...``), and its other paragraphs."""
    found: dict[str, str] = {}
    paragraphs: list[str] = []
    current: str | None = None
    paragraph: list[str] = []
    for raw in [*item.body, ""]:
        line = raw.strip()
        if not line or _HEADING.match(raw) or line.startswith("|"):
            if paragraph:
                paragraphs.append(" ".join(paragraph))
                paragraph = []
            current = None
            if _HEADING.match(raw):
                break
            continue
        if re.fullmatch(r"</?(?:details|summary|br|div|p|hr)\s*/?>|-{3,}|\*{3,}", line, re.IGNORECASE):
            continue
        match = _FIELD.match(line)
        role = _LABELS.get(_key(match.group("label"))) if match else None
        if match and role:
            current = role
            value = match.group("value").strip()
            if role == "links":
                found["links"] = f"{found.get('links', '')} {value}".strip()
            elif value or role not in found:
                found[role] = (
                    f"{found[role]} {value}".strip() if role in found and role != "upvotes" else value
                )
            continue
        if current in ("abstract", "ai_summary") and not paragraph:
            found[current] = f"{found[current]} {line}".strip()
            continue
        if current == "links":
            found["links"] += " " + line
            continue
        paragraph.append(line.lstrip("> ").strip())
    return found, paragraphs


def _is_paper(item: _Item, refs: dict[str, str]) -> bool:
    """A heading/summary/item is a paper when its own text links to a paper, or labelled lines
    (authors, abstract, votes, links) follow it before any other text."""
    title = _item_title(item, refs)
    if not title or (_iso(title) and len(title) < 40):
        return False
    if any(_paper_link(url) for _, url in _links(item.raw, refs)):
        return True
    found, _ = _fields(item, refs)
    return bool({"authors", "abstract", "upvotes"} & found.keys()) or (
        "links" in found and any(_paper_link(url) for _, url in _links(found["links"], refs))
    )


def _item_title(item: _Item, refs: dict[str, str]) -> str:
    title = _plain(item.raw, refs)
    title = _LEADING_NUMBER.sub("", title)
    return _TRAILING_SCORE.sub("", title).strip()


def _item_paper(item: _Item, refs: dict[str, str]) -> Paper | None:
    title = _item_title(item, refs)
    if not title:
        return None
    found, paragraphs = _fields(item, refs)
    pairs = _links(item.raw, refs) + _links(found.get("links", ""), refs)
    pairs += [pair for paragraph in paragraphs for pair in _links(paragraph, refs) if _paper_link(pair[1])]
    arxiv_id, links = _paper_links(pairs)
    votes = _NUMBER.search(found.get("upvotes", "")) or None
    abstract = _plain(found.get("abstract", ""), refs) or "\n\n".join(_plain(p, refs) for p in paragraphs)
    categories = tuple(
        c for c in (collapse(c) for c in re.split(r"[,;]", _plain(found.get("categories", ""), refs))) if c
    )
    keywords = tuple(
        k for k in (collapse(k) for k in re.split(r"[,;，]", _plain(found.get("keywords", ""), refs))) if k
    )
    paper = Paper(
        title=title,
        abstract=abstract,
        authors=_authors(_plain(found.get("authors", ""), refs)),
        arxiv_id=arxiv_id,
        categories=categories,
        links=dedupe_links(links),
        upvotes=int(votes.group(0)) if votes else None,
        comment=_plain(found.get("comment", ""), refs),
        keywords=keywords,
        ai_summary=_plain(found.get("ai_summary", ""), refs),
    )
    return paper


def _unique(papers: list[Paper]) -> list[Paper]:
    """One paper per arXiv id (else per title): the same paper listed under several topics is one, its
    topics gathered as keywords."""
    seen: dict[str, int] = {}
    out: list[Paper] = []
    for paper in papers:
        key = paper.arxiv_id or normalize_title(paper.title)
        if key in seen:
            first = out[seen[key]]
            keywords = tuple(dict.fromkeys([*first.keywords, *paper.keywords]))
            out[seen[key]] = Paper(**{**first.__dict__, "keywords": keywords})
            continue
        seen[key] = len(out)
        out.append(paper)
    return out


# -- the digest's date and title ---------------------------------------------------------------------


def _digest_date(lines: list[str], first_paper: int | None, refs: dict[str, str]) -> str | None:
    """A dated heading anywhere (``## Updated on 2024.01.12``, ``# Papers for 2025-09-22``), else a
    dated line before the first paper (``Automated deployment @ 2023-08-21``, ``Last Updated: ...``)."""
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            text = _plain(heading.group(2), refs)
            found = _iso(text)
            if found and (len(text) <= 40 or _DATED_LINE.search(text)):
                return found
    for line in lines[: first_paper if first_paper is not None else len(lines)]:
        if line.strip().startswith("|"):
            continue
        text = _plain(line, refs)
        if _DATED_LINE.search(text):
            found = _iso(text)
            if found:
                return found
    return None


def _name_date(name: str) -> str | None:
    """A date in the file's name or folders (``2025-09-22.md``, ``archive/2025/09/22.md``)."""
    tail = "/".join(name.replace("\\", "/").split("/")[-4:])
    for match in list(_NAME_DATE.finditer(tail.replace("/", "-")))[::-1]:
        try:
            return date(*(int(group) for group in match.groups())).isoformat()
        except ValueError:
            continue
    return None


def _title(lines: list[str], refs: dict[str, str]) -> str:
    """The first top-level heading (the digest's own title), without a date it may carry."""
    for line in lines:
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            return _plain(heading.group(2), refs)[:200]
    return ""
