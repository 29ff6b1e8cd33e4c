"""HTML as content management systems write it keeps its meaning in every
feed format: the image a reader would have loaded, the caption, the table
alignment, a link where an embed cannot be kept — never an empty element or a
placeholder. One article per construct (``constructs.py``); each is read
back from RSS ``content:encoded``, Atom ``content`` and JSON Feed
``content_html`` and from the article page."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newswire.readers.markdown import render_markdown
from newswire.sanitize import sanitize_html, summarize

from ..badinput.helpers import check_feed, feed_files, make_site, run_build
from .constructs import BASE, CONSTRUCTS, Construct

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
UNSHOWABLE = {"picture", "source", "iframe", "video", "audio", "noscript", "script", "svg",
              "button", "object", "embed", "style", "article"}


def article(construct: Construct) -> str:
    # A CMS export's body sits in a wrapper <div> (an HTML block for Markdown,
    # so no line of it is read as Markdown).
    return (f"---\ntitle: {construct.name}\ndate: 2024-03-01\n---\n"
            f'<div class="entry-content">\n{construct.html}\n</div>\n')


@pytest.fixture(scope="module")
def cms_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {f"{c.name}.md": article(c) for c in CONSTRUCTS}
    site = make_site(tmp_path_factory.mktemp("cms") / "site", files, max_items=len(files))
    result = run_build(site)
    assert result.exit_code == 0, result.output
    return site


def fragments(site: Path) -> dict[str, dict[str, str]]:
    """Each article's HTML by format (``rss``, ``atom``, ``json``, ``page``), by title."""
    feeds = feed_files(site)
    out: dict[str, dict[str, str]] = {}
    for item in json.loads(feeds["feeds/main/feed.json"])["items"]:
        out.setdefault(item["title"], {})["json"] = item["content_html"]
    rss = etree.fromstring(feeds["feeds/main/rss.xml"])
    for item in rss.iter("item"):
        # an item whose summary is empty (a body of images only) carries its
        # HTML in <description>
        out.setdefault(item.findtext("title"), {})["rss"] = \
            item.findtext(CONTENT_ENCODED) or item.findtext("description")
    atom = etree.fromstring(feeds["feeds/main/atom.xml"])
    for entry in atom.iter(f"{ATOM}entry"):
        out.setdefault(entry.findtext(f"{ATOM}title"), {})["atom"] = \
            entry.findtext(f"{ATOM}content")
    for title in out:
        page = lxml.html.fromstring((site / "public" / title / "index.html").read_bytes())
        (body,) = page.xpath('//div[@class="body"]')
        out[title]["page"] = "".join(lxml.html.tostring(child, encoding="unicode")
                                     for child in body)
    return out


@pytest.fixture(scope="module")
def outputs(cms_site: Path) -> dict[str, dict[str, str]]:
    return fragments(cms_site)


def test_fixture_set_covers_every_system():
    systems = {c.system.split(" ")[0] for c in CONSTRUCTS}
    assert {"WordPress", "Ghost", "Medium", "Substack", "Drupal"} <= systems
    assert len(CONSTRUCTS) >= 30
    assert len({c.name for c in CONSTRUCTS}) == len(CONSTRUCTS)


def test_feeds_valid(cms_site: Path):
    for name, data in feed_files(cms_site).items():
        check_feed(name, data)


def visible_links(root: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    return [(a.get("href"), " ".join(a.text_content().split()))
            for a in root.iter("a") if a.get("href")]


def assert_readable(root: lxml.html.HtmlElement, where: str) -> None:
    """Nothing a feed reader cannot show, no placeholder, nothing empty, no
    id twice."""
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids)), (where, ids)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in UNSHOWABLE, (where, lxml.html.tostring(element))
        if element.tag == "img":
            assert (element.get("src") or "").startswith(("https://", "http://")), where
            assert not element.get("src", "").startswith("data:"), where
        if element.tag in ("a", "figure", "figcaption", "p", "li", "td", "blockquote") \
                and element.get("id") is None and element.get("name") is None:
            assert element.text_content().strip() or len(element.xpath(".//img")), \
                (where, lxml.html.tostring(element))
        for name in element.attrib:
            assert not name.startswith(("data-", "on")) and name not in ("style", "class") \
                or (name == "class" and element.tag == "code"), (where, name)


@pytest.mark.parametrize("construct", CONSTRUCTS, ids=[c.name for c in CONSTRUCTS])
@pytest.mark.parametrize("fmt", ["rss", "atom", "json", "page"])
def test_construct_keeps_its_meaning(outputs, construct: Construct, fmt: str):
    html = outputs[construct.name][fmt]
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    where = f"{construct.name} in {fmt}"
    assert_readable(root, where)
    for path in construct.must:
        assert root.xpath(path), (where, path, html)
    links = visible_links(root)
    for link in construct.links:
        assert link in links, (where, link, links)
    text = " ".join(root.text_content().split())
    for words in construct.text:
        assert words in text, (where, words, text)
    for junk in construct.gone:
        assert junk not in html, (where, junk, html)


def test_feedparser_reads_the_same_images(cms_site: Path):
    """What a real feed parser (and its own sanitizer) keeps: the image URLs,
    the cell alignment, the link an embed became."""
    feeds = feed_files(cms_site)
    for name in ("feeds/main/rss.xml", "feeds/main/atom.xml"):
        parsed = feedparser.parse(feeds[name])
        by_title = {e.title: e.content[0].value if "content" in e else e.summary
                    for e in parsed.entries}
        for title, url in (("wp-lazy-data-src", "wp-content/uploads/2024/03/pier.jpg"),
                           ("drupal-data-caption", "sites/default/files/inline-images/night.png"),
                           ("wp-noscript-fallback", "wp-content/uploads/crowd.jpg")):
            root = lxml.html.fragment_fromstring(by_title[title], create_parent="div")
            assert [i.get("src") for i in root.iter("img")] == \
                ["https://news.example.org/" + url], (name, title)
        table = lxml.html.fragment_fromstring(by_title["drupal-table-alignment"],
                                              create_parent="div")
        assert [c.get("align") for c in table.iter("th", "td")] == \
            [None, "right", None, "right", None, "center"], name
        embed = lxml.html.fragment_fromstring(by_title["wp-youtube-embed"], create_parent="div")
        assert [(a.get("href"), a.text) for a in embed.iter("a")] == [
            ("https://www.youtube.com/watch?v=Xc0Lb5dTq1w", "Harbour cleanup, day one")], name


PIECES = ["<noscript>", "</noscript>", "<picture>", "</picture>",
          '<source srcset="a.webp 1x, /w_1,c_2/b.jpg 2x" type="image/webp">',
          '<source src="v.mp4">', '<img src="data:x" data-src="r.jpg" alt="A">', '<img alt="B">',
          '<img srcset="x.jpg 10w">', '<img data-caption="cap" src="c.png">', "<video>",
          "</video>", '<audio src="a.mp3">', "</audio>",
          '<iframe src="https://www.youtube.com/embed/x">', "</iframe>",
          '<div data-attrs="{&quot;url&quot;:&quot;https://t.example/x&quot;}">', "</div>",
          "<p>", "</p>", "text", "<figure>", "</figure>", '<a name="n">', '<a href="#n">', "</a>",
          '<td style="text-align:right">', "<table><tr>", "</tr></table>", '<bdo dir="rtl">',
          "</bdo>", '<img src="javascript:alert(1)" data-src="javascript:alert(2)">',
          '<iframe src="javascript:alert(3)">', '<div data-attrs="{&quot;url&quot;:1}">']


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=16))
@settings(max_examples=300, deadline=None)
def test_any_mix_of_constructs_sanitizes_to_readable_html(pieces: list[str]):
    out = sanitize_html("".join(pieces), "https://news.example.org/a/",
                        "https://news.example.org/", "a00000000-")
    summarize(out)
    root = lxml.html.fragment_fromstring(out, create_parent="div")
    for element in root.iter():
        assert element.tag not in UNSHOWABLE | {"bdo"}, out
        if element.tag == "img":
            assert element.get("src", "").startswith("https://news.example.org/"), out
        for name, value in element.attrib.items():
            assert not name.startswith(("data-", "on")), out
            assert "javascript" not in value, out


def test_caption_shortcode_in_a_markdown_paragraph():
    # a WordPress export converted to Markdown keeps its shortcodes as text
    html = sanitize_html(render_markdown(
        'Intro.\n\n[caption id="attachment_7" align="alignnone" width="640"]'
        '<img src="/wp/quay.jpg" alt="Quay"> Quay at dusk[/caption]\n\nMore.\n'),
        BASE + "a/", BASE)
    assert html == (f'<p>Intro.</p>\n<figure><img src="{BASE}wp/quay.jpg" alt="Quay">'
                    '<figcaption>Quay at dusk</figcaption></figure>\n<p>More.</p>')


@pytest.mark.parametrize("text", [
    "[caption]no image, only words[/caption]",            # nothing to make a figure of
    '[caption width="1"]<img src="/a.jpg" alt="a"> never closed',
])
def test_caption_shortcode_without_an_image_or_an_end_stays_text(text):
    html = sanitize_html(render_markdown(text), BASE + "a/", BASE)
    assert "<figure" not in html and "[caption" in html
