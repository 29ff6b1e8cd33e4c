"""The public surface of newswire.validate: Finding, sniff, validate_bytes,
validate_paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newswire.validate as validate
from newswire.validate import CODES, Finding, sniff, validate_bytes, validate_paths

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validate"
GOOD_RSS = (FIXTURES / "rss-date" / "good.xml").read_bytes()
BAD_RSS = (FIXTURES / "rss-date" / "bad.xml").read_bytes()
GOOD_ATOM = (FIXTURES / "atom-date" / "good.atom").read_bytes()
GOOD_JSON = (FIXTURES / "json-date" / "good.json").read_bytes()


def test_public_names_are_sorted_and_exported() -> None:
    assert validate.__all__ == sorted(validate.__all__)
    assert validate.__all__ == ["CODES", "Checked", "Finding", "check_paths", "sniff",
                                "validate_bytes", "validate_paths"]


def test_finding_prints_like_a_compiler() -> None:
    assert str(Finding("feed.xml", 12, "error", "RSS-DATE", "bad")) == "feed.xml:12: error: RSS-DATE: bad"
    assert str(Finding("feed.xml", None, "warning", "XML-NOT-UTF8", "latin-1")) == (
        "feed.xml: warning: XML-NOT-UTF8: latin-1")


def test_finding_is_frozen_and_ordered() -> None:
    first = Finding("a.xml", 1, "error", "RSS-DATE", "x")
    with pytest.raises(AttributeError):
        first.line = 2  # type: ignore[misc]
    assert sorted([Finding("b.xml", 1, "error", "RSS-URL", "y"), first]) == [
        first, Finding("b.xml", 1, "error", "RSS-URL", "y")]


@pytest.mark.parametrize(("data", "kind"), [
    (GOOD_RSS, "rss"),
    (GOOD_ATOM, "atom"),
    (GOOD_JSON, "json"),
    (b"\xef\xbb\xbf" + GOOD_RSS, "rss"),
    ("\ufeff<feed xmlns='http://www.w3.org/2005/Atom'/>".encode("utf-16"), "atom"),
    (b"<!-- a comment -->\n<!DOCTYPE rss [<!ENTITY a 'b'>]>\n<rss version='2.0'/>", "rss"),
    (b"<entry xmlns='http://www.w3.org/2005/Atom'/>", "atom"),
    (b"<entry xmlns='urn:other'/>", None),
    (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>", None),
    (b"<html><body/></html>", None),
    (b'{"name": "package", "version": "1.0"}', None),
    (b"", None),
    (b"plain text", None),
])
def test_sniff(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


def test_validate_bytes_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        validate_bytes(GOOD_RSS, kind="rdf")


def test_kind_overrides_sniffing() -> None:
    found = validate_bytes(GOOD_RSS, "x", kind="json")
    assert [(item.code, item.line) for item in found] == [("JSON-MALFORMED", 1)]


def test_findings_are_sorted_by_line_whole_file_first() -> None:
    data = BAD_RSS.replace(b'version="1.0" encoding="UTF-8"', b'version="1.0" encoding="ISO-8859-1"')
    data = data.replace(b"<link>https://example.com/first/</link>", b"<link>first</link>")
    found = validate_bytes(data, "x")
    assert [(item.code, item.line) for item in found] == [
        ("XML-NOT-UTF8", 1), ("RSS-URL", 10), ("RSS-DATE", 12)]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([None, "rss", "atom", "json"]))
def test_bad_input_never_raises(data: bytes, kind: str | None) -> None:
    for item in validate_bytes(data, "x", kind):
        assert item.code in CODES


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(GOOD_ATOM)), st.binary(min_size=1, max_size=8))
def test_damaged_feeds_never_raise(offset: int, junk: bytes) -> None:
    for data in (GOOD_ATOM, GOOD_RSS, GOOD_JSON):
        at = min(offset, len(data))
        damaged = data[:at] + junk + data[at:]
        for item in validate_bytes(damaged, "x"):
            assert item.code in CODES


@pytest.mark.parametrize("name", [b"bogus", b"utf\x008", b""])
def test_unknown_encodings_are_findings(name: bytes) -> None:
    data = b'<?xml version="1.0" encoding="' + name + b'"?>\n<rss version="2.0"/>'
    assert [(item.code, item.line) for item in validate_bytes(data)] == [("XML-ENCODING", 1)]


def test_validate_paths_recurses_and_picks_feeds_by_content(tmp_path: Path) -> None:
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "a.xml").write_bytes(GOOD_RSS)
    (tmp_path / "b" / "deeper" / "late.rss").write_bytes(BAD_RSS)
    (tmp_path / "b" / "feed.json").write_bytes(GOOD_JSON.replace(b'"/first/"', b'"/first/"'))
    (tmp_path / "b" / "site.atom").write_bytes(GOOD_ATOM.replace(b"+02:00</updated>", b"</updated>"))
    (tmp_path / "b" / "sitemap.xml").write_bytes(b"<urlset><url/></urlset>")   # not a feed: skipped
    (tmp_path / "b" / "package.json").write_bytes(b'{"name": "x"}')            # not a feed: skipped
    (tmp_path / "b" / "notes.txt").write_bytes(BAD_RSS)                        # not a feed suffix
    found = validate_paths([tmp_path])
    assert [(item.path, item.code, item.line) for item in found] == [
        (str(tmp_path / "b" / "deeper" / "late.rss"), "RSS-DATE", 12),
        (str(tmp_path / "b" / "site.atom"), "ATOM-DATE", 12),
    ]


def test_a_file_named_directly_is_checked_whatever_its_name(tmp_path: Path) -> None:
    feed = tmp_path / "notes.txt"
    feed.write_bytes(BAD_RSS)
    other = tmp_path / "sitemap.xml"
    other.write_bytes(b"<urlset/>")
    found = validate_paths([feed, other])
    assert [(item.path, item.code, item.line) for item in found] == [
        (str(feed), "RSS-DATE", 12), (str(other), "FEED-UNKNOWN", None)]


def test_missing_and_unreadable_paths_are_findings(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.xml"
    dangling = tmp_path / "dangling.xml"
    os.symlink(tmp_path / "gone.xml", dangling)
    found = validate_paths([missing, dangling])
    assert [(item.path, item.level, item.code, item.line) for item in found] == [
        (str(missing), "error", "IO-NOT-FOUND", None),
        (str(dangling), "error", "IO-UNREADABLE", None),
    ]
    assert "No such file" in found[1].message


def test_schema_is_rfc_4287_appendix_b_and_compiles_once() -> None:
    from importlib import resources

    from newswire.validate import atom

    schemas = resources.files("newswire.validate").joinpath("schemas")
    assert "RFC 4287" in schemas.joinpath("atom.rnc").read_text(encoding="utf-8").splitlines()[0]
    assert "Appendix B" in schemas.joinpath("atom.rng").read_text(encoding="utf-8")[:400]
    assert atom.schema() is atom.schema()


@pytest.mark.parametrize(("added", "words"), [
    (b'<category label="x"/>', "<category> has no term"),                 # said in plain words
    (b"<author><email>jo@example.com</email></author>", "<author> has no <name>"),
    (b'<link href="https://example.com/" hreflang="en_US"/>', "hreflang"),   # the schema's own words
])
def test_schema_failures_are_reported_with_their_line(added: bytes, words: str) -> None:
    data = GOOD_ATOM.replace(b'<link href="https://example.com/first/"/>',
                             b'<link href="https://example.com/first/"/>' + added)
    found = validate_bytes(data, "x")
    assert [(item.code, item.line) for item in found] == [("ATOM-SCHEMA", 13)]
    assert words in found[0].message


def test_relative_urls_in_atom_content_are_fine_under_an_absolute_xml_base() -> None:
    relative = GOOD_ATOM.replace(b"&lt;p&gt;Hello&lt;/p&gt;", b'&lt;img src="/a.png"&gt;')
    based = relative.replace(b"<entry>", b'<entry xml:base="https://example.com/">')
    assert [(item.code, item.line) for item in validate_bytes(relative)] == [("HTML-RELATIVE-URL", 14)]
    assert validate_bytes(based) == []


def test_relative_urls_in_xhtml_content() -> None:
    data = GOOD_ATOM.replace(
        b'<content type="html">&lt;p&gt;Hello&lt;/p&gt;</content>',
        b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">\n<a href="x.html">x</a></div></content>')
    assert [(item.code, item.line) for item in validate_bytes(data)] == [("HTML-RELATIVE-URL", 15)]


def test_every_illegal_line_is_reported_once() -> None:
    data = GOOD_RSS.replace(b"<title>First</title>", b"<title>\x01First\x02</title>")
    data = data.replace(b"<title>Example</title>", b"<title>&#x1B;Example</title>")
    found = validate_bytes(data, "x")
    assert [(item.code, item.line) for item in found] == [("XML-ILLEGAL-CHAR", 4), ("XML-ILLEGAL-CHAR", 9)]
    assert "&#x1B;" in found[0].message and "U+0001" in found[1].message
