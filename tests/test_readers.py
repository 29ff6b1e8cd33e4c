"""Readers: scraped text (the seed's shape), Markdown front matter, encodings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswire.errors import ArticleError
from newswire.readers import read_article, scan_content
from newswire.readers.dates import DateError, parse_date, split_dateline

ROME = ZoneInfo("Europe/Rome")
REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read(tmp_path: Path, name: str, data: bytes | str):
    return read_article(write(tmp_path, name, data), tmp_path, ROME)[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("25 April 2019First", datetime(2019, 4, 25, tzinfo=ROME)),
    ("April 25, 2019First", datetime(2019, 4, 25, tzinfo=ROME)),
    ("2019-04-25First", datetime(2019, 4, 25, tzinfo=ROME)),
    ("25/04/2019First", datetime(2019, 4, 25, tzinfo=ROME)),
    ("Thursday, April 25, 2019 10:32 AMFirst", datetime(2019, 4, 25, 10, 32, tzinfo=ROME)),
    ("Thursday, April 25, 2019 10:32 PMFirst", datetime(2019, 4, 25, 22, 32, tzinfo=ROME)),
    ("Thursday, April 25, 2019First", datetime(2019, 4, 25, tzinfo=ROME)),
    ("25 April 2019 10:32First", datetime(2019, 4, 25, 10, 32, tzinfo=ROME)),
    ("Jan. 31, 2007First", datetime(2007, 1, 31, tzinfo=ROME)),
    ("27 février 2007First", datetime(2007, 2, 27, tzinfo=ROME)),
    ("14.03.2006First", datetime(2006, 3, 14, tzinfo=ROME)),
    ("Donnerstag, 25. April 2019, 14:30 UhrFirst", datetime(2019, 4, 25, 14, 30, tzinfo=ROME)),
])
def test_dateline_formats(text, expected):
    found, rest = split_dateline(text, ROME)
    assert found == expected
    assert rest == "First"


def test_dateline_absent_or_impossible():
    assert split_dateline("The handshake happened", ROME) is None
    assert split_dateline("2019 was a long year", ROME) is None
    with pytest.raises(DateError):
        split_dateline("31 February 2019Text", ROME)


@pytest.mark.parametrize(("value", "iso"), [
    ("2019-04-25", "2019-04-25T00:00:00+02:00"),
    ("2019-04-25 10:30", "2019-04-25T10:30:00+02:00"),
    ("2019-04-25T10:30:00Z", "2019-04-25T10:30:00+00:00"),
    ("2019-01-15T10:30:00-05:00", "2019-01-15T10:30:00-05:00"),
    ("25 April 2019", "2019-04-25T00:00:00+02:00"),
])
def test_front_matter_dates(value, iso):
    assert parse_date(value, ROME).isoformat() == iso


@pytest.mark.parametrize("value", ["2019-02-30", "25/04/19", "yesterday", "0099-01-01"])
def test_front_matter_bad_dates(value):
    with pytest.raises(DateError):
        parse_date(value, ROME)


def test_seed_article_read():
    seed = REPO / "content" / "000_9b5066fb76f96e2d.txt"
    article, warnings = read_article(seed, REPO / "content", ROME)
    assert warnings == []
    assert article.title == "The handshake"
    assert article.summary == "Kim Jong-Un is in Vladivostok: tomorrow he meets Putin"
    assert article.published == datetime(2019, 4, 25, tzinfo=ROME)
    assert article.body_html.count("<p>") == 8
    assert article.body_html.startswith("<p>First meeting and historic handshake")
    assert article.tags == ("world", "asia", "diplomacy")  # from the sidecar


def test_plain_text_cp1252_crlf_and_bom(tmp_path):
    text = ("Caf\u00e9 \u201cnews\u201d\r\n\r\n  \u2022 Standfirst \u2019here\u2019\r\n\r\n"
            "Share\r\n\r\nApril 25, 2019Body one.\r\n\r\nBody two.\r\n")
    cp = read(tmp_path, "a.txt", text.encode("cp1252"))
    bom = read(tmp_path, "b.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    for article in (cp, bom):
        assert article.title == "Caf\u00e9 \u201cnews\u201d"
        assert article.summary == "Standfirst \u2019here\u2019"
        assert article.body_html == "<p>Body one.</p>\n<p>Body two.</p>\n"


def test_plain_text_mixed_encodings_and_lone_cr(tmp_path):
    data = "Title \u00e9\r".encode("utf-8") + b"\rBody \x93quoted\x94\r"
    article = read(tmp_path, "mixed.txt", data)
    assert article.title == "Title \u00e9"
    assert article.body_html == "<p>Body \u201cquoted\u201d</p>\n"


def test_plain_text_caption_before_dateline_is_kept(tmp_path):
    article = read(tmp_path, "c.txt", "T\n\n\u2022 S\n\nShare\n\nA caption.\n\n"
                   "1 May 2020Body.\n")
    assert article.published == datetime(2020, 5, 1, tzinfo=ROME)
    assert article.body_html == "<p>A caption.</p>\n<p>Body.</p>\n"


def test_plain_text_title_only(tmp_path):
    article = read(tmp_path, "t.txt", "\n\nJust a title\n")
    assert article.title == "Just a title"
    assert article.published is None and article.summary is None


def test_markdown_yaml_front_matter(tmp_path):
    article = read(tmp_path, "x.md", """---
title: "Kim: the handshake"
date: 2019-04-25
author: Ada Byron <ada@example.org>
tags: [world, asia, world]
draft: NO
country: NO
---

Hello *world* | x
""")
    assert article.title == "Kim: the handshake"
    assert article.published == datetime(2019, 4, 25, tzinfo=ROME)
    assert article.authors[0].name == "Ada Byron"
    assert article.authors[0].email == "ada@example.org"
    assert article.tags == ("world", "asia")
    assert article.draft is False
    assert dict(article.extra) == {"country": "NO"}
    assert "<em>world</em>" in article.body_html


def test_markdown_toml_front_matter_tables_and_footnotes(tmp_path):
    article = read(tmp_path, "y.md", """+++
title = "Tables"
date = 2019-04-25T10:00:00+02:00
+++

| a | b |
|---|---|
| 1 | 2 |

Text.[^1]

[^1]: A note.
""")
    assert article.published.isoformat() == "2019-04-25T10:00:00+02:00"
    assert "<table>" in article.body_html
    assert "footnote" in article.body_html


@pytest.mark.parametrize(("text", "line", "message"), [
    ("---\ntitle: a: b\n---\n", 2, "needs quotes"),
    ("---\ntitle: A\ntitle: B\n---\n", 3, "given twice"),
    ("---\ntitle: A\n", 1, "never closed"),
    ("---\ndate: 2019-04-25\n---\nno title\n", 2, "no title"),
    ("---\ntitle: A\ndate: 2019-02-30\n---\n", 3, "date:"),
    ("+++\ntitle = \n+++\n", 2, "not valid TOML"),
])
def test_markdown_errors_name_the_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.md", text)
    with pytest.raises(ArticleError) as caught:
        read_article(path, tmp_path, ROME)
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: error: ")


def test_scan_content_skips_documentation_and_sidecars(tmp_path):
    for name in ("a.md", "b.txt", "b.toml", "README.md", "_draft.md", ".hidden.md",
                 "img/photo.png"):
        write(tmp_path, name, "x")
    found = scan_content(tmp_path)
    assert [p.name for p in found.articles] == ["a.md", "b.txt"]
    assert [p.name for p in found.assets] == ["photo.png"]


@pytest.mark.parametrize(("text", "iso", "rest"), [
    ("25 Apr 2019, 14:05 GMT+2Body", "2019-04-25T14:05:00+02:00", "Body"),
    ("25 April 2019 10:30 UTC-05:30 Body", "2019-04-25T10:30:00-05:30", "Body"),
    ("Thursday 25 April 2019 10:30 BSTBody", "2019-04-25T10:30:00+01:00", "Body"),
    ("25 April 2019 10:30 CESTBody", "2019-04-25T10:30:00+02:00", "Body"),
    ("April 25, 2019 NASA said", "2019-04-25T00:00:00+02:00", "NASA said"),
])
def test_dateline_zones_are_read_as_people_mean_them(text, iso, rest):
    found, remainder = split_dateline(text, ROME)
    assert (found.isoformat(), remainder) == (iso, rest)


def test_one_line_mixing_utf8_and_cp1252(tmp_path):
    article = read(tmp_path, "m.txt", b"Mixed caf\xc3\xa9 and caf\xe9\n\n25 April 2019Body\n")
    assert article.title == "Mixed caf\u00e9 and caf\u00e9"


@pytest.mark.parametrize(("text", "iso", "rest"), [
    ("April 25, 2019 2:05 pm ETBody", "2019-04-25T14:05:00-04:00", "Body"),
    ("January 25, 2019 2:05 pm ET Body", "2019-01-25T14:05:00-05:00", "Body"),
    ("25 April 2019 - 10:30Body", "2019-04-25T10:30:00+02:00", "Body"),
    ("25 April 2019 \u2013 10:30 Body", "2019-04-25T10:30:00+02:00", "Body"),
])
def test_dateline_us_zones_and_dashes(text, iso, rest):
    found, remainder = split_dateline(text, ROME)
    assert (found.isoformat(), remainder) == (iso, rest)


@pytest.mark.parametrize(("text", "iso"), [
    ("2015-09-12Body", "2015-09-12T00:00:00+02:00"),
    ("2015-01-02 Body", "2015-01-02T00:00:00+01:00"),
    ("2015-09-12T10:30:00Body", "2015-09-12T10:30:00+02:00"),
    ("2015-09-12T10:30:00+05:30Body", "2015-09-12T10:30:00+05:30"),
])
def test_iso_datelines_are_year_month_day(text, iso):
    found, rest = split_dateline(text, ROME)
    assert (found.isoformat(), rest) == (iso, "Body")


def test_iso_dateline_naming_no_real_day():
    with pytest.raises(DateError, match="not a valid date"):
        split_dateline("2015-02-30Body", ROME)


@pytest.mark.parametrize("value", ["2015/09/12", "2015.09.12", "2015-9-12",
                                   "12/09/2015", "12.09.2015", "Sept 12, 2015"])
def test_numeric_dates_year_first_or_day_first(value):
    assert parse_date(value, ROME).date().isoformat() == "2015-09-12"
