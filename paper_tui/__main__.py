"""Run paper-tui as ``python -m paper_tui``."""

from __future__ import annotations

from paper_tui.cli import main

raise SystemExit(main())
