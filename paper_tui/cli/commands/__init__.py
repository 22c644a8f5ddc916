"""The verbs that open the library, by name: each prints through the output module and calls the library."""

from __future__ import annotations

from paper_tui.cli.commands.imports import cmd_fetch, cmd_import
from paper_tui.cli.commands.maintenance import cmd_backup, cmd_doctor, cmd_enrich, cmd_reindex, cmd_remove
from paper_tui.cli.commands.marks import cmd_bookmark, cmd_note, cmd_queue, cmd_read, cmd_undo
from paper_tui.cli.commands.papers import cmd_export, cmd_list, cmd_search, cmd_show
from paper_tui.cli.commands.taste import cmd_like, cmd_rule, cmd_status

COMMANDS = {
    "import": cmd_import,
    "list": cmd_list,
    "show": cmd_show,
    "search": cmd_search,
    "queue": cmd_queue,
    "bookmark": cmd_bookmark,
    "like": cmd_like,
    "less": cmd_like,
    "skip": cmd_like,
    "undo": cmd_undo,
    "status": cmd_status,
    "watch": cmd_rule,
    "mute": cmd_rule,
    "note": cmd_note,
    "read": cmd_read,
    "export": cmd_export,
    "reindex": cmd_reindex,
    "doctor": cmd_doctor,
    "backup": cmd_backup,
    "fetch": cmd_fetch,
    "remove": cmd_remove,
    "enrich": cmd_enrich,
}
