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
    "paper_tui.enrich",
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
    """Whoosh, requests, feedparser, rapidfuzz and the fetcher cost tens of milliseconds to import: the
    first frame must not wait for them (they load when first used)."""
    code = (
        "import sys\n"
        "import paper_tui.cli\n"
        "paper_tui.cli.build_parser()\n"
        "import paper_tui.ui.app\n"
        "from paper_tui.library import Library\n"
        "from paper_tui.store import View\n"
        f"lib = Library.open({str(tmp_path)!r})\n"
        "lib.view_ids(View()); lib.counts(); lib.close()\n"
        "lazy = ('whoosh', 'requests', 'feedparser', 'rapidfuzz')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in lazy or m == 'paper_tui.fetch'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_reader_path_leaves_the_command_line_and_the_import_machinery_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A plain ``paper-tui`` builds no argument parser and reads no digest before its first frame: the
    modules for that (and a TOML parser when there is no config file) load when first used."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import paper_tui.cli\n"
        "assert paper_tui.cli._reader_only([]) == [None]\n"
        "import paper_tui.ui.app\n"
        "from paper_tui.config import Config\n"
        "from paper_tui.library import Library\n"
        "from paper_tui.store import View\n"
        f"Config.load(Path({str(tmp_path / 'config.toml')!r}))\n"
        f"lib = Library.open({str(tmp_path)!r})\n"
        "lib.view_ids(View()); lib.counts(); lib.close()\n"
        "lazy = ('argparse', 'tomllib', 'csv', 'webbrowser', 'hashlib', 'paper_tui.reading', "
        "'paper_tui.export', 'paper_tui.importers.hf_api')\n"
        "print(sorted(m for m in lazy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_format_names_match_the_parsers() -> None:
    """The command line lists the formats without importing the parsers; the list stays in step."""
    from paper_tui import importers

    assert tuple(importers.formats()) == importers.FORMAT_NAMES


def test_every_core_module_is_under_the_import_contract() -> None:
    """A new module outside paper_tui.ui and the CLI must be named in the import-linter contract that
    keeps Textual out of the core (lint-imports checks only the modules it is given)."""
    import pkgutil
    import tomllib
    from pathlib import Path

    import paper_tui

    root = Path(paper_tui.__file__).parent
    config = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    contract = config["tool"]["importlinter"]["contracts"][0]
    listed = set(contract["source_modules"])
    front_ends = {"paper_tui.ui", "paper_tui.cli", "paper_tui.__main__"}
    top_level = {f"paper_tui.{m.name}" for m in pkgutil.iter_modules([str(root)])}
    assert "textual" in contract["forbidden_modules"]
    assert top_level - front_ends == listed
