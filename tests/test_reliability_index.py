"""A damaged search index, in every way we could think of: detected, rebuilt from SQLite, said once.

Each variant damages the index of a closed library (120 papers). Opening the library and searching must
work, give exactly what an index built from scratch gives, leave a healthy private index behind, and add
exactly one notice; the reader warns once (and may say when the rebuild is done).
"""

from __future__ import annotations

import os
import random
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_ui_support import main_screen, make_app, notifications, run, settle

from paper_tui.library import Library
from tests.helpers import fresh_build_ids, search_ids, write_hf_digest

QUERIES = ("alpha", "bravo", "diffusion", "graph AND robot", "title:kernel", "author:author1*", "n10*")
Damage = Callable[[Path], None]


def _segment_files(folder: Path) -> list[Path]:
    """The index's data files, largest first (not the table of contents, not the lock)."""
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix != ".toc" and "LOCK" not in p.name]
    return sorted(files, key=lambda p: p.stat().st_size, reverse=True)


def _garble(path: Path, fraction: float = 0.02, seed: int = 5) -> None:
    """Overwrite a run of bytes a fifth of the way into ``path`` with random ones."""
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    start = len(data) // 5
    for i in range(start, min(len(data), start + max(32, int(len(data) * fraction)))):
        data[i] = rng.randrange(256)
    path.write_bytes(bytes(data))


def truncated_segment(folder: Path) -> None:
    largest = _segment_files(folder)[0]
    os.truncate(largest, largest.stat().st_size // 2)


def garbled_postings(folder: Path) -> None:
    # Half the file: every query reads a damaged block (see the xfail test below for a smaller hit).
    for path in _segment_files(folder):
        if path.suffix == ".pst":
            _garble(path, fraction=0.5)


def garbled_stored_fields(folder: Path) -> None:
    for path in _segment_files(folder):
        if path.name.endswith("_stored.col"):
            _garble(path)


def garbled_toc(folder: Path) -> None:
    for path in folder.glob("*.toc"):
        _garble(path, fraction=0.05)


def garbled_term_dictionary(folder: Path) -> None:
    for path in _segment_files(folder):
        if path.suffix == ".trm":
            _garble(path, fraction=0.3)


def deleted_segment_file(folder: Path) -> None:
    _segment_files(folder)[0].unlink()


def deleted_toc(folder: Path) -> None:
    for path in folder.glob("*.toc"):
        path.unlink()


def random_bytes_files(folder: Path) -> None:
    for path in _segment_files(folder):
        path.write_bytes(os.urandom(path.stat().st_size))


def random_newer_toc(folder: Path) -> None:
    (folder / "_MAIN_99.toc").write_bytes(os.urandom(600))


def empty_folder(folder: Path) -> None:
    shutil.rmtree(folder)
    folder.mkdir()


def group_writable(folder: Path) -> None:
    folder.chmod(0o770)


def world_writable(folder: Path) -> None:
    folder.chmod(0o777)


def other_owner(folder: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("changing a folder's owner needs root")
    os.chown(folder, 65534, 65534)


VARIANTS: dict[str, Damage] = {
    f.__name__: f
    for f in (
        truncated_segment,
        garbled_postings,
        garbled_stored_fields,
        garbled_toc,
        deleted_segment_file,
        deleted_toc,
        random_bytes_files,
        random_newer_toc,
        empty_folder,
        group_writable,
        world_writable,
        other_owner,
    )
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, set[int]]]]:
    """A closed library of two digests (60 papers marked "alpha", 60 "bravo") and each query's hits."""
    root = tmp_path_factory.mktemp("index-damage")
    home = root / "home"
    library = Library.open(home)
    try:
        for n, marker in enumerate(("alpha", "bravo")):
            path = write_hf_digest(
                root / f"{marker}.json", f"2026-08-0{n + 1}", 60, start=n * 60, seed=n, marker=marker
            )
            library.import_file(path)
        expected = fresh_build_ids(library, QUERIES, root / "fresh")
        assert search_ids(library, QUERIES) == expected
        assert all(expected.values())
    finally:
        library.close()
    yield home, expected


def _damaged_copy(built: tuple[Path, dict[str, set[int]]], tmp_path: Path, damage: Damage) -> Path:
    home = tmp_path / "damaged"
    shutil.copytree(built[0], home)
    damage(home / "index")
    return home


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_damaged_index_is_rebuilt_and_said_once(
    variant: str, built: tuple[Path, dict[str, set[int]]], tmp_path: Path
) -> None:
    home = _damaged_copy(built, tmp_path, VARIANTS[variant])
    library = Library.open(home)
    try:
        assert search_ids(library, QUERIES) == built[1]
        assert search_ids(library, QUERIES) == built[1]  # and again: no second rebuild, no second notice
        assert len(library.notices) == 1, library.notices
        assert "index" in library.notices[0]
        assert library.index.pids() == set(library.store.all_ids())
    finally:
        library.close()
    info = (home / "index").stat()
    assert stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == os.getuid()
    assert not [p.name for p in home.iterdir() if p.name.startswith("index.") and p.is_dir()]  # no leftovers


@pytest.mark.xfail(
    strict=True,
    reason="Whoosh keeps no checksums: random bytes in the term dictionary can make a search return "
    "too few papers without any error, until a read trips over the damage (paper-tui reindex fixes it)",
)
def test_garbled_term_dictionary_is_not_always_detected(
    built: tuple[Path, dict[str, set[int]]], tmp_path: Path
) -> None:
    home = _damaged_copy(built, tmp_path, garbled_term_dictionary)
    library = Library.open(home)
    try:
        found = {q: {hit.paper_id for hit in library.search(q, 1_000_000)} for q in QUERIES}
        assert found == built[1]
    finally:
        library.close()


@pytest.mark.parametrize("variant", ["truncated_segment", "garbled_postings", "empty_folder"])
def test_the_reader_says_once_that_the_index_was_rebuilt(
    variant: str, built: tuple[Path, dict[str, set[int]]], tmp_path: Path
) -> None:
    home = _damaged_copy(built, tmp_path, VARIANTS[variant])
    library = Library.open(home)

    async def scenario() -> None:
        app = make_app(library)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(app, pilot)
            screen = main_screen(app)
            for query in ("alpha", "bravo"):
                await pilot.press("slash", *query, "space", "enter")
                await settle(app, pilot)
                assert set(screen.papers.ids) == built[1][query]
                await pilot.press("escape")
                await settle(app, pilot)
            # One warning that the index is damaged (the reader may add when the rebuild is done, and
            # that search waits for it when a query comes meanwhile).
            damage = [text for text in notifications(app) if "damaged" in text or "lost" in text]
            assert len(damage) == 1, notifications(app)
            assert not [text for text in notifications(app) if "failed" in text.lower()], notifications(app)
            assert app.is_running

    try:
        run(scenario)
    finally:
        library.close()
