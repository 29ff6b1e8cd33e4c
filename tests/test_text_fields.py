"""Metadata as the writer meant it: character references, source text of
YAML/TOML values, RSS-style authors, control characters, empty summaries and
empty feeds, checked in what RSS, Atom, JSON Feed and the page carry."""

from __future__ import annotations

import html
import json
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newswire.run import BuildOptions, build
from newswire.readers import read_article
from newswire.readers.fields import LoneSurrogate, decode_references
from newswire.readers.text import decode, normalize_controls
from newswire.validate import validate_bytes

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = datetime(2026, 11, 29, tzinfo=timezone.utc)
UTC = timezone.utc


def make_site(root: Path, articles: dict[str, str | bytes],
              feeds: dict[str, str] | None = None) -> Path:
    (root / "feeds").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "feeds/site.toml").write_text(
        'base_url = "https://example.org/"\ntitle = "Wire"\nlanguage = "en"\n')
    for name, text in (feeds or {"main": 'title = "All"\n'}).items():
        (root / f"feeds/{name}.toml").write_text(text)
    for name, data in articles.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return root


def outputs(site: Path, slug: str, feed: str = "main"):
    """(RSS item, Atom entry, JSON Feed item, page tree) of one article, each
    parsed from the bytes written."""
    public = site / "public"
    rss = feedparser.parse((public / f"feeds/{feed}/rss.xml").read_bytes())
    atom = feedparser.parse((public / f"feeds/{feed}/atom.xml").read_bytes())
    items = json.loads((public / f"feeds/{feed}/feed.json").read_bytes())["items"]
    url = f"https://example.org/{slug}/"
    page = lxml.html.fromstring((public / slug / "index.html").read_bytes())
    for path in (public / "feeds" / feed).iterdir():
        fmt = {"rss.xml": "rss", "atom.xml": "atom", "feed.json": "json"}.get(path.name)
        if fmt:
            assert [f for f in validate_bytes(path.read_bytes(), str(path), fmt)
                    if f.level == "error"] == []
    return (next(e for e in rss.entries if e.link == url),
            next(e for e in atom.entries if e.link == url),
            next(i for i in items if i["url"] == url), page)


def meta(page, prop: str) -> str:
    found = page.xpath(f'//meta[@property="{prop}" or @name="{prop}"]/@content')
    assert len(found) == 1, prop
    return found[0]


# -- 5. character references ---------------------------------------------------

REFERENCES = """---
title: "Q&amp;A &mdash; it&#8217;s &#55357;&#56832; &#xD83C;&#xDF0D; &amp;amp; &lt;b&gt;"
summary: "Caf&eacute; &#8220;open&#8221; &ndash; 5&nbsp;days"
tags: [R&amp;D, "caf&#233;"]
category: "News &amp; Views"
author: "Ana &amp; Bo <desk@example.org>"
image_alt: "A &quot;cat&quot;"
date: 2019-04-25
---
Body with &amp; and &copy; in Markdown.
"""


def test_character_references_are_decoded_once_in_every_output(tmp_path):
    site = make_site(tmp_path, {"refs.md": REFERENCES})
    report = build(site, BuildOptions(now=NOW))
    assert report.errors == []
    title = "Q&A \u2014 it\u2019s \U0001F600 \U0001F30D &amp; <b>"
    summary = "Caf\u00e9 \u201copen\u201d \u2013 5\u00a0days"
    rss, atom, item, page = outputs(site, "refs")
    assert atom.title == title and item["title"] == title
    assert atom.summary == summary and item["summary"] == summary
    assert [t.term for t in atom.tags] == ["News & Views", "R&D", "caf\u00e9"]
    assert item["tags"] == ["News & Views", "R&D", "caf\u00e9"]
    assert atom.author_detail.name == "Ana & Bo" and item["authors"][0]["name"] == "Ana & Bo"
    assert rss.summary == summary
    # RSS titles have no type: read the element's text exactly as written.
    channel = etree.fromstring((site / "public/feeds/main/rss.xml").read_bytes())
    assert channel.find(".//item/title").text == title
    assert etree.tostring(channel.find(".//item/title")).count(b"&amp;amp;amp;") == 0
    assert page.findtext(".//title").startswith(title)
    assert meta(page, "og:title") == title and meta(page, "og:description") == summary
    assert meta(page, "twitter:description") == summary
    assert page.xpath("//h1")[0].text_content().strip() == title
    ld = json.loads(page.xpath('//script[@type="application/ld+json"]')[0].text)
    assert ld["headline"] == title and ld["description"] == summary
    # the page's bytes hold the ampersand escaped once
    raw = (site / "public/refs/index.html").read_text()
    assert "Q&amp;A" in raw and "&amp;amp;amp;" not in raw and "&amp;mdash;" not in raw


@pytest.mark.parametrize("value, expected", [
    ("&#55357;&#56832;", "\U0001F600"),
    ("&#xd83d;&#xde00; and &#x1F600;", "\U0001F600 and \U0001F600"),
    ("a&#11;b&#x0c;c", "a b c"),
    ("&amp;amp; &amp;mdash;", "&amp; &mdash;"),
    ("&#147;quoted&#148;", "\u201cquoted\u201d"),
    ("AT&T R&D", "AT&T R&D"),
])
def test_decode_references(value, expected):
    assert decode_references(value) == expected


@pytest.mark.parametrize("value", ["&#55357;", "x &#56832;", "&#55357; &#56832;",
                                   "&#55357;&#55357;"])
def test_lone_surrogate_reference_is_refused(value):
    with pytest.raises(LoneSurrogate):
        decode_references(value)


def test_lone_surrogate_reference_is_an_error_with_the_line(tmp_path):
    site = make_site(tmp_path, {
        "ok.md": "---\ntitle: Fine\ndate: 2019-04-25\n---\nText.\n",
        "bad.md": "---\ndate: 2019-04-25\nsummary: half &#55357; a face\ntitle: T\n---\nx\n",
        "bad.txt": "Title &#56832; broken\n\n25 April 2019Body.\n"})
    report = build(site, BuildOptions(now=NOW))
    errors = {(Path(str(d.path)).name, d.line): d.message for d in report.errors}
    assert set(errors) == {("bad.md", 3), ("bad.txt", 1)}
    assert "&#55357;" in errors[("bad.md", 3)] and "summary" in errors[("bad.md", 3)]
    assert (site / "public/ok/index.html").is_file()


def test_scraped_text_references_are_decoded(tmp_path):
    site = make_site(tmp_path, {"s.txt": "Q&amp;A: the vote\n\n  \u2022 Caf&eacute; talks\n\n"
                                          "25 April 2019Bread &amp; butter &#8212; again.\n"})
    assert build(site, BuildOptions(now=NOW)).errors == []
    _, atom, item, page = outputs(site, "s")
    assert atom.title == "Q&A: the vote" and atom.summary == "Caf\u00e9 talks"
    assert "Bread &amp; butter \u2014 again." in item["content_html"]
    assert page.xpath("//article//p")[-1].text_content().strip() == "Bread & butter \u2014 again."


@pytest.mark.parametrize("value, expected", [
    ("&#" + "0" * 5000 + "65;", "A"),          # leading zeros beyond int's digit limit
    ("&#" + "9" * 5000 + ";", "\x00"),          # beyond U+10FFFF however long
    ("&#x110000;", "\x00"),
    ("&#0;", "\x00"),
    ("&#xFDD0;&#xFFFF;&#x1FFFE;", "\x00\x00\x00"),  # noncharacters
    ("a&#1;b&#127;c", "a\x01b\x7fc"),           # controls: left to the control policy
    ("&#38;amp; &#38;#38;", "&amp; &#38;"),      # decoded once, never twice
])
def test_references_naming_no_character_are_kept_for_removal(value, expected):
    assert decode_references(value) == expected


def test_references_naming_no_character_are_removed_with_a_warning(tmp_path):
    site = make_site(tmp_path, {
        "n.md": "---\ntitle: \"a &#0; b &#x110000; c\"\ndate: 2019-04-25\n"
                "summary: \"x&#1;y &#" + "9" * 5000 + "; z\"\n---\nText.\n",
        "s.txt": "Vote &#0; today\n\n25 April 2019Bread &#xFFFF;&amp; butter.\n"})
    report = build(site, BuildOptions(now=NOW))
    assert report.errors == []
    warned = sorted((Path(str(d.path)).name, d.line) for d in report.warnings
                    if "removed" in d.message)
    assert warned == [("n.md", 2), ("n.md", 4), ("s.txt", 1), ("s.txt", 3)]
    _, atom, item, page = outputs(site, "n")
    assert atom.title == item["title"] == "a b c"
    assert atom.summary == item["summary"] == "xy z"
    assert "\ufffd" not in (site / "public/n/index.html").read_text()
    _, atom, item, _ = outputs(site, "s")
    assert atom.title == "Vote today" and item["content_html"] == "<p>Bread &amp; butter.</p>"


# -- 6. text fields keep the characters typed -----------------------------------

def test_yaml_text_fields_keep_their_source_text(tmp_path):
    site = make_site(tmp_path, {"n.md": (
        "---\ntitle: 3.10\nsummary: 1e3\ncategory: 012\nimage_alt: 0x1F\n"
        "tags:\n  - 3.10\n  - 012\n  -\n  - 1_000\n  - true\n  - ~\n  - .inf\n"
        "date: 2019-04-25\ndraft: false\n---\nBody.\n")})
    report = build(site, BuildOptions(now=NOW))
    assert report.errors == []
    warnings = [(Path(str(d.path)).name, d.line, d.message) for d in report.warnings
                if "empty" in d.message]
    assert warnings == [("n.md", 6, "tags: 2 empty item(s) (nothing, '', ~ or null: YAML's "
                                    "empty value) left out; remove them, or write the text "
                                    "in quotes ('null')")]
    _, atom, item, _ = outputs(site, "n")
    assert atom.title == "3.10" and item["summary"] == "1e3"
    assert item["tags"] == ["012", "3.10", "1_000", "true", ".inf"]  # category first


def test_toml_front_matter_and_sidecar_keep_float_text(tmp_path):
    site = make_site(tmp_path, {
        "t.md": '+++\ntitle = "T"\ntags = [3.10, 10, "x"]\ncategory = 2.50\n'
                'date = 2019-04-25\n+++\nBody.\n',
        "s.txt": "Scraped\n\n25 April 2019Body.\n",
        "s.yaml": "tags: [3.10, 012, '']\nauthor: 1.0\n",
    })
    report = build(site, BuildOptions(now=NOW))
    assert report.errors == []
    assert any(Path(str(d.path)).name == "s.yaml" and "empty item" in d.message
               for d in report.warnings)
    _, _, item, _ = outputs(site, "t")
    assert item["tags"] == ["2.50", "3.10", "10", "x"]
    _, _, item, _ = outputs(site, "s")
    assert item["tags"] == ["3.10", "012"] and item["authors"] == [{"name": "1.0"}]


def test_draft_and_dates_keep_their_rules(tmp_path):
    site = make_site(tmp_path, {"d.md": "---\ntitle: D\ndraft: true\ndate: 2019-04-25\n---\nx\n",
                                "e.md": "---\ntitle: E\ndate: 2019-04-25 10:30\n---\nx\n"})
    report = build(site, BuildOptions(now=NOW))
    assert report.errors == [] and not (site / "public/d").exists()
    _, atom, _, _ = outputs(site, "e")
    assert atom.published == "2019-04-25T10:30:00+00:00"


# -- 7. RSS-style author -------------------------------------------------------

@pytest.mark.parametrize("value, name, email", [
    ("jane@example.com (Jane Doe)", "Jane Doe", "jane@example.com"),
    ("  jane@example.com   ( Jane  Doe )  ", "Jane Doe", "jane@example.com"),
    ("jane@example.com ()", "jane@example.com", "jane@example.com"),
    ("Jane Doe <jane@example.com>", "Jane Doe", "jane@example.com"),
    ("Jane Doe (Reuters)", "Jane Doe (Reuters)", None),
    ("jane@example.com", "jane@example.com", "jane@example.com"),
])
def test_author_forms(tmp_path, value, name, email):
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: A\nauthor: \"{value}\"\n---\nx\n")
    article, _ = read_article(path, tmp_path, UTC)
    assert (article.authors[0].name, article.authors[0].email) == (name, email)


def test_rss_style_author_in_every_output(tmp_path):
    site = make_site(tmp_path, {"a.md": "---\ntitle: A\nauthor: jane@example.com (Jane Doe)\n"
                                        "date: 2019-04-25\n---\nx\n"})
    assert build(site, BuildOptions(now=NOW)).errors == []
    rss, atom, item, page = outputs(site, "a")
    assert rss.author == "jane@example.com (Jane Doe)"
    assert atom.author_detail == {"name": "Jane Doe", "email": "jane@example.com"}
    assert item["authors"] == [{"name": "Jane Doe"}]
    assert meta(page, "author") == "Jane Doe"


# -- 8. control characters -----------------------------------------------------

@pytest.mark.parametrize("text, expected, removed", [
    ("vote\x0bdelayed", "vote delayed", 0),
    ("vote\x0cdelayed\x1fnow", "vote delayed now", 0),
    ("vote\x85delayed", "vote delayed", 0),
    ("\x93Yes\x94 \x96 \x85 \x80 5", "\u201cYes\u201d \u2013 \u2026 \u20ac 5", 0),
    ("it\x92s \x97 done\x85", "it\u2019s \u2014 done\u2026", 0),
    ("de\x7fl\x81e\x9dte", "delete", 3),
])
def test_control_characters(text, expected, removed):
    out, count, _ = normalize_controls(text)
    assert (out, count) == (expected, removed)


def test_control_characters_everywhere_text_is_read(tmp_path):
    site = make_site(tmp_path, {
        "c.txt": "The\x0bvote\n\n  \u2022 Delayed again\n\n"
                 "25 April 2019Parliament\x85voted\x0cto wait.\n\nLine two\x7f.\n",
        "q.txt": "Quotes\n\n  \u2022 \x93Delayed\x94 again\x85\n\n25 April 2019Body.\n",
        "c.toml": 'tags = ["a\\u000bb"]\ncategory = "x\\u0085y"\n',
        "m.md": "---\ntitle: \"M\\vtitle \\x93q\\x94\"\ndate: 2019-04-25\n---\n"
                "Body\x0bglued and \x96 dashed.\n",
    })
    report = build(site, BuildOptions(now=NOW))
    assert report.errors == []
    warnings = [(Path(str(d.path)).name, d.line) for d in report.warnings
                if "control" in d.message]
    assert warnings == [("c.txt", 7)]
    _, atom, item, _ = outputs(site, "c")
    assert atom.title == "The vote" and atom.summary == "Delayed again"
    assert "<p>Parliament voted to wait.</p>" in item["content_html"]
    assert "<p>Line two.</p>" in item["content_html"]
    assert item["tags"] == ["x y", "a b"]
    _, atom, _, _ = outputs(site, "q")
    assert atom.summary == "\u201cDelayed\u201d again\u2026"
    _, atom, item, _ = outputs(site, "m")
    assert atom.title == "M title \u201cq\u201d"
    assert "Body glued and \u2013 dashed." in item["content_html"]


def test_cp1252_read_as_latin1_then_saved_as_utf8(tmp_path):
    text = "Title\n\n25 April 2019He said \x93no\x94 \x96 twice\x85\n"
    decoded = decode(text.encode("utf-8"))
    assert "He said \u201cno\u201d \u2013 twice\u2026" in decoded.text and decoded.removed == 0


# -- 10. empty summaries -------------------------------------------------------

@pytest.mark.parametrize("summary", ['""', "''", '"   "', '"&nbsp;"', "", "~"])
def test_empty_summary_is_the_first_paragraph_everywhere(tmp_path, summary):
    site = make_site(tmp_path, {"e.md": f"---\ntitle: E\nsummary: {summary}\n"
                                        "date: 2019-04-25\n---\n"
                                        "![a picture](https://example.org/x.png)\n\n"
                                        "The first paragraph with words.\n\nSecond.\n"})
    assert build(site, BuildOptions(now=NOW)).errors == []
    rss, atom, item, page = outputs(site, "e")
    expected = "The first paragraph with words."
    assert atom.summary == expected and item["summary"] == expected
    assert rss.summary == expected
    assert meta(page, "og:description") == expected
    assert meta(page, "twitter:description") == expected


def test_summary_of_a_body_without_text_is_the_title(tmp_path):
    site = make_site(tmp_path, {"i.md": "---\ntitle: Only a picture\nsummary: ''\n"
                                        "date: 2019-04-25\n---\n"
                                        "![](https://example.org/x.png)\n"})
    assert build(site, BuildOptions(now=NOW)).errors == []
    rss, atom, item, page = outputs(site, "i")
    assert atom.summary == rss.summary == item["summary"] == "Only a picture"
    assert meta(page, "og:description") == "Only a picture"


# -- 9. empty feeds ------------------------------------------------------------

def _atom_updated(site: Path, feed: str) -> str:
    root = etree.fromstring((site / f"public/feeds/{feed}/atom.xml").read_bytes())
    return root.findtext(f"{ATOM}updated")


def _rss_date(site: Path, feed: str) -> str:
    return feedparser.parse((site / f"public/feeds/{feed}/rss.xml").read_bytes()).feed.updated


def test_empty_feed_states_when_it_became_empty(tmp_path):
    site = make_site(tmp_path, {"a.md": "---\ntitle: A\ntags: [x]\ndate: 2019-04-25\n---\nx\n"},
                     {"main": 'title = "All"\n', "x": 'title = "X"\ninclude_tags = ["x"]\n',
                      "none": 'title = "None"\ninclude_tags = ["nothing"]\n'})
    t1 = datetime(2026, 1, 1, tzinfo=UTC)
    report = build(site, BuildOptions(now=t1))
    assert [(Path(str(d.path)).name, "'none' is empty" in d.message)
            for d in report.warnings] == [("none.toml", True)]
    assert _atom_updated(site, "none") == "2026-01-01T00:00:00+00:00"
    assert _rss_date(site, "none") == "Thu, 01 Jan 2026 00:00:00 +0000"
    assert _atom_updated(site, "x") == "2019-04-25T00:00:00+00:00"
    for fmt, name in (("rss", "rss.xml"), ("atom", "atom.xml"), ("json", "feed.json")):
        data = (site / "public/feeds/none" / name).read_bytes()
        assert [f for f in validate_bytes(data, name, fmt) if f.level == "error"] == []
    atom_bytes = (site / "public/feeds/none/atom.xml").read_bytes()

    # a later build with nothing changed: same bytes, same warning
    report = build(site, BuildOptions(now=datetime(2026, 2, 1, tzinfo=UTC)))
    assert any("'none' is empty" in d.message for d in report.warnings)
    assert (site / "public/feeds/none/atom.xml").read_bytes() == atom_bytes

    # the feed's last article leaves it: it became empty at that build
    (site / "content/a.md").write_text("---\ntitle: A\ndate: 2019-04-25\n---\nx\n")
    build(site, BuildOptions(now=datetime(2026, 3, 1, tzinfo=UTC)))
    assert _atom_updated(site, "x") == "2026-03-01T00:00:00+00:00"
    build(site, BuildOptions(now=datetime(2026, 4, 1, tzinfo=UTC)))
    assert _atom_updated(site, "x") == "2026-03-01T00:00:00+00:00"
    ledger = (site / ".newswire/state.json").read_bytes()
    # its settings change while empty
    (site / "feeds/none.toml").write_text('title = "None"\ninclude_tags = ["still-nothing"]\n')
    build(site, BuildOptions(now=datetime(2026, 5, 1, tzinfo=UTC)))
    assert _atom_updated(site, "none") == "2026-05-01T00:00:00+00:00"
    assert _atom_updated(site, "x") == "2026-03-01T00:00:00+00:00"
    # the identity ledger never records any of it
    assert (site / ".newswire/state.json").read_bytes() == ledger
    assert b"2026-0" not in ledger
    record = json.loads((site / ".newswire/empty-feeds.json").read_bytes())
    assert record["feeds"]["none"]["updated"] == "2026-05-01T00:00:00+00:00"


def test_damaged_empty_feed_record_is_replaced_with_a_warning(tmp_path):
    site = make_site(tmp_path, {}, {"none": 'title = "None"\n'})
    (site / ".newswire").mkdir()
    (site / ".newswire/empty-feeds.json").write_text("{not json")
    report = build(site, BuildOptions(now=datetime(2026, 1, 1, tzinfo=UTC)))
    assert any(Path(str(d.path)).name == "empty-feeds.json" for d in report.warnings)
    assert _atom_updated(site, "none") == "2026-01-01T00:00:00+00:00"
    assert json.loads((site / ".newswire/empty-feeds.json").read_bytes())["version"] == 1


# -- properties ----------------------------------------------------------------

_NO_SURROGATES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_NO_SURROGATES)
def test_escaped_text_decodes_back_to_itself(text):
    assert decode_references(html.escape(text)) == text
    numeric = "".join(f"&#{ord(ch)};" if ch not in "\x0b\x0c\x1c\x1d\x1e\x1f" else ch
                      for ch in text if not 0x80 <= ord(ch) <= 0x9f and ord(ch) > 0x1f)
    plain = "".join(ch for ch in text if not 0x80 <= ord(ch) <= 0x9f and ord(ch) > 0x1f)
    if "\x7f" not in plain and not any(0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE
                                       for c in plain):
        assert decode_references(numeric) == plain


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_controls_never_survive(text):
    out, removed, first = normalize_controls(text)
    assert not any(ch in out for ch in "\x0b\x0c\x1c\x1d\x1e\x1f\x7f") and \
        not any(0x80 <= ord(ch) <= 0x9f for ch in out)
    assert len(out) == len(text) - removed
    assert (first is None) == (removed == 0)


def test_feed_warning_is_reported_against_the_article_holding_it(tmp_path):
    # RSS titles have no type: a title holding markup is a validator warning,
    # which the writer must be able to trace to the article
    site = make_site(tmp_path, {
        "plain.md": "---\ntitle: Plain\ndate: 2019-04-24\n---\nText.\n",
        "markup.md": "---\ntitle: \"Use &lt;b&gt; for bold\"\ndate: 2019-04-25\n---\nText.\n",
        "s.txt": "Plain too\n\n25 April 2019Body.\n"})
    report = build(site, BuildOptions(now=NOW))
    assert report.errors == []
    said = [(Path(str(d.path)).name, d.message) for d in report.warnings
            if d.message.startswith("RSS-HTML")]
    lines = (site / "public/feeds/main/rss.xml").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "<title>Use &lt;b&gt;" in text)
    assert said == [("markup.md", "RSS-HTML: <title> contains HTML ('<b>'); only description "
                     "and content:encoded carry HTML: write plain text "
                     f"(public/feeds/main/rss.xml, line {line})")]


def test_title_length_counts_what_readers_see(tmp_path):
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 7 code points
    site = make_site(tmp_path, {
        "short.md": f"---\ntitle: \"{family * 150}\"\ndate: 2019-04-25\n---\nText.\n",
        "long.md": f"---\ntitle: \"{family * 10_000}\"\ndate: 2019-04-25\n---\nText.\n"})
    report = build(site, BuildOptions(now=NOW))
    said = [(Path(str(d.path)).name, d.line, d.message.split(";")[0]) for d in report.warnings
            if "title is" in d.message]
    assert said == [("long.md", 2, "the title is 10000 characters long")]
    _, atom, item, _ = outputs(site, "long")
    assert atom.title == item["title"] == family * 10_000  # never cut
