"""The checkers of newswire.validate, each given a small document written
here: the valid one gives no finding, each broken one gives its code at its
line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from newswire.validate import Checked, check_paths, sniff, validate_bytes
from newswire.validate import atom, jsonfeed, links, opml, podcast, rss, xml
from newswire.validate.finding import CODES, Finding, finding

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Example</title>
<link>https://news.example.org/</link>
<description>News</description>
<atom:link href="https://news.example.org/rss.xml" rel="self" type="application/rss+xml"/>
<item>
<title>Story</title>
<link>https://news.example.org/story/</link>
<guid isPermaLink="false">urn:uuid:1</guid>
<pubDate>Thu, 25 Apr 2019 10:00:00 +0000</pubDate>
</item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>urn:uuid:feed</id>
<title>Example</title>
<updated>2019-04-25T10:00:00Z</updated>
<link href="https://news.example.org/atom.xml" rel="self"/>
<author><name>Desk</name></author>
<entry>
<id>urn:uuid:1</id>
<title>Story</title>
<updated>2019-04-25T10:00:00Z</updated>
<link href="https://news.example.org/story/"/>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content>
</entry>
</feed>
"""

JSON = {"version": "https://jsonfeed.org/version/1.1", "title": "Example",
        "home_page_url": "https://news.example.org/",
        "feed_url": "https://news.example.org/feed.json",
        "items": [{"id": "urn:uuid:1", "url": "https://news.example.org/story/",
                   "content_html": "<p>Body</p>", "date_published": "2019-04-25T10:00:00Z"}]}

OPML = b"""<?xml version="1.0"?>
<opml version="2.0">
<head><title>Feeds</title></head>
<body>
<outline type="rss" text="Main" xmlUrl="https://news.example.org/rss.xml"/>
</body>
</opml>
"""


def codes(found: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in found]


def root_of(data: bytes) -> etree._Element:
    root, found = xml.parse(data, "f.xml")
    assert found == [] and root is not None
    return root


# -- sniff, finding, Checked ---------------------------------------------------

@pytest.mark.parametrize(("data", "kind"), [
    (RSS, "rss"), (ATOM, "atom"), (OPML, "opml"), (json.dumps(JSON).encode(), "json"),
    (b'\xef\xbb\xbf<!-- c --><rss version="2.0"/>', "rss"),
    ('<?xml version="1.0" encoding="UTF-16"?><feed/>'.encode("utf-16"), "atom"),
    (b'<entry xmlns="http://www.w3.org/2005/Atom"/>', "atom"), (b"<entry/>", None),
    (b'<rdf:RDF xmlns:rdf="x"/>', None), (b'{"a": 1}', None), (b"", None),
    (b"<!DOCTYPE html [<!ENTITY x 'y'>]><html/>", None),
])
def test_sniff(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


def test_a_finding_takes_the_level_of_its_code() -> None:
    f = finding("feed.xml", 3, "XML-NOT-UTF8", "latin-1")
    assert f.level == CODES["XML-NOT-UTF8"][0] == "warning"
    assert str(f) == "feed.xml:3: warning: XML-NOT-UTF8: latin-1"
    assert str(finding("a\nb.xml", None, "FEED-UNKNOWN", "x")) == \
        "a\\nb.xml: error: FEED-UNKNOWN: x"
    with pytest.raises(KeyError):
        finding("f", 1, "NO-SUCH-CODE", "x")


def test_checked_summary() -> None:
    checked = Checked({"a.xml": "rss", "b.opml": "opml", "c.txt": None},
                      [finding("a.xml", 1, "RSS-DATE", "x"), finding("a.xml", 2, "XML-NOT-UTF8",
                                                                     "y")])
    assert (checked.feeds, checked.opml, checked.errors, checked.warnings) == (1, 1, 1, 1)
    assert checked.summary() == "1 feed, 1 OPML file, 1 other file, 1 error, 1 warning"


def test_check_paths_on_a_folder(tmp_path: Path) -> None:
    (tmp_path / "rss.xml").write_bytes(RSS)
    (tmp_path / "sitemap.xml").write_bytes(b'<urlset xmlns="x"/>')
    (tmp_path / "empty").mkdir()
    checked = check_paths([tmp_path, tmp_path / "empty", tmp_path / "gone.xml"])
    assert checked.kinds == {str(tmp_path / "rss.xml"): "rss"}
    assert codes(checked.findings) == [("IO-NO-FEEDS", None), ("IO-NOT-FOUND", None)]


def test_validate_bytes_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        validate_bytes(RSS, kind="rdf")


# -- xml -------------------------------------------------------------------------

def test_xml_parse_of_a_good_document() -> None:
    root, found = xml.parse(RSS, "f.xml")
    assert found == [] and root is not None and root.tag == "rss"
    assert [c.tag for c in xml.children(root[0], "item")] == ["item"]


def test_xml_illegal_characters_are_reported_and_replaced() -> None:
    root, found = xml.parse(b"<a>\n<b>x\x01y</b></a>", "f.xml")
    assert codes(found) == [("XML-ILLEGAL-CHAR", 2)]
    assert root is not None and root.findtext("b") == "x\ufffdy"


def test_xml_malformed() -> None:
    root, found = xml.parse(b"<a>\n<b></a>", "f.xml")
    assert root is None and codes(found) == [("XML-MALFORMED", 2)]


def test_xml_undeclared_prefix() -> None:
    root, found = xml.parse(b"<a>\n<x:b/></a>", "f.xml")
    assert root is None and ("XML-UNDECLARED-PREFIX", 2) in codes(found)


def test_xml_bytes_not_in_their_encoding() -> None:
    root, found = xml.parse(b'<?xml version="1.0" encoding="UTF-8"?>\n<a>\xff</a>', "f.xml")
    assert root is None and [f.code for f in found] == ["XML-ENCODING"]


def test_xml_latin1_is_read_with_a_warning() -> None:
    root, found = xml.parse('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>'
                            .encode("latin-1"), "f.xml")
    assert root is not None and root.text == "é"
    assert [f.code for f in found] == ["XML-NOT-UTF8"]


# -- rss ---------------------------------------------------------------------------

def test_a_valid_rss_channel() -> None:
    assert list(rss.check(root_of(RSS), "f.xml")) == []


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    (b"<pubDate>Thu, 25 Apr 2019", b"<pubDate>Fri, 25 Apr 2019", "RSS-DATE", 12),
    (b'<guid isPermaLink="false">urn:uuid:1</guid>', b"", "RSS-GUID-MISSING", 8),
    (b'isPermaLink="false">urn:uuid:1', b'isPermaLink="true">urn:uuid:1', "RSS-GUID-PERMALINK",
     11),
    (b"<description>News</description>\n", b"", "RSS-REQUIRED", 3),
    (b'<rss version="2.0"', b'<rss version="0.91"', "RSS-VERSION", 2),
    (b"<link>https://news.example.org/story/</link>", b"<link>/story/</link>", "RSS-URL", 10),
])
def test_rss_rules(old: bytes, new: bytes, code: str, line: int) -> None:
    data = RSS.replace(old, new)
    assert data != RSS
    assert (code, line) in codes(list(rss.check(root_of(data), "f.xml")))


# -- atom --------------------------------------------------------------------------

def test_a_valid_atom_feed() -> None:
    assert list(atom.check(root_of(ATOM), "f.xml")) == []


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    (b"<updated>2019-04-25T10:00:00Z</updated>\n<link href=\"https://news.example.org/story",
     b"<updated>2019-04-25 10:00</updated>\n<link href=\"https://news.example.org/story",
     "ATOM-DATE", 11),
    (b"<author><name>Desk</name></author>\n", b"", "ATOM-AUTHOR", 7),
    (b"<id>urn:uuid:1</id>", b"<id>not an iri</id>", "ATOM-ID-IRI", 9),
    (b'<link href="https://news.example.org/atom.xml" rel="self"/>\n', b"",
     "ATOM-SELF-LINK", 2),
])
def test_atom_rules(old: bytes, new: bytes, code: str, line: int) -> None:
    data = ATOM.replace(old, new)
    assert data != ATOM
    assert (code, line) in codes(list(atom.check(root_of(data), "f.xml")))


def test_relative_urls_in_atom_html_content() -> None:
    data = ATOM.replace(b"&lt;p&gt;Body", b"&lt;a href=&quot;/x&quot;&gt;Body")
    assert ("HTML-RELATIVE-URL", 13) in codes(list(atom.check(root_of(data), "f.xml")))


# -- json feed ---------------------------------------------------------------------

def json_codes(obj: object) -> list[str]:
    return [f.code for f in jsonfeed.check(json.dumps(obj, indent=1).encode(), "f.json")]


def test_a_valid_json_feed() -> None:
    assert json_codes(JSON) == []


@pytest.mark.parametrize(("change", "code"), [
    (lambda o: o.update(version="https://jsonfeed.org/version/9"), "JSON-VERSION"),
    (lambda o: o.pop("title"), "JSON-REQUIRED"),
    (lambda o: o["items"][0].pop("id"), "JSON-REQUIRED"),
    (lambda o: o["items"][0].update(date_published="25 April 2019"), "JSON-DATE"),
    (lambda o: o.update(home_page_url="/"), "JSON-URL"),
    (lambda o: o.update(title=3), "JSON-TYPE"),
    (lambda o: o["items"].append(dict(o["items"][0])), "JSON-ID-DUPLICATE"),
    (lambda o: o["items"][0].update(content_html='<img src="a.png">'), "HTML-RELATIVE-URL"),
])
def test_json_feed_rules(change, code: str) -> None:  # type: ignore[no-untyped-def]
    obj = json.loads(json.dumps(JSON))
    change(obj)
    assert code in json_codes(obj)


def test_malformed_json_names_its_line() -> None:
    found = jsonfeed.check(b'{\n"version": "x",\n"items": [}\n', "f.json")
    assert codes(found) == [("JSON-MALFORMED", 3)]


# -- opml --------------------------------------------------------------------------

def test_a_valid_opml_list() -> None:
    assert opml.check(root_of(OPML), "f.opml") == []


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    (b'version="2.0"', b'version="3.0"', "OPML-VERSION", 2),
    (b' xmlUrl="https://news.example.org/rss.xml"', b"", "OPML-REQUIRED", 5),
    (b'xmlUrl="https://news.example.org/rss.xml"', b'xmlUrl="feeds/rss.xml"', "OPML-URL", 5),
])
def test_opml_rules(old: bytes, new: bytes, code: str, line: int) -> None:
    data = OPML.replace(old, new)
    assert (code, line) in codes(opml.check(root_of(data), "f.opml"))


def test_the_same_feed_twice_in_opml() -> None:
    outline = b'<outline type="rss" text="Main" xmlUrl="https://news.example.org/rss.xml"/>\n'
    data = OPML.replace(outline, outline * 2)
    assert ("OPML-DUPLICATE-FEED", 6) in codes(opml.check(root_of(data), "f.opml"))


# -- links -------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "candidates"), [
    ("a.jpg", [("a.jpg", "")]),
    ("a.jpg 1x, b.jpg 2x", [("a.jpg", "1x"), ("b.jpg", "2x")]),
    ("/w_424,c_limit/a.jpg 424w,/b.jpg 800w", [("/w_424,c_limit/a.jpg", "424w"),
                                               ("/b.jpg", "800w")]),
    ("a.jpg,b.jpg", [("a.jpg,b.jpg", "")]),
    ("a.jpg, b.jpg", [("a.jpg", ""), ("b.jpg", "")]),
    (" , ", []),
])
def test_srcset_candidates(value: str, candidates: list[tuple[str, str]]) -> None:
    assert links.srcset_candidates(value) == candidates


def test_relative_urls_in_a_fragment() -> None:
    fragment = ('<p><a href="https://x.example/">ok</a>\n<img src="a.png" '
                'srcset="https://x.example/b.png 2x, c.png 3x"></p>\n<a href="#top">x</a>')
    assert list(links.relative_urls(fragment)) == [(2, "src", "a.png"), (2, "srcset", "c.png"),
                                                   (3, "href", "#top")]


def test_a_fragment_without_relative_urls_is_not_parsed() -> None:
    assert list(links.relative_urls('<a href="https://x.example/">x</a> and text')) == []
    assert list(links.relative_urls("no markup at all")) == []


# -- podcast -----------------------------------------------------------------------

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def channel_of(extra: str, language: str = "<language>en</language>") -> etree._Element:
    data = (f'<rss version="2.0" xmlns:itunes="{ITUNES}"><channel><title>Show</title>'
            f"{language}{extra}</channel></rss>").encode()
    return root_of(data)[0]


def test_is_podcast() -> None:
    assert podcast.is_podcast(channel_of("<itunes:author>Desk</itunes:author>"))
    assert not podcast.is_podcast(channel_of(""))


def test_apple_categories_are_shipped() -> None:
    cats = podcast.categories()
    assert "News" in cats and "Daily News" in cats["News"]


def test_a_podcast_channel_missing_what_apple_requires() -> None:
    found = [f.code for f in podcast.check(channel_of(
        "<itunes:explicit>clean</itunes:explicit>", language=""), "f.xml")]
    assert "PODCAST-LANGUAGE" in found and "PODCAST-EXPLICIT" in found


def test_check_paths_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.xml")
    (tmp_path / "locked.xml").write_bytes(RSS)
    (tmp_path / "locked.xml").chmod(0)
    try:
        checked = check_paths([tmp_path / "pipe.xml", tmp_path / "locked.xml"])
    finally:
        (tmp_path / "locked.xml").chmod(0o644)
    found = codes(checked.findings)
    assert found[0] == ("IO-REFUSED", None)
    assert found[1:] in ([], [("IO-UNREADABLE", None)])  # root reads it anyway


def test_a_file_named_directly_is_checked_whatever_its_name(tmp_path: Path) -> None:
    (tmp_path / "feed.txt").write_bytes(ATOM)
    (tmp_path / "notes.txt").write_bytes(b"just text")
    checked = check_paths([tmp_path / "feed.txt", tmp_path / "notes.txt"])
    assert checked.kinds == {str(tmp_path / "feed.txt"): "atom",
                             str(tmp_path / "notes.txt"): None}
    assert codes(checked.findings) == [("FEED-UNKNOWN", None)]
