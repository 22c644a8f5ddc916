"""The core never imports Textual: the CLI and tests use it headless (STYLE.md section 1)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "paper_tui",
    "paper_tui.model",
    "paper_tui.text",
    "paper_tui.importers",
    "paper_tui.store",
    "paper_tui.index",
    "paper_tui.library",
    "paper_tui.export",
    "paper_tui.cli",
    "paper_tui.config",
    "paper_tui.fetch",
    "paper_tui.inbox",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        f"for name in {CORE!r}: __import__(name)\n"
        "import paper_tui.importers as i; i.formats()\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_reader_starts_without_importing_whoosh(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Whoosh costs tens of milliseconds to import: the first frame must not wait for it."""
    code = (
        "import sys\n"
        "import paper_tui.ui.app\n"
        "from paper_tui.library import Library\n"
        "from paper_tui.store import View\n"
        f"lib = Library.open({str(tmp_path)!r})\n"
        "lib.view_ids(View()); lib.counts(); lib.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'requests')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
