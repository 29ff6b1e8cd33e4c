"""The preview server's pieces: feed routes, Content-Type, validators and
how request paths map to files (the server is bound, never served)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from email.utils import formatdate
from pathlib import Path

import pytest

from newswire.serve import (FeedRoute, PreviewServer, _etag_matches, _not_modified_since,
                            content_type, feed_routes, make_server)

from .conftest import FEED, SITE

HUB = "https://hub.example/"


def test_feed_routes_for_documents_and_archive_pages() -> None:
    world = replace(FEED, name="world", path="feeds/world", formats=("atom",), hub=HUB)
    route = feed_routes(SITE, [FEED, world])
    assert route("feeds/main/rss.xml") == FeedRoute(
        "application/rss+xml", "https://news.example.org/feeds/main/rss.xml", None)
    assert route("feeds/world/atom.xml") == FeedRoute(
        "application/atom+xml", "https://news.example.org/feeds/world/atom.xml", HUB)
    assert route("feeds/main/archive/feed-12.json") == FeedRoute(
        "application/feed+json", "https://news.example.org/feeds/main/archive/feed-12.json")
    assert route("feeds/world/archive/rss-1.xml") is None       # world has no RSS
    assert route("feeds/main/archive/rss-0.xml") is None
    assert route("feeds/main/index.html") is None


def test_link_headers_name_the_hub_first() -> None:
    assert FeedRoute("application/rss+xml", "https://x/rss.xml", HUB).links() == [
        f'<{HUB}>; rel="hub"', '<https://x/rss.xml>; rel="self"']
    assert FeedRoute("application/rss+xml", "https://x/rss.xml").links() == [
        '<https://x/rss.xml>; rel="self"']


@pytest.mark.parametrize(("path", "expected"), [
    ("index.html", "text/html; charset=utf-8"), ("style.CSS", "text/css; charset=utf-8"),
    ("sitemap.xml", "application/xml; charset=utf-8"),
    ("feeds.opml", "text/x-opml; charset=utf-8"), ("logo.svg", "image/svg+xml; charset=utf-8"),
    ("a.png", "image/png"), ("ep.mp3", "audio/mpeg"), ("blob.zzz", "application/octet-stream"),
])
def test_content_type(path: str, expected: str) -> None:
    assert content_type(path) == expected


def test_content_type_of_a_feed_route() -> None:
    route = FeedRoute("application/atom+xml", "https://x/atom.xml")
    assert content_type("atom.xml", route) == "application/atom+xml; charset=utf-8"


@pytest.mark.parametrize(("header", "matches"), [
    ('"abc"', True), ('W/"abc"', True), ('"x", "abc"', True), ("*", True), ('"x"', False),
    ("", False),
])
def test_if_none_match(header: str, matches: bool) -> None:
    assert _etag_matches(header, '"abc"') is matches


def test_if_modified_since() -> None:
    mtime = 1_556_186_400.7
    assert _not_modified_since(formatdate(1_556_186_400, usegmt=True), mtime)
    assert not _not_modified_since(formatdate(1_556_186_399, usegmt=True), mtime)
    assert not _not_modified_since("yesterday", mtime)
    assert not _not_modified_since("Thu, 25 Apr 2019 10:00:00", mtime)  # no zone


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PreviewServer]:
    public = tmp_path / "public"
    (public / "story").mkdir(parents=True)
    (public / "story" / "index.html").write_text("<p>story</p>")
    (public / "empty").mkdir()
    (public / ".newswire-site.json").write_text("{}")
    (public / "a b.html").write_text("x")
    (tmp_path / "secret.txt").write_text("secret")
    (public / "out").symlink_to(tmp_path / "secret.txt")
    found = make_server(public, SITE, [FEED])
    try:
        yield found
    finally:
        found.server_close()


def test_the_server_binds_the_loopback_address(server: PreviewServer) -> None:
    assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/")


def test_locate_files_and_folders(server: PreviewServer) -> None:
    public = server.public
    assert server.locate("/story/") == ("file", public / "story" / "index.html")
    assert server.locate("/story") == ("slash", None)
    assert server.locate("/a%20b.html") == ("file", public / "a b.html")
    assert server.locate("/empty/") == ("missing", None)
    assert server.locate("/nothing.html") == ("missing", None)


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/.newswire-site.json",
                                  "/story/..", "/out", "/a\\b", "/a%00b", "relative"])
def test_nothing_outside_public_or_hidden_is_located(server: PreviewServer, path: str) -> None:
    assert server.locate(path) == ("missing", None)
