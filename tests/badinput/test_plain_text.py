"""Titles and summaries are plain text everywhere, never double-escaped.

``Q&A`` must arrive as ``Q&A`` in every reader: feedparser for RSS and Atom,
``json`` for JSON Feed, lxml for the page's ``<title>`` and ``<h1>``; markup
typed into a title or summary is shown as text, and the character references
typed in it (``&amp;``, ``&#169;``) are decoded once, when read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import lxml.html
import pytest

from .helpers import make_site, pages, run_build

TITLES = {
    "qa.md": ("Q&A", "Q&A about A&B"),
    "markup.md": ("Fish & chips <b>not bold</b> \"quoted\" 'single' &amp; 1 < 2",
                  "<i>Not italic</i> & <script>alert(1)</script> &lt;escaped&gt;"),
    "entities.txt": ("Tom &amp; Jerry &lt;3 &#169;", "Summary &amp; more <em>x</em>"),
}


def _files() -> dict[str, str]:
    out = {}
    for name, (title, summary) in TITLES.items():
        if name.endswith(".md"):
            out[name] = (f"---\ntitle: {json.dumps(title)}\nsummary: {json.dumps(summary)}\n"
                         "date: 2019-04-25\n---\nBody.\n")
        else:
            out[name] = f"{title}\n\n  • {summary}\n\n25 April 2019Body.\n"
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("plain") / "site", _files())
    result = run_build(root)
    assert result.exit_code == 0, result.stderr
    return root


def _by_link(entries: list, key: str = "link") -> dict:
    return {e[key].rstrip("/").rsplit("/", 1)[-1]: e for e in entries}


# What readers show: the same text, its character references decoded once.
SHOWN = {
    "qa.md": TITLES["qa.md"],
    "markup.md": ("Fish & chips <b>not bold</b> \"quoted\" 'single' & 1 < 2",
                  "<i>Not italic</i> & <script>alert(1)</script> <escaped>"),
    "entities.txt": ("Tom & Jerry <3 \u00a9", "Summary & more <em>x</em>"),
}


def _expected(name: str) -> tuple[str, str]:
    return SHOWN[name]


@pytest.mark.parametrize("name", sorted(TITLES))
def test_atom_title_and_summary_are_text(site: Path, name: str) -> None:
    parsed = feedparser.parse((site / "public/feeds/main/atom.xml").read_bytes())
    assert parsed.bozo == 0
    entry = _by_link(parsed.entries)[name.rsplit(".", 1)[0]]
    title, summary = _expected(name)
    assert entry.title == title
    assert entry.title_detail.type == "text/plain"
    assert entry.summary == summary


@pytest.mark.parametrize("name", sorted(TITLES))
def test_json_title_and_summary_are_text(site: Path, name: str) -> None:
    items = json.loads((site / "public/feeds/main/feed.json").read_bytes())["items"]
    item = _by_link(items, "url")[name.rsplit(".", 1)[0]]
    assert (item["title"], item["summary"]) == _expected(name)


@pytest.mark.parametrize("name", sorted(TITLES))
def test_rss_title_and_description(site: Path, name: str) -> None:
    parsed = feedparser.parse((site / "public/feeds/main/rss.xml").read_bytes())
    assert parsed.bozo == 0
    entry = _by_link(parsed.entries)[name.rsplit(".", 1)[0]]
    title, summary = _expected(name)
    if entry.title_detail.type == "text/plain":
        assert entry.title == title
    else:
        # RSS titles carry no type; feedparser (like many readers) treats a
        # title holding closing tags or entity-like text as HTML. What it
        # shows then is never a script.
        assert re.search(r"</\w+>|&#?\w+;", title)
        assert "<script" not in entry.title
    # RSS description is HTML: the plain-text summary, escaped once.
    assert entry.summary_detail.type == "text/html"
    shown = lxml.html.fragment_fromstring(entry.summary, create_parent="div").text_content()
    assert shown == summary


def test_rss_plain_title_arrives_unchanged(site: Path) -> None:
    parsed = feedparser.parse((site / "public/feeds/main/rss.xml").read_bytes())
    assert _by_link(parsed.entries)["qa"].title == "Q&A"
    raw = (site / "public/feeds/main/rss.xml").read_bytes()
    assert b"<title>Q&amp;A</title>" in raw
    assert b"Q&amp;amp;A</title>" not in raw


@pytest.mark.parametrize("name", sorted(TITLES))
def test_page_title_h1_and_description(site: Path, name: str) -> None:
    page = pages(site)[name.rsplit(".", 1)[0] + "/"]
    title, summary = _expected(name)
    assert page.findtext(".//h1") == title
    assert page.findtext(".//title").startswith(title + " – ")
    assert page.find(".//meta[@name='description']").get("content") == summary
    assert page.findtext(".//p[@class='standfirst']") == summary
    assert page.find(".//h1/b") is None and page.find(".//script[@src]") is None
