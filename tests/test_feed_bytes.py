"""The bytes the feed writers produce, where feedgen would choose otherwise."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import feedparser
from lxml import etree

from newswire.config import FeedConfig, SiteConfig
from newswire.feeds import FeedDocument, render_feed
from newswire.model import Article, Author, Entry, Identity

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}creator"
SITE = SiteConfig(base_url="https://x.org/", title="X", author="Desk")
FEED = FeedConfig(name="main", title="All", path="feeds/main")
T0 = datetime(2020, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))


def entry(n: int, authors=(Author("Desk"),), image: str | None = None) -> Entry:
    article = Article(source=f"a{n}.md", title=f"Title {n} Q&A", body_html=f"<p>{n}</p>")
    when = T0 + timedelta(days=n)
    return Entry(article=article, identity=Identity(f"urn:uuid:{n:08d}-0000-4000-8000-000000000000",
                                                    f"a{n}/", when),
                 permalink=f"https://x.org/a{n}/", link=f"https://x.org/a{n}/",
                 published=when, updated=when, content_html=f"<p>{n}</p>",
                 summary=f"Summary {n} <b>", authors=authors, image_url=image)


def document(*entries: Entry) -> FeedDocument:
    urls = {f: f"https://x.org/feeds/main/{n}" for f, n in
            (("rss", "rss.xml"), ("atom", "atom.xml"), ("json", "feed.json"))}
    return FeedDocument(FEED, SITE, entries, urls)


def test_rss_order_links_and_dates():
    doc = document(entry(3), entry(2), entry(1))
    data = render_feed(doc, "rss")
    channel = etree.fromstring(data).find("channel")
    assert [i.findtext("title") for i in channel.iter("item")] == [
        "Title 3 Q&A", "Title 2 Q&A", "Title 1 Q&A"]
    assert channel.findtext("link") == "https://x.org/"
    assert [(l.get("rel"), l.get("href")) for l in channel.findall(f"{ATOM}link")] == [
        ("self", "https://x.org/feeds/main/rss.xml")]
    assert channel.findtext("lastBuildDate") == "Sat, 04 Jan 2020 12:00:00 +0200"
    assert render_feed(doc, "rss") == data  # no wall clock


def test_rss_authors_never_both_author_and_creator():
    one = entry(1, authors=(Author("Ada", "ada@x.org"),))
    two = entry(2, authors=(Author("Ada", "ada@x.org"), Author("Bob")))
    items = list(etree.fromstring(render_feed(document(two, one), "rss")).iter("item"))
    assert items[0].findtext("author") is None
    assert [c.text for c in items[0].findall(DC)] == ["Ada", "Bob"]
    assert items[1].findtext("author") == "ada@x.org (Ada)"
    assert items[1].findall(DC) == []


def test_atom_entry_links_carry_rel_and_type():
    data = render_feed(document(entry(1, image="https://x.org/p.jpg")), "atom")
    links = etree.fromstring(data).find(f"{ATOM}entry").findall(f"{ATOM}link")
    assert [(l.get("rel"), l.get("type"), l.get("href")) for l in links] == [
        ("alternate", "text/html", "https://x.org/a1/"),
        ("enclosure", "image/jpeg", "https://x.org/p.jpg")]
    assert b'type="CDATA"' not in data and b"<![CDATA[" not in data


def test_plain_text_stays_plain_in_every_reader():
    doc = document(entry(1))
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(render_feed(doc, fmt))
        assert parsed.bozo == 0
        assert parsed.entries[0].title == "Title 1 Q&A"
    rss = etree.fromstring(render_feed(doc, "rss")).find("channel/item")
    assert rss.findtext("description") == "Summary 1 &lt;b&gt;"  # HTML-escaped text


def test_empty_feed_is_still_deterministic():
    doc = document()
    for fmt in ("rss", "atom", "json"):
        assert render_feed(doc, fmt) == render_feed(doc, fmt)
    atom = etree.fromstring(render_feed(doc, "atom"))
    assert atom.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"
