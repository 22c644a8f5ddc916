"""The arXiv feed importer: rss.arxiv.org RSS 2.0 and Atom, old RSS 1.0 and export-API Atom."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from paper_tui import importers
from paper_tui.importers import arxiv_email, arxiv_feed
from paper_tui.model import DigestError, Link
from tests.helpers import SEEDS, sample

RSS_SAMPLE = "arxiv_rss2_cs.AI_2026-04-27_3items.xml"
API_SAMPLE = "arxiv_api_atom_2026-06-14_query.xml"
OTHER_SAMPLES = (
    "arxiv_email_listing_2026-01-22_cs_first5.txt",
    "arxiv_email_listing_2026-01-20_cs_slice3_replacements_boundary.txt",
    "hf_daily_papers_api_2026-08_pretty_b.json",
)

RSS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' version="2.0">\n<channel>\n<title>cs.LG updates on arXiv.org</title>\n'
    "<link>http://rss.arxiv.org/rss/cs.LG</link>\n"
)


def rss_item(number: str, announce: str, creator: str, *, categories: tuple[str, ...] = ("cs.LG",)) -> str:
    """One rss.arxiv.org item with the "Announce Type" prefix in its description."""
    tags = "".join(f"<category>{c}</category>" for c in categories)
    return (
        f"<item><title>Paper {number}</title><link>https://arxiv.org/abs/{number}</link>\n"
        f"<description>arXiv:{number}v2 Announce Type: {announce} \n"
        f"Abstract: Abstract of {number}.</description>\n"
        f'<guid isPermaLink="false">oai:arXiv.org:{number}v2</guid>{tags}'
        f"<pubDate>Wed, 12 Aug 2026 00:00:00 -0400</pubDate>"
        f"<arxiv:announce_type>{announce}</arxiv:announce_type><dc:creator>{creator}</dc:creator></item>\n"
    )


FOUR_TYPES = (
    RSS_HEAD
    + "<pubDate>Wed, 12 Aug 2026 00:00:00 -0400</pubDate>\n"
    + rss_item("2608.00001", "new", "Ann Smith, Bo Li and Carl Jung", categories=("cs.LG", "stat.ML"))
    + rss_item("2608.00002", "cross", "Dora Maar, Eve Adams, and Farid Haddad")
    + rss_item("2608.00003", "replace", "Gita Kumar and Hiro Sato")
    + rss_item("2608.00004", "replace-cross", "Ines Costa")
    + "</channel></rss>\n"
)

API_OLD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list=hep-th/9901001" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=hep-th/9901001</title>
  <id>http://arxiv.org/api/5Sp2KxC7</id>
  <updated>2009-01-02T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v1</id>
    <updated>1999-01-05T12:00:00Z</updated>
    <published>1999-01-01T12:00:00Z</published>
    <title>Branes and the
  Holographic Principle: a $\\mathcal{N}=4$ View</title>
    <summary>  We study branes
over several wrapped lines with $x &lt; y$ and $\\alpha'$.
  A second paragraph
starts here.
</summary>
    <author>
      <name>Ann Smith</name>
      <arxiv:affiliation xmlns:arxiv="http://arxiv.org/schemas/atom">MIT, Cambridge</arxiv:affiliation>
    </author>
    <author>
      <name>Bo Li, Jr.</name>
    </author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1016/S0550-3213(99)00001-1</arxiv:doi>
    <link title="doi" href="http://dx.doi.org/10.1016/S0550-3213(99)00001-1" rel="related"/>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">12 pages; code at
 https://github.com/ann/branes.</arxiv:comment>
    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">Nucl.Phys. B550 1</arxiv:journal_ref>
    <link href="http://arxiv.org/abs/hep-th/9901001v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/hep-th/9901001v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="hep-th"
      scheme="http://arxiv.org/schemas/atom"/>
    <category term="gr-qc" scheme="http://arxiv.org/schemas/atom"/>
    <category term="hep-th" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""

API_NEW = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom"
 xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/AbC</id>
  <title>arXiv Query: search_query=all:robot</title>
  <updated>2026-06-14T02:30:47Z</updated>
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2606.13677v3</id>
    <title>Mana: Dexterous Manipulation</title>
    <updated>2026-06-11T17:59:49Z</updated>
    <link href="https://arxiv.org/abs/2606.13677v3" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/2606.13677v3" rel="related" type="application/pdf" title="pdf"/>
    <summary>One line.
  Second paragraph.</summary>
    <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.RO" scheme="http://arxiv.org/schemas/atom"/>
    <published>2026-06-10T23:59:49Z</published>
    <arxiv:comment>Project Page: https://zhaohengyin.github.io/mana</arxiv:comment>
    <arxiv:primary_category term="cs.RO"/>
    <author><name>Zhao-Heng Yin</name></author>
    <author><name>C. Karen Liu</name></author>
  </entry>
</feed>
"""

ATOM_RSS = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
  <id>http://rss.arxiv.org/atom/cs.AI</id>
  <title>cs.AI updates on arXiv.org</title>
  <updated>2026-04-28T04:00:00.000000+00:00</updated>
  <link href="http://rss.arxiv.org/atom/cs.AI" rel="self" type="application/atom+xml"/>
  <entry>
    <id>oai:arXiv.org:2604.22001v2</id>
    <title>Atom Item</title>
    <updated>2026-04-28T00:00:00-04:00</updated>
    <link href="https://arxiv.org/abs/2604.22001" rel="alternate" type="text/html"/>
    <summary>arXiv:2604.22001v2 Announce Type: replace-cross
Abstract: Atom abstract (x &lt; 1).</summary>
    <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <published>2026-04-28T00:00:00-04:00</published>
    <arxiv:announce_type>replace-cross</arxiv:announce_type>
    <dc:creator>Ann Smith, Bo Li, and Carl Jung</dc:creator>
  </entry>
</feed>
"""

RDF_OLD = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://arxiv.org/">
<title>cs.AI updates on arXiv.org</title>
<link>http://arxiv.org/</link>
<dc:date>2023-01-03T20:30:00-05:00</dc:date>
</channel>
<item rdf:about="http://arxiv.org/abs/2301.00001">
<title>Old Style Feed Item. (arXiv:2301.00001v2 [cs.AI] UPDATED)</title>
<link>http://arxiv.org/abs/2301.00001</link>
<description rdf:parseType="Literal">&lt;p&gt;An abstract &amp;amp; more.&lt;/p&gt;</description>
<dc:creator> &lt;a href="http://arxiv.org/find/cs/1/au:+Smith_A/0/1/0/all/0/1"&gt;Ann Smith&lt;/a&gt;,
 &lt;a href="http://arxiv.org/find/cs/1/au:+Li_B/0/1/0/all/0/1"&gt;Bo Li&lt;/a&gt;</dc:creator>
</item>
</rdf:RDF>
"""

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1 if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + "]>\n<rss><channel><title>t</title><item><title>&lol9;</title>"
    "<link>https://arxiv.org/abs/2608.00001</link></item></channel></rss>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    '<rss version="2.0"><channel><title>t</title><item><title>Leak &xxe; here</title>'
    "<description>&xxe;</description><link>https://arxiv.org/abs/2608.00002</link></item></channel></rss>\n"
)
PARAMETER_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY % pe SYSTEM "file:///etc/passwd"> %pe;]>\n'
    '<rss version="2.0"><channel><title>t</title><item><title>Param</title>'
    "<link>https://arxiv.org/abs/2608.00003</link></item></channel></rss>\n"
)


# --- rss.arxiv.org RSS 2.0 -------------------------------------------------------------------------


def test_rss_announce_types_prefix_and_creators() -> None:
    digest = arxiv_feed.parse(FOUR_TYPES)
    assert digest.source == "arxiv-rss"
    assert digest.date == "2026-08-12"
    assert digest.title == "cs.LG updates on arXiv.org"
    assert [p.arxiv_id for p in digest.papers] == ["2608.00001", "2608.00002", "2608.00003", "2608.00004"]
    assert [p.announce_type for p in digest.papers] == ["new", "cross", "replace", "replace-cross"]
    assert digest.papers[0].abstract == "Abstract of 2608.00001."
    assert all("Announce Type" not in p.abstract and "Abstract:" not in p.abstract for p in digest.papers)
    assert [p.authors for p in digest.papers] == [
        ("Ann Smith", "Bo Li", "Carl Jung"),
        ("Dora Maar", "Eve Adams", "Farid Haddad"),
        ("Gita Kumar", "Hiro Sato"),
        ("Ines Costa",),
    ]
    assert digest.papers[0].categories == ("cs.LG", "stat.ML")
    assert digest.papers[0].links == (
        Link("arxiv", "https://arxiv.org/abs/2608.00001"),
        Link("pdf", "https://arxiv.org/pdf/2608.00001"),
        Link("hf", "https://huggingface.co/papers/2608.00001"),
    )
    # Item dates are announcement dates, also for replacements: not publication dates.
    assert {p.published for p in digest.papers} == {None}


def test_rss_announce_type_from_description_when_element_missing() -> None:
    item = rss_item("2608.00005", "replace", "Ann Smith").replace(
        "<arxiv:announce_type>replace</arxiv:announce_type>", ""
    )
    digest = arxiv_feed.parse(RSS_HEAD + item + "</channel></rss>")
    assert digest.papers[0].announce_type == "replace"
    assert digest.papers[0].abstract == "Abstract of 2608.00005."


def test_rss_id_from_guid_without_link_and_old_style_ids() -> None:
    items = (
        "<item><title>Guid only</title><description>Text.</description>"
        '<guid isPermaLink="false">oai:arXiv.org:2604.21935v1</guid></item>'
        "<item><title>Old style</title><description>Text.</description>"
        '<guid isPermaLink="false">oai:arXiv.org:hep-th/9901001v2</guid></item>'
    )
    digest = arxiv_feed.parse(RSS_HEAD + items + "</channel></rss>")
    assert [p.arxiv_id for p in digest.papers] == ["2604.21935", "hep-th/9901001"]
    assert digest.papers[1].links == (
        Link("arxiv", "https://arxiv.org/abs/hep-th/9901001"),
        Link("pdf", "https://arxiv.org/pdf/hep-th/9901001"),
    )


def test_rss_date_keeps_the_feeds_own_time_zone_and_falls_back_to_last_build_date() -> None:
    late = RSS_HEAD + "<pubDate>Mon, 27 Apr 2026 23:30:00 -0400</pubDate></channel></rss>"
    assert arxiv_feed.parse(late).date == "2026-04-27"  # 2026-04-28 in UTC
    built = RSS_HEAD + "<lastBuildDate>Tue, 28 Apr 2026 04:00:00 +0000</lastBuildDate></channel></rss>"
    assert arxiv_feed.parse(built).date == "2026-04-28"
    assert arxiv_feed.parse(RSS_HEAD + "</channel></rss>").date is None


def test_rss_markup_characters_in_abstract_survive() -> None:
    item = (
        "<item><title>a &lt; b &amp; c</title><link>https://arxiv.org/abs/2608.00006</link>"
        "<description>arXiv:2608.00006v1 Announce Type: new \nAbstract: It takes &lt;1 minute,"
        " with \\textbf{x} &amp; {braces}.</description></item>"
    )
    paper = arxiv_feed.parse(RSS_HEAD + item + "</channel></rss>").papers[0]
    assert paper.title == "a < b & c"
    assert paper.abstract == "It takes <1 minute, with \\textbf{x} & {braces}."


def test_items_without_title_are_skipped() -> None:
    items = "<item><description>nothing</description></item>" + rss_item("2608.00007", "new", "A B")
    digest = arxiv_feed.parse(RSS_HEAD + items + "</channel></rss>")
    assert [p.arxiv_id for p in digest.papers] == ["2608.00007"]


def test_empty_feed_has_no_papers_and_is_allowed(registry: None) -> None:
    weekend = RSS_HEAD + "<pubDate>Sat, 25 Apr 2026 00:00:00 -0400</pubDate></channel></rss>"
    digest = arxiv_feed.parse(weekend)
    assert digest.papers == ()
    assert digest.date == "2026-04-25"
    assert arxiv_feed.EMPTY_OK is True
    assert importers.parse(weekend.encode(), path="weekend.xml").papers == ()


# --- Atom ------------------------------------------------------------------------------------------


def test_rss_arxiv_org_atom() -> None:
    digest = arxiv_feed.parse(ATOM_RSS)
    assert digest.source == "arxiv-atom"
    assert digest.date == "2026-04-28"
    (paper,) = digest.papers
    assert paper.arxiv_id == "2604.22001"
    assert paper.announce_type == "replace-cross"
    assert paper.abstract == "Atom abstract (x < 1)."
    assert paper.authors == ("Ann Smith", "Bo Li", "Carl Jung")
    assert paper.categories == ("cs.AI", "cs.CL")
    assert paper.published is None


def test_api_atom_old_style() -> None:
    digest = arxiv_feed.parse(API_OLD)
    assert digest.source == "arxiv-api"
    assert digest.date == "2009-01-02"
    (paper,) = digest.papers
    assert paper.arxiv_id == "hep-th/9901001"
    assert paper.title == "Branes and the Holographic Principle: a $\\mathcal{N}=4$ View"
    assert paper.abstract == (
        "We study branes over several wrapped lines with $x < y$ and $\\alpha'$.\n\n"
        "A second paragraph starts here."
    )
    assert paper.authors == ("Ann Smith", "Bo Li, Jr.")  # the affiliation stays out of the name
    assert paper.categories == ("hep-th", "gr-qc")
    assert paper.published == "1999-01-01"
    assert paper.announce_type is None
    assert paper.comment == "12 pages; code at https://github.com/ann/branes."
    assert paper.links == (
        Link("arxiv", "https://arxiv.org/abs/hep-th/9901001"),
        Link("pdf", "https://arxiv.org/pdf/hep-th/9901001"),
        Link("doi", "https://doi.org/10.1016/S0550-3213(99)00001-1"),
        Link("code", "https://github.com/ann/branes"),
    )


def test_api_atom_new_style_version_and_project_link() -> None:
    digest = arxiv_feed.parse(API_NEW.encode())
    assert digest.source == "arxiv-api"
    assert digest.date == "2026-06-14"
    (paper,) = digest.papers
    assert paper.arxiv_id == "2606.13677"
    assert paper.categories == ("cs.RO", "cs.AI")  # primary first, no duplicate
    assert paper.published == "2026-06-10"
    assert paper.abstract == "One line.\n\nSecond paragraph."
    assert Link("project", "https://zhaohengyin.github.io/mana") in paper.links
    assert paper.authors == ("Zhao-Heng Yin", "C. Karen Liu")


def test_api_author_names_are_never_split() -> None:
    one_author = API_NEW.replace("<author><name>C. Karen Liu</name></author>", "").replace(
        "Zhao-Heng Yin", "Robotics Group, Example Lab"
    )
    assert arxiv_feed.parse(one_author).papers[0].authors == ("Robotics Group, Example Lab",)


def test_empty_rss_arxiv_org_atom_feed_keeps_its_source() -> None:
    empty = ATOM_RSS[: ATOM_RSS.index("  <entry>")] + "</feed>\n"
    digest = arxiv_feed.parse(empty)
    assert (digest.source, digest.date, digest.papers) == ("arxiv-atom", "2026-04-28", ())


def test_api_fields_found_under_another_namespace_prefix() -> None:
    text = (
        API_NEW.replace("xmlns:arxiv=", "xmlns:ax=").replace("<arxiv:", "<ax:").replace("</arxiv:", "</ax:")
    )
    paper = arxiv_feed.parse(text).papers[0]
    assert paper.comment == "Project Page: https://zhaohengyin.github.io/mana"
    assert paper.categories[0] == "cs.RO"


def test_api_error_feed_is_refused() -> None:
    error = API_NEW.replace(
        "http://arxiv.org/abs/2606.13677v3", "http://arxiv.org/api/errors#bad_id"
    ).replace("One line.\n  Second paragraph.", "incorrect id format for 1234.x")
    with pytest.raises(DigestError, match=r"arXiv API error: incorrect id format for 1234\.x$"):
        arxiv_feed.parse(error)


def test_old_rdf_feed() -> None:
    digest = arxiv_feed.parse(RDF_OLD)
    assert digest.source == "arxiv-rss"
    assert digest.date == "2023-01-03"
    (paper,) = digest.papers
    assert paper.title == "Old Style Feed Item."
    assert paper.arxiv_id == "2301.00001"
    assert paper.announce_type == "replace"
    assert paper.categories == ("cs.AI",)
    assert paper.abstract == "An abstract & more."
    assert paper.authors == ("Ann Smith", "Bo Li")


# --- encodings and broken input ----------------------------------------------------------------------


def test_declared_encodings_bytes_and_decoded_text() -> None:
    latin = (
        RSS_HEAD.replace("UTF-8", "ISO-8859-1")
        + rss_item("2608.00008", "new", "René Müller")
        + "</channel></rss>"
    )
    assert arxiv_feed.parse(latin.encode("latin-1")).papers[0].authors == ("René Müller",)
    assert arxiv_feed.parse(latin).papers[0].authors == ("René Müller",)  # already decoded text
    bom_and_blank = b"\xef\xbb\xbf\n\n" + FOUR_TYPES.encode()
    assert len(arxiv_feed.parse(bom_and_blank).papers) == 4


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("<rss><<<<>>>& foo", 1),
        (
            '\n\n<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><title>x</entry>\n',
            5,
        ),
        ('<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY a "b">\n<!ENTITY c "&a;&a;">\n]>\n<feed>\n<<\n', 7),
        ("<rss>\n<channel>\n<item>\n<<<&&&\n", 4),
    ],
)
def test_malformed_xml_names_the_line(text: str, line: int) -> None:
    with pytest.raises(DigestError) as caught:
        arxiv_feed.parse(text)
    assert caught.value.message.startswith("malformed XML: ")
    assert caught.value.line == line


def test_malformed_xml_through_the_registry_names_the_file(registry: None) -> None:
    with pytest.raises(DigestError) as caught:
        importers.parse(b"<rss>\n<channel><item><title>\n</rss>", "arxiv-feed", path="bad.xml")
    assert str(caught.value) == "bad.xml:3: malformed XML: mismatched tag"


def test_well_formed_xml_that_is_no_feed_is_refused() -> None:
    with pytest.raises(DigestError, match="not an RSS or Atom feed"):
        arxiv_feed.parse("<html><body><p>hello</p></body></html>")


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY])
def test_entity_attacks_neither_hang_nor_leak(document: str) -> None:
    passwd = Path("/etc/passwd")
    secret = passwd.read_text().splitlines()[0] if passwd.exists() else "root:x:0:0"
    started = time.monotonic()
    try:
        digest = arxiv_feed.parse(document.encode())
    except DigestError as error:
        text = str(error)
    else:
        text = repr(digest)
        assert "lollol" not in text  # no expansion reached the papers
    assert time.monotonic() - started < 5
    assert secret not in text and "root:" not in text


@pytest.mark.parametrize("document", [BILLION_LAUGHS, BILLION_LAUGHS.replace("\n", "")])
def test_billion_laughs_is_refused(document: str) -> None:
    with pytest.raises(DigestError, match=r"^<input>: refused: XML with entity declarations"):
        arxiv_feed.parse(document)


def test_feedparser_is_never_handed_a_path_or_url(tmp_path: Path) -> None:
    # feedparser.parse() opens a str that names a file or URL; the importer must only parse content.
    target = tmp_path / "feed.xml"
    target.write_text(FOUR_TYPES)
    with pytest.raises(DigestError):
        arxiv_feed.parse(str(target))


# --- helpers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Ann Smith", ["Ann Smith"]),
        ("Ann Smith and Bo Li", ["Ann Smith", "Bo Li"]),
        ("Ann Smith, Bo Li, and Carl Jung", ["Ann Smith", "Bo Li", "Carl Jung"]),
        ("Ann Smith (MIT, Cambridge), Bo Li (ETH) and Carl Jung", ["Ann Smith", "Bo Li", "Carl Jung"]),
        ("Ann Smith (1 and 2), Bo Li (2) ((1) MIT, (2) ETH)", ["Ann Smith", "Bo Li"]),
        ("John Doe, Jr., Mary Major", ["John Doe, Jr.", "Mary Major"]),
        ("Alexander Andrews,\n  Sandra Anderson", ["Alexander Andrews", "Sandra Anderson"]),
        ("", []),
    ],
)
def test_split_authors(value: str, names: list[str]) -> None:
    assert arxiv_feed.split_authors(value) == names


def test_unwrap_abstract_paragraph_marks() -> None:
    wrapped = "  First line\nwraps here.\n  Second\nparagraph."
    assert arxiv_feed.unwrap_abstract(wrapped) == "First line wraps here.\n\nSecond paragraph."
    pretty = "Pretty printed\n      text that wraps\n      mid sentence"
    assert arxiv_feed.unwrap_abstract(pretty) == "Pretty printed text that wraps mid sentence"


# --- sniffing and the samples ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        FOUR_TYPES,
        API_OLD,
        RDF_OLD,
        "\ufeff  <rss version='2.0'><channel/></rss>",
        "<feed xmlns='http://www.w3.org/2005/Atom'/>",
        "<?xml version='1.0'?>\n<!-- a comment -->\n<rss/>",
        BILLION_LAUGHS,
    ],
)
def test_sniff_accepts_feeds(text: str) -> None:
    assert arxiv_feed.sniff(text)


@pytest.mark.parametrize(
    "text",
    [
        "<html><body>rss feed</body></html>",
        "<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>",
        "<?xml version='1.0'?>\n<html><body><pre><rss version='2.0'></pre></body></html>",
        '[{"paper": {"title": "<rss>"}}]',
        "Daily Papers\n\nAug 11\n\nA title\n\nAn abstract about <feed> handling.\n",
        "From: no-reply@arxiv.org\nSubject: cs daily\n\n<rss>\n",
    ],
)
def test_sniff_rejects_other_text(text: str) -> None:
    assert not arxiv_feed.sniff(text)


@pytest.mark.parametrize("name", OTHER_SAMPLES)
def test_sniff_rejects_other_samples(name: str) -> None:
    assert not arxiv_feed.sniff(sample(name).read_text(encoding="utf-8"))


def test_sniff_rejects_the_hf_seed() -> None:
    seed = next(SEEDS.glob("*.txt"))
    assert not arxiv_feed.sniff(seed.read_text(encoding="utf-8"))


def test_email_sniffer_rejects_the_feed_samples() -> None:
    for name in (RSS_SAMPLE, API_SAMPLE):
        assert not arxiv_email.sniff(sample(name).read_text(encoding="utf-8"))


def test_rss_sample() -> None:
    digest = arxiv_feed.parse(sample(RSS_SAMPLE).read_bytes())
    assert (digest.source, digest.date) == ("arxiv-rss", "2026-04-27")
    assert digest.title == "cs.AI updates on arXiv.org"
    papers = digest.papers
    assert [p.arxiv_id for p in papers] == ["2604.21935", "2604.21936", "2604.21937"]
    assert [p.title for p in papers] == [
        "Math Takes Two: A test for emergent mathematical reasoning in communication",
        "An Artifact-based Agent Framework for Adaptive and Reproducible Medical Image Processing",
        "MolClaw: An Autonomous Agent with Hierarchical Skills for Drug Molecule Evaluation, Screening,"
        " and Optimization",
    ]
    assert [(p.authors[0], p.authors[-1], len(p.authors)) for p in papers] == [
        ("Michael Cooper", "Samuel Cooper", 2),
        ("Lianrui Zuo", "Bennett A. Landman", 18),
        ("Lisheng Zhang", "Zhengwei Xie", 17),
    ]
    assert [p.categories for p in papers] == [
        ("cs.AI", "cs.LG"),
        ("cs.AI", "cs.CV", "cs.MA"),
        ("cs.AI", "cs.MA"),
    ]
    assert [p.announce_type for p in papers] == ["new", "new", "new"]
    assert papers[0].abstract.startswith("Although language models demonstrate remarkable proficiency")
    assert papers[1].abstract.count("\\textbf{") == 2  # LaTeX kept as-is
    assert papers[2].abstract.endswith("for AI-driven drug discovery.")


def test_api_sample() -> None:
    digest = arxiv_feed.parse(sample(API_SAMPLE).read_bytes())
    assert (digest.source, digest.date) == ("arxiv-api", "2026-06-14")
    papers = digest.papers
    assert [p.arxiv_id for p in papers] == [
        "2606.13677",
        "2606.13591",
        "2606.13568",
        "2606.13515",
        "2606.13501",
    ]
    assert [p.title for p in papers] == [
        "Mana: Dexterous Manipulation of Articulated Tools",
        "Multiagent Protocols with Aggregated Confidence Signals",
        "Adjusted Cup-Product Neural Layer",
        "MaskWAM: Unifying Mask Prompting and Prediction for World-Action Models",
        "GF-DiT: Scheduling Parallelism for Diffusion Transformer Serving",
    ]
    assert [p.categories[0] for p in papers] == ["cs.RO", "cs.AI", "cs.LG", "cs.CV", "cs.DC"]
    assert papers[0].categories == ("cs.RO", "cs.AI", "cs.CV", "cs.LG")
    assert [p.comment for p in papers] == [
        "Project Page: https://zhaohengyin.github.io/mana",
        "22 pages and 5 figures, 9 pages and 2 figures before the appendix",
        "",
        "",
        "",
    ]
    assert Link("project", "https://zhaohengyin.github.io/mana") in papers[0].links
    assert [link.kind for link in papers[1].links] == ["arxiv", "pdf", "hf"]
    assert papers[0].authors == ("Zhao-Heng Yin", "Guanya Shi", "Pieter Abbeel", "C. Karen Liu")
    assert {p.published for p in papers} == {"2026-06-11"}
    assert "(<1 minute per tool)" in papers[0].abstract
    gf_dit = papers[4].abstract
    assert gf_dit.count("\n\n") == 2 and "\n\nThis paper argues" in gf_dit
    assert "6.01$\\times$" in gf_dit and "60 $μ$s" in gf_dit


@pytest.mark.parametrize(("name", "count"), [(RSS_SAMPLE, 3), (API_SAMPLE, 5)])
def test_samples_through_the_registry(name: str, count: int, registry: None) -> None:
    data = sample(name).read_bytes()
    assert importers.detect(data) == "arxiv-feed"
    assert len(importers.parse(data, path="x.xml").papers) == count
