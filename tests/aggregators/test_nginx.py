"""docs/nginx.conf, run by a real nginx on 127.0.0.1: every feed document gets
its Content-Type, validators and Link headers, and conditional requests get
304s (first 200, then 304)."""

from __future__ import annotations

import gzip

import pytest

from .conftest import HUB, Served
from .sites import build_site, http_get, story, write_story

pytestmark = pytest.mark.slow  # real servers and readers

FEEDS = [
    ("feeds/main/rss.xml", "application/rss+xml; charset=utf-8", True),
    ("feeds/main/atom.xml", "application/atom+xml; charset=utf-8", True),
    ("feeds/main/feed.json", "application/feed+json; charset=utf-8", True),
    ("feeds/main/archive/rss-1.xml", "application/rss+xml; charset=utf-8", False),
    ("feeds/main/archive/atom-2.xml", "application/atom+xml; charset=utf-8", False),
    ("feeds/main/archive/feed-1.json", "application/feed+json; charset=utf-8", False),
]


@pytest.mark.parametrize(("path", "content_type", "subscription"), FEEDS)
def test_feeds_get_types_validators_links_and_304s(served: Served, path: str,
                                                   content_type: str,
                                                   subscription: bool) -> None:
    url = served.base_url + path
    status, headers, body = http_get(url)
    assert status == 200
    assert body == (served.root / "public" / path).read_bytes()
    assert headers["Content-Type"] == content_type
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert etag and modified
    assert headers["Cache-Control"] == ("public, max-age=300" if subscription
                                        else "public, max-age=3600")
    self_link = f'<{url}>; rel="self"'
    assert headers.get_all("Link") == ([f'<{HUB}>; rel="hub"', self_link] if subscription
                                       else [self_link])
    status, headers, body = http_get(url, {"If-None-Match": etag})
    assert (status, body) == (304, b"")
    assert headers["ETag"] == etag
    assert http_get(url, {"If-Modified-Since": modified})[0] == 304
    assert http_get(url, {"If-None-Match": '"not-it"'})[0] == 200


def test_compressed_feeds_still_revalidate(served: Served) -> None:
    url = served.base_url + "feeds/main/atom.xml"
    status, headers, body = http_get(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (served.root / "public/feeds/main/atom.xml").read_bytes()
    assert "Accept-Encoding" in headers["Vary"]
    status, _, _ = http_get(url, {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
    assert status == 304


def test_pages_styles_and_opml(served: Served) -> None:
    for path, content_type in (("", "text/html; charset=utf-8"),
                               ("stories/story-04/", "text/html; charset=utf-8"),
                               ("style.css", "text/css; charset=utf-8"),
                               ("feed.css", "text/css; charset=utf-8"),
                               ("feeds/main/", "text/html; charset=utf-8"),
                               ("feeds.opml", "text/x-opml; charset=utf-8")):
        status, headers, _ = http_get(served.base_url + path)
        assert (status, headers["Content-Type"]) == (200, content_type), path
        assert headers["Cache-Control"] == "public, max-age=300"
        assert headers.get_all("Link") is None
        assert http_get(served.base_url + path, {"If-None-Match": headers["ETag"]})[0] == 304


def test_no_listing_and_no_hidden_files(served: Served) -> None:
    (served.root / "public/feeds/main/.rss.xml.x.newswire-tmp").write_text("half", "utf-8")
    status, _, body = http_get(served.base_url + "feeds/main/.rss.xml.x.newswire-tmp")
    assert status == 404 and b"half" not in body
    assert (served.root / "public/.newswire-site.json").is_file()  # the output folder's claim
    status, _, body = http_get(served.base_url + ".newswire-site.json")
    assert status == 404 and b"base_url" not in body
    assert not (served.root / "public/feeds/main/archive/index.html").exists()
    status, _, body = http_get(served.base_url + "feeds/main/archive/")
    assert status in (403, 404) and b"rss-1.xml" not in body


def test_a_rebuild_changes_only_the_validators_of_changed_files(served: Served) -> None:
    first = {path: http_get(served.base_url + path)[1]["ETag"] for path, _, _ in FEEDS}
    build_site(served.root)  # nothing changed: every validator still holds
    for path, etag in first.items():
        assert http_get(served.base_url + path, {"If-None-Match": etag})[0] == 304, path
    write_story(served.root / "content", story(13))
    build_site(served.root)
    status, headers, body = http_get(served.base_url + "feeds/main/rss.xml",
                                     {"If-None-Match": first["feeds/main/rss.xml"]})
    assert status == 200 and b"Story 13" in body
    # the full, oldest archive page is untouched: still 304
    assert http_get(served.base_url + "feeds/main/archive/rss-1.xml",
                    {"If-None-Match": first["feeds/main/archive/rss-1.xml"]})[0] == 304
