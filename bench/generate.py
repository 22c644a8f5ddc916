"""Deterministic synthetic digests for benchmarks: HF API JSON and arXiv e-mail shapes.

Titles, 3-8 authors and 150-250-word abstracts are built from the vocabulary of the bundled seed
digest; one digest per day over two years; about 5% of papers reappear on a later day.

    python bench/generate.py --papers 100000 --out bench/out/corpus-100k
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST_NAMES = (
    "Ann Bo Carl Dora Eve Farid Gita Hiro Ines Jun Kofi Lena Mira Nils Omar Pia Quinn Rosa Sven Tara"
)
LAST_NAMES = (
    "Smith Li Jung Maar Adams Wang Chen Kumar Garcia Müller Rossi Silva Kim Sato Novak Cohen Okafor "
    "Larsen Dubois Moreau Ivanova Haddad Nakamura Fischer Costa"
)
FIRST = FIRST_NAMES.split()
LAST = LAST_NAMES.split()


def vocabulary() -> list[str]:
    """Words of the seed digest (lower-cased, 3+ letters), with their frequencies kept."""
    seed = next((REPO / "seeds").iterdir()).read_text(encoding="utf-8")
    return [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z\-]{2,}", seed)]


def make_papers(count: int, rng: random.Random, start: int = 0) -> list[dict[str, object]]:
    """``count`` synthetic papers with unique arXiv-style ids, numbered from ``start``.

    Papers numbered past a corpus's total get ids (and, with another seed, titles) that the corpus does
    not hold, so they import as new papers.
    """
    words = vocabulary()
    papers = []
    for number in range(start, start + count):
        title_words = rng.choices(words, k=rng.randint(5, 12))
        title = " ".join(title_words).capitalize()
        sentences = []
        remaining = rng.randint(150, 250)
        while remaining > 0:
            size = min(remaining, rng.randint(12, 28))
            sentences.append(" ".join(rng.choices(words, k=size)).capitalize() + ".")
            remaining -= size
        authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(3, 8))]
        yymm = 2400 + (number // 20000) * 100 + (number // 1700) % 12 + 1
        papers.append(
            {
                "id": f"{yymm:04d}.{number % 100000:05d}",
                "title": title,
                "summary": " ".join(sentences),
                "authors": authors,
                "upvotes": rng.randint(0, 300),
            }
        )
    return papers


def hf_json(day: date, papers: list[dict[str, object]]) -> str:
    """A Hugging Face /api/daily_papers response for one day."""
    items = [
        {
            "paper": {
                "id": p["id"],
                "title": p["title"],
                "summary": p["summary"],
                "authors": [{"name": a} for a in p["authors"]],  # type: ignore[attr-defined]
                "upvotes": p["upvotes"],
                "publishedAt": f"{day.isoformat()}T00:00:00.000Z",
            },
            "publishedAt": f"{day.isoformat()}T00:00:00.000Z",
            "numComments": 0,
        }
        for p in papers
    ]
    return json.dumps(items, ensure_ascii=False)


def _wrap(text: str, width: int = 79, indent: str = "") -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = indent + word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def arxiv_email(day: date, papers: list[dict[str, object]]) -> str:
    """An arXiv daily listing e-mail body for one day."""
    dash = "-" * 78
    prev = day - timedelta(days=1)
    out = [
        dash,
        dash,
        "Send any comments regarding submissions directly to submitter.",
        dash,
        " Submissions to:",
        "Machine Learning",
        f" received from  {prev:%a %d %b %y} 18:00:00 GMT  to  {day:%a %d %b %y} 18:00:00 GMT",
        dash,
    ]
    for p in papers:
        out += [
            dash,
            "\\\\",
            f"arXiv:{p['id']}",
            f"Date: {day:%a, %d %b %Y} 10:00:00 GMT   (100kb)",
            "",
            _wrap(f"Title: {p['title']}", indent="  "),
            _wrap("Authors: " + ", ".join(p["authors"]), indent="  "),  # type: ignore[arg-type]
            "Categories: cs.LG",
            "\\\\",
            "  " + _wrap(str(p["summary"])),
            f"\\\\ ( https://arxiv.org/abs/{p['id']} ,  100kb)",
        ]
    out.append(dash)
    return "\n".join(out) + "\n"


def generate(total: int, out: Path, seed: int = 7) -> list[Path]:
    """Write digests totalling ``total`` papers (plus ~5% repeats) into ``out``; returns the files."""
    rng = random.Random(seed)
    papers = make_papers(total, rng)
    out.mkdir(parents=True, exist_ok=True)
    days = 730
    per_day = max(1, total // days)
    start = date(2024, 11, 1)
    files = []
    position = 0
    day_number = 0
    while position < total:
        day = start + timedelta(days=day_number)
        batch = papers[position : position + per_day]
        if position > per_day * 3:
            batch = batch + rng.sample(papers[: position - per_day], k=max(1, len(batch) // 20))
        if day_number % 2 == 0:
            path = out / f"{day.isoformat()}-hf.json"
            path.write_text(hf_json(day, batch), encoding="utf-8")
        else:
            path = out / f"{day.isoformat()}-arxiv.txt"
            path.write_text(arxiv_email(day, batch), encoding="utf-8")
        files.append(path)
        position += per_day
        day_number += 1
    return files


def daily_digest(count: int, day: date, out: Path, *, start: int, seed: int = 11) -> Path:
    """Write one Hugging Face digest of ``count`` new papers (numbered from ``start``) for ``day``."""
    papers = make_papers(count, random.Random(seed), start=start)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(hf_json(day, papers), encoding="utf-8")
    return out


def main() -> None:
    """Command line: --papers N --out DIR."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = generate(args.papers, args.out, args.seed)
    print(f"{len(files)} digests written to {args.out}")


if __name__ == "__main__":
    main()
