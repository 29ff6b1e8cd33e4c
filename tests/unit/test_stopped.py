"""newswire.stopped.stopped_feeds: a warning for each feed document the last
build published and this one does not."""

from __future__ import annotations

from pathlib import Path

from newswire.stopped import stopped_feeds

BASE = "https://news.example.org/"
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title></channel></rss>'
ATOM = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title></feed>'
JSON = b'{"version": "https://jsonfeed.org/version/1.1", "title": "W", "items": []}'


def publish(public: Path, files: dict[str, bytes]) -> dict[str, object]:
    for name, data in files.items():
        (public / name).parent.mkdir(parents=True, exist_ok=True)
        (public / name).write_bytes(data)
    return dict.fromkeys(files, {})


def test_nothing_is_said_when_every_feed_is_still_published(tmp_path: Path) -> None:
    previous = publish(tmp_path, {"feeds/world/rss.xml": RSS})
    assert stopped_feeds(previous, {"feeds/world/rss.xml"}, tmp_path, BASE) == []


def test_one_warning_per_feed_naming_every_url_it_stops(tmp_path: Path) -> None:
    previous = publish(tmp_path, {"feeds/world/rss.xml": RSS, "feeds/world/atom.xml": ATOM,
                                  "feeds/world/feed.json": JSON, "feeds/main/rss.xml": RSS})
    warnings = stopped_feeds(previous, {"feeds/main/rss.xml"}, tmp_path, BASE)
    assert [(w.level, w.path) for w in warnings] == [("warning", tmp_path / "feeds/world")]
    assert warnings[0].message.startswith(
        "this build stops publishing the feed https://news.example.org/feeds/world/atom.xml, "
        "https://news.example.org/feeds/world/feed.json, "
        "https://news.example.org/feeds/world/rss.xml, published before")
    assert "404 Not Found" in warnings[0].message


def test_archive_documents_are_one_warning_apart_from_the_subscription(tmp_path: Path) -> None:
    previous = publish(tmp_path, {f"feeds/main/archive/rss-{n}.xml": RSS for n in range(1, 5)})
    warnings = stopped_feeds(previous, set(), tmp_path, BASE)
    assert [w.path for w in warnings] == [tmp_path / "feeds/main/archive"]
    assert warnings[0].message.startswith(
        "4 archive document(s) of a feed published before are no longer published "
        "(rss-1.xml, rss-2.xml, rss-3.xml…)")


def test_files_that_are_not_feeds_are_not_announced(tmp_path: Path) -> None:
    previous = publish(tmp_path, {"sitemap.xml": b'<urlset xmlns="http://www.sitemaps.org/'
                                                 b'schemas/sitemap/0.9"/>',
                                  "data.json": b'{"a": 1}', "story/index.html": b"<p>x</p>"})
    previous["gone.xml"] = {}  # in the manifest, no longer on disk
    assert stopped_feeds(previous, set(), tmp_path, BASE) == []
