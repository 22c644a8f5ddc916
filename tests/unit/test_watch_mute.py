"""Watch and mute: what the rules match, the views they change, For you, undo and the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from paper_tui.cli import main
from paper_tui.library import Library
from paper_tui.model import View
from paper_tui.rules import Matcher, Rule
from tests.helpers import ingest, paper


@pytest.fixture
def library() -> Iterator[Library]:
    with Library.open() as opened:
        ingest(
            opened,
            paper(
                "Score-based diffusion models",
                "2608.00001",
                authors=("Yang Song", "Stefano Ermon"),
                categories=("cs.LG",),
            ),
            paper(
                "A survey of graph networks", "2608.00002", authors=("Ada Lovelace",), categories=("cs.AI",)
            ),
            paper(
                "Video generation at scale",
                "2608.00003",
                abstract="A diffusion transformer for video.",
                categories=("cs.CV",),
            ),
            paper("Surveying the land", "2608.00004", authors=("Jun Song",)),
            date="2026-08-01",
        )
        yield opened


def titles(library: Library, view: View) -> list[str]:
    ids = library.view_ids(view)
    rows = library.rows(ids)
    return [rows[i].title for i in ids]


def test_rules_match_whole_words_surnames_and_categories() -> None:
    matcher = Matcher(
        [
            Rule("watch", "author", "song"),
            Rule("watch", "word", "Diffusion"),
            Rule("watch", "category", "cs.cv"),
        ]
    )
    assert matcher.match("Score-based diffusion models", "", ["Yang Song"], ["cs.LG"]) == [
        "author: song",
        "word: Diffusion",
    ]
    assert matcher.match("Diffusions", "", ["Songbird"], ["cs.CV"]) == ["category: cs.cv"]  # not a whole word
    assert Matcher([Rule("mute", "word", "survey")]).match("Surveying", "", [], []) == []


def test_watch_and_mute_change_the_views_and_undo_takes_them_back(library: Library) -> None:
    assert library.add_rule("watch", "author", "Song")
    assert not library.add_rule("watch", "author", "Song")  # there already
    assert titles(library, View(watched=True)) == ["Score-based diffusion models", "Surveying the land"]
    assert library.add_rule("mute", "word", "survey")
    today = View(digest_date="2026-08-01", hide_muted=True)
    assert "A survey of graph networks" not in titles(library, today)
    assert library.count_muted(View(digest_date="2026-08-01")) == 1
    assert len(titles(library, View(digest_date="2026-08-01"))) == 4  # never deleted
    rows = {row.title: row for row in library.rows(library.view_ids(View())).values()}
    assert rows["Score-based diffusion models"].watched and rows["A survey of graph networks"].muted
    assert library.undo() == "mute word: survey"
    assert library.count_muted(View()) == 0
    assert library.remove_rule("watch", "author", "song")
    assert titles(library, View(watched=True)) == []
    assert library.undo() == "removal of watch author: song"
    assert len(titles(library, View(watched=True))) == 2


def test_config_tables_count_too_and_new_papers_are_matched(library: Library) -> None:
    library.paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    library.paths.config_file.write_text(
        '[watch]\nwords = ["video generation"]\n[mute]\ncategories = ["cs.AI"]\n'
    )
    assert library.sync_rules() == 4
    assert titles(library, View(watched=True)) == ["Video generation at scale"]
    assert library.count_muted(View()) == 1
    ingest(library, paper("Fast video generation", "2608.00009"), date="2026-08-02")
    assert library.sync_rules() == 1  # only the new paper is looked at
    assert "Fast video generation" in titles(library, View(watched=True))
    assert library.sync_rules() == 0


def test_watched_papers_rise_in_for_you_with_the_rule_as_reason(library: Library) -> None:
    library.add_rule("watch", "word", "video")
    state = library.learn()
    assert state.mode == "watch"  # no signals yet: the watch list only, no model
    first = library.view_ids(View(digest_date="2026-08-01", sort="for-you"))[0]
    record = library.paper(first)
    assert record is not None and record.title == "Video generation at scale"
    assert record.reasons[0][0] == "watch: word: video"


def test_watch_and_mute_on_the_command_line(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "author", "Yang", "Song"]) == 0
    assert capsys.readouterr().out == "watching author: Yang Song (1 paper watched)\n"
    assert main(["mute", "word", "survey"]) == 0
    capsys.readouterr()
    assert main(["watch", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"action": "watch", "field": "author", "value": "Yang Song", "source": "library"},
        {"action": "mute", "field": "word", "value": "survey", "source": "library"},
    ]
    assert main(["list", "--watched", "--json"]) == 0
    assert [p["title"] for p in json.loads(capsys.readouterr().out)] == ["Score-based diffusion models"]
    assert main(["mute", "word", "survey", "--remove"]) == 0
    assert capsys.readouterr().out.startswith("no longer muting word: survey")
    assert main(["watch", "word"]) == 1
    assert "give the word too" in capsys.readouterr().err


def test_a_bad_watch_table_is_said(tmp_path: Path) -> None:
    from paper_tui.config import Config, ConfigError

    config = tmp_path / "config.toml"
    config.write_text("[watch]\nauthors = 3\n")
    with pytest.raises(ConfigError, match=r"watch\.authors must be a list of strings"):
        Config.load(config)
