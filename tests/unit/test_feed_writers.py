"""render_feed on a small FeedDocument: the bytes each writer makes."""

from __future__ import annotations

import json
from dataclasses import replace

import feedparser
from lxml import etree

from newswire.feeds import FeedDocument, render_feed

from .conftest import FEED, SITE, entry

ATOM = "{http://www.w3.org/2005/Atom}"
URLS = {fmt: f"https://news.example.org/feeds/main/{name}"
        for fmt, name in (("rss", "rss.xml"), ("atom", "atom.xml"), ("json", "feed.json"))}
ENTRIES = (entry("b.md", "Newer", days=1, tags=("one",)), entry("a.md", "Older"))


def doc(**changes: object) -> FeedDocument:
    return replace(FeedDocument(FEED, SITE, ENTRIES, URLS), **changes)  # type: ignore[arg-type]


def test_rss_items_in_our_order_with_dates_from_the_newest() -> None:
    root = etree.fromstring(render_feed(doc(), "rss"))
    channel = root.find("channel")
    assert [t.text for t in channel.findall("item/title")] == ["Newer", "Older"]
    assert [g.text for g in channel.findall("item/guid")] == ["urn:uuid:b", "urn:uuid:a"]
    assert channel.findtext("link") == "https://news.example.org/"
    assert channel.findtext("lastBuildDate") == "Fri, 26 Apr 2019 10:00:00 +0000"
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == URLS["rss"]


def test_atom_content_is_escaped_html_never_cdata() -> None:
    data = render_feed(doc(), "atom")
    assert b"CDATA" not in data
    root = etree.fromstring(data)
    content = root.find(f"{ATOM}entry/{ATOM}content")
    assert content.get("type") == "html" and content.text == "<p>Body of the story.</p>"
    assert root.findtext(f"{ATOM}updated") == "2019-04-26T10:00:00+00:00"


def test_summary_only_leaves_out_the_content() -> None:
    summary_only = replace(FEED, summary_only=True)
    assert b"content:encoded" not in render_feed(doc(feed=summary_only), "rss")
    assert b"<content" not in render_feed(doc(feed=summary_only), "atom")
    items = json.loads(render_feed(doc(feed=summary_only), "json"))["items"]
    assert "content_html" not in items[0] and items[0]["summary"] == "Body of the story."


def test_every_format_reads_back_the_same_values_in_feedparser() -> None:
    for fmt in ("rss", "atom", "json"):
        data = render_feed(doc(), fmt)
        if fmt == "json":
            items = json.loads(data)["items"]
            got = [(i["id"], i["title"], i["url"], i["date_published"]) for i in items]
        else:
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0, fmt
            got = [(e.id, e.title, e.link, e.published_parsed[:6]) for e in parsed.entries]
        assert [g[:3] for g in got] == [
            ("urn:uuid:b", "Newer", "https://news.example.org/b/"),
            ("urn:uuid:a", "Older", "https://news.example.org/a/")], fmt


def test_an_empty_archive_page_takes_the_date_it_is_given() -> None:
    floor = ENTRIES[0].updated
    root = etree.fromstring(render_feed(doc(entries=(), archive=True, not_before=floor), "atom"))
    assert root.findtext(f"{ATOM}updated") == "2019-04-26T10:00:00+00:00"


def test_each_document_is_built_once_never_parsed_back(monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the writer parsed XML")
    for name in ("fromstring", "XML", "parse"):
        monkeypatch.setattr(etree, name, refuse)
    archive = doc(archive=True, hub="https://hub.example/", stylesheet="https://n.example/f.css",
                  current=URLS, prev_archive=URLS)
    for fmt in ("rss", "atom"):
        data = render_feed(archive, fmt)
        assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<?xml-stylesheet")
        assert b'xmlns:fh="http://purl.org/syndication/history/1.0"' in data
        assert data.count(b"<fh:archive/>") == 1
