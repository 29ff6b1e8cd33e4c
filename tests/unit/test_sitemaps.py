"""sitemaps, the Google News sitemap and robots.txt, parsed back with lxml."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newswire.sitemaps import (NEWS_NS, SITEMAP_FILE, SITEMAP_NS, _urlset, _urlset_tree,
                               news_entries, news_language, news_sitemap, news_window,
                               robots_txt, sitemaps, w3c_datetime)

from .conftest import APRIL, entry

BASE = "https://news.example.org/"
NS = {"s": SITEMAP_NS, "n": NEWS_NS}


def parse(data: bytes) -> etree._Element:
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    return etree.fromstring(data)


def test_w3c_datetime_drops_fractions_and_keeps_the_offset() -> None:
    moment = datetime(2019, 4, 25, 10, 0, 5, 999, tzinfo=timezone(timedelta(hours=2)))
    assert w3c_datetime(moment) == "2019-04-25T10:00:05+02:00"


def test_one_urlset_lists_every_page_in_order() -> None:
    [(name, data)] = sitemaps(BASE, [(BASE + "b/", APRIL), (BASE, None)])
    assert name == SITEMAP_FILE
    root = parse(data)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    assert root.xpath("s:url/s:loc/text()", namespaces=NS) == [BASE + "b/", BASE]
    assert root.xpath("s:url[1]/s:lastmod/text()", namespaces=NS) == [
        "2019-04-25T10:00:00+00:00"]
    assert root.xpath("s:url[2]/s:lastmod", namespaces=NS) == []


def test_an_empty_site_has_an_empty_urlset() -> None:
    [(_, data)] = sitemaps(BASE, [])
    assert len(parse(data)) == 0


def test_above_the_limit_an_index_names_each_part() -> None:
    urls = [(f"{BASE}{n}/", APRIL + timedelta(days=n)) for n in range(5)]
    files = sitemaps(BASE, urls, limit=2)
    assert [name for name, _ in files] == [SITEMAP_FILE, "sitemap-1.xml", "sitemap-2.xml",
                                           "sitemap-3.xml"]
    index = parse(files[0][1])
    assert index.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    assert index.xpath("s:sitemap/s:loc/text()", namespaces=NS) == [
        f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3)]
    assert index.xpath("s:sitemap/s:lastmod/text()", namespaces=NS) == [
        w3c_datetime(APRIL + timedelta(days=n)) for n in (1, 3, 4)]
    assert parse(files[3][1]).xpath("s:url/s:loc/text()", namespaces=NS) == [f"{BASE}4/"]


def test_a_part_without_dates_has_no_lastmod_in_the_index() -> None:
    files = sitemaps(BASE, [(BASE + "a/", None), (BASE + "b/", None)], limit=1)
    assert parse(files[0][1]).xpath("//s:lastmod", namespaces=NS) == []


def test_news_entries_are_those_of_the_last_two_days_on_this_site() -> None:
    now = APRIL + timedelta(days=5)
    fresh, edge, old, future = (entry("a.md", days=4), entry("b.md", days=3),
                                entry("c.md", days=2), entry("d.md", days=6))
    elsewhere = replace(entry("e.md", days=4), link="https://elsewhere.example/e")
    assert news_entries([future, fresh, elsewhere, edge, old], now) == [fresh]
    assert news_entries([edge], now - timedelta(seconds=1)) == [edge]


def test_news_entries_stop_at_a_thousand() -> None:
    many = [entry("a.md")] * 1001
    assert len(news_entries(many, APRIL + timedelta(hours=1))) == 1000


def test_news_window_is_where_the_selection_stays_the_same() -> None:
    now = APRIL + timedelta(days=3, hours=12)
    entries = [entry("a.md", days=2), entry("b.md", days=1), entry("c.md")]
    assert news_entries(entries, now) == entries[:1]
    low, high = news_window(entries, now)
    assert low == APRIL + timedelta(days=3)      # when b left the window
    assert high == APRIL + timedelta(days=4)     # when a leaves it
    assert news_entries(entries, low) == news_entries(entries, high - timedelta(seconds=1))
    assert news_window([], now) == (None, None)


def test_news_window_ends_when_a_later_dated_entry_enters() -> None:
    now = APRIL
    later = entry("later.md", days=1)            # published with --future
    assert news_entries([later], now) == []
    assert news_window([later], now) == (None, later.published)
    assert news_entries([later], later.published) == [later]


def test_news_window_starts_when_its_newest_entry_entered() -> None:
    now = APRIL + timedelta(hours=5)
    fresh = entry("fresh.md")
    assert news_window([fresh], now) == (APRIL, APRIL + timedelta(days=2))
    assert news_entries([fresh], APRIL - timedelta(seconds=1)) == []


@pytest.mark.parametrize(("tag", "expected"), [
    (None, "en"), ("", "en"), ("fr", "fr"), ("en-GB", "en"), ("pt_BR", "pt"), ("HAW", "haw"),
    ("zh", "zh-cn"), ("zh-Hans-CN", "zh-cn"), ("zh-Hant", "zh-tw"), ("zh-TW", "zh-tw"),
    ("zh_HK", "zh-tw"), ("zh-MO", "zh-tw"),
])
def test_news_language(tag: str | None, expected: str) -> None:
    assert news_language(tag) == expected


def test_the_news_sitemap_names_publication_language_date_and_title() -> None:
    german = replace(entry("b.md", "Bericht & mehr", days=1), lang="de-AT")
    root = parse(news_sitemap("Example <News>", "en", [german, entry("a.md")]))
    assert root.nsmap == {None: SITEMAP_NS, "news": NEWS_NS}
    assert root.xpath("s:url/s:loc/text()", namespaces=NS) == [BASE + "b/", BASE + "a/"]
    first = root.xpath("s:url[1]/n:news", namespaces=NS)[0]
    assert first.xpath("n:publication/n:name/text()", namespaces=NS) == ["Example <News>"]
    assert first.xpath("n:publication/n:language/text()", namespaces=NS) == ["de"]
    assert first.xpath("n:publication_date/text()", namespaces=NS) == [
        "2019-04-26T10:00:00+00:00"]
    assert first.xpath("n:title/text()", namespaces=NS) == ["Bericht & mehr"]
    assert root.xpath("s:url[2]//n:language/text()", namespaces=NS) == ["en"]


def test_robots_txt_allows_all_and_names_each_sitemap() -> None:
    text = robots_txt(BASE, ["sitemap.xml", "news-sitemap.xml"]).decode()
    assert text.splitlines() == ["User-agent: *", "Allow: /", "",
                                 f"Sitemap: {BASE}sitemap.xml",
                                 f"Sitemap: {BASE}news-sitemap.xml"]
    assert text.endswith("\n")


_ZONES = st.sampled_from([timezone.utc, timezone(timedelta(hours=2)),
                          timezone(timedelta(hours=-9, minutes=-30))])
_LOCS = st.one_of(
    st.text(max_size=40).map(lambda path: BASE + path),  # anything, control characters too
    st.text(alphabet="abc/&<>\"'é東-_.~%?=#", max_size=30).map(lambda path: BASE + path))
_URLS = st.lists(st.tuples(_LOCS, st.one_of(st.none(), st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=_ZONES))),
    max_size=6)


@settings(max_examples=300, deadline=None)
@given(_URLS)
def test_a_urlset_written_as_text_has_the_bytes_of_the_element_tree(urls) -> None:
    try:
        expected = _urlset_tree(urls)
    except ValueError:  # a character XML cannot hold: refused either way
        with pytest.raises(ValueError):
            _urlset(urls)
        return
    assert _urlset(urls) == expected


def test_a_urlset_of_a_generated_site_s_urls_has_the_element_tree_s_bytes() -> None:
    moment = datetime(2015, 9, 15, 9, 26, tzinfo=timezone(timedelta(hours=2)))
    urls = [(f"{BASE}2015/09/a{n:07d}/", moment - timedelta(minutes=n)) for n in range(500)]
    urls += [(BASE + "tags/caf%C3%A9/", None), (BASE + "tags/café/?a=1&b=<2>", moment),
             (BASE + "東京/", moment)]
    data = _urlset(urls)
    assert data == _urlset_tree(urls)
    assert parse(data).xpath("s:url[last()-1]/s:loc/text()", namespaces=NS) == [
        BASE + "tags/café/?a=1&b=<2>"]
