"""render_json: every JSON Feed 1.1 member newswire writes, read back as JSON."""

from __future__ import annotations

import json
from dataclasses import replace

from newswire.feeds import FeedDocument, render_feed
from newswire.model import Author, Enclosure

from .conftest import FEED, SITE, entry

URL = "https://news.example.org/feeds/main/feed.json"


def render(*entries, **fields) -> dict:  # type: ignore[no-untyped-def]
    document = FeedDocument(FEED, SITE, tuple(entries), {"json": URL}, **fields)
    data = render_feed(document, "json")
    assert data.endswith(b"}\n") and b'\n  "version"' in data  # two-space indent
    return json.loads(data)


def test_the_feed_members() -> None:
    feed = render(entry())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Example News: All stories"
    assert feed["home_page_url"] == "https://news.example.org/"
    assert feed["feed_url"] == URL and feed["language"] == "en"
    assert feed["description"] == "Example News: All stories"
    assert feed["authors"] == [{"name": "Desk"}]  # the site's author
    for absent in ("next_url", "hubs", "expired"):
        assert absent not in feed


def test_hubs_site_authors_and_archive_paging() -> None:
    site = replace(SITE, authors=(Author("Desk", uri="https://desk.example/"),),
                   description="All the news")
    document = FeedDocument(FEED, site, (), {"json": URL}, hub="https://hub.example/",
                            archive=True, prev_archive={"json": URL + "?page=1"})
    feed = json.loads(render_feed(document, "json"))
    assert feed["hubs"] == [{"type": "WebSub", "url": "https://hub.example/"}]
    assert feed["authors"] == [{"name": "Desk", "url": "https://desk.example/"}]
    assert feed["next_url"] == URL + "?page=1" and feed["expired"] is False
    assert feed["description"] == "All the news" and feed["items"] == []


def test_an_item_with_every_member() -> None:
    e = replace(entry(tags=("World", "Asia"), category="World",
                      authors=(Author("Ann", "ann@example.org", "https://ann.example/"),
                               Author("Desk")), lang="de"),
                link="https://elsewhere.example/s", image_url="https://x.example/i.jpg",
                enclosures=(Enclosure("audio", "https://x.example/a.mp3", 99, "audio/mpeg", 61),
                            Enclosure("video", "https://x.example/v.mp4", 5, "video/mp4")))
    [item] = render(e)["items"]
    assert item == {
        "id": "urn:uuid:story", "url": "https://news.example.org/story/",
        "external_url": "https://elsewhere.example/s", "title": "Story",
        "content_html": "<p>Body of the story.</p>", "summary": "Body of the story.",
        "image": "https://x.example/i.jpg",
        "date_published": "2019-04-25T10:00:00+00:00",
        "date_modified": "2019-04-25T10:00:00+00:00",
        "authors": [{"name": "Ann", "url": "https://ann.example/"}, {"name": "Desk"}],
        "tags": ["World", "Asia"], "language": "de",
        "attachments": [{"url": "https://x.example/a.mp3", "mime_type": "audio/mpeg",
                         "size_in_bytes": 99, "duration_in_seconds": 61},
                        {"url": "https://x.example/v.mp4", "mime_type": "video/mp4",
                         "size_in_bytes": 5}]}


def test_a_plain_item_leaves_out_what_it_lacks() -> None:
    [item] = render(replace(entry(), authors=(), lang=None))["items"]
    for absent in ("external_url", "image", "authors", "tags", "language", "attachments",
                   "content_text"):
        assert absent not in item


def test_summary_only_items_carry_text_not_html() -> None:
    document = FeedDocument(replace(FEED, summary_only=True), SITE, (entry(),), {"json": URL})
    [item] = json.loads(render_feed(document, "json"))["items"]
    assert item["content_text"] == "Body of the story." and "content_html" not in item


def test_non_ascii_is_written_as_utf8() -> None:
    data = render_feed(FeedDocument(FEED, SITE, (entry(title="Ελλάδα"),), {"json": URL}), "json")
    assert "Ελλάδα".encode() in data
