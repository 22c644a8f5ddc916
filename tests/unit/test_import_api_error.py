"""An arXiv API error answer (an Atom feed whose one entry is an ``/api/errors`` id) is said as such."""

from __future__ import annotations

import pytest

from paper_tui import importers
from paper_tui.model import DigestError

ERROR_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <link href="{scheme}://arxiv.org/api/query?search_query%3D%26id_list%3Dabc" rel="self"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=abc&amp;start=0&amp;max_results=10</title>
  <id>{scheme}://arxiv.org/api/4zyJXFh9BQa8Ix9z6NIo1FIi9/g</id>
  <updated>2026-08-21T00:00:00-04:00</updated>
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>{scheme}://arxiv.org/api/errors#incorrect_id_format_for_abc</id>
    <title>Error</title>
    {summary}
    <updated>2026-08-21T00:00:00-04:00</updated>
    <author><name>arXiv api core</name></author>
  </entry>
</feed>
"""


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize(
    ("summary", "said"),
    [
        ("<summary>incorrect id format for abc</summary>", "incorrect id format for abc"),
        ("", "incorrect id format for abc"),
    ],
)
def test_api_error_is_reported_in_the_apis_words(scheme: str, summary: str, said: str) -> None:
    text = ERROR_FEED.format(scheme=scheme, summary=summary)
    with pytest.raises(DigestError) as caught:
        importers.parse(text, path="answer.xml")
    assert str(caught.value) == f"answer.xml: arXiv API error: {said}"
