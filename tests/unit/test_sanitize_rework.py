"""sanitize_html on what content management systems write: ids and
same-page links, captions, embeds, lazy and responsive images, players,
table alignment, Ghost's placeholder URL. Output is parsed with lxml."""

from __future__ import annotations

import re

import pytest
from lxml import html

from newswire.sanitize import id_prefix, sanitize_html, summarize

PAGE = "https://x.org/a/story/"
FOLDER = "https://x.org/a/"
PREFIX = id_prefix("urn:uuid:x")


def clean(fragment: str) -> html.HtmlElement:
    return html.fragment_fromstring(sanitize_html(fragment, PAGE, FOLDER, PREFIX),
                                    create_parent="div")


def test_id_prefix_is_stable_and_short() -> None:
    assert re.fullmatch(r"a[0-9a-f]{8}-", PREFIX)
    assert id_prefix("urn:uuid:x") == PREFIX != id_prefix("urn:uuid:y")


def test_ids_and_same_page_links_get_the_prefix() -> None:
    root = clean('<sup id="fnref1"><a href="#fn1">1</a></sup>'
                 '<ol><li id="fn1">note <a href="#fnref1">back</a></li></ol>')
    assert root.xpath("//sup/@id") == [PREFIX + "fnref1"]
    assert root.xpath("//li/@id") == [PREFIX + "fn1"]
    assert root.xpath("//a/@href") == [PAGE + "#" + PREFIX + "fn1", PAGE + "#" + PREFIX + "fnref1"]


def test_a_repeated_id_is_kept_once_and_a_name_becomes_an_id() -> None:
    root = clean('<p id="top">x</p><p id="top">y</p><a name="n1">n</a>')
    assert [p.get("id") for p in root.findall("p")] == [PREFIX + "top", None]
    assert root.find("a").get("id") == PREFIX + "n1" and root.find("a").get("name") is None


def test_a_caption_shortcode_is_a_figure() -> None:
    root = clean('[caption id="attachment_1" align="alignnone"]<img src="a.jpg" alt="A"> '
                 "The caption[/caption]")
    [figure] = root.findall("figure")
    assert figure.find("img").get("src") == FOLDER + "a.jpg"
    assert figure.findtext("figcaption") == "The caption"


def test_a_caption_inside_a_paragraph_splits_it() -> None:
    root = clean("<p>Before [caption]<img src=\"a.jpg\"> Cap[/caption] after</p>")
    assert [e.tag for e in root] == ["p", "figure", "p"]
    assert root[0].text.strip() == "Before" and root[2].text.strip() == "after"


@pytest.mark.parametrize("fragment", ["[embed]https://youtube.com/watch?v=1[/embed]",
                                      "<p>https://youtube.com/watch?v=1</p>"])
def test_embeds_become_links(fragment: str) -> None:
    [link] = clean(fragment).iter("a")
    assert link.get("href") == link.text == "https://youtube.com/watch?v=1"
    assert link.get("rel") == "noopener noreferrer"


def test_an_iframe_player_becomes_a_link_to_its_page() -> None:
    [link] = clean('<iframe src="https://www.youtube.com/embed/xyz"></iframe>').iter("a")
    assert link.get("href") == "https://www.youtube.com/watch?v=xyz"


def test_a_video_becomes_a_link_to_its_file() -> None:
    [link] = clean('<video src="v.mp4" poster="p.jpg"></video>').iter("a")
    assert link.get("href") == FOLDER + "v.mp4"


def test_a_lazy_image_gets_its_real_source() -> None:
    [img] = clean('<img src="data:image/gif;base64,R0l" data-src="/img/real.jpg" alt="r">'
                  ).iter("img")
    assert img.get("src") == "https://x.org/img/real.jpg" and img.get("data-src") is None


def test_a_picture_becomes_its_image() -> None:
    root = clean('<picture><source srcset="a.webp 1x"><img src="a.jpg" alt="p"></picture>')
    assert [e.tag for e in root.iter()][1:] == ["img"]
    assert root.find("img").get("src") == FOLDER + "a.jpg"


def test_unsafe_srcset_candidates_are_dropped() -> None:
    [img] = clean('<img srcset="s.jpg 1x, javascript:alert(1) 2x" src="s.jpg">').iter("img")
    assert img.get("srcset") == FOLDER + "s.jpg 1x"


def test_table_cell_alignment_becomes_align() -> None:
    root = clean('<table><tr><td style="text-align: center; color: red">c</td>'
                 '<th class="has-text-align-right">h</th></tr></table>')
    assert root.xpath("//td/@align") == ["center"] and root.xpath("//td/@style") == []
    assert root.xpath("//th/@align") == ["right"] and root.xpath("//th/@class") == []


def test_ghosts_placeholder_is_the_site_root() -> None:
    [link] = clean('<a href="__GHOST_URL__/tag/x/">g</a>').iter("a")
    assert link.get("href") == "https://x.org/tag/x/"


def test_summarize_cuts_at_a_word_within_the_limit() -> None:
    text = summarize("<p>" + "word " * 100 + "</p>", 40)
    assert len(text) <= 40 and text.endswith("…") and text.startswith("word word")
    assert summarize("<p>Short.</p><p>Second.</p>") == "Short."
