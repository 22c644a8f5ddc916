"""Make the README's SVG screenshots from real runs of the reader on the bundled sample digest.

Usage: ``python screenshots/make_screenshots.py [OUTPUT_DIR]`` (default: this folder). The library is
a temporary one; the sample is imported under a fixed date so that the pictures do not change.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from paper_tui.config import Config, FetchConfig
from paper_tui.library import Library
from paper_tui.paths import seed_files
from paper_tui.ui.app import PaperApp

SEED_DATE = "2025-08-11"

#: (file name, terminal size, keys pressed before the picture). Shots run in order over one library,
#: so the bookmarks and queue made in the first show up in the later ones.
SHOTS: list[tuple[str, tuple[int, int], Sequence[str]]] = [
    ("today", (120, 36), ["j", "j", "b", "a", "j", "j", "a", "j", "a", "b", "j", "r", "k", "k"]),
    ("search", (120, 36), ["slash", *"diffusion model", "enter", "j"]),
    ("queue", (120, 36), ["tab", "tab", "j"]),
    ("help", (120, 36), ["question_mark"]),
    ("today-80x24", (80, 24), ["j", "j"]),
    ("queue-80x24", (80, 24), ["tab", "tab"]),
]


async def settle(app: PaperApp, pilot: Pilot[Any]) -> None:
    """Wait for the reader's workers and the messages they post."""
    for _ in range(20):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return


async def shoot(library: Library, path: Path, size: tuple[int, int], keys: Sequence[str]) -> None:
    """Run the reader at ``size``, press ``keys``, save an SVG."""
    app = PaperApp(library, Config(mark_read_after=0, poll_interval=60, fetch=FetchConfig(enrich=False)))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        app.clear_notifications()
        await pilot.pause()
        app.save_screenshot(filename=path.name, path=str(path.parent))


def main(argv: Sequence[str]) -> int:
    """Make every shot; returns the exit status."""
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="paper-tui-shots-") as home:
        library = Library.open(home)
        try:
            for seed in seed_files():
                library.import_file(seed, digest_date=SEED_DATE)
            for name, size, keys in SHOTS:
                path = out / f"{name}.svg"
                asyncio.run(shoot(library, path, size, keys))
                print(path)
        finally:
            library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
