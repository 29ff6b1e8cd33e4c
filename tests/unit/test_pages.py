"""Page helpers and PageRenderer: pages and the OPML list, parsed with lxml."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from lxml import etree, html

from newswire.model import Enclosure
from newswire.pages import (PageRenderer, clock, feed_links, feed_page_url, lang_attrs,
                            long_date, media_open_graph)
from newswire.pages.paging import Listing, index_listing

from .conftest import FEED, SITE, entry

WORLD = replace(FEED, name="world", title="World", path="feeds/world", formats=("atom", "json"),
                description="From everywhere")
FEEDS = (FEED, WORLD)


def test_feed_links_in_feed_then_format_order() -> None:
    links = feed_links(SITE, FEEDS)
    assert [(link.feed.name, link.fmt) for link in links] == [
        ("main", "rss"), ("main", "atom"), ("main", "json"), ("world", "atom"),
        ("world", "json")]
    assert links[3].url == "https://news.example.org/feeds/world/atom.xml"
    assert links[3].media_type == "application/atom+xml"
    assert links[4].label == "World (JSON Feed)"


def test_feed_page_url() -> None:
    assert feed_page_url(SITE, WORLD) == "https://news.example.org/feeds/world/"


def test_long_date_is_in_english_and_its_own_offset() -> None:
    late = datetime(2019, 4, 25, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert long_date(late) == "25 April 2019"
    assert long_date(datetime(2019, 12, 1, tzinfo=timezone.utc)) == "1 December 2019"


@pytest.mark.parametrize(("seconds", "text"), [(8, "0:08"), (725, "12:05"), (3723, "1:02:03"),
                                               (0, "0:00"), (36000, "10:00:00")])
def test_clock(seconds: int, text: str) -> None:
    assert clock(seconds) == text


def test_lang_attrs_only_when_the_language_differs() -> None:
    assert lang_attrs("en-US", "en_us") == ""
    assert lang_attrs(None, "en") == ""
    assert str(lang_attrs("ar", "en")) == ' lang="ar" dir="rtl"'
    assert str(lang_attrs('de"x', "en")) == ' lang="de&#34;x" dir="ltr"'


def test_media_open_graph() -> None:
    e = replace(entry(), enclosures=(Enclosure("audio", "https://x.example/a.mp3", 1,
                                               "audio/mpeg"),
                                     Enclosure("video", "https://x.example/v.mp4", 2,
                                               "video/mp4")))
    assert media_open_graph(e) == [
        ("og:audio", "https://x.example/a.mp3"), ("og:audio:type", "audio/mpeg"),
        ("og:video", "https://x.example/v.mp4"), ("og:video:type", "video/mp4")]
    assert media_open_graph(entry()) == []


@pytest.fixture(scope="module")
def renderer() -> PageRenderer:
    return PageRenderer(SITE, FEEDS)


def test_an_article_page(renderer: PageRenderer) -> None:
    e = entry(title="Kim & Putin", tags=("Asia",))
    page = html.fromstring(renderer.article(e, ("world",)))
    assert page.get("lang") == "en" and page.get("dir") == "ltr"
    assert page.findtext(".//title").startswith("Kim & Putin")
    assert page.xpath("//link[@rel='canonical']/@href") == [e.link]
    assert page.xpath("//meta[@property='og:title']/@content") == ["Kim & Putin"]
    assert page.xpath("//link[@rel='alternate']/@href") == [
        "https://news.example.org/feeds/world/atom.xml",
        "https://news.example.org/feeds/world/feed.json"]
    [ld] = page.xpath("//script[@type='application/ld+json']/text()")
    assert json.loads(ld)["headline"] == "Kim & Putin"
    assert "Body of the story." in page.text_content()


def test_a_right_to_left_article_says_so(renderer: PageRenderer) -> None:
    page = html.fromstring(renderer.article(entry(lang="ar", title="مرحبا"), ()))
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")


def test_the_index_lists_entries_and_every_feed(renderer: PageRenderer) -> None:
    entries = [entry("b.md", "Newer", days=1), entry("a.md", "Older")]
    [first] = index_listing(SITE.title, entries).pages()
    page = html.fromstring(renderer.index(entries, first))
    text = page.text_content()
    assert text.index("Newer") < text.index("Older")
    assert len(page.xpath("//link[@rel='alternate']")) == 5
    assert page.xpath("//link[@rel='next']") == []


def test_a_later_listing_page_links_both_ways(renderer: PageRenderer) -> None:
    entries = tuple(entry(f"{n}.md", f"Story {n}", days=-n) for n in range(3))
    pages = Listing("tags", "tags/asia/", "Asia", entries).pages(size=1)
    page = html.fromstring(renderer.listing_page(pages[1]))
    assert page.xpath("//link[@rel='prev']/@href") == ["https://news.example.org/tags/asia/"]
    assert page.xpath("//link[@rel='next']/@href") == [
        "https://news.example.org/tags/asia/page/3/"]
    assert page.xpath("//link[@rel='canonical']/@href") == [
        "https://news.example.org/tags/asia/page/2/"]
    assert "Story 1" in page.text_content() and "Story 0" not in page.text_content()


def test_the_opml_list_names_each_feed_once(renderer: PageRenderer) -> None:
    root = etree.fromstring(renderer.opml())
    assert root.get("version") == "2.0" and root.findtext("head/title") == "Example News"
    outlines = root.findall("body/outline")
    assert [(o.get("text"), o.get("xmlUrl"), o.get("htmlUrl")) for o in outlines] == [
        ("All stories", "https://news.example.org/feeds/main/rss.xml",
         "https://news.example.org/feeds/main/"),
        ("World", "https://news.example.org/feeds/world/atom.xml",
         "https://news.example.org/feeds/world/")]
    assert outlines[1].get("description") == "From everywhere"
    assert outlines[0].get("description") is None


def test_static_files_are_shipped(renderer: PageRenderer) -> None:
    assert b"{" in renderer.static("style.css")
    assert renderer.static("favicon.ico")[:4] == b"\x00\x00\x01\x00"
