"""The reader's state and its link to the library, kept without Textual so that unit tests drive it.

- :mod:`~paper_tui.reader.views`: what a list shows (Today, a digest, a search ...).
- :mod:`~paper_tui.reader.view_cache`: the ids of views not shown, and what fetches a view's ids.
- :mod:`~paper_tui.reader.index_state`: whether search can run while the index is checked or rebuilt.
- :mod:`~paper_tui.reader.session`: the ordered database thread, the start-up read, the saved place
  and the change poll.
- :mod:`~paper_tui.reader.place`: the reader's place and preferences as the library keeps them.

(:mod:`paper_tui.reading` is something else: reading digest files in worker processes.)
"""
