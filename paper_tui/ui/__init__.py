"""The Textual reader (``paper-tui`` without a command); the core never imports this package."""
