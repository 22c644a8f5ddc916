"""The rough edges of issue 18, each as the reader shows it: the detail pane's words and links, the
queue view, the footer and the status line, notifications over dialogs, the export folder, the
clipboard inside tmux."""

from __future__ import annotations

from paper_tui.model import Link, PaperRecord
from paper_tui.ui.widgets.detail import detail_content


def record(**changes: object) -> PaperRecord:
    """A paper record with a long abstract, a note and three links."""
    fields: dict[str, object] = {
        "id": 7,
        "arxiv_id": "2608.00001",
        "title": "Diffusion Transformers",
        "abstract": "\n".join(f"Abstract line {n}." for n in range(40)),
        "authors": ("Ada Lovelace",),
        "categories": ("cs.CV",),
        "links": (
            Link("arxiv", "https://arxiv.org/abs/2608.00001"),
            Link("pdf", "https://arxiv.org/pdf/2608.00001"),
            Link("code", "https://github.com/example/x"),
        ),
        "upvotes": 1,
        "comment": "",
        "published": "2026-08-01",
        "first_seen": "2026-08-01",
        "last_seen": "2026-08-01",
        "replacement": False,
        "note": "My note.",
    }
    fields.update(changes)
    return PaperRecord(**fields)  # type: ignore[arg-type]


def test_one_upvote_is_singular() -> None:
    text = detail_content(record(upvotes=1)).plain
    assert "▲ 1 upvote" in text and "1 upvotes" not in text
    assert "▲ 2 upvotes" in detail_content(record(upvotes=2)).plain


def test_links_come_before_the_abstract_numbered_as_y_uses_them() -> None:
    lines = detail_content(record()).plain.splitlines()
    first_link = next(i for i, line in enumerate(lines) if "https://arxiv.org/abs/2608.00001" in line)
    abstract = lines.index("Abstract")
    assert first_link < abstract
    assert first_link < 8, lines[:10]  # right under the title, authors and badges
    numbered = [line.split()[0] for line in lines if "https://" in line]
    assert numbered == ["1", "2", "3"]
    assert lines.index("Note") > abstract
