"""index.html, the feed landing pages and feeds.opml of the sample site."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree, html

BASE = "https://news.example.org/"
FEEDS = {"main": "All stories", "podcast": "Example Wire podcast", "science": "Science and space",
         "world": "World"}
FILES = ("rss.xml", "atom.xml", "feed.json")


def page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / "public" / path).read_bytes())


def test_index_lists_newest_articles_in_feed_order(site):
    root, _ = site
    doc = page(root, "index.html")
    items = json.loads((root / "public/feeds/main/feed.json").read_bytes())["items"]
    links = doc.xpath("//section[@class='latest']//a[@class='title']")
    assert [a.text_content() for a in links] == [i["title"] for i in items]
    assert [a.get("href") for a in links] == [i["url"] for i in items]
    assert doc.xpath("//link[@rel='canonical']/@href") == [BASE]


def test_index_links_every_feed_and_its_landing_page(site):
    root, _ = site
    doc = page(root, "index.html")
    section = doc.xpath("//section[@id='feeds']")[0]
    titles = {a.text_content(): a.get("href") for a in section.xpath(".//a[@class='title']")}
    assert titles == {title: f"{BASE}feeds/{name}/" for name, title in FEEDS.items()}
    hrefs = set(section.xpath(".//p[@class='formats']/a/@href"))
    assert hrefs == {f"{BASE}feeds/{n}/{f}" for n in FEEDS for f in FILES}
    assert BASE + "feeds.opml" in section.xpath(".//a/@href")
    alternates = doc.xpath("//link[@rel='alternate']")
    assert {a.get("href") for a in alternates} == hrefs
    assert {a.get("type") for a in alternates} == {
        "application/rss+xml", "application/atom+xml", "application/feed+json"}


def test_every_feed_has_a_landing_page(site):
    root, _ = site
    for name, title in FEEDS.items():
        doc = page(root, f"feeds/{name}/index.html")
        urls = [f"{BASE}feeds/{name}/{f}" for f in FILES]
        assert doc.xpath("//h1")[0].text_content() == title
        assert doc.xpath("//link[@rel='canonical']/@href") == [f"{BASE}feeds/{name}/"]
        assert doc.xpath("//input[@readonly]/@value") == urls
        assert doc.xpath("//link[@rel='alternate']/@href") == urls
        for path in urls:
            assert (root / "public" / path[len(BASE):]).is_file()
        readers = doc.xpath("//section[@class='readers']//a[@rel]/@href")
        assert len(readers) == 3
        for href in readers:
            parts = urlsplit(href)
            found = [v for vs in parse_qs(parts.query).values() for v in vs]
            found.append(unquote(parts.path).split("feed/", 1)[-1])
            assert urls[0] in found, href
        text = doc.text_content()
        assert "feed reader" in text and "feeds.opml" in text


def test_landing_page_lists_the_feeds_newest_entries(site):
    root, _ = site
    doc = page(root, "feeds/science/index.html")
    items = json.loads((root / "public/feeds/science/feed.json").read_bytes())["items"]
    titles = [a.text_content() for a in doc.xpath("//ol[@class='entries']//a")]
    assert titles == [i["title"] for i in items][:10]
    assert titles


def test_opml_lists_every_feed_once(site):
    root, _ = site
    opml = etree.parse(str(root / "public/feeds.opml")).getroot()
    assert opml.tag == "opml" and opml.get("version") == "2.0"
    assert opml.findtext("head/title") == "Example Wire"
    outlines = opml.findall("body/outline")
    assert [(o.get("text"), o.get("type"), o.get("xmlUrl"), o.get("htmlUrl"))
            for o in outlines] == [
        (title, "rss", f"{BASE}feeds/{name}/rss.xml", f"{BASE}feeds/{name}/")
        for name, title in FEEDS.items()]
    for outline in outlines:
        assert (root / "public" / outline.get("xmlUrl")[len(BASE):]).is_file()
        assert (root / "public" / outline.get("htmlUrl")[len(BASE):] / "index.html").is_file()


def test_stylesheets_are_published(site):
    root, _ = site
    for name in ("style.css", "feed.css"):
        assert (root / "public" / name).stat().st_size > 200
    rss = (root / "public/feeds/main/rss.xml").read_bytes()
    assert b'<?xml-stylesheet type="text/css" href="https://news.example.org/feed.css"?>' in rss
