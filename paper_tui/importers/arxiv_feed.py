"""RSS and Atom feeds: rss.arxiv.org RSS 2.0 and Atom, old RSS 1.0 (RDF) listings, export-API Atom
responses, and other sites' feeds of paper links (third-party feeds of Hugging Face papers)."""

from __future__ import annotations

import codecs
import email.utils
import html
import io
import re
import xml.parsers.expat
from datetime import date
from typing import Any
from urllib.parse import quote

import feedparser
from feedparser.sanitizer import replace_doctype

from paper_tui.importers import decode
from paper_tui.model import Digest, DigestError, Link, Paper
from paper_tui.text import arxiv_links, classify_url, dedupe_links, extract_urls, parse_arxiv_id, unwrap

NAME = "arxiv-feed"
DESCRIPTION = "RSS/Atom feed: rss.arxiv.org, an arXiv API response, or another site's feed of paper links"
#: Feeds on days without announcements (weekends, holidays) legitimately have no items.
EMPTY_OK = True

ARXIV_NAMESPACE = "http://arxiv.org/schemas/atom"
ANNOUNCE_TYPES = ("new", "cross", "replace", "replace-cross")

_SNIFF_CHARS = 64 * 1024
_ROOT_AT_START = re.compile(r"<(?:rss|(?:atom:)?feed|rdf:RDF)[\s>/]")
_PROLOG_START = ("<?xml", "<!")
_FIRST_TAG = re.compile(r"<[A-Za-z]")

# "arXiv:2604.21935v1 Announce Type: new \nAbstract: ..." at the start of rss.arxiv.org descriptions.
_ANNOUNCE_PREFIX = re.compile(
    r"\A\s*arXiv:\s*(?P<id>\S+?)\s+Announce\s+Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:[ \t]*\n?)?",
    re.IGNORECASE,
)
# Old RSS 1.0 titles end with "(arXiv:2301.00001v2 [cs.AI] UPDATED)".
_RDF_TITLE_SUFFIX = re.compile(
    r"\(arXiv:(?P<id>\S+?)\s+\[(?P<cat>[^\]]+)\](?:\s+(?P<flag>UPDATED|CROSS LISTED))?\)\s*\Z"
)
_OAI_PREFIX = re.compile(r"\Aoai:arxiv\.org:", re.IGNORECASE)
# Markup that shows a field holds HTML rather than plain text (old RDF feeds, generic feeds).
_HTML_TAG = re.compile(
    r"</?(?:p|br|a|div|span|em|i|b|strong|ul|ol|li|sup|sub|code|pre|h[1-6]|blockquote)\b[^<>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^<>]*>")
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|blockquote|h[1-6])\b[^<>]*>", re.IGNORECASE)
_ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")
_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_SENTENCE_END = (".", "!", "?", ":", '."', ".)", ".'")


def sniff(text: str) -> bool:
    """True for XML whose root element is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if _ROOT_AT_START.match(head):
        return True
    if not head.startswith(_PROLOG_START):
        return False
    # After the declaration, comments and DOCTYPE (all "<?" or "<!"), the first tag is the root.
    root = _FIRST_TAG.search(head)
    return root is not None and _ROOT_AT_START.match(head, root.start()) is not None


def parse(data: bytes | str, *, reference_date: date | None = None) -> Digest:
    """Parse an arXiv RSS/Atom feed or API response into a Digest (``reference_date`` is unused)."""
    raw, leading_lines = _prepare(data)
    raw, added = _bounded_declaration(raw)
    leading_lines -= added
    _check_prolog(raw)
    if len(raw) > LENIENT_MAX and not _declares_entities(raw):
        _check_well_formed(raw, leading_lines)
    try:
        # A file-like object: feedparser treats a plain string as a URL or a path to open.
        parsed = feedparser.parse(io.BytesIO(raw), sanitize_html=False, resolve_relative_uris=False)
    except Exception as crash:  # feedparser is lenient, and some input makes it crash instead
        raise DigestError(f"malformed feed: {type(crash).__name__}: {crash}") from None
    feed = parsed.get("feed", {})
    entries = parsed.get("entries", [])
    error = parsed.get("bozo_exception")
    if parsed.get("bozo") and (
        "amplification" in str(error) or ("undefined entity" in str(error) and _declares_entities(raw))
    ):
        # expat refused an entity bomb, or feedparser dropped the declarations of nested entities; the
        # lenient fallback parser would only show the unexpanded entity names.
        reason = error.getMessage() if hasattr(error, "getMessage") else str(error)
        raise DigestError(f"refused: XML with entity declarations that cannot be expanded safely ({reason})")
    if parsed.get("bozo") and not feed.get("title") and not any(e.get("title") for e in entries):
        raise _malformed(error, raw, leading_lines)
    version = str(parsed.get("version") or "")
    if not version and not entries:
        raise DigestError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root element)")
    prefix = _arxiv_prefix(parsed.get("namespaces", {}))
    for entry in entries:
        _raise_api_error(entry)
    if not _is_arxiv(feed, entries, prefix, parsed.get("namespaces", {})):
        return _other_feed(feed, entries)
    source = _source(version, feed, entries, prefix)
    papers = []
    for entry in entries:
        paper = _paper(entry, prefix, source)
        if paper is not None:
            papers.append(paper)
    notice = ""
    if papers and parsed.get("bozo") and hasattr(error, "getLineNumber"):
        # feedparser read the entries before where the XML breaks off (a file cut off, or broken).
        broken = _malformed(error, raw, leading_lines)
        where = f"at line {broken.line}" if broken.line else "before its end"
        notice = (
            f"the XML breaks off {where} ({broken.message}): the papers before it were read, the last"
            " one's text may be cut off; importing the whole file again completes it"
        )
    return Digest(
        source=source,
        date=_digest_date(feed, source),
        papers=tuple(papers),
        title=collapse(_plain(feed.get("title", ""))),
        notice=notice,
    )


def collapse(text: str) -> str:
    """Collapse every whitespace run (including line breaks) to one space."""
    return " ".join(text.split())


def unwrap_abstract(text: str) -> str:
    """Join hard-wrapped lines; a blank line or an indented line (arXiv's paragraph mark) starts a paragraph.

    When every continuation line is indented (unwrapped API text, but also pretty-printed XML), an
    indented line starts a paragraph only after a line that ends a sentence.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    all_indented = all(line[:1].isspace() for line in lines[1:] if line.strip())
    marked: list[str] = []
    previous = ""
    for number, line in enumerate(lines):
        paragraph_start = not all_indented or previous.rstrip().endswith(_SENTENCE_END)
        if number and line[:1].isspace() and line.strip() and paragraph_start:
            marked.append("")
        marked.append(line)
        if line.strip():
            previous = line
    return unwrap("\n".join(marked))


def split_authors(value: str) -> list[str]:
    """Split ``A, B, and C`` / ``A and B`` on commas and `` and `` outside parentheses.

    Parenthesised affiliations (``Ann Smith (MIT, Cambridge)``) never split a name and are dropped
    from it; ``Jr.``-style suffixes stay with the name before them.
    """
    value = collapse(value)
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    index = 0
    while index < len(value):
        char = value[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        if depth == 0 and char in ",;":
            parts.append("".join(current))
            current = []
            index += 1
            continue
        if depth == 0 and value.startswith(" and ", index):
            parts.append("".join(current))
            current = []
            index += len(" and ")
            continue
        current.append(char)
        index += 1
    parts.append("".join(current))
    names: list[str] = []
    for part in parts:
        name = collapse(_without_parenthesised(part)).strip(" ,;")
        if not name:
            continue
        if names and name.lower() in _NAME_SUFFIXES:
            names[-1] = f"{names[-1]}, {name}"
        else:
            names.append(name)
    return names


def _without_parenthesised(text: str) -> str:
    """``text`` with every balanced ``(...)`` (nested ones too) replaced by a space, in one pass."""
    kept: list[str] = []
    opened: list[int] = []  # where in ``kept`` each "(" not yet closed is
    for char in text:
        if char == "(":
            opened.append(len(kept))
            kept.append(char)
        elif char == ")" and opened:
            del kept[opened.pop() :]
            kept.append(" ")
        else:
            kept.append(char)
    return "".join(kept)


def doi_links(value: str) -> list[Link]:
    """``https://doi.org/...`` links for the DOIs in a DOI field (several may be space-separated)."""
    return [
        Link("doi", "https://doi.org/" + quote(doi, safe="/()[]:;._-+<>#"))
        for doi in value.split()
        if doi.startswith("10.") and "/" in doi
    ]


def comment_links(comment: str) -> list[Link]:
    """Typed links for the URLs mentioned in a comment (project pages, code, DOIs)."""
    return [Link(classify_url(url), url) for url in extract_urls(comment)]


def iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO 8601 or RFC 822 date string, in the string's own time zone."""
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match:
        return match.group(1)
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _prepare(data: bytes | str) -> tuple[bytes, int]:
    """Bytes for feedparser without leading whitespace (an XML declaration must come first).

    Returns the bytes and the number of line breaks removed, to correct error line numbers.
    """
    if isinstance(data, str):
        text = data.lstrip("\ufeff")
        body = text.lstrip()
        leading = text[: len(text) - len(body)].count("\n")
        # The text is already decoded: whatever encoding the declaration names no longer applies.
        body = re.sub(r"\A(<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2", r"\1\2utf-8\2", body, count=1)
        return body.encode("utf-8", errors="replace"), leading
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    if not bom and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _prepare(decode(data))  # UTF-16/32: given to feedparser as UTF-8, like any text
    rest = data[len(bom) :]
    content = rest.lstrip(b" \t\r\n")
    return bom + content, rest[: len(rest) - len(content)].count(b"\n")


_DECLARED_ENCODING = re.compile(rb"\A<\?xml[^>]*?\bencoding\s*=\s*([\"'])([^\"']*)\1")
#: An XML declaration (or other processing instruction at the start) longer than this is refused.
MAX_DECLARATION = 4096


def _bounded_declaration(raw: bytes) -> tuple[bytes, int]:
    """``raw`` with a long first line broken right after a leading ``<?...?>``, and the line breaks
    added (0 or 1); a DigestError when that ``?>`` does not come within :data:`MAX_DECLARATION` bytes.

    feedparser reads the declared encoding with a regular expression over the whole first line that
    takes cubic time on some lines (minutes for 40 KB); a minified feed is one long line.
    """
    if not raw.startswith(b"<?"):
        return raw, 0
    end = raw.find(b"?>", 0, MAX_DECLARATION)
    if end < 0:
        raise DigestError(
            f"malformed XML: no '?>' ends the declaration in its first {MAX_DECLARATION} bytes", line=1
        )
    _check_declared_encoding(raw[: end + 2])
    after = end + 2
    first_line = min((i for i in (raw.find(b"\n"), raw.find(b"\r")) if i >= 0), default=len(raw))
    if first_line <= MAX_DECLARATION:
        return raw, 0  # a short first line (a DOCTYPE on it stays where it was: feedparser minds)
    return raw[:after] + b"\n" + raw[after:], 1


#: What may come before the root element (declaration, comments, DOCTYPE); feedparser's regular
#: expressions over it take quadratic time.
MAX_PROLOG = 16 * 1024
#: Malformed XML larger than this is refused rather than given to feedparser's lenient parser, which
#: takes quadratic time on some input (4 s for 150 KB of repeated end tags).
LENIENT_MAX = 64 * 1024
_FIRST_ELEMENT = re.compile(rb"<\w")


def _check_prolog(raw: bytes) -> None:
    """Refuse a feed whose root element does not start within :data:`MAX_PROLOG` bytes."""
    found = _FIRST_ELEMENT.search(raw, 0, MAX_PROLOG)
    if found is None and len(raw) > MAX_PROLOG:
        raise DigestError(f"malformed XML: no root element in the first {MAX_PROLOG // 1024} KB")


def _check_well_formed(raw: bytes, leading_lines: int) -> None:
    """A DigestError naming the line where expat stops, for XML that is not well-formed."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as error:
        reason = xml.parsers.expat.ErrorString(error.code)
        line = error.lineno + leading_lines
        raise DigestError(f"malformed XML: {reason}", line=line if line > 0 else None) from None


def _check_declared_encoding(declaration: bytes) -> None:
    """Refuse an XML declaration naming an encoding Python does not know (feedparser crashes on some)."""
    found = _DECLARED_ENCODING.match(declaration)
    if found is None:
        return
    name = found.group(2)
    try:
        if not name.isascii() or not name.strip() or b"\x00" in name:
            raise LookupError
        codecs.lookup(name.decode("ascii"))
    except LookupError:
        shown = name.decode("latin-1")
        raise DigestError(f"the XML declaration names an unknown encoding {shown!r}", line=1) from None


def _dicts(value: object) -> list[dict[str, Any]]:
    """The mappings in a list-valued field of a feed entry (anything else there is ignored)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _malformed(error: object, raw: bytes, leading_lines: int) -> DigestError:
    """A DigestError for XML feedparser could not read at all, with the line where expat stopped."""
    reason = error.getMessage() if hasattr(error, "getMessage") else str(error or "unreadable")
    line = None
    if hasattr(error, "getLineNumber"):
        try:
            line = int(error.getLineNumber())
        except (TypeError, ValueError):
            line = None
    if line is not None:
        line += leading_lines - _lines_added_by_feedparser(raw)
    return DigestError(f"malformed XML: {reason}", line=line if line and line > 0 else None)


def _declares_entities(raw: bytes) -> bool:
    """True when the prolog (before the first element) declares entities."""
    first_element = re.search(rb"<[A-Za-z]", raw)
    return b"<!ENTITY" in raw[: first_element.start() if first_element else len(raw)]


def _lines_added_by_feedparser(raw: bytes) -> int:
    """Lines feedparser adds before parsing: an XML declaration, minus a DOCTYPE it strips."""
    text = decode(raw).lstrip("\ufeff")
    added = 0 if text.startswith("<?xml") else 1
    if "<!" in text[:_SNIFF_CHARS]:
        try:
            _, replaced, _ = replace_doctype(text.encode("utf-8"))
            added += replaced.count(b"\n") - text.count("\n")
        except Exception:  # feedparser internals: only a line number is at stake
            pass
    return added


def _arxiv_prefix(namespaces: dict[str, str]) -> str:
    """The prefix feedparser uses for arXiv's namespace (``arxiv`` unless the feed chose another)."""
    for prefix, uri in namespaces.items():
        if prefix and str(uri).rstrip("/") == ARXIV_NAMESPACE:
            return prefix
    return "arxiv"


def _source(version: str, feed: Any, entries: list[Any], prefix: str) -> str:
    """arxiv-rss for RSS (2.0 or RDF), arxiv-atom for rss.arxiv.org Atom, else arxiv-api."""
    if not version.startswith("atom"):
        return "arxiv-rss"
    where = f"{feed.get('id', '')} {feed.get('link', '')}".lower()
    if "rss.arxiv.org" in where:
        return "arxiv-atom"
    if "/api/" in where or "opensearch_totalresults" in feed:
        return "arxiv-api"
    for entry in entries:
        if entry.get(f"{prefix}_announce_type") or _OAI_PREFIX.match(str(entry.get("id", ""))):
            return "arxiv-atom"
    return "arxiv-api"


def _raise_api_error(entry: Any) -> None:
    """The export API reports a bad query as a feed whose one entry has an ``/api/errors`` id."""
    entry_id = str(entry.get("id", ""))
    if "arxiv.org/api/errors" in entry_id:
        # The id's fragment says it too (#incorrect_id_format_for_abc), when the summary is missing.
        fragment = entry_id.partition("#")[2].replace("_", " ")
        message = collapse(str(entry.get("summary") or fragment or entry.get("title") or "unknown error"))
        raise DigestError(f"arXiv API error: {message}")


def _plain(value: object) -> str:
    """Text of a feed field; markup is removed only when the value really holds HTML tags."""
    text = str(value or "")
    if not _HTML_TAG.search(text):
        return text
    text = _BLOCK_TAG.sub("\n\n", text)
    return html.unescape(_ANY_TAG.sub("", text))


def _paper(entry: Any, prefix: str, source: str) -> Paper | None:
    """One entry as a Paper, or None when it has no title."""
    title = collapse(_plain(entry.get("title", "")))
    if not title:
        return None
    summary = str(entry.get("summary") or "")
    content = _dicts(entry.get("content"))
    if not summary and content:
        summary = str(content[0].get("value") or "")
    announce = str(entry.get(f"{prefix}_announce_type") or "").strip().lower()
    candidates = [str(entry.get("id") or ""), str(entry.get("link") or "")]
    candidates += [str(link.get("href") or "") for link in _dicts(entry.get("links"))]
    match = _ANNOUNCE_PREFIX.match(summary)
    if match:
        summary = summary[match.end() :]
        announce = announce or match.group("type").lower()
        candidates.append(match.group("id"))
    categories: list[str] = []
    primary = entry.get(f"{prefix}_primary_category")
    if isinstance(primary, dict) and primary.get("term"):
        categories.append(str(primary["term"]))
    # Matched from the last "(arXiv:" only: a search would scan from every one (quadratic).
    start = title.rfind("(arXiv:")
    suffix = _RDF_TITLE_SUFFIX.match(title, start) if start >= 0 else None
    if suffix:
        title = title[: suffix.start()].strip()
        candidates.append(suffix.group("id"))
        categories.append(suffix.group("cat").strip())
        flag = suffix.group("flag")
        announce = announce or {"UPDATED": "replace", "CROSS LISTED": "cross"}.get(flag or "", "new")
    categories += [str(tag.get("term")) for tag in _dicts(entry.get("tags")) if tag.get("term")]
    arxiv_id = next(
        (found for found in (parse_arxiv_id(_OAI_PREFIX.sub("", c)) for c in candidates) if found), None
    )
    comment = collapse(str(entry.get(f"{prefix}_comment") or ""))
    links = arxiv_links(arxiv_id) if arxiv_id else _entry_links(entry)
    links += doi_links(str(entry.get(f"{prefix}_doi") or "")) + comment_links(comment)
    return Paper(
        title=title,
        abstract=unwrap_abstract(_plain(summary)),
        authors=tuple(_authors(entry, source)),
        arxiv_id=arxiv_id,
        categories=tuple(dict.fromkeys(c.strip() for c in categories if c.strip())),
        links=dedupe_links(links),
        comment=comment,
        # The feeds' item dates are announcement dates (also for replacements), not publication dates.
        published=iso_date(str(entry.get("published") or "")) if source == "arxiv-api" else None,
        announce_type=announce or None,
    )


def _entry_links(entry: Any) -> list[Link]:
    """Links of a non-arXiv entry: its own link, typed by host."""
    url = str(entry.get("link") or "")
    return [Link(classify_url(url), url)] if url else []


def _authors(entry: Any, source: str) -> list[str]:
    """Author names; one ``dc:creator`` holding the whole list is split (the API lists one per element)."""
    names = [collapse(_plain(author.get("name", ""))) for author in _dicts(entry.get("authors"))]
    names = [name for name in names if name]
    if not names and entry.get("author"):
        names = [collapse(_plain(entry["author"]))]
    if len(names) == 1 and source != "arxiv-api":
        return split_authors(names[0])
    return names


def _digest_date(feed: Any, source: str) -> str | None:
    """The channel's pubDate (RSS) or the feed's updated date (Atom), as ``YYYY-MM-DD``."""
    keys = ("published", "updated") if source == "arxiv-rss" else ("updated", "published")
    for key in (*keys, "dc_date"):
        found = iso_date(str(feed.get(key) or ""))
        if found:
            return found
    return None


# -- other sites' feeds of paper links -------------------------------------------------------------

#: Sources for feeds not published by arXiv: Hugging Face paper pages, and any other paper links.
HF_FEED = "hf-feed"
OTHER_FEED = "feed"

_HF_PAPER_URL = re.compile(r"https?://huggingface\.co/papers/\d{4}\.\d{4,5}", re.IGNORECASE)
# Third-party scrapes of a Hugging Face paper page: "Abstract <AI summary> AI-generated summary
# <abstract>" (the page's own labels), or "... Generated by <model> <abstract>".
_HF_SUMMARY = re.compile(
    r"\A\s*Abstract\s+(?P<ai>.+?)\s+(?:AI-generated summary|Generated by \S+)\s+(?P<abstract>.+)\Z",
    re.DOTALL,
)
_LABEL_LINE = re.compile(r"^\s*(?P<label>Authors?|Institution)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_SECTION_HEADINGS = {"abstract": "abstract", "ai summary": "ai", "arxiv links": "links", "links": "links"}


def _is_arxiv(feed: Any, entries: list[Any], prefix: str, namespaces: dict[str, str]) -> bool:
    """Whether arXiv published this feed: its own address, arXiv's namespace or fields, OAI ids."""
    where = " ".join(str(feed.get(key, "")) for key in ("id", "link", "title")).lower()
    if "arxiv.org" in where or "arxiv" in where.split():
        return True
    if "opensearch_totalresults" in feed or any(
        str(uri).rstrip("/") == ARXIV_NAMESPACE for uri in namespaces.values()
    ):
        return True
    return any(
        entry.get(f"{prefix}_announce_type") or _OAI_PREFIX.match(str(entry.get("id", "")))
        for entry in entries
    )


def split_hf_summary(text: str) -> tuple[str, str]:
    """``(AI summary, abstract)`` from a scraped Hugging Face paper text; ``("", text)`` otherwise."""
    match = _HF_SUMMARY.match(text)
    if match is None:
        return "", text
    return collapse(match.group("ai")), match.group("abstract").strip()


def feed_source(urls: list[str]) -> str:
    """``hf-feed`` when the items link to Hugging Face paper pages, else ``feed``."""
    return HF_FEED if any(_HF_PAPER_URL.match(url) for url in urls) else OTHER_FEED


def item_links(urls: list[str]) -> tuple[str | None, list[Link]]:
    """The arXiv id an item's URLs name (an arXiv or Hugging Face paper URL) and its typed links."""
    arxiv_id = next((found for found in (parse_arxiv_id(url) for url in urls) if found), None)
    links = arxiv_links(arxiv_id) if arxiv_id else []
    links += [Link(classify_url(url), url) for url in urls if url.startswith(("http://", "https://"))]
    return arxiv_id, list(dedupe_links(links))


def most_common_day(days: list[str]) -> str | None:
    """The day most items carry; the latest of them on a tie."""
    if not days:
        return None
    counts: dict[str, int] = {}
    for day in days:
        counts[day] = counts.get(day, 0) + 1
    return max(counts, key=lambda day: (counts[day], day))


def _sections(html_text: str) -> tuple[list[str], str, str, str]:
    """From an item's description: (authors, abstract, AI summary, the rest as plain text).

    Descriptions that head their parts (``<h3>Abstract</h3>``, ``<h3>AI summary</h3>``) give the
    first paragraph under each heading (later ones are translations); an ``Authors:`` line gives
    the authors; any other text is the abstract.
    """
    text = _plain(html_text)
    authors: list[str] = []
    parts: dict[str, list[str]] = {"abstract": [], "ai": [], "links": [], "": []}
    section = ""
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line for line in paragraph.strip().split("\n") if line.strip()]
        if not lines:
            continue
        heading = _SECTION_HEADINGS.get(collapse(paragraph).lower().rstrip(":"))
        if heading:
            section = heading
            continue
        rest = []
        for line in lines:
            for piece in line.split("|"):
                label = _LABEL_LINE.match(piece)
                if label and label.group("label").lower().startswith("author"):
                    authors = split_authors(label.group("value"))
                elif not label:
                    rest.append(piece)
        if rest:
            parts[section].append("\n".join(rest))
    ai = collapse(parts["ai"][0]) if parts["ai"] else ""
    ai = re.sub(r"\A(?:Abstract\s+)?(.*?)\s*(?:AI-generated summary)?\Z", r"\1", ai, flags=re.DOTALL)
    abstract = parts["abstract"][0] if parts["abstract"] else "\n\n".join(parts[""])
    return authors, abstract, ai, text


def _other_feed(feed: Any, entries: list[Any]) -> Digest:
    """A feed some other site publishes (Hugging Face papers scraped into RSS, a lab's paper list):
    each item a paper; ids from its links and guid; the digest's day the one most items carry."""
    papers: list[Paper] = []
    days: list[str] = []
    all_urls: list[str] = []
    for entry in entries:
        title = collapse(_plain(entry.get("title", "")))
        if not title:
            continue
        urls = [str(entry.get("link") or ""), str(entry.get("id") or "")]
        urls += [str(link.get("href") or "") for link in _dicts(entry.get("links"))]
        urls = [url.strip() for url in urls if url.strip()]
        all_urls += urls
        arxiv_id, links = item_links(urls)
        summary = str(entry.get("summary") or "")
        content = _dicts(entry.get("content"))
        if not summary and content:
            summary = str(content[0].get("value") or "")
        authors, abstract, ai_summary, text = _sections(summary)
        if not ai_summary:
            ai_summary, abstract = split_hf_summary(abstract)
        links += [
            link for link in (Link(classify_url(u), u) for u in extract_urls(text)) if link not in links
        ]
        names = [collapse(_plain(a.get("name", ""))) for a in _dicts(entry.get("authors")) if a.get("name")]
        day = iso_date(str(entry.get("published") or entry.get("updated") or ""))
        if day:
            days.append(day)
        papers.append(
            Paper(
                title=title,
                abstract=unwrap(abstract),
                authors=tuple(authors or names),
                arxiv_id=arxiv_id,
                links=dedupe_links(links),
                ai_summary=ai_summary,
            )
        )
    channel_day = next(
        (found for found in (iso_date(str(feed.get(k) or "")) for k in ("published", "updated")) if found),
        None,
    )
    return Digest(
        source=feed_source(all_urls),
        date=most_common_day(days) or channel_day,
        papers=tuple(papers),
        title=collapse(_plain(feed.get("title", ""))),
    )
