"""w, M, H and 6 in the reader: watching and muting from a paper, the muted count, the Watched view."""

from __future__ import annotations

from paper_tui.library import Library
from paper_tui.model import View
from paper_tui.ui.screens.choices import ChoicePicker
from paper_tui.ui.screens.taste_actions import rule_choices, title_words
from tests.helpers.ui import main_screen, make_app, press, screen_text, settle


async def test_watch_an_author_mute_a_word_show_them_again(library: Library) -> None:
    ids = library.view_ids(View(latest=True))
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = main_screen(app)
        await press(app, pilot, "6")
        assert screen.papers.count == 0 and "press w on a paper to watch" in screen.papers.empty_text
        await press(app, pilot, "1")
        await press(app, pilot, "w")  # the first paper: Ada Lovelace, Alan Turing
        assert isinstance(app.screen, ChoicePicker)
        assert "author: Ada Lovelace" in screen_text(app)
        choice = next(n for n, (text, _) in enumerate(app.screen.choices, 1) if text == "author: Alan Turing")
        await press(app, pilot, str(choice))
        assert [r.label for r in library.rules()] == ["author: Alan Turing"]
        await press(app, pilot, "6")
        assert screen.papers.ids == [ids[0]]
        assert "◉" in screen_text(app)
        await press(app, pilot, "1", "j", "j", "j", "M")  # the fourth paper: mute its author
        choice = next(
            n for n, (text, _) in enumerate(app.screen.choices, 1) if text == "author: Edsger Dijkstra"
        )
        await press(app, pilot, str(choice))
        assert ids[3] not in screen.papers.ids
        assert str(screen.papers.border_title).endswith("· 1 muted hidden")
        await press(app, pilot, "H")
        assert ids[3] in screen.papers.ids and "muted" in screen_text(app)
        await press(app, pilot, "H")
        assert ids[3] not in screen.papers.ids
        # w on a watched paper offers to stop watching.
        screen.papers.highlight(ids[0])
        await press(app, pilot, "w")
        assert app.screen.choices[0] == ("stop watching author: Alan Turing", "-|author|Alan Turing")
        await press(app, pilot, "1")
        assert [r.label for r in library.rules()] == ["author: Edsger Dijkstra"]


def test_mute_offers_a_hugging_face_paper_s_title_words_before_the_model_has_reasons(
    seeded_library: Library,
) -> None:
    # Before: a Hugging Face paper (no category) with no reasons yet offered its authors only.
    (paper_id,) = [
        r.id for r in seeded_library.papers(seeded_library.view_ids(View())) if "DreamSync" in r.title
    ]
    record = seeded_library.paper(paper_id)
    assert record is not None and not record.reasons and not record.categories
    offered = [label for label, _ in rule_choices("mute", record, [])]
    assert "word: DreamSync" in offered and "word: Text-to-Image" in offered
    assert "word: with" not in offered and "word: Aligning" in offered
    assert title_words("Learning with Diffusion: a Survey") == ["Diffusion", "Survey"]
