"""sanitize_html, plain_text, summarize: small named cases."""

from __future__ import annotations

import pytest

from newswire.sanitize import plain_text, sanitize_html, summarize

PAGE = "https://news.example.org/world/story/"
FOLDER = "https://news.example.org/world/"


def clean(fragment: str) -> str:
    return sanitize_html(fragment, PAGE, FOLDER)


@pytest.mark.parametrize(("fragment", "expected"), [
    ('<p>a<script>alert(1)</script>b</p>', "<p>ab</p>"),
    ('<p onclick="x()">a</p>', "<p>a</p>"),
    ('<p style="color:red">a</p>', "<p>a</p>"),
    ("<object data=\"https://evil.example/x.swf\"></object><p>a</p>", "<p>a</p>"),
    ("<p>a<!-- secret --></p>", "<p>a</p>"),
])
def test_active_content_is_removed(fragment: str, expected: str) -> None:
    assert clean(fragment) == expected


def test_an_embed_becomes_a_plain_link() -> None:
    assert clean('<iframe src="https://evil.example/" onload="x()"></iframe><p>a</p>') == (
        '<a href="https://evil.example/" rel="noopener noreferrer">https://evil.example/</a>'
        "<p>a</p>")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "vbscript:x", "data:text/html,x",
                                 " JaVaScRiPt:alert(1)"])
def test_only_http_and_mailto_links_survive(url: str) -> None:
    assert "href" not in clean(f'<a href="{url}">x</a>')


def test_relative_links_resolve_against_the_article_folder() -> None:
    assert clean('<a href="other/">x</a>') == (
        '<a href="https://news.example.org/world/other/" rel="noopener noreferrer">x</a>')
    assert 'src="https://news.example.org/world/img/a%20b.png"' in clean(
        '<img src="img/a b.png" alt="">')


def test_fragment_links_resolve_against_the_page() -> None:
    assert 'href="https://news.example.org/world/story/#fn1"' in clean('<a href="#fn1">1</a>')


def test_a_data_image_is_dropped_not_kept() -> None:
    assert "data:" not in clean('<img src="data:image/png;base64,AAAA" alt="x">')


def test_xml_illegal_characters_are_removed() -> None:
    assert clean("<p>a\x01b\x0bc</p>") == "<p>abc</p>"


@pytest.mark.parametrize(("fragment", "expected"), [
    ("", ""),
    ("<p>Q&amp;A  <b>now</b>\n</p>", "Q&A now"),
    ("<ul><li>one</li><li>two</li></ul>", "one two"),
    ("<div>💡</div><div>Tip</div>", "💡 Tip"),
])
def test_plain_text(fragment: str, expected: str) -> None:
    assert plain_text(fragment) == expected


def test_summary_is_the_first_paragraph() -> None:
    assert summarize("<p>First <em>one</em>.</p><p>Second.</p>") == "First one."


def test_a_long_summary_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "word " * 100
    summary = summarize(f"<p>{text}</p>", limit=40)
    assert summary.endswith("…")
    assert len(summary) <= 41
    assert summary[:-1].split() == ["word"] * len(summary[:-1].split())
