"""The reader's theme at start: the one chosen in the reader (saved), else the config file's."""

from __future__ import annotations

from typing import Any

from textual.app import App


def apply_start_theme(app: App[Any], saved: str | None, configured: str | None) -> str | None:
    """Apply the saved theme, else the configured one, when Textual knows it; returns the theme
    applied (None for none). An unknown theme in the config file is said in a notification."""
    theme = saved or configured
    if theme and theme in app.available_themes:
        app.theme = theme
        return theme
    if configured and configured not in app.available_themes:
        app.notify(f"Unknown theme in the config file: {configured}", severity="warning", markup=False)
    return None
