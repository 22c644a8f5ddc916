"""A damaged search index, in every way we could think of: detected, rebuilt from SQLite, said once.

Each variant damages the index of a closed library (120 papers). Opening the library and searching must
work, give exactly what an index built from scratch gives, leave a healthy private index behind, and add
exactly one notice; the reader warns once (and may say when the rebuild is done).

Whoosh keeps no checksums and reads some damaged bytes without an error, so paper-tui keeps its own list
(``paper-tui.sums``: size and CRC-32 of every file, which Whoosh never changes once written), written by
each commit and compared once per opened library before the first search, and by ``doctor``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import stat
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from paper_tui import index as index_module
from paper_tui.index import SUMS_NAME
from paper_tui.library import Library
from tests.helpers import fresh_build_ids, search_ids, write_hf_digest
from tests.helpers.ui import main_screen, make_app, said, settle

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
    # Half the file: every query reads a damaged block.
    for path in _segment_files(folder):
        if path.suffix == ".pst":
            _garble(path, fraction=0.5)


def garbled_postings_slightly(folder: Path) -> None:
    # 32 bytes: Whoosh reads most of them without an error (only the checksums see them).
    for path in _segment_files(folder):
        if path.suffix == ".pst":
            _garble(path, fraction=0)


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


def garbled_lengths(folder: Path) -> None:
    for path in _segment_files(folder):
        if path.name.endswith("_abstract_len.col"):
            _garble(path, fraction=0)


def garbled_checksums(folder: Path) -> None:
    sums = folder / SUMS_NAME
    sums.write_bytes(sums.read_bytes()[: sums.stat().st_size // 2])


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
        garbled_postings_slightly,
        garbled_stored_fields,
        garbled_toc,
        garbled_term_dictionary,
        garbled_lengths,
        garbled_checksums,
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
        assert len(library.notices.pending()) == 1, library.notices.pending()
        assert "index" in library.notices.pending()[0]
        assert library.index.pids() == set(library.store.all_ids())
    finally:
        library.close()
    info = (home / "index").stat()
    assert stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == os.getuid()
    assert not [p.name for p in home.iterdir() if p.name.startswith("index.") and p.is_dir()]  # no leftovers


def test_the_first_search_runs_beside_the_checksum_comparison_and_waits_for_its_verdict(
    built: tuple[Path, dict[str, set[int]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first search of a process does not wait for the comparison of the index files (60 ms at
    100,000 papers) before it starts: they run at once, and the answer is given after the verdict."""
    home = _damaged_copy(built, tmp_path, lambda folder: None)
    library = Library.open(home)
    searching, compared = threading.Event(), threading.Event()
    seen: list[bool] = []
    rank, index_damage = library.index.rank, library.index_damage

    def ranking(*args: object, **kwargs: object) -> object:
        searching.set()
        return rank(*args, **kwargs)  # type: ignore[arg-type]

    def comparing() -> str | None:
        seen.append(searching.wait(10))  # the search has started while the comparison runs
        found = index_damage()
        compared.set()
        return found

    monkeypatch.setattr(library.index, "rank", ranking)
    monkeypatch.setattr(library, "index_damage", comparing)
    try:
        assert search_ids(library, QUERIES) == built[1]
        assert seen == [True] and compared.is_set()
        assert library.notices.pending() == []
    finally:
        library.close()


# -- the checksum list ------------------------------------------------------------------------


def _sums(folder: Path) -> dict[str, list[int]]:
    files: dict[str, list[int]] = json.loads((folder / SUMS_NAME).read_text())["files"]
    return files


def _index_files(folder: Path) -> dict[str, list[int]]:
    """Size and CRC-32 of each of Whoosh's files in the folder (not the lock, not the list itself)."""
    return {
        p.name: [p.stat().st_size, zlib.crc32(p.read_bytes())]
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith(("MAIN_", "_MAIN_")) and "LOCK" not in p.name
    }


def test_the_checksum_list_names_every_index_file_after_each_write(
    built: tuple[Path, dict[str, set[int]]], tmp_path: Path
) -> None:
    home = _damaged_copy(built, tmp_path, lambda folder: None)
    folder = home / "index"
    assert _sums(folder) == _index_files(folder)
    before = set(_sums(folder))
    with Library.open(home) as library:
        library.import_file(write_hf_digest(tmp_path / "c.json", "2026-08-03", 5, start=500, seed=9))
        assert _sums(folder) == _index_files(folder)
        added = set(_sums(folder)) - before  # the new segment's files and table of contents
        assert {name.rsplit(".", 1)[1] for name in added} >= {"pst", "trm", "col", "toc"}
        assert library.index.verify() == len(_index_files(folder))
        library.reindex()
        assert _sums(folder) == _index_files(folder)
        assert not set(_sums(folder)) & before  # a fresh build: the old names are gone
        assert library.notices.pending() == []


@pytest.mark.parametrize(
    "variant", ["garbled_term_dictionary", "garbled_postings_slightly", "garbled_stored_fields"]
)
def test_doctor_finds_garbled_files_by_their_checksums_and_rebuilds(
    variant: str, built: tuple[Path, dict[str, set[int]]], tmp_path: Path
) -> None:
    home = _damaged_copy(built, tmp_path, VARIANTS[variant])
    with Library.open(home) as library:
        report = library.doctor()
        assert any(
            line.startswith("index: damaged") and "changed since it was written" in line for line in report
        )
        assert report[-1] == f"index: rebuilt ({len(library.store.all_ids())} papers)"
        assert search_ids(library, QUERIES) == built[1]
        assert library.notices.pending() == []  # doctor says it in its report
        assert library.doctor()[-1].startswith("index: consistent")


def test_an_index_from_before_the_checksums_is_trusted_and_gets_them_at_the_next_write(
    built: tuple[Path, dict[str, set[int]]], tmp_path: Path
) -> None:
    home = _damaged_copy(built, tmp_path, lambda folder: (folder / SUMS_NAME).unlink())
    folder = home / "index"
    with Library.open(home) as library:
        assert search_ids(library, QUERIES) == built[1]
        assert library.doctor()[-1].startswith("index: consistent")
        assert library.notices.pending() == [] and not (folder / SUMS_NAME).exists()
        library.import_file(write_hf_digest(tmp_path / "c.json", "2026-08-03", 5, start=500, seed=9))
        assert _sums(folder) == _index_files(folder)  # the old files too
        assert library.notices.pending() == []


def test_files_the_list_does_not_name_yet_are_not_damage(
    built: tuple[Path, dict[str, set[int]]], tmp_path: Path
) -> None:
    """A commit's files exist a moment before its entry in the list: a reader checking then is fine."""

    def forget_the_largest(folder: Path) -> None:
        sums = _sums(folder)
        del sums[_segment_files(folder)[0].name]
        (folder / SUMS_NAME).write_text(json.dumps({"files": sums}))

    home = _damaged_copy(built, tmp_path, forget_the_largest)
    with Library.open(home) as library:
        assert search_ids(library, QUERIES) == built[1]
        assert library.doctor()[-1].startswith("index: consistent")
        assert library.notices.pending() == []


def test_the_check_is_made_once_per_opened_library(
    built: tuple[Path, dict[str, set[int]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _damaged_copy(built, tmp_path, lambda folder: None)
    deep_checks: list[bool] = []
    verify = index_module.Index.verify

    def counting(self: index_module.Index, *, deep: bool = True) -> int:
        deep_checks.append(deep)
        return verify(self, deep=deep)

    monkeypatch.setattr(index_module.Index, "verify", counting)
    with Library.open(home) as library:
        library.warm()
        search_ids(library, QUERIES)
    assert deep_checks.count(True) == 1
    # The reader takes the check over (it runs it beside the first searches, not before them).
    deep_checks.clear()
    with Library.open(home) as library:
        library.take_over_index_check()
        assert library.index_usable()
        search_ids(library, QUERIES)
        assert deep_checks.count(True) == 0
        assert library.index_damage() is None
    assert deep_checks.count(True) == 1
    garbled_term_dictionary(home / "index")
    with Library.open(home) as library:
        library.take_over_index_check()
        assert library.index_usable()  # same sizes: only the contents tell
        damage = library.index_damage()
        assert damage is not None and "changed since it was written" in damage and ".trm" in damage


def test_an_update_made_while_another_process_rebuilds_is_not_lost(
    built: tuple[Path, dict[str, set[int]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One library rebuilds the index; meanwhile another imports a digest (its papers are committed
    after the rebuild read the ids). The import's index update waits for the rebuild and goes into the
    new index: without the lock it would go into the old folder, thrown away at the swap."""
    home = _damaged_copy(built, tmp_path, lambda folder: None)
    importer_waiting = threading.Event()  # the import found the index locked (or, unlocked, finished)

    class ObservedLock(index_module.FileLock):
        def acquire(self, blocking: bool = False) -> bool:
            if super().acquire(blocking=False):
                return True
            importer_waiting.set()
            return bool(super().acquire(blocking=blocking))

    monkeypatch.setattr(index_module, "FileLock", ObservedLock)
    digest = write_hf_digest(tmp_path / "late.json", "2026-08-05", 7, start=700, seed=4, marker="charlie")
    rebuilder, importer = Library.open(home), Library.open(home)
    errors: list[BaseException] = []

    def import_late() -> None:
        try:
            importer.search("alpha")  # a reader that had the index open before the rebuild
            importer.import_file(digest)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            importer_waiting.set()

    documents = rebuilder._documents
    thread = threading.Thread(target=import_late)

    def documents_then_the_import(ids: list[int]) -> Iterator[object]:
        for n, document in enumerate(documents(ids)):
            if n == 1:  # the rebuild holds the lock and has read the ids: now the import runs
                thread.start()
                assert importer_waiting.wait(30), "the import neither waited nor finished"
            yield document

    monkeypatch.setattr(rebuilder, "_documents", documents_then_the_import)
    try:
        rebuilder.reindex()
        thread.join(30)
        assert not thread.is_alive() and not errors, errors
        assert {hit.paper_id for hit in importer.search("charlie", 1000)} == {
            hit.paper_id for hit in rebuilder.search("charlie", 1000)
        }
        assert len({hit.paper_id for hit in rebuilder.search("charlie", 1000)}) == 7
        assert rebuilder.index.pids() == set(rebuilder.store.all_ids())
        assert rebuilder.store.pending_index() == []
        assert rebuilder.notices.pending() == [] and importer.notices.pending() == []
    finally:
        rebuilder.close()
        importer.close()


@pytest.mark.parametrize(
    "variant", ["truncated_segment", "garbled_postings", "garbled_term_dictionary", "empty_folder"]
)
async def test_the_reader_says_once_that_the_index_was_rebuilt(
    variant: str, built: tuple[Path, dict[str, set[int]]], tmp_path: Path
) -> None:
    home = _damaged_copy(built, tmp_path, VARIANTS[variant])
    library = Library.open(home)

    try:
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
            damage = [text for text in said(app) if "damaged" in text or "lost" in text]
            assert len(damage) == 1, said(app)
            assert not [text for text in said(app) if "failed" in text.lower()], said(app)
            assert app.is_running
    finally:
        library.close()
