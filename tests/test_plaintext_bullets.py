"""Scraped text: bullet lines are sentences (and lists), and the separator
between a dateline and the text is dropped."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswire.readers import read_article

ROME = ZoneInfo("Europe/Rome")


def read(tmp_path: Path, text: str):
    path = tmp_path / "a.txt"
    path.write_text(text, "utf-8")
    article, _ = read_article(path, tmp_path, ROME)
    return article


@pytest.mark.parametrize(("bullets", "summary"), [
    (["Kim Jong-Un is in Vladivostok", "Putin arrives tomorrow"],
     "Kim Jong-Un is in Vladivostok. Putin arrives tomorrow."),
    (["Talks begin.", "Will they agree?", "\u201cWe hope so!\u201d"],
     "Talks begin. Will they agree? \u201cWe hope so!\u201d"),
    (["He said \"no.\"", "Nothing else"], "He said \"no.\" Nothing else."),
    (["\u91d1\u6b63\u6069\u62b5\u8fbe", "\u666e\u4eac\u660e\u5929\u5230\u8fbe"],
     "\u91d1\u6b63\u6069\u62b5\u8fbe\u3002\u666e\u4eac\u660e\u5929\u5230\u8fbe\u3002"),
    (["Only one bullet"], "Only one bullet"),
])
def test_bullet_lines_become_sentences(tmp_path, bullets, summary):
    text = "The handshake\n\n" + "".join(f"  \u2022 {b}\n" for b in bullets) + \
        "\nShare\n\n25 April 2019First meeting.\n"
    assert read(tmp_path, text).summary == summary


@pytest.mark.parametrize("separator", [" - ", " \u2013 ", " \u2014 ", " | ", " -- "])
def test_dateline_separator_is_dropped(tmp_path, separator):
    article = read(tmp_path, f"Title\n\n25 April 2019{separator}First meeting of the two.\n")
    assert article.published.isoformat() == "2019-04-25T00:00:00+02:00"
    assert article.body_html == "<p>First meeting of the two.</p>\n"


def test_dateline_with_time_and_separator(tmp_path):
    article = read(tmp_path, "Title\n\n25 April 2019 \u2013 10:30 | First meeting.\n")
    assert article.published.isoformat() == "2019-04-25T10:30:00+02:00"
    assert article.body_html == "<p>First meeting.</p>\n"


def test_text_starting_with_a_dash_word_is_kept(tmp_path):
    article = read(tmp_path, "Title\n\n25 April 2019 -5 degrees in Moscow.\n")
    assert article.body_html == "<p>-5 degrees in Moscow.</p>\n"


def test_bullet_blocks_in_the_text_are_lists(tmp_path):
    article = read(tmp_path, "Title\n\n25 April 2019First.\n\n- one\n- two & three\n\n"
                             "- a single dash-led line\n")
    assert article.body_html == ("<p>First.</p>\n<ul><li>one</li><li>two &amp; three</li>"
                                 "</ul>\n<p>- a single dash-led line</p>\n")
