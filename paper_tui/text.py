"""Untrusted text: sanitising, title normalisation, arXiv ids, URL extraction and the link gate; and
how counts are said (:func:`plural`)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from urllib.parse import urlsplit

from paper_tui.model import HL_END, HL_START, Digest, Link, Paper

#: Length caps applied at import (characters).
MAX_TITLE = 1_000
MAX_ABSTRACT = 20_000
MAX_AUTHOR = 300
MAX_AUTHORS = 500
MAX_FIELD = 2_000
MAX_URL = 2_048

# ESC-introduced sequences: CSI, OSC/DCS/SOS/PM/APC strings (ended by BEL or ST), and 2-char escapes.
_ESCAPE_SEQ = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # other Fe escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x90\x9d\x98\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)",  # 8-bit string introducers
    re.DOTALL,
)
# Bidi controls and other invisible formatting characters that can disguise text.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SURROGATE = re.compile(r"[\ud800-\udfff]")


# Cc (C0 controls, DEL, C1 controls) and the bidi/invisible formatting characters, as one class.
_UNWANTED = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + "]")
_UNWANTED_KEEP_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + _BIDI + "]")
#: What a URL may not hold: whitespace (as str.isspace), control and bidi characters.
_UNSAFE_IN_URL = re.compile("[\\s\x00-\x1f\x7f-\x9f" + _BIDI + "]")
#: What may not reach a terminal: escape sequences, C0/C1 controls but tab and newline (and the CR of
#: a CRLF), DEL, bidi controls and lone surrogates (see :func:`terminal_safe`).
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + _BIDI + "]")
_TERMINAL_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _BIDI + "]|\r(?!\n)")

#: Invisible characters that let two titles look alike and make terminals disagree about widths:
#: every Unicode format character (category Cf: soft hyphen, zero-width space and joiners, word
#: joiner, BOM, bidi controls, tag characters ...) and the Hangul fillers, which draw as blanks. A test
#: checks the class against the running Python's Unicode tables.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\u115f\u1160\u3164\uffa0]"
)


_IRREGULAR = {"category": "categories", "entry": "entries", "query": "queries"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """A count with its noun: ``1 paper``, ``2 papers``, ``12,345 papers`` (``many``: the plural when
    it is not the noun with an s)."""
    word = noun if count == 1 else many or _IRREGULAR.get(noun, noun + "s")
    return f"{count:,} {word}"


def sanitize(text: str | None, *, max_len: int = MAX_FIELD, multiline: bool = False) -> str:
    """Clean untrusted text so it can be shown literally in a terminal.

    Removes escape sequences (CSI, OSC, DCS ...), C0/C1 control characters, DEL and bidi overrides,
    replaces lone surrogates with U+FFFD, normalises newlines, and caps the length. With
    ``multiline`` newlines survive (at most one blank line in a row) and tabs become spaces; without it
    all whitespace runs collapse to one space. The result is stripped; the function is idempotent.
    """
    if not text:
        return ""
    # Most text is printable (no control, escape, bidi or surrogate character; no whitespace but
    # spaces): only runs of spaces to collapse.
    text = " ".join(text.split()) if text.isprintable() else _clean(text, multiline)
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "…"
    return text


def _clean(text: str, multiline: bool) -> str:
    """sanitize() without the length cap, for text that holds more than printable characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _without_sequences(text)
    text = text.replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    text = (_UNWANTED_KEEP_NEWLINE if multiline else _UNWANTED).sub("", text)
    if multiline:
        lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    else:
        text = re.sub(r"\s+", " ", text)
    return text.strip()


def _without_sequences(text: str) -> str:
    """Lone surrogates replaced and escape sequences removed: the first step of both sanitisers."""
    return _ESCAPE_SEQ.sub("", _SURROGATE.sub("\ufffd", text))


def terminal_safe(text: str) -> str:
    """Text that can be written to a terminal as it is: what :func:`sanitize` removes from digest text
    (escape sequences, control characters, DEL, bidi controls; lone surrogates become U+FFFD), but
    with the layout kept: newlines, tabs, runs of spaces and CRLF line ends (a lone CR, which would
    let text overwrite what came before it, is removed). For everything the command line prints."""
    if not _TERMINAL_UNSAFE.search(text):
        return text
    return _TERMINAL_UNWANTED.sub("", _without_sequences(text))


def escape_unsafe(text: str) -> str:
    """Every character :func:`terminal_safe` would remove written as a ``\\uXXXX`` escape instead:
    for JSON text (``json.dumps`` escapes the C0 controls itself, but leaves DEL, C1, bidi controls
    and lone surrogates raw with ``ensure_ascii=False``), which then stays valid and loses nothing."""
    if not _TERMINAL_UNSAFE.search(text):
        return text
    return _TERMINAL_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


#: The user-info part of a URL (``https://user:password@host``) ...
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]{0,20}://)[^/\s@?#]{1,500}@")
#: ... and the values of query parameters that carry secrets (``?token=…``, ``&api_key=…``).
_URL_SECRET = re.compile(
    r"(?i)([?&;](?:access_token|token|api_?key|key|password|passwd|pass|secret|signature|sig|auth)=)[^&;#\s]*"
)


def without_credentials(text: str) -> str:
    """``text`` with the credentials of every URL in it removed: the user-info part (``user:password@``)
    and the values of query parameters such as ``token`` or ``api_key`` (``***``). For every URL that
    is printed or shown: error lines end up in cron logs and notifications."""
    if "@" in text:
        text = _URL_USERINFO.sub(r"\1", text)
    if "=" in text:
        text = _URL_SECRET.sub(r"\1***", text)
    return text


def without_invisible(text: str) -> str:
    """``text`` without format characters (Unicode category Cf) and Hangul fillers: for titles and
    author names, where they only serve to disguise one title as another. Zero-width joiners go too,
    also inside emoji sequences: terminals disagree on whether such a sequence is one glyph or
    several, which misaligns everything drawn after it on the row."""
    return _INVISIBLE.sub("", text)


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs; blank lines (or indented starts) separate paragraphs."""
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


_TEX_FORMATTING = re.compile(
    r"\\(?:text(?:bf|it|tt|sc|rm|sf)?|emph|math(?:rm|bf|cal|bb|it|sf|tt|frak)|bm|boldsymbol|"
    r"operatorname|mbox|hbox|underline|overline|left|right|big|Big)\b\*?"
)
_TEX_COMMAND = re.compile(r"\\([a-zA-Z]+)")
_GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_title(title: str) -> str:
    """A key under which two spellings of one title compare equal (case, spacing, punctuation, TeX)."""
    text = title.casefold()
    if not text.isascii():  # ASCII has no accents, Greek letters or compatibility forms
        text = unicodedata.normalize("NFKD", text)
        text = "".join(_GREEK.get(ch, ch) for ch in text if not unicodedata.combining(ch))
    text = _TEX_FORMATTING.sub(" ", text)
    text = _TEX_COMMAND.sub(r" \1 ", text)
    text = text.replace("$", " ")
    text = _NON_WORD.sub(" ", text.casefold())
    return " ".join(text.split())


# New-style ids (0704.0001 on) and old-style ids (hep-th/9901001), optionally with a version.
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}"
#: An arXiv id with an optional version, for parsers that find ids inside text.
ARXIV_ID_PATTERN = rf"(?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?"
_ARXIV_ID = re.compile(rf"^(?:arxiv:)?\s*(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})"
    r"(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_HF_URL = re.compile(rf"^https?://huggingface\.co/papers/(?P<id>{_ARXIV_NEW})", re.IGNORECASE)


def parse_arxiv_id(value: str | None) -> str | None:
    """Return the bare arXiv id (no version) for ``2410.17243v2``, ``arXiv:2410.17243``, abs/pdf URLs."""
    if not value:
        return None
    value = value.strip()
    for pattern in (_ARXIV_ID, _ARXIV_URL, _HF_URL):
        match = pattern.match(value)
        if match:
            found = match.group("id")
            # Old-style archive names are lower case, their subject class upper case.
            if "/" in found:
                archive, number = found.split("/", 1)
                if "." in archive:
                    name, subject = archive.split(".", 1)
                    archive = f"{name.lower()}.{subject.upper()}"
                else:
                    archive = archive.lower()
                return f"{archive}/{number}"
            return found
    return None


def arxiv_links(arxiv_id: str) -> list[Link]:
    """The standard links of an arXiv paper: abstract page, PDF and Hugging Face paper page."""
    links = [
        Link("arxiv", f"https://arxiv.org/abs/{arxiv_id}"),
        Link("pdf", f"https://arxiv.org/pdf/{arxiv_id}"),
    ]
    if "/" not in arxiv_id:
        links.append(Link("hf", f"https://huggingface.co/papers/{arxiv_id}"))
    return links


_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:!?'\""
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co")


_OPENING = {")": "(", "]": "[", "}": "{"}


def _trim_url(url: str) -> str:
    """Drop trailing sentence punctuation and unbalanced closing brackets from a URL found in prose.

    Linear in the URL's length: the brackets are counted once, and the counts follow the end inward.
    """
    closing = {close: url.count(close) for close in _OPENING}
    opening = {close: url.count(open_) for close, open_ in _OPENING.items()}
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _TRAILING_PUNCT:
            end -= 1
        elif last in closing and closing[last] > opening[last]:
            closing[last] -= 1
            end -= 1
        else:
            break
    return url[:end]


def extract_urls(text: str) -> list[str]:
    """The http(s) URLs in free text, in order, without trailing punctuation, de-duplicated."""
    seen: dict[str, None] = {}
    for match in _URL_IN_TEXT.finditer(text or ""):
        url = _trim_url(match.group(0))
        if is_safe_url(url):
            seen.setdefault(url, None)
    return list(seen)


def classify_url(url: str) -> str:
    """Guess a link kind for a URL found in a digest (code host, DOI, arXiv, HF, else project)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # "http://[oops/x": no host to go by (the link gate drops it later)
        host = ""
    if host == "huggingface.co" and "/papers/" in url:
        return "hf"
    if parse_arxiv_id(url):
        return "pdf" if "/pdf/" in url else "arxiv"
    if host.endswith("doi.org"):
        return "doi"
    if host == "huggingface.co" and "/papers/" in url:
        return "hf"
    if any(host == h or host.endswith("." + h) for h in _CODE_HOSTS):
        return "code"
    return "project"


def is_safe_url(url: str | None) -> bool:
    """The one link gate: an http(s) URL with a host and no whitespace, control or bidi characters."""
    if not url or len(url) > MAX_URL or url.startswith("-"):
        return False
    if _UNSAFE_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def dedupe_links(links: list[Link]) -> tuple[Link, ...]:
    """Keep the first link per URL and only those that pass the gate."""
    seen: dict[str, Link] = {}
    for link in links:
        if is_safe_url(link.url) and link.url not in seen:
            seen[link.url] = link
    return tuple(seen.values())


def clean_paper(paper: Paper) -> Paper:
    """Sanitise every text field of a parsed paper and gate its links (done once, at import)."""
    authors = tuple(
        name
        for name in (sanitize(without_invisible(a), max_len=MAX_AUTHOR) for a in paper.authors[:MAX_AUTHORS])
        if name
    )
    categories = tuple(c for c in (sanitize(c, max_len=64) for c in paper.categories[:50]) if c)
    keywords = tuple(k for k in (sanitize(k, max_len=100) for k in paper.keywords[:50]) if k)
    links = dedupe_links(
        [Link(sanitize(link.kind, max_len=16) or "other", link.url.strip()) for link in paper.links]
    )
    upvotes = paper.upvotes if isinstance(paper.upvotes, int) and 0 <= paper.upvotes < 10**9 else None
    return Paper(
        title=sanitize(without_invisible(paper.title), max_len=MAX_TITLE),
        abstract=sanitize(paper.abstract, max_len=MAX_ABSTRACT, multiline=True),
        authors=authors,
        arxiv_id=parse_arxiv_id(paper.arxiv_id) if paper.arxiv_id else None,
        categories=categories,
        links=links,
        upvotes=upvotes,
        comment=sanitize(paper.comment, max_len=MAX_FIELD),
        published=_clean_date(paper.published),
        announce_type=sanitize(paper.announce_type, max_len=20) or None,
        keywords=keywords,
        ai_summary=sanitize(paper.ai_summary, max_len=MAX_FIELD, multiline=True),
    )


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The earliest date a digest or a paper may carry (arXiv began in 1991).
EARLIEST_DATE = date(1990, 1, 1)
#: How far past today a date may be (time zones ahead of this machine's, a listing dated tomorrow).
DAYS_AHEAD = 2


def plausible_date(value: str | None, *, today: date | None = None) -> str | None:
    """``YYYY-MM-DD`` when ``value`` starts with a real calendar date from 1990-01-01 to today + 2 days,
    else None: ``9999-12-31`` would make its digest "today" for ever, ``2026-13-45`` is no day."""
    text = sanitize(value, max_len=32)[:10]
    if not _ISO_DATE.match(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    latest = (today or date.today()) + timedelta(days=DAYS_AHEAD)
    return text if EARLIEST_DATE <= day <= latest else None


def _clean_date(value: str | None) -> str | None:
    return plausible_date(value)


def clean_digest(digest: Digest) -> Digest:
    """Sanitise a whole digest; papers left without a title are dropped."""
    papers = tuple(p for p in (clean_paper(p) for p in digest.papers) if p.title)
    return Digest(
        source=sanitize(digest.source, max_len=32),
        date=_clean_date(digest.date),
        papers=papers,
        title=sanitize(digest.title, max_len=300),
        notice=digest.notice,
    )


# -- TeX shown as text ----------------------------------------------------------------------------

# Inline math: $...$ that opens and closes on a non-space (so "$5 and $10" is not math).
_TEX_MATH = re.compile(r"\$(?=\S)([^$\n]{1,300}?)(?<=\S)\$")
# Outside math: {\it text}, \command{argument} or \command, ^{...}/_{...}, and escaped specials.
_TEX_GROUP_SWITCH = re.compile(r"\{\\(?:it|bf|em|sc|tt|rm|sf|sl)\s+([^{}]*)\}")
_TEX_MACRO = re.compile(r"\\([A-Za-z]+)\*?(?:\{([^{}]*)\})?")
_TEX_SCRIPT = re.compile(r"(?<=\w)([\^_])\{([^{}]{1,20})\}")
_TEX_ESCAPED = re.compile(r"\\([%&_#$])")
# Accents: \'e, \"{o}, \=e, \~n, \^o, \`a, \.z; and \v{c}, \c{c}, \u{a}, \H{o} with a brace.
_TEX_ACCENT = re.compile(r"""\\[`'^"~=.]\s*(?:\{[A-Za-z]\}|[A-Za-z])|\\[uvHcdbkr]\{[A-Za-z]\}""")
# A % in math is a percent sign to the reader, not TeX's comment (which drops the rest).
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_MACRO_SPACE = re.compile(r"(\\[A-Za-z]+) (?=[A-Za-z0-9])")
_TEX_HINT = re.compile(r"[\\$]|[\^_]\{")
_SUPERSCRIPTS = dict(zip("0123456789+-=()nijkt", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵗ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-=()aeijkmnotx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₘₙₒₜₓ", strict=True))
_SCRIPT_RUN = re.compile(r"([\^_])(\{[^{}]{1,20}\}|[A-Za-z0-9+\-=]+)")
#: Formatting macros whose argument is the text itself.
_TEX_TEXT_MACROS = frozenset(
    [
        "textit",
        "textbf",
        "texttt",
        "textsc",
        "textrm",
        "textsf",
        "textsl",
        "textup",
        "textnormal",
        "emph",
        "mbox",
        "hbox",
        "text",
        "mathrm",
        "mathbf",
        "mathit",
        "mathsf",
        "mathtt",
        "boldsymbol",
        "bm",
        "underline",
        "operatorname",
    ]
)


def _latex2text() -> object:
    """pylatexenc's converter, built once on first use (about 20 ms to import)."""
    global _CONVERTER
    if _CONVERTER is None:
        from pylatexenc.latex2text import LatexNodes2Text

        _CONVERTER = LatexNodes2Text(math_mode="text")
    return _CONVERTER


_CONVERTER: object | None = None


def _convert(tex: str) -> str:
    converter = _latex2text()
    try:
        return str(converter.latex_to_text(tex))  # type: ignore[attr-defined]
    except Exception:  # a converter's failure must never hide the text itself
        return tex


def _scripts(text: str) -> str:
    """``x^2`` as ``x²`` and ``x_t`` as ``xₜ`` where every character has a Unicode form; else as is."""

    def one(match: re.Match[str]) -> str:
        mark, body = match.group(1), match.group(2).strip("{}")
        table = _SUPERSCRIPTS if mark == "^" else _SUBSCRIPTS
        if body and all(ch in table for ch in body):
            return "".join(table[ch] for ch in body)
        return match.group(0)

    return _SCRIPT_RUN.sub(one, text)


def _math(match: re.Match[str]) -> str:
    # Scripts first, while their braces still say where they end; "\\log K" keeps its space.
    body = _MACRO_SPACE.sub(r"\1{} ", _scripts(match.group(1)))
    return _convert(_BARE_PERCENT.sub(r"\\%", body))


def _macro(match: re.Match[str]) -> str:
    name, argument = match.group(1), match.group(2)
    if name in _TEX_TEXT_MACROS and argument is not None:
        return tex_to_text(argument)
    converted = _convert("\\" + name)
    if not converted.strip():
        return match.group(0)  # a macro the converter does not know stays visible
    return converted + (f"{{{argument}}}" if argument is not None else "")


def tex_to_text(text: str) -> str:
    """TeX in a title or abstract as readable Unicode text, for display only (search and exports keep
    the raw text): inline math (``$\\times$`` as ×, ``$\\mu$`` as μ, ``^{2}`` as ²), formatting macros
    (``\\textit{x}`` as x) and escaped specials. Text without TeX comes back unchanged; what the
    converter does not know stays as written. The result is sanitised again."""
    if not text or not _TEX_HINT.search(text):
        return text
    out = _TEX_MATH.sub(_math, text)
    out = _TEX_ACCENT.sub(lambda m: _convert(m.group(0)), out)
    out = _TEX_GROUP_SWITCH.sub(lambda m: m.group(1), out)
    out = _TEX_SCRIPT.sub(lambda m: _scripts(m.group(0)), out)
    out = _TEX_MACRO.sub(_macro, out)
    out = _TEX_ESCAPED.sub(r"\1", out)
    return sanitize(out, max_len=MAX_ABSTRACT + 1000, multiline="\n" in text)


def display_tex(text: str) -> str:
    """:func:`tex_to_text` for the reader, keeping search-highlight markers (sanitising would drop them
    as control characters)."""
    if HL_START not in text:
        return tex_to_text(text)
    protected = text.replace(HL_START, "\ue000").replace(HL_END, "\ue001")
    return tex_to_text(protected).replace("\ue000", HL_START).replace("\ue001", HL_END)
