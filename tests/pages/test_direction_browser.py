"""A Persian article in an English site, in headless Chromium: the article
is laid out right to left (its title and paragraphs start at the right
edge, its footnote list is numbered on the right), the site's English
share block stays left to right, nothing is wider than a phone, and no
console error happens."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..badinput.helpers import make_site, run_build
from .browser import Chromium, chromium_path

CHROMIUM = chromium_path()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")]

ARTICLE = """---
title: بازگشت کشتی‌ها به بندرگاه
date: 2024-05-01
lang: fa
tags: [بندر]
---
کشتی‌ها امروز صبح پس از یک هفته طوفان به بندرگاه بازگشتند.[^1]

> ماهیگیران می‌گویند دریا آرام بود.

[^1]: گزارش اداره بندر.
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_site(tmp_path_factory.mktemp("rtl-browser") / "site", {"fa.md": ARTICLE})
    (root / "public").mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    toml = root / "feeds" / "site.toml"
    toml.write_text(toml.read_text("utf-8").replace("https://news.example.org/", base)
                    + 'language = "en"\n', "utf-8")
    result = run_build(root)
    assert result.exit_code == 0, result.output
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_persian_article_is_laid_out_right_to_left(served: str, tmp_path: Path):
    assert CHROMIUM is not None
    with Chromium(CHROMIUM) as browser:
        visit = browser.visit(served + "fa/", width=412, height=900, mobile=True, expressions={
            "direction": "getComputedStyle(document.querySelector('.body p')).direction",
            "share": "getComputedStyle(document.querySelector('.share')).direction",
            "title_gap_right": "(() => { const h = document.querySelector('h1');"
                               " const r = document.createRange(); r.selectNodeContents(h);"
                               " return h.getBoundingClientRect().right"
                               " - r.getBoundingClientRect().right; })()",
            "title_gap_left": "(() => { const h = document.querySelector('h1');"
                              " const r = document.createRange(); r.selectNodeContents(h);"
                              " return r.getBoundingClientRect().left"
                              " - h.getBoundingClientRect().left; })()",
            "note_target": "document.querySelector('.body sup a').hash.slice(1)",
            "note_found": "!!document.getElementById("
                          "document.querySelector('.body sup a').hash.slice(1))",
            "back_found": "!!document.getElementById("
                          "document.querySelector('.body li a').hash.slice(1))",
            "width": "document.documentElement.scrollWidth"})
        visit.save(tmp_path / "rtl.png")
    assert visit.errors == []
    assert visit.values["direction"] == "rtl"
    assert visit.values["share"] == "ltr"
    # the title starts at the right edge: no gap there, the free space on the left
    assert abs(visit.values["title_gap_right"]) < 2
    assert visit.values["title_gap_left"] > 20
    assert visit.values["note_target"].endswith("-fn1")
    assert visit.values["note_found"] and visit.values["back_found"]
    assert visit.values["width"] <= 412
