"""read_markdown and render_markdown: front matter, title fallback, body."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswire.errors import ArticleError
from newswire.readers.markdown import read_markdown, render_markdown
from newswire.readers.text import decode

ZONE = ZoneInfo("Europe/Berlin")


def read(text: str) -> dict:
    return read_markdown(Path("a.md"), decode(text.encode()), "a.md", ZONE)


def test_yaml_front_matter_and_body() -> None:
    fields = read("---\ntitle: Hello\ndraft: true\ndate: 2019-04-25\n---\nBody *here*.\n")
    assert fields["title"] == "Hello" and fields["draft"] is True
    assert fields["published"].isoformat() == "2019-04-25T00:00:00+02:00"
    assert fields["body_html"] == "<p>Body <em>here</em>.</p>\n"
    assert fields["body_line"] == 6


def test_toml_front_matter() -> None:
    assert read('+++\ntitle = "Hello"\n+++\nBody\n')["title"] == "Hello"


@pytest.mark.parametrize("value", ["NO", "yes", "off"])
def test_only_true_and_false_are_booleans(value: str) -> None:
    assert read(f"---\ntitle: {value}\n---\n")["title"] == value


def test_a_heading_is_the_title_when_front_matter_has_none() -> None:
    fields = read("# The *big* story\n\nText.\n")
    assert fields["title"] == "The big story"
    assert fields["body_html"] == "<p>Text.</p>\n"


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
