"""The library over a temporary data dir: ingest, merging, views, user state, search, index repair."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from paper_tui.library import Library, LookupFailed, View
from paper_tui.model import Link
from tests.helpers import ingest, paper


def test_ingest_counts_and_same_digest_twice_adds_nothing(library: Library) -> None:
    papers = [paper("Diffusion Models Beat GANs", "2401.00001"), paper("Graph Nets", "2401.00002")]
    first = ingest(library, *papers)
    again = ingest(library, *papers)
    assert (first.new, first.merged, first.unchanged) == (2, 0, 0)
    assert (again.new, again.merged, again.unchanged) == (0, 0, 2)
    assert library.counts()["papers"] == 2
    assert len(library.store.digests()) == 1


def test_arxiv_id_spellings_are_one_paper(library: Library) -> None:
    ingest(library, paper("A Title", "2410.17243"))
    pid = library.resolve("2410.17243")
    for ref in ("2410.17243v2", "arXiv:2410.17243", "https://arxiv.org/abs/2410.17243", str(pid), f"#{pid}"):
        assert library.resolve(ref) == pid
    with pytest.raises(LookupFailed):
        library.resolve("2410.99999")
    with pytest.raises(LookupFailed):
        library.resolve("999")


def test_paper_without_id_merges_with_later_sighting_by_normalised_title(library: Library) -> None:
    ingest(
        library, paper("DreamSync: Aligning Text-to-Image  Generation", None, abstract=""), source="hf-page"
    )
    pid = library.view_ids(View())[0]
    library.bookmark([pid])
    library.queue_add([pid])
    result = ingest(
        library,
        paper("dreamsync -- aligning text to image generation", "2312.00001", authors=("Jiao Sun",)),
        date="2026-08-02",
        source="arxiv-rss",
    )
    assert (result.new, result.merged) == (0, 1)
    record = library.paper(pid)
    assert record is not None
    assert record.arxiv_id == "2312.00001"
    assert record.authors == ("Jiao Sun",)
    assert record.abstract == "Abstract of dreamsync -- aligning text to image generation."
    assert record.title == "DreamSync: Aligning Text-to-Image Generation"
    assert record.bookmarked and record.queue_position == 1
    assert [s.date for s in record.digests] == ["2026-08-02", "2026-08-01"]


def test_near_identical_titles_merge_only_when_authors_agree(library: Library) -> None:
    ingest(
        library, paper("Scaling Laws for Contrastive Loss in Vision", None, authors=("Ann Smith", "Bo Li"))
    )
    ingest(
        library, paper("Scaling Laws for Contrastive Losses in Vision", "2501.00001", authors=("A. Smith",))
    )
    assert library.counts()["papers"] == 1
    ingest(library, paper("Scaling Laws for Contrastive Loss in Vision!", "2501.00002", authors=("Zed Q",)))
    # The id-less paper already got 2501.00001, so a different arXiv id is a different paper.
    assert library.counts()["papers"] == 2


def test_fuzzy_merge_refused_when_authors_disagree(library: Library) -> None:
    ingest(library, paper("Efficient Transformers for Long Documents", None, authors=("Ann Smith",)))
    ingest(library, paper("Efficient Transformer for Long Documents", "2501.00003", authors=("Carl Jung",)))
    assert library.counts()["papers"] == 2


def test_merge_fills_missing_fields_and_keeps_existing(library: Library) -> None:
    ingest(library, paper("T", "2401.00005", abstract="First abstract.", upvotes=3))
    ingest(
        library,
        paper(
            "T",
            "2401.00005",
            abstract="",
            upvotes=9,
            categories=("cs.LG",),
            links=(Link("code", "https://github.com/x/y"),),
            announce_type="replace",
        ),
        date="2026-08-03",
    )
    record = library.paper(library.resolve("2401.00005"))
    assert record is not None
    assert record.abstract == "First abstract."
    assert record.upvotes == 9
    assert record.categories == ("cs.LG",)
    assert [link.kind for link in record.links] == ["arxiv", "code"]
    assert record.replacement is False
    assert (record.first_seen, record.last_seen) == ("2026-08-01", "2026-08-03")


def test_digest_imports_whole_or_not_at_all(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest(library, paper("Existing", "2401.00009"))
    library.bookmark([library.resolve("2401.00009")])
    import paper_tui.store.ingest as store_module

    real = store_module._insert_paper
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "_insert_paper", failing)
    with pytest.raises(sqlite3.OperationalError):
        ingest(library, paper("New one", "2401.00010"), paper("New two", "2401.00011"), date="2026-08-09")
    assert library.counts()["papers"] == 1
    assert library.digest_dates() == ["2026-08-01"]
    assert library.view_ids(View(bookmarked=True)) == [library.resolve("2401.00009")]


def test_digest_counts_count_each_date_s_papers_once_and_those_unread(library: Library) -> None:
    ingest(library, paper("Old A", "2401.00001"), paper("Old B", "2401.00002"), date="2026-07-30")
    ingest(library, paper("New C", "2401.00003"), paper("Old A", "2401.00001"), date="2026-08-01")
    # A second digest of the same date (another source) repeating a paper: counted once.
    ingest(
        library,
        paper("New C", "2401.00003"),
        paper("New D", "2401.00004"),
        date="2026-08-01",
        source="arxiv-rss",
    )
    library.mark_read([library.resolve("2401.00001")])
    assert library.digest_counts() == {"2026-07-30": (2, 1), "2026-08-01": (3, 2)}


def test_views(library: Library) -> None:
    ingest(library, paper("Old A", "2401.00001"), paper("Old B", "2401.00002"), date="2026-07-30")
    ingest(library, paper("New C", "2401.00003"), paper("Old A", "2401.00001"), date="2026-08-01")
    a, b, c = (library.resolve(f"2401.0000{i}") for i in (1, 2, 3))
    assert library.view_ids(View(latest=True)) == [c, a]  # digest order
    assert library.view_ids(View(digest_date="2026-07-30")) == [a, b]
    assert library.view_ids(View()) == [a, c, b]  # newest digest first
    library.mark_read([a])
    library.bookmark([b])
    assert library.view_ids(View(unread=True)) == [c, b]
    assert library.view_ids(View(bookmarked=True)) == [b]
    assert library.view_ids(View(), limit=1) == [a]
    assert library.latest_date() == "2026-08-01"
    assert library.counts() == {"papers": 3, "unread": 2, "queued": 0, "bookmarked": 1}
    rows = library.rows([a, b])
    assert rows[a].read and not rows[a].bookmarked
    assert rows[b].bookmarked and rows[b].title == "Old B"


def test_queue_order_move_and_done(library: Library) -> None:
    ingest(library, *(paper(f"P{i}", f"2401.0000{i}") for i in range(1, 5)))
    ids = [library.resolve(f"2401.0000{i}") for i in range(1, 5)]
    library.queue_add(ids)
    library.queue_add([ids[0]])  # already queued: keeps its place
    assert library.queue() == ids
    assert library.queue_move(ids[3], 1) == 1
    assert library.queue() == [ids[3], ids[0], ids[1], ids[2]]
    assert library.queue_move(ids[3], 99) == 4
    library.queue_done([ids[1]])
    assert library.queue() == [ids[0], ids[2], ids[3]]
    record = library.paper(ids[1])
    assert record is not None and record.read and record.queue_position is None
    assert [library.paper(i).queue_position for i in library.queue()] == [1, 2, 3]  # type: ignore[union-attr]
    library.queue_remove([ids[0]])
    assert library.queue() == [ids[2], ids[3]]
    with pytest.raises(LookupFailed):
        library.queue_move(ids[0], 1)


def test_notes_are_sanitised_and_cleared(library: Library) -> None:
    ingest(library, paper("P", "2401.00001"))
    pid = library.resolve("2401.00001")
    library.set_note(pid, "read \x1b[31mthis\x1b[0m [b]soon[/b]")
    assert library.paper(pid).note == "read this [b]soon[/b]"  # type: ignore[union-attr]
    library.set_note(pid, "")
    assert library.paper(pid).note == ""  # type: ignore[union-attr]


def test_state_survives_reopen(library: Library) -> None:
    ingest(library, paper("P", "2401.00001"), paper("Q", "2401.00002"))
    p, q = library.resolve("2401.00001"), library.resolve("2401.00002")
    library.bookmark([p])
    library.queue_add([q, p])
    library.mark_read([q])
    library.close()
    again = Library.open()
    assert again.queue() == [q, p]
    assert again.view_ids(View(bookmarked=True)) == [p]
    assert again.view_ids(View(unread=True)) == [p]
    again.close()


def test_untrusted_text_is_sanitised_at_import(library: Library) -> None:
    ingest(
        library,
        paper(
            "Evil \x1b]52;c;ZXZpbA==\x07title\u202e [@click=app.quit]x[/]",
            "2401.00001",
            abstract="a\x1b[2Jb\x85c",
            authors=("Ann\x07 Smith",),
            links=(Link("code", "javascript:alert(1)"), Link("code", "https://ok.example/x")),
        ),
    )
    record = library.paper(library.resolve("2401.00001"))
    assert record is not None
    assert record.title == "Evil title [@click=app.quit]x[/]"
    assert record.abstract == "abc"
    assert record.authors == ("Ann Smith",)
    assert [link.url for link in record.links] == ["https://ok.example/x"]


# -- search ----------------------------------------------------------------------------------------


@pytest.fixture
def searchable(library: Library) -> Library:
    ingest(
        library,
        paper(
            "Diffusion Models Beat GANs on Image Synthesis",
            "2105.05233",
            abstract="We show that diffusion models can achieve image sample quality superior to GANs.",
            authors=("Prafulla Dhariwal", "Alex Nichol"),
            categories=("cs.LG", "cs.CV"),
        ),
        paper(
            "Graph Neural Networks for Molecules",
            "2401.00002",
            abstract="Message passing over molecular graphs predicts chemical properties.",
            authors=("Ann Smith",),
            categories=("cs.LG",),
        ),
        date="2026-07-01",
    )
    ingest(
        library,
        paper(
            "Language Models are Few-Shot Learners",
            "2005.14165",
            abstract="Scaling up language models greatly improves task-agnostic, few-shot performance.",
            authors=("Tom Brown",),
            categories=("cs.CL",),
        ),
        date="2026-08-01",
    )
    return library


def _titles(library: Library, query: str) -> list[str]:
    return [library.paper(h.paper_id).title for h in library.search(query)]  # type: ignore[union-attr]


def test_search_syntax(searchable: Library) -> None:
    library = searchable
    assert _titles(library, "diffusion") == ["Diffusion Models Beat GANs on Image Synthesis"]
    assert _titles(library, "diffu*") == ["Diffusion Models Beat GANs on Image Synthesis"]
    assert _titles(library, '"language models"') == ["Language Models are Few-Shot Learners"]
    assert _titles(library, "models AND graphs") == []
    assert len(_titles(library, "diffusion OR molecules")) == 2
    assert _titles(library, "models NOT diffusion") == ["Language Models are Few-Shot Learners"]
    assert _titles(library, "author:smith") == ["Graph Neural Networks for Molecules"]
    assert _titles(library, "title:graph") == ["Graph Neural Networks for Molecules"]
    assert _titles(library, "abstract:chemical") == ["Graph Neural Networks for Molecules"]
    assert _titles(library, "category:cs.CL") == ["Language Models are Few-Shot Learners"]
    assert _titles(library, "date:2026-08") == ["Language Models are Few-Shot Learners"]
    assert len(_titles(library, "date:[2026-06-01 TO 2026-07-31]")) == 2
    assert _titles(library, "id:2105.05233") == ["Diffusion Models Beat GANs on Image Synthesis"]
    assert _titles(library, "difusion~") == ["Diffusion Models Beat GANs on Image Synthesis"]
    assert library.search("   ") == []


def test_title_matches_rank_above_abstract_matches(searchable: Library) -> None:
    library = searchable
    ingest(library, paper("A Survey", "2401.00077", abstract="We survey image synthesis and graph models."))
    titles = _titles(library, "graph")
    assert titles[0] == "Graph Neural Networks for Molecules"
    assert "A Survey" in titles


def test_search_highlights_and_terms(searchable: Library) -> None:
    library = searchable
    (hit,) = library.search("diffusion", highlights=True)
    assert "\x02Diffusion\x03" in hit.highlights["title"]
    assert "\x02diffusion\x03" in hit.highlights["abstract"]
    terms = library.search_terms("diffu*")
    assert "diffus" in terms  # indexed (stemmed) words
    marked = library.highlight("Diffusion is everywhere; diffusions too.", library.search_terms("diffusion"))
    assert marked.count("\x02") == 2


def test_more_like_this(searchable: Library) -> None:
    library = searchable
    ingest(
        library,
        paper(
            "Denoising Diffusion for Image Synthesis",
            "2401.00099",
            abstract="Diffusion models produce image samples of high quality, beating GANs.",
        ),
    )
    related = [h.paper_id for h in library.more_like(library.resolve("2105.05233"))]
    assert related and related[0] == library.resolve("2401.00099")
    assert library.resolve("2105.05233") not in related


def test_missing_or_damaged_index_is_rebuilt(searchable: Library) -> None:
    library = searchable
    library.index.close()
    shutil.rmtree(library.paths.index_dir)
    assert _titles(library, "diffusion") == ["Diffusion Models Beat GANs on Image Synthesis"]
    library.index.close()
    for path in library.paths.index_dir.iterdir():
        if path.suffix == ".toc":
            path.write_bytes(b"garbage")
    assert _titles(library, "molecules") == ["Graph Neural Networks for Molecules"]
    assert any("rebuilt" in n for n in library.notices.pending())


def test_pending_index_updates_survive_a_crash_between_commits(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(library, paper("Alpha", "2401.00001"))

    def crash(self: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(Library, "sync_index", crash)
        ingest(library, paper("Bravo zulu", "2401.00002"))
    assert library.store.pending_index() == [library.resolve("2401.00002")]
    assert _titles(library, "zulu") == ["Bravo zulu"]
    assert library.store.pending_index() == []


def test_doctor_reports_and_repairs(searchable: Library) -> None:
    library = searchable
    assert library.doctor() == ["database: integrity check ok", "index: consistent (3 papers)"]
    library.index.update([], deleted=[library.resolve("2105.05233")])
    report = library.doctor()
    assert report[1] == "index: 1 paper missing and 0 stale documents; rebuilding"
    assert report[2] == "index: rebuilt (3 papers)"
    assert library.index.pids() == set(library.store.all_ids())


def test_index_folder_writable_by_others_is_not_opened(searchable: Library) -> None:
    library = searchable
    library.index.close()
    library.paths.index_dir.chmod(0o777)
    assert _titles(library, "diffusion") == ["Diffusion Models Beat GANs on Image Synthesis"]
    assert library.paths.index_dir.stat().st_mode & 0o022 == 0


def test_search_can_be_stopped_early(searchable: Library) -> None:
    library = searchable
    assert library.search("models OR graph", should_stop=lambda: True) == []
    assert len(library.search("models OR graph")) == 3


def test_quick_search_looks_at_titles_and_authors_only(searchable: Library) -> None:
    library = searchable

    def quick(query: str) -> list[str]:
        return [library.paper(h.paper_id).title for h in library.search(query, quick=True)]  # type: ignore[union-attr]

    assert quick("diffusion") == ["Diffusion Models Beat GANs on Image Synthesis"]
    assert quick("nich*") == ["Diffusion Models Beat GANs on Image Synthesis"]  # author prefix
    assert quick("chemical") == []  # only in an abstract: the full search finds it
    assert _titles(library, "chemical") == ["Graph Neural Networks for Molecules"]
    assert quick("abstract:chemical") == ["Graph Neural Networks for Molecules"]  # a named field still counts
    assert quick("zzz*") == []
    assert library.search_terms("mol*", quick=True) == {"molecul"}


def test_quick_search_prefix_keeps_the_most_frequent_words(library: Library) -> None:
    words = ["alpha", "alpine", "alps", "altar", "alto", "alum", "always", "alter", "alder", "albeit"]
    papers = [paper(f"Study of {w}", f"2401.{i:05d}") for i, w in enumerate(words)]
    papers += [paper(f"Another alpha study {i}", f"2402.{i:05d}") for i in range(5)]
    ingest(library, *papers)
    terms = library.search_terms("al*", quick=True)
    assert len(terms) == 8 and "alpha" in terms
    assert len(library.search_terms("al*")) == 10  # the full search expands every word
    hits = library.search("al*", limit=100, quick=True)
    assert 6 + 5 <= len(hits) < 15


def test_one_index_commit_per_import_run(library: Library, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers import digest_json

    folder = tmp_path / "digests"
    folder.mkdir()
    for day in range(1, 4):
        (folder / f"d{day}.json").write_text(digest_json(f"2026-08-0{day}", 3, start=day * 10))
    ingest(library, paper("An earlier paper", "2401.00001"))  # the index exists from here on
    commits: list[int] = []
    real_update = library.index.update

    def counting_update(documents, deleted=(), procs=1, wait=True):  # type: ignore[no-untyped-def]
        count = real_update(documents, deleted, procs=procs, wait=wait)
        commits.append(count)
        return count

    monkeypatch.setattr(library.index, "update", counting_update)
    outcome = library.import_paths([folder])
    assert outcome.ok and len(outcome.results) == 3
    assert commits == [9]
    assert library.store.pending_index() == []
    assert len(library.search("testing", limit=50)) == 9
    # Separate segment files, no compound file (searchers would read a compound file whole).
    assert not list(library.paths.index_dir.glob("*.seg"))


def test_searches_keep_working_while_the_index_is_rebuilt(library: Library) -> None:
    ingest(library, *[paper(f"Sparse attention study {i}", f"2403.{i:05d}") for i in range(1200)])
    other = Library.open(library.paths.data_dir)  # a reader in another process, in effect
    during: list[int] = []
    reports: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        reports.append((done, total))
        if done < total:
            during.append(len(other.search("sparse", limit=2000)))

    assert library.reindex(progress) == 1200
    assert during and all(n == 1200 for n in during)
    assert reports[-1] == (1200, 1200) and len(reports) >= 3
    assert len(other.search("sparse", limit=2000)) == 1200  # and after the swap
    other.close()
