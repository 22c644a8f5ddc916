"""The footer: Textual's, fitted to the width: the main keys that fit whole, by priority, each once."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from paper_tui.ui.keys import footer_fit

#: Columns a footer entry takes besides its key and its word (" k Word ": padding around both).
ENTRY_PADDING = 3
#: Columns the command palette's entry takes besides its key and word (its border and padding).
PALETTE_PADDING = 5


class KeyFooter(Footer):
    """The keys of the screen's footer bindings, as many as fit whole, chosen by
    :data:`~paper_tui.ui.keys.FOOTER_PRIORITY` and shown in the key table's order; the command
    palette's key on the right. Textual's footer shows them all and lets the right end be cut
    (``e▏``), and puts a key remapped in ``[keys]`` last."""

    _composed_width = 0

    def compose(self) -> ComposeResult:
        """The entries that fit the footer's width now."""
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        entries: dict[str, tuple[Binding, bool, str, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.id and binding.id not in entries:
                entries[binding.id] = (binding, enabled, tooltip, self.app.get_key_display(binding))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        width = self.size.width or self.app.size.width
        self._composed_width = width
        room = width
        if palette is not None:
            room -= len(self.app.get_key_display(palette[1])) + len(palette[1].description) + PALETTE_PADDING
        fitting = footer_fit(
            [
                (name, len(key) + len(b.description) + ENTRY_PADDING)
                for name, (b, _, _, key) in entries.items()
            ],
            room,
        )
        order = {b.id: i for i, b in enumerate(self.screen.BINDINGS) if isinstance(b, Binding)}
        for name in sorted(fitting, key=lambda n: order.get(n, len(order))):
            binding, enabled, tooltip, key = entries[name]
            yield FooterKey(
                binding.key, key, binding.description, binding.action, disabled=not enabled, tooltip=tooltip
            ).data_bind(compact=Footer.compact)
        if palette is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, tooltip = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def on_resize(self, event: events.Resize) -> None:
        """Fit the keys to the new width."""
        if self._bindings_ready and event.size.width != self._composed_width:
            self.call_after_refresh(self.recompose)
