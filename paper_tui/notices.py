"""Things the user should hear about once, kept until a front end says them."""

from __future__ import annotations

import threading

__all__ = ["Notices"]


class Notices:
    """Things the user should hear about once (an index rebuilt after damage, a backup that failed).

    Added from any thread (an import, a search worker) and taken by the front end that says them:
    the CLI on stderr at the end of a command, the reader in a notification.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[str] = []

    def add(self, text: str) -> None:
        """Keep a notice until it is taken."""
        with self._lock:
            self._items.append(text)

    def take(self) -> list[str]:
        """Every notice not taken yet, oldest first; they are gone afterwards."""
        with self._lock:
            items, self._items = self._items, []
        return items

    def pending(self) -> list[str]:
        """The notices not taken yet, left in place."""
        with self._lock:
            return list(self._items)
