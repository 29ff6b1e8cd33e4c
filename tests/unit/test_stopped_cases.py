"""stopped_feeds: warnings for feed documents a build stops publishing."""

from __future__ import annotations

import os
from pathlib import Path

from newswire.stopped import stopped_feeds

from .blocking import without_blocking

BASE = "https://news.example.org/"
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>'
ATOM = b'<feed xmlns="http://www.w3.org/2005/Atom"/>'
JSON = b'{"version": "https://jsonfeed.org/version/1.1", "items": []}'


def publish(public: Path, files: dict[str, bytes]) -> dict[str, object]:
    for name, data in files.items():
        (public / name).parent.mkdir(parents=True, exist_ok=True)
        (public / name).write_bytes(data)
    return {name: None for name in files}


def test_nothing_gone_is_no_warning(tmp_path: Path) -> None:
    previous = publish(tmp_path, {"feeds/main/feed.xml": RSS})
    assert stopped_feeds(previous, ["feeds/main/feed.xml"], tmp_path, BASE) == []


def test_a_feed_folder_gone_is_one_warning_naming_every_url(tmp_path: Path) -> None:
    previous = publish(tmp_path, {"feeds/main/feed.xml": RSS, "feeds/main/atom.xml": ATOM,
                                  "feeds/main/feed.json": JSON, "index.html": b"<html/>"})
    found = stopped_feeds(previous, ["index.html"], tmp_path, BASE)
    assert len(found) == 1
    warning = found[0]
    assert warning.level == "warning" and warning.path == tmp_path / "feeds/main"
    for name in ("atom.xml", "feed.json", "feed.xml"):
        assert f"{BASE}feeds/main/{name}" in warning.message
    assert "404 Not Found" in warning.message


def test_a_feed_at_the_top_names_the_site_url(tmp_path: Path) -> None:
    previous = publish(tmp_path, {"rss.xml": RSS})
    [warning] = stopped_feeds(previous, [], tmp_path, BASE)
    assert f"{BASE}rss.xml" in warning.message and warning.path == tmp_path


def test_xml_and_json_files_that_are_no_feeds_are_not_mentioned(tmp_path: Path) -> None:
    previous = publish(tmp_path, {"sitemap.xml": b'<urlset xmlns="x"/>',
                                  "data.json": b'{"a": 1}', "page.html": RSS})
    assert stopped_feeds(previous, [], tmp_path, BASE) == []


def test_a_file_already_missing_is_not_mentioned(tmp_path: Path) -> None:
    assert stopped_feeds({"feeds/main/feed.xml": None}, [], tmp_path, BASE) == []


def test_archive_documents_are_counted_in_their_own_warning(tmp_path: Path) -> None:
    names = [f"feeds/main/archive/{n}.xml" for n in range(1, 6)]
    previous = publish(tmp_path, {name: ATOM for name in names})
    [warning] = stopped_feeds(previous, names[:1], tmp_path, BASE)
    assert warning.path == tmp_path / "feeds/main/archive"
    assert warning.message.startswith("4 archive document(s)")
    assert "2.xml, 3.xml, 4.xml…" in warning.message
    assert f"{BASE}feeds/main/archive/" in warning.message


def test_warnings_are_sorted_by_path(tmp_path: Path) -> None:
    previous = publish(tmp_path, {"feeds/b/feed.xml": RSS, "feeds/a/feed.xml": RSS,
                                  "feeds/a/archive/1.xml": ATOM})
    found = stopped_feeds(previous, [], tmp_path, BASE)
    assert [d.path for d in found] == [tmp_path / "feeds/a", tmp_path / "feeds/a/archive",
                                       tmp_path / "feeds/b"]


def test_a_named_pipe_where_a_feed_was_is_not_read(tmp_path: Path) -> None:
    """A FIFO put where a published feed was must not block the build
    forever (it is no feed: nothing is said about it)."""
    (tmp_path / "feeds/main").mkdir(parents=True)
    pipe = tmp_path / "feeds/main/rss.xml"
    os.mkfifo(pipe)
    assert without_blocking(lambda: stopped_feeds({"feeds/main/rss.xml": None}, [], tmp_path,
                                                  BASE), pipe) == []
