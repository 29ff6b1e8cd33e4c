"""newswire.feeds.document.guess_type: the media type of a lead image, the
same on every machine (RSS enclosure, Atom enclosure link, og:image:type)."""

from __future__ import annotations

import mimetypes

import pytest
from lxml import etree

from newswire.feeds import FeedDocument, render_feed
from newswire.feeds.document import guess_type

from .conftest import FEED, SITE, entry


@pytest.mark.parametrize(("url", "expected"), [
    ("https://cdn.example.org/a.jpg", "image/jpeg"),
    ("https://cdn.example.org/a.JPEG?w=640#top", "image/jpeg"),
    ("https://cdn.example.org/a.webp", "image/webp"),
    ("https://cdn.example.org/a.avif", "image/avif"),
    ("https://cdn.example.org/a.bmp", "image/bmp"),
    ("https://cdn.example.org/a.svg", "image/svg+xml"),
    ("https://cdn.example.org/photo?id=3.png", "application/octet-stream"),  # query, not path
    ("https://cdn.example.org/a.php", "application/octet-stream"),
    ("https://cdn.example.org/a.jpg.gz", "application/octet-stream"),
    ("https://cdn.example.org/", "application/octet-stream"),
])
def test_the_type_comes_from_the_extension_of_the_path(url: str, expected: str) -> None:
    assert guess_type(url) == expected


def test_the_machine_s_mime_types_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.11 alone does not know .webp; /etc/mime.types does."""
    monkeypatch.setattr(mimetypes, "guess_type", lambda *args, **kwargs: (None, None))
    monkeypatch.setattr(mimetypes, "types_map", {})
    assert guess_type("https://cdn.example.org/a.webp") == "image/webp"


def test_the_rss_enclosure_of_a_lead_image_carries_its_type() -> None:
    item = entry(image="https://cdn.example.org/lead.webp")
    assert item.image_url == "https://cdn.example.org/lead.webp"
    doc = FeedDocument(site=SITE, feed=FEED, entries=(item,), fmt_urls={
        "rss": "https://news.example.org/feeds/main/rss.xml"})
    root = etree.fromstring(render_feed(doc, "rss"))
    enclosure = root.find("channel/item/enclosure")
    assert enclosure is not None and enclosure.get("type") == "image/webp"
