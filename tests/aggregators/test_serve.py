"""``newswire serve`` over real HTTP: types, validators and 304s, Link
headers, folder indexes, and nothing outside public/."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest

from newswire.config import load_feeds, load_site
from newswire.serve import PreviewServer, make_server

from .sites import build_site, free_port, http_get, make_site, story, write_story

BASE = "https://news.example.org/"
HUB = "https://hub.example.org/"


def built_site(folder: Path) -> Path:
    """A built site of 12 stories and a chart in ``folder``/site, with a
    secret file beside it and a link from its public/ to ``folder``."""
    root = folder / "site"
    make_site(root, 12, hub=HUB)
    (root / "content/stories/chart.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (folder / "secret.txt").write_text("outside public/", "utf-8")
    build_site(root)
    (root / "public/escape").symlink_to(folder)
    return root


@contextmanager
def serving(site: Path) -> Iterator[PreviewServer]:
    """The preview server of ``site``'s public/ on a free port, in a thread."""
    srv = make_server(site / "public", load_site(site / "feeds"), load_feeds(site / "feeds"))
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One built site for the module's tests that only read it."""
    return built_site(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[PreviewServer]:
    with serving(site) as srv:
        yield srv


def raw(server: PreviewServer, path: str, method: str = "GET",
        headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """A request with the path sent exactly as given (no client normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize(("path", "expected"), [
    ("/feeds/main/rss.xml", "application/rss+xml; charset=utf-8"),
    ("/feeds/main/atom.xml", "application/atom+xml; charset=utf-8"),
    ("/feeds/main/feed.json", "application/feed+json; charset=utf-8"),
    ("/feeds/main/archive/rss-1.xml", "application/rss+xml; charset=utf-8"),
    ("/feeds/main/archive/atom-2.xml", "application/atom+xml; charset=utf-8"),
    ("/feeds/main/archive/feed-1.json", "application/feed+json; charset=utf-8"),
    ("/", "text/html; charset=utf-8"),
    ("/stories/story-03/", "text/html; charset=utf-8"),
    ("/style.css", "text/css; charset=utf-8"),
    ("/feed.css", "text/css; charset=utf-8"),
    ("/feeds.opml", "text/x-opml; charset=utf-8"),
    ("/stories/chart.png", "image/png"),
])
def test_content_types(server: PreviewServer, site: Path, path: str, expected: str) -> None:
    status, headers, body = raw(server, path)
    assert status == 200
    assert headers["Content-Type"] == expected
    file = site / "public" / path.lstrip("/")
    assert body == (file / "index.html" if file.is_dir() else file).read_bytes()
    assert int(headers["Content-Length"]) == len(body)


def test_etag_and_last_modified_give_304s(server: PreviewServer, site: Path) -> None:
    path = "/feeds/main/atom.xml"
    status, headers, _ = raw(server, path)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag.startswith('"') and etag.endswith('"')
    mtime = (site / "public/feeds/main/atom.xml").stat().st_mtime
    assert parsedate_to_datetime(modified).timestamp() == int(mtime)
    status, headers, body = raw(server, path, headers={"If-None-Match": etag})
    assert (status, body) == (304, b"") and headers["ETag"] == etag
    status, _, body = raw(server, path, headers={"If-None-Match": f'"x", W/{etag}'})
    assert (status, body) == (304, b"")
    status, _, body = raw(server, path, headers={"If-Modified-Since": modified})
    assert (status, body) == (304, b"")
    earlier = formatdate(int(mtime) - 60, usegmt=True)
    assert raw(server, path, headers={"If-Modified-Since": earlier})[0] == 200
    # If-None-Match decides when both are sent (RFC 9110 §13.2.2)
    assert raw(server, path, headers={"If-None-Match": '"other"',
                                      "If-Modified-Since": modified})[0] == 200
    assert raw(server, path, headers={"If-Modified-Since": "not a date"})[0] == 200


def test_a_rebuild_that_changes_a_feed_changes_its_etag(tmp_path: Path) -> None:
    site = built_site(tmp_path)  # its own: this test changes it
    with serving(site) as server:
        _rebuild_changes_the_etag(server, site)


def _rebuild_changes_the_etag(server: PreviewServer, site: Path) -> None:
    path = "/feeds/main/rss.xml"
    etag = raw(server, path)[1]["ETag"]
    build_site(site)  # nothing changed: same validator
    assert raw(server, path, headers={"If-None-Match": etag})[0] == 304
    write_story(site / "content", story(13))
    build_site(site)
    status, headers, body = raw(server, path, headers={"If-None-Match": etag})
    assert status == 200 and headers["ETag"] != etag and b"Story 13" in body


def test_link_headers(server: PreviewServer) -> None:
    for name in ("rss.xml", "atom.xml", "feed.json"):
        headers = raw(server, f"/feeds/main/{name}")[1]
        assert headers.get_all("Link") == [f'<{HUB}>; rel="hub"',
                                           f'<{BASE}feeds/main/{name}>; rel="self"']
    headers = raw(server, "/feeds/main/archive/atom-1.xml")[1]
    assert headers.get_all("Link") == [f'<{BASE}feeds/main/archive/atom-1.xml>; rel="self"']
    assert raw(server, "/stories/story-01/")[1].get_all("Link") is None


def test_head_sends_headers_only(server: PreviewServer) -> None:
    status, headers, body = raw(server, "/feeds/main/feed.json", "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 100


def test_folders(server: PreviewServer) -> None:
    status, headers, _ = raw(server, "/stories/story-01?utm=x")
    assert status == 301 and headers["Location"] == "/stories/story-01/?utm=x"
    assert raw(server, "/stories/story-01/")[0] == 200
    status, _, body = raw(server, "/feeds/main/archive/")  # no index.html, no listing
    assert status == 404 and b"rss-1.xml" not in body


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/feeds/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
    "/..%5csecret.txt", "/escape/secret.txt", "/escape/site/feeds/site.toml",
    "/%00", "/.gitkeep", "/%ff", "//etc/passwd", "/nothing-here",
])
def test_nothing_outside_public_is_served(server: PreviewServer, path: str) -> None:
    status, _, body = raw(server, path)
    assert status == 404 and b"outside public" not in body and b"base_url" not in body


def test_the_command_serves_on_127_0_0_1(site: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "newswire", "--site", str(site), "serve", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                status, headers, _ = http_get(f"http://127.0.0.1:{port}/feeds/main/rss.xml")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("newswire serve did not answer")
        assert status == 200 and headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert f"at http://127.0.0.1:{port}/" in err.decode()
    assert "GET /feeds/main/rss.xml" in err.decode()
