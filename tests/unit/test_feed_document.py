"""FeedDocument and its helpers: file names, URLs, ids, title, dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from newswire.feeds.document import (EPOCH, FEED_MEDIA_TYPES, FeedDocument, derived_feed_id,
                                     feed_file, feed_url, guess_type)

from .conftest import APRIL, FEED, SITE, entry


@pytest.mark.parametrize(("fmt", "archive", "path"), [
    ("rss", None, "feeds/main/rss.xml"), ("atom", None, "feeds/main/atom.xml"),
    ("json", None, "feeds/main/feed.json"), ("rss", 1, "feeds/main/archive/rss-1.xml"),
    ("atom", 12, "feeds/main/archive/atom-12.xml"), ("json", 3, "feeds/main/archive/feed-3.json"),
])
def test_feed_file_and_url(fmt: str, archive: int | None, path: str) -> None:
    assert feed_file(FEED, fmt, archive) == path
    assert feed_url(SITE, FEED, fmt, archive) == "https://news.example.org/" + path


def test_media_types() -> None:
    assert FEED_MEDIA_TYPES == {"rss": "application/rss+xml", "atom": "application/atom+xml",
                                "json": "application/feed+json"}


@pytest.mark.parametrize(("url", "media_type"), [
    ("https://x.example/a.jpg", "image/jpeg"), ("https://x.example/a.PNG?v=1", "image/png"),
    ("https://x.example/a", "application/octet-stream"),
])
def test_guess_type(url: str, media_type: str) -> None:
    assert guess_type(url) == media_type


def test_derived_feed_id_is_a_name_based_uuid() -> None:
    ident = derived_feed_id("https://news.example.org/", "main")
    assert ident.startswith("urn:uuid:") and ident[23] == "5"  # version 5
    assert ident == derived_feed_id("https://news.example.org/", "main")
    assert ident != derived_feed_id("https://news.example.org/", "world")


def document(**fields: object) -> FeedDocument:
    values: dict[str, object] = {"entries": ()} | fields
    return FeedDocument(FEED, SITE, fmt_urls={"rss": "u"}, **values)  # type: ignore[arg-type]


def test_the_recorded_id_wins() -> None:
    assert document().feed_id == derived_feed_id(SITE.base_url, "main")
    assert document(recorded_id="urn:uuid:kept").feed_id == "urn:uuid:kept"


def test_the_title_names_the_site_unless_it_does_already() -> None:
    assert document().title == "Example News: All stories"
    named = FeedDocument(replace(FEED, title="Example News podcast"), SITE, (), {})
    assert named.title == "Example News podcast"
    untitled = FeedDocument(FEED, replace(SITE, title=""), (), {})
    assert untitled.title == "All stories"


def test_the_description_falls_back_to_the_site_then_the_title() -> None:
    assert document().description == "Example News: All stories"
    assert FeedDocument(FEED, replace(SITE, description="Site"), (), {}).description == "Site"
    assert FeedDocument(replace(FEED, description="Feed"), SITE, (), {}).description == "Feed"


def test_updated_is_the_newest_entry_else_the_floor_else_1970() -> None:
    entries = (entry("a.md"), entry("b.md", days=2))
    assert document(entries=entries).updated == APRIL + timedelta(days=2)
    assert document(not_before=APRIL).updated == APRIL
    assert document().updated == EPOCH
    assert document().home_url == SITE.base_url
