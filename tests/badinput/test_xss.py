"""Script-injection vectors through Markdown and text articles (README "Bad input").

Every vector goes into a Markdown body (raw HTML is allowed there) and into
a text article; the build's pages and every feed's HTML (RSS
``content:encoded`` and ``description``, Atom ``content``/``summary``, JSON
Feed ``content_html``) are parsed and searched for anything executable.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from .helpers import check_feed, feed_files, make_site, pages, run_build
from .xss_vectors import VECTORS

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
FORBIDDEN_TAGS = {"script", "style", "iframe", "object", "embed", "form", "frame", "frameset",
                  "applet", "base", "meta", "link", "svg", "math", "input", "button",
                  "textarea", "select", "template", "noscript", "isindex"}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "background", "poster",
                  "data", "srcdoc", "xlink:href", "lowsrc", "dynsrc"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|livescript):", re.IGNORECASE)


def assert_inert(fragment: lxml.html.HtmlElement, where: str) -> None:
    """No active element, handler, style, or dangerous URL anywhere below ``fragment``."""
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        tag = element.tag.lower()
        assert tag not in FORBIDDEN_TAGS, (where, lxml.html.tostring(element))
        for name, value in element.attrib.items():
            name = name.lower()
            assert not name.startswith("on"), (where, name, value)
            assert name != "style", (where, value)
            if name in URL_ATTRIBUTES:
                assert BAD_SCHEME.match(value) is None, (where, name, value)
                assert value.startswith(("https://", "http://", "mailto:")), (where, value)


def html_fragments(site: Path) -> list[tuple[str, lxml.html.HtmlElement]]:
    """Every HTML fragment the feeds carry, parsed, with where it came from."""
    out = []
    for name, data in feed_files(site).items():
        if name.endswith(".json"):
            for item in json.loads(data)["items"]:
                for key in ("content_html",):
                    if key in item:
                        out.append((f"{name} {key}", _fragment(item[key])))
            continue
        root = etree.fromstring(data)
        for element in root.iter(CONTENT_ENCODED, "description", f"{ATOM}content",
                                 f"{ATOM}summary"):
            default = "text" if element.tag.startswith(ATOM) else "html"
            if element.text and element.get("type", default) == "html":
                out.append((f"{name} {element.tag}", _fragment(element.text)))
    return out


def _fragment(text: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(text, create_parent="div")


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files: dict[str, str] = {}
    for number, vector in enumerate(VECTORS):
        files[f"md/v{number:03d}.md"] = (
            f"---\ntitle: Vector {number}\ndate: 2019-04-25\n---\nBefore.\n\n{vector}\n\n"
            f"After [link]({_markdown_url(vector)}).\n")
        files[f"txt/v{number:03d}.txt"] = (
            f"Text vector {number}\n\n25 April 2019{vector}\n\nAfter.\n")
    site = make_site(tmp_path_factory.mktemp("xss") / "site", files, max_items=len(files))
    result = run_build(site)
    assert result.exit_code == 0, result.stderr
    return site


def _markdown_url(vector: str) -> str:
    """The vector's URL, if it has one, as a Markdown link target."""
    found = re.search(r"(?:href|src|action|data)=\"?([^\" >]+)", vector)
    return "<" + found.group(1).replace(">", "") + ">" if found else "https://example.org/"


def test_at_least_fifty_vectors() -> None:
    assert len(VECTORS) >= 50
    assert len(set(VECTORS)) == len(VECTORS)


def test_every_vector_published(xss_site: Path) -> None:
    assert len(pages(xss_site)) == 2 * len(VECTORS)


def test_pages_hold_nothing_executable(xss_site: Path) -> None:
    for path, page in pages(xss_site).items():
        body = page.find(".//div[@class='body']")
        assert body is not None, path
        assert_inert(body, path)
        # The page around the body has no handler or script-scheme either.
        for element in page.iter():
            if isinstance(element.tag, str):
                assert not any(a.lower().startswith("on") for a in element.attrib), path
        assert not page.findall(".//script[@src]")
        scripts = page.findall(".//script")
        assert all(s.get("type") == "application/ld+json" for s in scripts), path


def test_feed_html_holds_nothing_executable(xss_site: Path) -> None:
    fragments = html_fragments(xss_site)
    # RSS content:encoded and description, Atom content, JSON content_html
    assert len(fragments) >= 4 * 2 * len(VECTORS)
    for where, fragment in fragments:
        assert_inert(fragment, where)


def test_feeds_stay_valid(xss_site: Path) -> None:
    for name, data in feed_files(xss_site).items():
        check_feed(name, data)


def test_same_sanitized_html_everywhere(xss_site: Path) -> None:
    """RSS, Atom, JSON Feed and the page carry the same body HTML."""
    files = feed_files(xss_site)
    items = {i["url"]: i["content_html"] for i in json.loads(files["feeds/main/feed.json"])["items"]}
    rss = etree.fromstring(files["feeds/main/rss.xml"])
    atom = etree.fromstring(files["feeds/main/atom.xml"])
    rss_bodies = {i.findtext("link"): i.findtext(CONTENT_ENCODED) for i in rss.iter("item")}
    atom_bodies = {e.find(f"{ATOM}link[@rel='alternate']").get("href"): e.findtext(f"{ATOM}content")
                   for e in atom.iter(f"{ATOM}entry")}
    assert items
    for url, body in items.items():
        if url in rss_bodies:
            assert rss_bodies[url] == body
        if url in atom_bodies:
            assert atom_bodies[url] == body
    page_html = (xss_site / "public" / "md" / "v000" / "index.html").read_text("utf-8")
    assert items["https://news.example.org/md/v000/"] in page_html


def test_text_articles_show_markup_as_text(xss_site: Path) -> None:
    page = pages(xss_site)["txt/v000/"]
    assert page.findtext(".//div[@class='body']/p") == "<script>alert(1)</script>"
