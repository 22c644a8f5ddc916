"""Widgets of the reader: the virtual paper list, the detail pane, the status line and the search bar."""
