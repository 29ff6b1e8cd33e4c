"""Share metadata: og:locale, Open Graph, Twitter Card, NewsArticle JSON-LD."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from lxml import html

from newswire.model import Author
from newswire.pages.metadata import (news_article, og_locale, open_graph, script_json,
                                     twitter_card)

from .conftest import SITE, entry

IMAGE = "https://news.example.org/world/lead.jpg"


def rich():  # type: ignore[no-untyped-def]
    e = entry(tags=("Asia", "Summit"), category="World", image_alt="Two men shake hands",
              authors=(Author("Ann", uri="https://ann.example/"), Author("Desk")))
    return replace(e, image_url=IMAGE, image_width=1200, image_height=630, image_length=9000)


@pytest.mark.parametrize(("tag", "expected"), [
    (None, None), ("", None), ("en-GB", "en_GB"), ("pt_br", "pt_BR"), ("en", "en_US"),
    ("fr", "fr_FR"), ("de", "de_DE"), ("zh-Hant-TW", "zh_TW"), ("sr-Latn", "sr_RS"),
    ("xx", "xx"),
])
def test_og_locale(tag: str | None, expected: str | None) -> None:
    assert og_locale(tag) == expected


def test_open_graph_in_order() -> None:
    props = open_graph(rich(), SITE)
    assert props == [
        ("og:type", "article"), ("og:title", "Story"), ("og:description", "Body of the story."),
        ("og:url", "https://news.example.org/story/"), ("og:site_name", "Example News"),
        ("og:locale", "en_US"), ("og:image", IMAGE), ("og:image:type", "image/jpeg"),
        ("og:image:width", "1200"), ("og:image:height", "630"),
        ("og:image:alt", "Two men shake hands"),
        ("article:published_time", "2019-04-25T10:00:00+00:00"),
        ("article:modified_time", "2019-04-25T10:00:00+00:00"),
        ("article:author", "https://ann.example/"), ("article:author", "Desk"),
        ("article:section", "World"), ("article:tag", "Asia"), ("article:tag", "Summit")]


def test_open_graph_without_image_or_language() -> None:
    e = replace(entry(), lang=None, image_url="https://cdn.example/lead")
    names = [name for name, _ in open_graph(e, SITE)]
    assert "og:locale" not in names and "og:image:type" not in names
    assert "og:image:width" not in names and "og:image" in names


def test_twitter_card_with_a_large_image_and_a_handle() -> None:
    site = replace(SITE, twitter_site=" examplenews ")
    assert twitter_card(rich(), site) == [
        ("twitter:card", "summary_large_image"), ("twitter:site", "@examplenews"),
        ("twitter:title", "Story"), ("twitter:description", "Body of the story."),
        ("twitter:image", IMAGE), ("twitter:image:alt", "Two men shake hands")]


def test_twitter_card_without_image_is_a_summary() -> None:
    assert twitter_card(entry(), replace(SITE, twitter_site="@x"))[:2] == [
        ("twitter:card", "summary"), ("twitter:site", "@x")]


def test_twitter_card_with_a_small_local_image_is_a_summary() -> None:
    small = replace(rich(), image_width=200, image_height=100)
    assert twitter_card(small, SITE)[0] == ("twitter:card", "summary")


def test_news_article() -> None:
    assert news_article(rich(), SITE) == {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Story",
        "description": "Body of the story.", "url": "https://news.example.org/story/",
        "datePublished": "2019-04-25T10:00:00+00:00",
        "dateModified": "2019-04-25T10:00:00+00:00",
        "author": [{"@type": "Person", "name": "Ann", "url": "https://ann.example/"},
                   {"@type": "Person", "name": "Desk"}],
        "image": [{"@type": "ImageObject", "url": IMAGE, "width": 1200, "height": 630,
                   "caption": "Two men shake hands"}],
        "publisher": {"@type": "Organization", "name": "Example News",
                      "url": "https://news.example.org/"},
        "mainEntityOfPage": {"@type": "WebPage", "@id": "https://news.example.org/story/"},
        "inLanguage": "en", "articleSection": "World", "keywords": ["Asia", "Summit"]}


def test_a_plain_news_article_leaves_out_what_it_lacks() -> None:
    obj = news_article(replace(entry(), authors=(), lang=None), SITE)
    for key in ("author", "image", "inLanguage", "articleSection", "keywords"):
        assert key not in obj


def test_script_json_cannot_close_its_script_element() -> None:
    value = {"headline": "</script><!-- & \u2028 \u2029 <b>", "n": [1]}
    text = script_json(value)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == value
    page = html.fromstring(f'<html><head><script type="application/ld+json">{text}</script>'
                           "</head><body><p>after</p></body></html>")
    [script] = page.xpath("//script")
    assert json.loads(script.text) == value
    assert page.xpath("//p/text()") == ["after"]
