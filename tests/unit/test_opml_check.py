"""newswire.validate.opml.check: OPML 2.0 rules, one named case each."""

from __future__ import annotations

from lxml import etree

from newswire.validate.opml import check

GOOD = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
<head><title>Feeds</title><dateCreated>Thu, 25 Apr 2019 10:00:00 GMT</dateCreated></head>
<body>
<outline text="World" type="rss" xmlUrl="https://news.example.org/feeds/world/rss.xml" htmlUrl="https://news.example.org/"/>
</body>
</opml>
"""


def codes(data: bytes) -> list[tuple[int | None, str]]:
    return [(f.line, f.code) for f in check(etree.fromstring(data), "feeds.opml")]


def test_a_valid_document_has_no_finding() -> None:
    assert codes(GOOD) == []


def test_the_root_and_its_version() -> None:
    assert codes(b"<rss version='2.0'/>") == [(1, "OPML-VERSION")]
    assert codes(GOOD.replace(b'version="2.0"', b'version="3.0"')) == [(2, "OPML-VERSION")]
    assert codes(GOOD.replace(b'<opml version="2.0">', b"<opml>")) == [(2, "OPML-VERSION")]


def test_head_and_body_are_required_and_the_body_holds_an_outline() -> None:
    assert codes(b'<opml version="2.0"><head/></opml>') == [(1, "OPML-REQUIRED")]
    assert codes(b'<opml version="2.0"><body/></opml>') == [(1, "OPML-REQUIRED"),
                                                            (1, "OPML-REQUIRED")]


def test_a_date_must_be_rfc_822() -> None:
    assert codes(GOOD.replace(b"Thu, 25 Apr 2019 10:00:00 GMT", b"2019-04-25")) == [
        (3, "OPML-DATE")]


def test_each_outline_needs_text_and_an_rss_outline_its_feed_url() -> None:
    assert codes(GOOD.replace(b'text="World" ', b"")) == [(5, "OPML-REQUIRED")]
    assert codes(GOOD.replace(b'xmlUrl="https://news.example.org/feeds/world/rss.xml" ',
                              b"")) == [(5, "OPML-REQUIRED")]


def test_urls_are_absolute_http_and_a_feed_is_listed_once() -> None:
    assert codes(GOOD.replace(b'htmlUrl="https://news.example.org/"',
                              b'htmlUrl="/index.html"')) == [(5, "OPML-URL")]
    outline = b'<outline text="World" type="rss" xmlUrl="https://news.example.org/feeds/world/rss.xml"/>\n'
    twice = GOOD.replace(b"</body>", outline + b"</body>")
    found = check(etree.fromstring(twice), "feeds.opml")
    assert [(f.line, f.code) for f in found] == [(6, "OPML-DUPLICATE-FEED")]
    assert "already listed on line 5" in found[0].message
