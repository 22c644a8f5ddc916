"""Exporting papers: BibTeX, Markdown, JSON and CSV, plus the JSON shape the CLI prints."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from paper_tui.files import write_atomic
from paper_tui.model import PaperRecord
from paper_tui.paths import Paths

FORMATS = ("bibtex", "markdown", "json", "csv")


def paper_json(record: PaperRecord) -> dict[str, object]:
    """The documented JSON shape of a paper (``--json`` and JSON export)."""
    return {
        "id": record.id,
        "arxiv_id": record.arxiv_id,
        "title": record.title,
        "authors": list(record.authors),
        "abstract": record.abstract,
        "categories": list(record.categories),
        "links": [{"kind": link.kind, "url": link.url} for link in record.links],
        "upvotes": record.upvotes,
        "comment": record.comment,
        "published": record.published,
        "digests": [{"date": s.date, "source": s.source} for s in record.digests],
        "replacement": record.replacement,
        "bookmarked": record.bookmarked,
        "read": record.read,
        "queue_position": record.queue_position,
        "note": record.note,
    }


# -- BibTeX ----------------------------------------------------------------------------------

_BIB_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# BibTeX counts every brace, escaped or not, to find where a field ends: an unpaired "\}" in a title
# closes the field, and what follows becomes fields of the writer's choosing. Text whose braces do not
# pair up writes them as commands whose own braces do.
_UNPAIRED_BRACES = {**_BIB_SPECIALS, "{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_MATH = re.compile(r"\$[^$\n]{1,200}\$")


def _balanced(text: str) -> bool:
    """Whether every brace closes one opened before it, counting ``\\{`` and ``\\}`` too (BibTeX does)."""
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def bib_escape(text: str) -> str:
    """Escape text for a BibTeX field so that BibTeX reads it back as one field: ``$...$`` math whose
    braces pair up is kept as TeX; other braces are ``\\{``/``\\}`` when they pair up, else commands."""
    pieces: list[tuple[str, bool]] = []  # (text, is math kept as TeX)
    position = 0
    for match in _MATH.finditer(text):
        pieces.append((text[position : match.start()], False))
        math = match.group(0)
        pieces.append((math, _balanced(math)))
        position = match.end()
    pieces.append((text[position:], False))
    table = _BIB_SPECIALS if _balanced("".join(p for p, kept in pieces if not kept)) else _UNPAIRED_BRACES
    return "".join(piece if kept else "".join(table.get(ch, ch) for ch in piece) for piece, kept in pieces)


_NAME_SEPARATORS = re.compile(r",|\band\b", re.IGNORECASE)


def bib_name(name: str) -> str:
    """One author for BibTeX's ``author`` list: escaped, and braced whole when it holds a comma or the
    word "and", which BibTeX would read as name parts or as the start of another author."""
    escaped = bib_escape(name)
    return "{" + escaped + "}" if _NAME_SEPARATORS.search(name) else escaped


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NEW_ID = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
_OLD_ID = re.compile(r"^[a-z\-]+(?:\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}$")


def year_month(record: PaperRecord) -> tuple[str | None, int | None]:
    """The paper's year and month: from its arXiv id (``2311.17946`` is November 2023), else from its
    published date; never from the digest it arrived in (a 2023 paper seen in a 2026 digest is 2023)."""
    if record.arxiv_id:
        match = _NEW_ID.match(record.arxiv_id) or _OLD_ID.match(record.arxiv_id)
        if match:
            yy, mm = int(match.group(1)), int(match.group(2))
            if 1 <= mm <= 12:
                year = 1900 + yy if "/" in record.arxiv_id and yy > 90 else 2000 + yy
                return str(year), mm
    published = record.published or ""
    if re.match(r"^\d{4}-\d{2}", published):
        month = int(published[5:7])
        return published[:4], month if 1 <= month <= 12 else None
    return None, None


def _surname(author: str) -> str:
    """The surname of ``Ann Smith``, ``Smith, Ann`` or ``Ann Smith, Jr.``: the last word before any comma."""
    words = author.split(",")[0].split()
    return words[-1] if words else ""


def _key_part(text: str) -> str:
    """Lower-case ASCII letters and digits only (accents dropped): a safe part of a citation key."""
    import unicodedata

    flat = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", "".join(ch for ch in flat if not unicodedata.combining(ch)).lower())


def bib_key(record: PaperRecord) -> str:
    """A citation key: the first author's surname, year and first title word (``sun2023dreamsync``);
    without authors, the first title word and year (``dreamsync2023``)."""
    year, _ = year_month(record)
    word = next((w for w in re.findall(r"[^\W\d_]+", record.title) if len(w) > 3), "paper")
    surname = _key_part(_surname(record.authors[0])) if record.authors else ""
    key = f"{surname}{year or ''}{_key_part(word)}" if surname else f"{_key_part(word)}{year or ''}"
    return key if re.match(r"^[a-z]", key) else f"paper{record.id}{key}"


def bibtex_entry(record: PaperRecord) -> str:
    """One BibTeX entry; arXiv papers carry ``eprint``, ``archivePrefix`` and ``primaryClass``."""
    fields: list[tuple[str, str]] = [("title", "{" + bib_escape(record.title) + "}")]
    if record.authors:
        fields.append(("author", " and ".join(bib_name(a) for a in record.authors)))
    year, month = year_month(record)
    if year:
        fields.append(("year", year))
    if month:
        fields.append(("month", _MONTHS[month - 1]))
    if record.arxiv_id:
        fields += [("eprint", record.arxiv_id), ("archivePrefix", "arXiv")]
        if record.categories:
            fields.append(("primaryClass", bib_escape(record.categories[0])))
    link = record.main_link
    if link:
        fields.append(("url", link.url.replace("{", "%7B").replace("}", "%7D")))
    doi = next((lk.url for lk in record.links if lk.kind == "doi"), None)
    if doi:
        fields.append(("doi", bib_escape(re.sub(r"^https?://(dx\.)?doi\.org/", "", doi))))
    # A month is BibTeX's own macro (jan ... dec), written without braces so styles translate it.
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields
    )
    return f"@misc{{{bib_key(record)},\n{body}\n}}\n"


def to_bibtex(records: Sequence[PaperRecord]) -> str:
    """A BibTeX file; duplicate keys get a, b, c suffixes."""
    seen: dict[str, int] = {}
    entries = []
    for record in records:
        entry = bibtex_entry(record)
        key = bib_key(record)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            entry = entry.replace(f"{{{key},", f"{{{key}{chr(ord('a') + min(count - 1, 25))},", 1)
        entries.append(entry)
    return "\n".join(entries)


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", text)


def to_markdown(records: Sequence[PaperRecord]) -> str:
    """A Markdown list, one item per paper: linked title, authors, ids, the note (all its lines)."""
    lines = []
    for record in records:
        link = record.main_link
        title = _md_escape(record.title)
        head = f"- [{title}](<{link.url}>)" if link else f"- {title}"
        lines.append(head)
        if record.authors:
            lines.append(f"  {_md_escape(', '.join(record.authors))}")
        if record.arxiv_id:
            lines.append(f"  arXiv:{record.arxiv_id}")
        if record.note.strip():
            lines += _md_note(record.note)
    return "\n".join(lines) + "\n"


_RULE = re.compile(r"\s*[-=][-=\s]*")


def _md_note(note: str) -> list[str]:
    """A note as lines of its paper's list item: every line indented to the item's text (a line that is
    not would end the item), runs of blank lines kept as one (so the note's paragraphs stay apart)."""
    first, *rest = note.strip("\n").splitlines()
    lines = [f"  Note: {_md_escape(first)}"]
    for line in rest:
        if _RULE.fullmatch(line):
            # A line of dashes or equals signs would make the line above a heading, or be a rule.
            lines.append("  " + _md_escape(line).replace("-", "\\-", 1).replace("=", "\\=", 1))
        elif line.strip():
            lines.append(f"  {_md_escape(line)}")
        elif lines[-1]:
            lines.append("")
    return lines


def to_json(records: Sequence[PaperRecord]) -> str:
    """A JSON array of papers in the documented shape."""
    return json.dumps([paper_json(r) for r in records], indent=2, ensure_ascii=False) + "\n"


def _csv_cell(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheets: neutralise it.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(records: Sequence[PaperRecord]) -> str:
    """CSV with one row per paper."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "arxiv_id", "title", "authors", "date", "url", "bookmarked", "read", "queue"])
    for r in records:
        link = r.main_link
        writer.writerow(
            [
                r.id,
                r.arxiv_id or "",
                _csv_cell(r.title),
                _csv_cell("; ".join(r.authors)),
                r.last_seen or "",
                link.url if link else "",
                int(r.bookmarked),
                int(r.read),
                r.queue_position or "",
            ]
        )
    return buffer.getvalue()


def export(records: Sequence[PaperRecord], fmt: str) -> str:
    """Render records in one of :data:`FORMATS`."""
    renderers = {"bibtex": to_bibtex, "markdown": to_markdown, "json": to_json, "csv": to_csv}
    if fmt not in renderers:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return renderers[fmt](records)


def write_file(path: Path, text: str) -> None:
    """Write an export whole or not at all (a full disk leaves the file that was there, or none);
    a pipe or device (``/dev/stdout``) is written to directly."""
    write_atomic(path, text)


def path_problem(paths: Paths, path: Path) -> str | None:
    """Why an export may not be written to ``path``, or None: nothing inside the data folder (the
    database, its backups, the index) and not the config file, also through a link."""
    target = Path(os.path.realpath(path))
    data_dir = Path(os.path.realpath(paths.data_dir))
    if target == data_dir or data_dir in target.parents:
        return f"{path} is inside the library's data folder ({paths.data_dir}); choose a file elsewhere"
    for own in (paths.config_file, paths.database):
        with contextlib.suppress(OSError):
            if target == Path(os.path.realpath(own)) or os.path.samefile(target, own):
                return f"{path} is paper-tui's own {own.name}; choose another file"
    return None
