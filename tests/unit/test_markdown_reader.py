"""read_markdown and render_markdown: front matter, title fallback, body."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswire.errors import ArticleError
from newswire.model import Article
from newswire.readers.markdown import read_markdown, render_markdown
from newswire.readers.result import ReadResult
from newswire.readers.text import decode

ZONE = ZoneInfo("Europe/Berlin")


def result(text: str) -> ReadResult:
    return read_markdown(Path("a.md"), decode(text.encode()), "a.md", ZONE)


def read(text: str) -> Article:
    return result(text).article


def test_yaml_front_matter_and_body() -> None:
    article = read("---\ntitle: Hello\ndraft: true\ndate: 2019-04-25\n---\nBody *here*.\n")
    assert article.title == "Hello" and article.draft is True
    assert article.published is not None
    assert article.published.isoformat() == "2019-04-25T00:00:00+02:00"
    assert article.body_html == "<p>Body <em>here</em>.</p>\n"
    assert article.body_line == 6
    assert (article.source, article.digest) == ("a.md", "")


def test_toml_front_matter() -> None:
    assert read('+++\ntitle = "Hello"\n+++\nBody\n').title == "Hello"


@pytest.mark.parametrize("value", ["NO", "yes", "off"])
def test_only_true_and_false_are_booleans(value: str) -> None:
    assert read(f"---\ntitle: {value}\n---\n").title == value


def test_a_heading_is_the_title_when_front_matter_has_none() -> None:
    article = read("# The *big* story\n\nText.\n")
    assert article.title == "The big story"
    assert article.body_html == "<p>Text.</p>\n"


@pytest.mark.parametrize(("text", "line"), [
    ("---\ndate: 2019-04-25\ntitle: Hello\n---\nText.\n", 3),
    ("---\ndate: 2019-04-25\n---\n\n\n# Heading\n\nText.\n", 6),
    ("# Heading\n", 1),
    ("+++\ntitle = \"\"\n+++\n\n# Heading\n", 5),
])
def test_title_line_is_where_the_title_comes_from(text: str, line: int) -> None:
    assert result(text).title_line == line


def test_front_matter_warnings_name_the_file_and_the_key_line() -> None:
    read_result = result("---\ntitle: Hello\nsummary: \"a\\x7fb\"\ndate: 04/05/2019\n---\n")
    assert [(w.level, w.path, w.line) for w in read_result.warnings] == [
        ("warning", Path("a.md"), 3), ("warning", Path("a.md"), 4)]
    assert read_result.warnings[0].message.startswith("summary: removed 1 control")
    assert read_result.warnings[1].message.startswith("date: ")


def test_no_warnings_for_a_clean_file() -> None:
    assert result("---\ntitle: Hello\n---\nText.\n").warnings == ()


@pytest.mark.parametrize(("text", "line", "words"), [
    ("---\ntitle: a\ntitle: b\n---\n", 3, "given twice"),
    ("---\ntitle: x\n", 1, "never closed"),
    ("---\ndate: 2019-04-25\n---\nNo heading here.\n", 2, "no title"),
    ("", 1, "empty"),
])
def test_broken_front_matter_is_an_error_with_its_line(text: str, line: int,
                                                       words: str) -> None:
    with pytest.raises(ArticleError, match=words) as caught:
        read(text)
    assert caught.value.line == line


def test_render_markdown_tables_and_footnotes() -> None:
    html = render_markdown("| a | b |\n|---|--:|\n| 1 | 2 |\n\nText.[^n]\n\n[^n]: Note.\n")
    assert "<table>" in html and 'style="text-align:right"' in html
    assert 'href="#fn1"' in html and "Note." in html
