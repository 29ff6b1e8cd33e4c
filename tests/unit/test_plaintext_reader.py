"""Scraped plain-text articles, read through read_article: title, standfirst,
share residue, datelines, paragraphs and lists, sidecar values."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import html

from newswire.errors import ArticleError
from newswire.readers import read_article

ROME = ZoneInfo("Europe/Rome")


def read(tmp_path: Path, text: str, sidecar: str | None = None, name: str = "story.txt"):  # type: ignore[no-untyped-def]
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    (content / name).write_text(text, encoding="utf-8")
    if sidecar is not None:
        (content / name).with_suffix(".toml").write_text(sidecar, encoding="utf-8")
    return read_article(content / name, content, ROME, "en")


def paragraphs(body: str) -> list[str]:
    root = html.fragment_fromstring(body, create_parent="div")
    return [" ".join(e.text_content().split()) for e in root]


SEED = """Kim and Putin  meet

  • The leaders met in Vladivostok
  • Talks lasted three hours

Share

Photo: Agency

25 April 2019The two leaders shook hands.

Later they had lunch.
"""


def test_the_seed_shape(tmp_path: Path) -> None:
    article, warnings = read(tmp_path, SEED)
    assert warnings == []
    assert article.title == "Kim and Putin meet"
    assert article.summary == "The leaders met in Vladivostok. Talks lasted three hours."
    assert article.published is not None
    assert article.published.isoformat() == "2019-04-25T00:00:00+02:00"
    assert paragraphs(article.body_html) == [
        "Photo: Agency", "The two leaders shook hands.", "Later they had lunch."]
    assert article.body_line == 8


def test_a_dateline_paragraph_of_its_own(tmp_path: Path) -> None:
    article, _ = read(tmp_path, "Title\n\n25 April 2019 - First paragraph.\n\nSecond.\n")
    assert article.published is not None and article.published.day == 25
    assert paragraphs(article.body_html) == ["First paragraph.", "Second."]


def test_a_block_of_bullets_in_the_body_is_a_list(tmp_path: Path) -> None:
    article, _ = read(tmp_path, "Title\n\nIntro.\n\n- one\n- two & three\n\n- a lone dash\n")
    root = html.fragment_fromstring(article.body_html, create_parent="div")
    assert [e.tag for e in root] == ["p", "ul", "p"]
    assert root.xpath("ul/li/text()") == ["one", "two & three"]
    assert root[2].text == "- a lone dash"


def test_a_single_bullet_standfirst_is_kept_as_written(tmp_path: Path) -> None:
    article, _ = read(tmp_path, "Title\n• Only one point\n\nBody.\n")
    assert article.summary == "Only one point"


def test_character_references_are_decoded_once(tmp_path: Path) -> None:
    article, _ = read(tmp_path, "Kim &amp; Putin\n\nA &lt;b&gt; tag &amp;amp; more.\n")
    assert article.title == "Kim & Putin"
    assert paragraphs(article.body_html) == ["A <b> tag &amp; more."]


def test_a_reference_to_no_character_is_removed_with_a_warning(tmp_path: Path) -> None:
    article, warnings = read(tmp_path, "Title\n\nBad &#0; ref.\n")
    assert "&#0;" not in article.body_html
    assert any("character reference(s) that name no character" in w.message
               and w.line == 3 for w in warnings)


def test_a_partial_date_at_the_start_is_a_warning(tmp_path: Path) -> None:
    article, warnings = read(tmp_path, "Title\n\n25 April The talks began.\n")
    assert article.published is None
    [warning] = warnings
    assert warning.line == 3 and "reads only partly as a date" in warning.message


def test_an_impossible_dateline_is_an_error_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(ArticleError) as caught:
        read(tmp_path, "Title\n\n\n31 February 2019Text.\n")
    assert caught.value.line == 4
    assert "fix the date at the start of this paragraph" in caught.value.message


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError) as caught:
        read(tmp_path, "\n  \n")
    assert caught.value.message.startswith("the file is empty")


def test_a_title_alone_is_an_article_without_body(tmp_path: Path) -> None:
    article, _ = read(tmp_path, "\n\nJust a title\n")
    assert article.title == "Just a title" and article.body_html == ""


def test_the_sidecar_wins_over_the_text(tmp_path: Path) -> None:
    article, _ = read(tmp_path, SEED, 'title = "Given"\ndate = 2020-01-02\ntags = ["asia"]\n')
    assert article.title == "Given" and article.tags == ("asia",)
    assert article.published is not None and article.published.year == 2020
