"""The sample site in a real browser: headless Chromium opens article pages, the
index, a feed landing page and the RSS and Atom feeds from a local HTTP server,
and we check what it renders and that it reports no console error.

Screenshots go to the test's temporary folder (printed with ``-s``), or to
the folder named by ``NEWSWIRE_SCREENSHOTS``; the README's pictures are made with
``NEWSWIRE_SCREENSHOTS=docs python -m pytest tests/pages/test_browser.py``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newswire.run import BuildOptions, build

from ..conftest import NOW, copy_sample_site
from .browser import Chromium, chromium_path

CHROMIUM = chromium_path()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample site built for, and served at, ``http://127.0.0.1:<port>/``."""
    root = copy_sample_site(tmp_path_factory.mktemp("browser") / "site")
    (root / "public").mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    site_toml = root / "feeds/site.toml"
    text = site_toml.read_text("utf-8")
    site_toml.write_text(re.sub(r'(?m)^base_url = ".*"$', f'base_url = "{base}"', text),
                         "utf-8")
    report = build(root, BuildOptions(now=NOW))
    assert report.errors == []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, root
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    assert CHROMIUM is not None
    with Chromium(CHROMIUM) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("NEWSWIRE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {path}")
    return path


PHONE = {"width": 412, "height": 900, "mobile": True}
DESKTOP = {"width": 1000, "height": 760, "mobile": False}


def test_seed_article_page(served, browser, shots):
    base, _ = served
    visit = browser.visit(base + "000-9b5066fb76f96e2d/", **PHONE, expressions={
        "width": "document.documentElement.scrollWidth",
        "styled": "getComputedStyle(document.body).maxWidth",
        "share": "[...document.querySelectorAll('.share-links a')].map(a => a.textContent)"})
    visit.save(shots / "article.png")
    assert visit.errors == []
    assert visit.lines[:4] == ["Example Wire", "WORLD", "The handshake",
                               "Kim Jong-Un is in Vladivostok: tomorrow he meets Putin"]
    assert "25 April 2019" in visit.text
    assert "First meeting and historic handshake" in visit.text
    assert "Share" in visit.text
    assert visit.values["share"] == [
        "E-mail", "Bluesky", "X", "Facebook", "LinkedIn", "WhatsApp", "Telegram"]
    assert visit.values["styled"] == "672px"  # style.css applied (42rem)
    assert visit.values["width"] <= PHONE["width"]  # nothing wider than a phone
    assert visit.screenshot.startswith(b"\x89PNG")


def test_article_with_image_and_table(served, browser, shots):
    base, _ = served
    visit = browser.visit(base + "newsroom/welcome/", **PHONE, expressions={
        "width": "document.documentElement.scrollWidth",
        "image": "document.querySelector('figure.lead img').naturalWidth"})
    visit.save(shots / "article-image.png")
    assert visit.errors == []
    assert "Welcome to Example Wire: news you can subscribe to" in visit.text
    assert visit.values["image"] == 1200  # the banner loaded
    assert visit.values["width"] <= PHONE["width"]


def test_index(served, browser, shots):
    base, _ = served
    visit = browser.visit(base, **DESKTOP)
    visit.save(shots / "index.png")
    assert visit.errors == []
    assert "Latest" in visit.text and "Subscribe" in visit.text
    assert "The handshake" in visit.text
    for title in ("All stories", "Science and space", "World"):
        assert title in visit.text


def test_feed_landing_page(served, browser, shots):
    base, _ = served
    visit = browser.visit(base + "feeds/world/", **DESKTOP, expressions={
        "urls": "[...document.querySelectorAll('input[readonly]')].map(i => i.value)"})
    visit.save(shots / "feed-page.png")
    assert visit.errors == []
    assert visit.lines[:3] == ["Example Wire", "World", "International politics and diplomacy."]
    assert "feed reader" in visit.text
    assert visit.values["urls"] == [base + "feeds/world/" + f
                                    for f in ("rss.xml", "atom.xml", "feed.json")]


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_feed_document_is_readable_in_the_browser(served, browser, shots, name):
    base, _ = served
    first_title = "item > title, entry > title"
    visit = browser.visit(base + "feeds/world/" + name, **DESKTOP, expressions={
        "sheets": "document.styleSheets.length",
        "title_shown": f"getComputedStyle(document.querySelector('{first_title}')).display",
        "content_hidden": "getComputedStyle(document.querySelector("
                          "'item > link, entry > id')).display",
        "banner": "getComputedStyle(document.documentElement, '::before').content"})
    visit.save(shots / f"feed-{name.split('.')[0]}.png")
    assert visit.errors == []
    assert visit.values["sheets"] == 1
    assert visit.values["title_shown"] == "block"
    assert visit.values["content_hidden"] == "none"
    assert "feed reader" in visit.values["banner"]
    assert "The handshake" in visit.text


def test_tag_page_and_the_list_of_tags(served, browser, shots):
    base, _ = served
    visit = browser.visit(base + "tags/world/", **PHONE, expressions={
        "width": "document.documentElement.scrollWidth",
        "styled": "getComputedStyle(document.body).maxWidth"})
    visit.save(shots / "tag-page.png")
    assert visit.errors == []
    assert visit.lines[:3] == ["Example Wire", "TAG", "world"]
    assert "The handshake" in visit.text
    assert visit.values["styled"] == "672px" and visit.values["width"] <= PHONE["width"]
    visit = browser.visit(base + "tags/", **PHONE, expressions={
        "width": "document.documentElement.scrollWidth",
        "links": "[...document.querySelectorAll('ul.terms a')].map(a => a.href)"})
    assert visit.errors == []
    assert base + "tags/world/" in visit.values["links"]
    assert visit.values["width"] <= PHONE["width"]
