"""The arXiv listing e-mail importer: plain-text bodies, .eml messages and mbox files."""

from __future__ import annotations

import pytest

from paper_tui import importers
from paper_tui.importers import arxiv_email, arxiv_feed
from paper_tui.model import DigestError, Link
from tests.helpers import SEEDS, sample

FIRST5 = "arxiv_email_listing_2026-01-22_cs_first5.txt"
SLICE3 = "arxiv_email_listing_2026-01-20_cs_slice3_replacements_boundary.txt"
OTHER_SAMPLES = (
    "arxiv_rss2_cs.AI_2026-04-27_3items.xml",
    "arxiv_api_atom_2026-06-14_query.xml",
    "hf_daily_papers_api_2026-08_pretty_b.json",
)

DASH = "-" * 78
NEW_TO_CROSS = "%-" * 39 + "%"
CROSS_TO_REPLACED = "%%--" * 19 + "%%"
END_OF_LISTING = "%%%---" * 13

HEADER = f"""{DASH}
{DASH}
Send any comments regarding submissions directly to submitter.
{DASH}
Archives at http://arxiv.org/
To unsubscribe, e-mail To: cs@arXiv.org, Subject: cancel
{DASH}
 Submissions to:
Machine Learning
 received from  Mon 10 Aug 26 18:00:00 GMT  to  Tue 11 Aug 26 18:00:00 GMT
{DASH}
"""

NEW_RECORD = f"""{DASH}
\\\\
arXiv:2608.00001
Date: Mon, 10 Aug 2026 20:33:39 GMT   (215kb)
Date (revised v2): Tue, 11 Aug 2026 08:00:00 GMT   (220kb)

Title: A Very Long Title That the Mailer Wrapped Onto
  a Second Line
Authors: Ann Smith (MIT, Cambridge), Bo Li (ETH Zurich), Carl Jung,
  and Dora Maar
Categories: cs.LG stat.ML
Comments: 12 pages; code at
  https://github.com/ann/long-title.
Journal-ref: Journal of Examples 1
  (2026) 1-12
DOI: 10.1000/xyz.123
License: http://creativecommons.org/licenses/by/4.0/
\\\\
  First paragraph of the abstract
wraps here with $\\alpha < \\beta$.
  Second paragraph.
\\\\ ( https://arxiv.org/abs/2608.00001 ,  215kb)
"""

CROSS_RECORD = f"""{DASH}
\\\\
arXiv:2608.00002 (*cross-listing*)
Date: Sun, 9 Aug 2026 10:00:00 GMT   (100kb)

Title: Cross Listed Paper
Authors: Eve Adams and Farid Haddad
Categories: cs.CL cs.LG
\\\\
  Cross abstract.
\\\\ ( https://arxiv.org/abs/2608.00002 ,  100kb)
"""

UNMARKED_CROSS = f"""{DASH}
\\\\
arXiv:2608.00003
Date: Sun, 9 Aug 2026 11:00:00 GMT   (90kb)

Title: In the Cross Section Without a Marker
Authors: Gita Kumar
Categories: cs.CV cs.LG
\\\\
  Another abstract.
\\\\ ( https://arxiv.org/abs/2608.00003 ,  90kb)
"""

REPLACED_RECORD = f"""{DASH}
\\\\
arXiv:2401.13770
replaced with revised version Tue, 11 Aug 2026 17:44:29 GMT   (306kb)

Title: A Replaced Paper With a Title
  on Two Lines
Authors: Hiro Sato, Ines Costa
Categories: cs.LG
Comments: Added more experiments
\\\\ ( https://arxiv.org/abs/2401.13770 ,  306kb)
"""

REPLACED_CROSS = f"""{DASH}
\\\\
arXiv:math/0102003 (*cross-listing*)
replaced with revised version Tue, 11 Aug 2026 09:00:00 GMT   (12kb)

Title: An Old-Style Identifier
Authors: Jun Kim
Categories: math.PR cs.LG
\\\\ ( https://arxiv.org/abs/math/0102003 ,  12kb)
"""

LISTING = (
    HEADER
    + NEW_RECORD
    + NEW_TO_CROSS
    + "\n"
    + CROSS_RECORD
    + UNMARKED_CROSS
    + CROSS_TO_REPLACED
    + "\n"
    + REPLACED_RECORD
    + REPLACED_CROSS
    + END_OF_LISTING
    + "\n"
)

NO_TITLE = f"""{DASH}
\\\\
arXiv:2608.00009
Date: Mon, 10 Aug 2026 20:33:39 GMT   (15kb)

Authors: Nobody
Categories: cs.LG
\\\\
  An abstract without a title.
\\\\ ( https://arxiv.org/abs/2608.00009 ,  15kb)
"""

ONE_RECORD = f"""{DASH}
\\\\
arXiv:2608.00042
Date: Mon, 10 Aug 2026 12:00:00 GMT   (10kb)

Title: Caf=E9 Networks
Authors: Ren=E9 Descartes and Ada Lovelace
Categories: cs.LG
\\\\
  A quoted-printable abstract with a very long line that the mailer soft-br=
eaks.
\\\\ ( https://arxiv.org/abs/2608.00042 ,  10kb)
"""


def eml(body: str, *, headers: str = "", subject: str = "cs daily Subj-class mailing 1") -> str:
    """A single-part message from arXiv around ``body``."""
    return (
        "From: no-reply@arxiv.org\n"
        f"Subject: {subject}\n"
        "Date: Tue, 11 Aug 2026 20:00:00 -0400\n"
        "MIME-Version: 1.0\n"
        f"{headers}"
        "\n"
        f"{body}"
    )


# --- the listing body --------------------------------------------------------------------------------


def test_listing_header_and_sections() -> None:
    digest = arxiv_email.parse(LISTING)
    assert digest.source == "arxiv-email"
    assert digest.date == "2026-08-11"  # the "to" date of the received line
    assert digest.title == "Submissions to: Machine Learning"
    assert [p.arxiv_id for p in digest.papers] == [
        "2608.00001",
        "2608.00002",
        "2608.00003",
        "2401.13770",
        "math/0102003",
    ]
    assert [p.announce_type for p in digest.papers] == ["new", "cross", "cross", "replace", "replace-cross"]


def test_new_record_fields() -> None:
    paper = arxiv_email.parse(LISTING).papers[0]
    assert paper.title == "A Very Long Title That the Mailer Wrapped Onto a Second Line"
    assert paper.authors == ("Ann Smith", "Bo Li", "Carl Jung", "Dora Maar")
    assert paper.categories == ("cs.LG", "stat.ML")
    assert paper.comment == "12 pages; code at https://github.com/ann/long-title."
    assert paper.published == "2026-08-10"  # the first Date: line, not the revised one
    assert paper.abstract == (
        "First paragraph of the abstract wraps here with $\\alpha < \\beta$.\n\nSecond paragraph."
    )
    assert paper.links == (
        Link("arxiv", "https://arxiv.org/abs/2608.00001"),
        Link("pdf", "https://arxiv.org/pdf/2608.00001"),
        Link("hf", "https://huggingface.co/papers/2608.00001"),
        Link("doi", "https://doi.org/10.1000/xyz.123"),
        Link("code", "https://github.com/ann/long-title"),
    )


def test_cross_listing_record() -> None:
    paper = arxiv_email.parse(LISTING).papers[1]
    assert paper.title == "Cross Listed Paper"
    assert paper.authors == ("Eve Adams", "Farid Haddad")
    assert paper.abstract == "Cross abstract."
    assert paper.published == "2026-08-09"


def test_replaced_records_have_no_abstract() -> None:
    replaced, replaced_cross = arxiv_email.parse(LISTING).papers[3:]
    assert replaced.title == "A Replaced Paper With a Title on Two Lines"
    assert replaced.abstract == ""
    assert replaced.comment == "Added more experiments"
    assert replaced.authors == ("Hiro Sato", "Ines Costa")
    assert replaced.published is None  # the revision date is not the publication date
    assert replaced_cross.abstract == ""
    assert replaced_cross.links[0] == Link("arxiv", "https://arxiv.org/abs/math/0102003")


@pytest.mark.parametrize(
    ("marker", "expected"),
    [(NEW_TO_CROSS, "cross"), (CROSS_TO_REPLACED, "replace"), (END_OF_LISTING, "new")],
)
def test_each_section_marker(marker: str, expected: str) -> None:
    digest = arxiv_email.parse(HEADER + marker + "\n" + UNMARKED_CROSS)
    assert [p.announce_type for p in digest.papers] == [expected]


@pytest.mark.parametrize("marker", [NEW_TO_CROSS, CROSS_TO_REPLACED, END_OF_LISTING])
def test_a_marker_ends_an_unclosed_abstract(marker: str) -> None:
    unclosed = CROSS_RECORD.replace("\\\\ ( https://arxiv.org/abs/2608.00002 ,  100kb)\n", "")
    digest = arxiv_email.parse(HEADER + unclosed + marker + "\nFooter text of the listing.\n")
    assert digest.papers[0].abstract == "Cross abstract."


def test_record_without_title_is_skipped() -> None:
    digest = arxiv_email.parse(HEADER + NO_TITLE + CROSS_RECORD)
    assert [p.arxiv_id for p in digest.papers] == ["2608.00002"]


def test_no_readable_record_names_its_line() -> None:
    with pytest.raises(DigestError) as caught:
        arxiv_email.parse(HEADER + NO_TITLE)
    assert caught.value.line == 14  # the arXiv: line of the record
    assert "has no Title" in caught.value.message


def test_no_record_at_all_names_the_line_after_the_header(registry: None) -> None:
    with pytest.raises(DigestError) as caught:
        importers.parse(HEADER + "nothing more\n", "arxiv-email", path="listing.txt")
    assert str(caught.value).startswith("listing.txt:12: no arXiv records found")


def test_crlf_line_ends() -> None:
    digest = arxiv_email.parse(LISTING.replace("\n", "\r\n").encode())
    assert digest.papers[0].title == "A Very Long Title That the Mailer Wrapped Onto a Second Line"
    assert len(digest.papers) == 5


def test_listing_without_header_has_no_date() -> None:
    assert arxiv_email.parse(CROSS_RECORD).date is None


# --- e-mail messages -------------------------------------------------------------------------------


def test_eml_quoted_printable_latin1_and_encoded_subject() -> None:
    message = eml(
        ONE_RECORD,
        subject="=?iso-8859-1?q?cs_daily_Subj-class_mailing_=E9t=E9?=",
        headers=(
            'Content-Type: text/plain; charset="iso-8859-1"\nContent-Transfer-Encoding: quoted-printable\n'
        ),
    )
    for data in (message.encode("ascii"), message):
        digest = arxiv_email.parse(data)
        (paper,) = digest.papers
        assert paper.title == "Café Networks"
        assert paper.authors == ("René Descartes", "Ada Lovelace")
        assert paper.abstract == (
            "A quoted-printable abstract with a very long line that the mailer soft-breaks."
        )
        assert digest.title == "cs daily Subj-class mailing été"
        assert digest.date == "2026-08-11"  # from the Date header: the body has no received line


def test_eml_8bit_latin1_bytes() -> None:
    body = ONE_RECORD.replace("=E9", "é").replace("soft-br=\neaks", "soft-breaks")
    message = eml(
        body, headers='Content-Type: text/plain; charset="iso-8859-1"\nContent-Transfer-Encoding: 8bit\n'
    )
    paper = arxiv_email.parse(message.encode("latin-1")).papers[0]
    assert paper.authors == ("René Descartes", "Ada Lovelace")
    # Text already decoded (by the caller) is taken as it is, whatever charset the header names.
    assert arxiv_email.parse(message).papers[0].title == "Café Networks"
    as_utf8 = message.replace("iso-8859-1", "utf-8")
    assert arxiv_email.parse(as_utf8).papers[0].title == "Café Networks"
    assert arxiv_email.parse(as_utf8.encode("utf-8")).papers[0].title == "Café Networks"


def test_eml_multipart_alternative_uses_text_plain() -> None:
    decoy = CROSS_RECORD.replace("Cross Listed Paper", "From The HTML Part")
    plain = ONE_RECORD.replace("=E9", "e").replace("soft-br=\neaks", "soft-breaks")
    message = eml(
        "--b1\nContent-Type: text/html; charset=utf-8\n\n<pre>\n"
        + decoy
        + "</pre>\n--b1\nContent-Type: text/plain; charset=utf-8\n\n"
        + plain
        + "--b1--\n",
        headers='Content-Type: multipart/alternative; boundary="b1"\n',
    )
    digest = arxiv_email.parse(message.encode())
    assert [p.title for p in digest.papers] == ["Cafe Networks"]


def test_eml_without_text_plain_part() -> None:
    message = eml("<p>html only</p>\n", headers="Content-Type: text/html\n")
    with pytest.raises(DigestError, match="no text/plain"):
        arxiv_email.parse(message.encode())


def test_eml_unknown_charset_still_reads() -> None:
    message = eml(CROSS_RECORD, headers="Content-Type: text/plain; charset=x-klingon\n")
    assert [p.arxiv_id for p in arxiv_email.parse(message.encode()).papers] == ["2608.00002"]


def test_eml_error_line_counts_the_headers() -> None:
    message = eml(HEADER.replace("Machine Learning", "Nothing Today"))
    with pytest.raises(DigestError) as caught:
        arxiv_email.parse(message.encode())
    assert caught.value.line == 5 + 12  # 4 headers and a blank line, then the listing's 11 header lines


def test_mbox_with_two_messages() -> None:
    second_body = CROSS_RECORD.replace("  Cross abstract.", "From the start of a line.\n  Cross abstract.")
    second_body = second_body.replace("From the start", ">From the start")
    mbox = (
        "From no-reply@arxiv.org Tue Aug 11 20:00:00 2026\n"
        + eml(HEADER + NEW_RECORD)
        + "\nFrom no-reply@arxiv.org Wed Aug 12 20:00:00 2026\n"
        + eml(second_body).replace("Tue, 11 Aug 2026", "Wed, 12 Aug 2026")
    )
    for data in (mbox.encode(), mbox):
        digest = arxiv_email.parse(data)
        assert [p.arxiv_id for p in digest.papers] == ["2608.00001", "2608.00002"]
        assert (
            digest.papers[1].abstract == "From the start of a line.\n\nCross abstract."
        )  # ">From" unescaped
        assert digest.date == "2026-08-12"  # the latest day among the messages
        assert digest.title == "cs daily Subj-class mailing 1"


def test_mbox_error_line_is_counted_from_the_file_start() -> None:
    mbox = (
        "From no-reply@arxiv.org Tue Aug 11 20:00:00 2026\n"
        + eml("nothing\n")
        + "\nFrom no-reply@arxiv.org Wed Aug 12 20:00:00 2026\n"
        + eml(HEADER + NO_TITLE)
    )
    with pytest.raises(DigestError) as caught:
        arxiv_email.parse(mbox.encode())
    # Message 1 takes lines 1-8 (separator, 4 headers, blank, body, blank); message 2's separator and
    # headers take lines 9-14, and its record's arXiv: line is line 14 of its body.
    assert caught.value.line == 14 + 14


# --- helpers and sniffing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        LISTING,
        CROSS_RECORD,
        HEADER,
        eml("Hello"),
        "From no-reply@arxiv.org Tue Aug 11 20:00:00 2026\n" + eml("Hello"),
        eml("Hello", subject="arXiv listing").replace("no-reply@arxiv.org", "me@example.org"),
    ],
)
def test_sniff_accepts_listings_and_arxiv_mail(text: str) -> None:
    assert arxiv_email.sniff(text)


@pytest.mark.parametrize(
    "text",
    [
        eml(CROSS_RECORD.replace("\\\\", "")).replace("arxiv.org", "example.org"),
        "Daily Papers\n\nAug 11\n\nA paper on arXiv:2608.00001\n\n\\\\\nabstract\n",
        '[{"paper": {"id": "2608.00001", "summary": "\\\\\\narXiv:2608.00001"}}]',
        "Subject line: arXiv is great\nno blank line and no headers",
        "x" * 100_000,
    ],
)
def test_sniff_rejects_other_text(text: str) -> None:
    assert not arxiv_email.sniff(text)


@pytest.mark.parametrize("name", OTHER_SAMPLES)
def test_sniff_rejects_other_samples(name: str) -> None:
    assert not arxiv_email.sniff(sample(name).read_text(encoding="utf-8"))


def test_sniff_rejects_the_hf_seed() -> None:
    seed = next(SEEDS.glob("*.txt"))
    assert not arxiv_email.sniff(seed.read_text(encoding="utf-8"))


def test_feed_sniffer_rejects_the_email_samples() -> None:
    for name in (FIRST5, SLICE3):
        assert not arxiv_feed.sniff(sample(name).read_text(encoding="utf-8"))


# --- the samples -----------------------------------------------------------------------------------


def test_first5_sample() -> None:
    digest = arxiv_email.parse(sample(FIRST5).read_bytes())
    assert (digest.source, digest.date) == ("arxiv-email", "2026-01-22")
    papers = digest.papers
    assert [p.arxiv_id for p in papers] == [
        "2601.15305",
        "2601.15306",
        "2601.15307",
        "2601.15311",
        "2601.15316",
    ]
    assert [p.title for p in papers] == [
        "Gated Sparse Attention: Combining Computational Efficiency with Training Stability for Long-Context"
        " Language Models",
        "Uncovering Latent Bias in LLM-Based Emergency Department Triage Through Proxy Variables",
        "DeepSurvey-Bench: Evaluating Academic Value of Automatically Generated Scientific Survey",
        "Aeon: High-Performance Neuro-Symbolic Memory Management for Long-Horizon LLM Agents",
        "The Paradigm Shift: A Comprehensive Survey on Large Vision Language Models for Multimodal Fake News"
        " Detection",
    ]
    assert papers[0].authors == ("Alfred Shen", "Aaron Shen")
    assert papers[2].authors == (
        "Guo-Biao Zhang",
        "Ding-Yuan Liu",
        "Da-Yi Wu",
        "Tian Lan",
        "Heyan Huang",
        "Zhijing Wu",
        "Xian-Ling Mao",
    )
    assert papers[4].authors[-2:] == ("Zhixiong He", "Keqin Li")  # ",\n  and Keqin Li"
    assert [p.categories for p in papers] == [
        ("cs.AI",),
        ("cs.AI",),
        ("cs.AI", "cs.CL"),
        ("cs.AI",),
        ("cs.AI", "cs.CV"),
    ]
    assert {p.announce_type for p in papers} == {"new"}
    assert [p.published for p in papers] == [
        "2026-01-12",
        "2026-01-13",
        "2026-01-13",
        "2026-01-14",
        "2026-01-16",
    ]
    assert (
        papers[0].comment == "15 pages, 1 figure, attention mechanism, sparse attention, gating, long-context"
    )
    assert papers[0].abstract.startswith(
        "The computational burden of attention in long-context language models"
    )
    assert papers[0].abstract.endswith("with loss spikes reduced by 98%.")
    assert "\n" not in papers[0].abstract
    assert Link("doi", "https://doi.org/10.1016/j.cosrev.2026.100893") in papers[4].links


def test_slice3_sample_cross_listings_and_replacements() -> None:
    digest = arxiv_email.parse(sample(SLICE3).read_bytes())
    papers = digest.papers
    assert [p.arxiv_id for p in papers] == [
        "2601.11678",
        "2601.12634",
        "2601.13220",
        "2401.13770",
        "2410.01553",
        "2502.16101",
    ]
    assert [p.announce_type for p in papers] == ["cross"] * 3 + ["replace"] * 3
    assert all(p.abstract for p in papers[:3])
    assert [p.abstract for p in papers[3:]] == ["", "", ""]
    assert papers[1].abstract.count("\n\n") == 3  # indented lines open its paragraphs
    assert Link("doi", "https://doi.org/10.1145/3779208.3785263") in papers[1].links
    assert papers[0].authors == ("Shuai Zhang", "Minzhao Lyu", "Hassan Habibi Gharakheili")
    assert papers[1].authors == ("Olawale Amos Akanji", "Manuel Egele", "Gianluca Stringhini")
    assert papers[4].title == (
        "MedQA-CS: Objective Structured Clinical Examination (OSCE)-Style Benchmark for Evaluating LLM"
        " Clinical Skills"
    )
    assert papers[4].comment == (
        "To appear in proceedings of the Main Conference of the European Chapter of the Association for"
        " Computational Linguistics (EACL) 2026"
    )
    assert papers[2].categories == ("cs.DS", "cs.DB", "cs.DC", "cs.PF", "cs.SE")
    assert digest.date is None  # a slice without the listing's header


@pytest.mark.parametrize(("name", "count"), [(FIRST5, 5), (SLICE3, 6)])
def test_samples_through_the_registry(name: str, count: int, registry: None) -> None:
    data = sample(name).read_bytes()
    assert importers.detect(data) == "arxiv-email"
    assert len(importers.parse(data, path="listing.txt").papers) == count


def test_eml_through_the_registry(registry: None) -> None:
    data = eml(HEADER + CROSS_RECORD).encode()
    assert importers.detect(data) == "arxiv-email"
    assert importers.parse(data, path="x.eml").papers[0].arxiv_id == "2608.00002"
