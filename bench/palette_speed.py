"""The palette's jump to a title (``ctrl+p``, then part of a title), one key at a time, at 100,000 papers.

Each key is timed from the press to the end of the palette's search (its hits are then on screen), in
the reader itself (Textual's Pilot over a copy of the library), beside the floor measured in the same
run: the same palette in a bare Textual app whose one provider yields the same number of fixed hits
(Textual's own cost of a key in the palette). Target: p95 <= 150 ms a key.

    .venv/bin/python bench/palette_speed.py --library bench/out/lib-100k [--rounds 2]

Copy the library first if it matters (the reader may write its place and the index's checksums).
Writes bench/results/palette-SIZE.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

#: What is typed, one key at a time: words of titles and their misspellings.
TYPED = ("diffusion transformer", "graph neural", "reinforcment learning", "large language model")
#: Hits the floor's provider yields for every key (about what the title jump shows).
FLOOR_HITS = 20
TARGET_P95_MS = 150.0


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


async def _type(app: Any, pilot: Any, text: str) -> list[float]:
    """Open the palette, let its start-up finish, type ``text``: milliseconds a key."""
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    for _ in range(400):  # the titles load in a worker when the palette opens
        await asyncio.sleep(0.01)
        if CommandPalette.is_open(app) and not any(w.is_running for w in app.screen.workers):
            break
    await asyncio.sleep(0.5)
    palette = app.screen
    times = []
    for char in text:
        started = time.perf_counter()
        await pilot.press("space" if char == " " else char)
        while any(worker.is_running for worker in palette.workers):
            await asyncio.sleep(0.001)
        times.append((time.perf_counter() - started) * 1000)
    await pilot.press("escape")
    await asyncio.sleep(0.2)
    return times


async def reader_times(library_dir: Path, rounds: int) -> tuple[list[float], int]:
    from paper_tui.config import Config, FetchConfig
    from paper_tui.library import Library
    from paper_tui.ui.app import PaperApp

    library = Library.open(library_dir)
    papers = library.counts()["papers"]
    app = PaperApp(library, Config(learn=False, poll_interval=60.0, fetch=FetchConfig(enrich=False)))
    times: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await asyncio.sleep(8)  # the start-up work (index check, prefetch) done, as a user would wait
        for _ in range(rounds):
            for text in TYPED:
                times += await _type(app, pilot, text)
    library.close()
    return times, papers


async def floor_times(rounds: int) -> list[float]:
    from textual.app import App
    from textual.command import Hit, Hits, Provider

    class Fixed(Provider):
        async def search(self, query: str) -> Hits:
            for n in range(FLOOR_HITS):
                yield Hit(0.9, f"Title number {n} for {query}", lambda: None, text=f"t{n}")

    class Bare(App[None]):
        COMMANDS = {Fixed}  # noqa: RUF012

    app = Bare()
    times: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(rounds):
            for text in TYPED:
                times += await _type(app, pilot, text)
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=HERE / "out" / "lib-100k")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    floor = asyncio.run(floor_times(args.rounds))
    reader, papers = asyncio.run(reader_times(args.library, args.rounds))
    row = {
        "papers": papers,
        "keys": len(reader),
        "reader_ms": {"p50": round(statistics.median(reader), 1), "p95": round(p95(reader), 1)},
        "floor_ms": {"p50": round(statistics.median(floor), 1), "p95": round(p95(floor), 1)},
        "target_p95_ms": TARGET_P95_MS,
    }
    row["pass"] = row["reader_ms"]["p95"] <= TARGET_P95_MS  # type: ignore[index]
    size = f"{papers // 1000}k" if papers >= 1000 else str(papers)
    out = HERE / "results" / f"palette-{size}.json"
    out.write_text(json.dumps(row, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(row, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
