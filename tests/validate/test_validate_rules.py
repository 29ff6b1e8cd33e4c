"""Every rule: a minimal failing fixture caught with its code and line, and a
passing fixture with no finding at all (tests/fixtures/validate/<code>/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire.validate import CODES, validate_paths

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validate"

# code -> every (code, line) the failing fixture must produce, nothing more.
EXPECTED: dict[str, list[tuple[str, int | None]]] = {
    "FEED-UNKNOWN": [("FEED-UNKNOWN", None)],
    "HTML-RELATIVE-URL": [("HTML-RELATIVE-URL", 13)],
    "XML-ENCODING": [("XML-ENCODING", 9)],
    "XML-ILLEGAL-CHAR": [("XML-ILLEGAL-CHAR", 9)],
    "XML-MALFORMED": [("XML-MALFORMED", 9)],
    "XML-NOT-UTF8": [("XML-NOT-UTF8", 1)],
    "XML-UNDECLARED-PREFIX": [("XML-UNDECLARED-PREFIX", 13)],
    "XML-VERSION": [("XML-VERSION", 1)],
    "RSS-DATE": [("RSS-DATE", 12)],
    "RSS-DUPLICATE-ELEMENT": [("RSS-DUPLICATE-ELEMENT", 10)],
    "RSS-EMAIL": [("RSS-EMAIL", 13)],
    "RSS-ENCLOSURE": [("RSS-ENCLOSURE", 13)],
    "RSS-GUID-DUPLICATE": [("RSS-GUID-DUPLICATE", 16)],
    "RSS-GUID-MISSING": [("RSS-GUID-MISSING", 8)],
    "RSS-GUID-PERMALINK": [("RSS-GUID-PERMALINK", 11)],
    "RSS-HTML": [("RSS-HTML", 9)],
    "RSS-MARKUP": [("RSS-MARKUP", 13)],
    "RSS-REQUIRED": [("RSS-REQUIRED", 3)],
    "RSS-SELF-LINK": [("RSS-SELF-LINK", 3)],
    "RSS-URL": [("RSS-URL", 10)],
    "RSS-VERSION": [("RSS-VERSION", 2)],
    "ATOM-ALTERNATE-DUPLICATE": [("ATOM-ALTERNATE-DUPLICATE", 14)],
    "ATOM-AUTHOR": [("ATOM-AUTHOR", 8)],
    "ATOM-CONTENT-MARKUP": [("ATOM-CONTENT-MARKUP", 14)],
    "ATOM-DATE": [("ATOM-DATE", 12)],
    "ATOM-ENTRY-ALTERNATE": [("ATOM-ENTRY-ALTERNATE", 9)],
    "ATOM-ID-DUPLICATE": [("ATOM-ID-DUPLICATE", 18)],
    "ATOM-ID-IRI": [("ATOM-ID-IRI", 11)],
    "ATOM-SCHEMA": [("ATOM-SCHEMA", 9)],
    "ATOM-SELF-LINK": [("ATOM-SELF-LINK", 2)],
    "ATOM-XHTML-DIV": [("ATOM-XHTML-DIV", 14)],
    "JSON-AUTHORS": [("JSON-AUTHORS", 6)],
    "JSON-DATE": [("JSON-DATE", 13)],
    "JSON-ENCODING": [("JSON-ENCODING", 3)],
    "JSON-ID-DUPLICATE": [("JSON-ID-DUPLICATE", 16)],
    "JSON-MALFORMED": [("JSON-MALFORMED", 12)],
    "JSON-REQUIRED": [("JSON-REQUIRED", 8)],
    "JSON-TYPE": [("JSON-TYPE", 9)],
    "JSON-URL": [("JSON-URL", 10)],
    "JSON-VERSION": [("JSON-VERSION", 2)],
    "OPML-DATE": [("OPML-DATE", 5)],
    "OPML-DUPLICATE-FEED": [("OPML-DUPLICATE-FEED", 9)],
    "OPML-REQUIRED": [("OPML-REQUIRED", 9), ("OPML-REQUIRED", 9)],
    "OPML-URL": [("OPML-URL", 9)],
    "OPML-VERSION": [("OPML-VERSION", 2)],
    "PODCAST-ARTWORK-FORMAT": [("PODCAST-ARTWORK-FORMAT", 9)],
    "PODCAST-ARTWORK-MISSING": [("PODCAST-ARTWORK-MISSING", 3)],
    "PODCAST-CATEGORY": [("PODCAST-CATEGORY", 11)],
    "PODCAST-ENCLOSURE": [("PODCAST-ENCLOSURE", 17)],
    "PODCAST-DURATION": [("PODCAST-DURATION", 18)],
    "PODCAST-ENCLOSURE-DUPLICATE": [("PODCAST-ENCLOSURE-DUPLICATE", 24)],
    "PODCAST-EXPLICIT": [("PODCAST-EXPLICIT", 10)],
    "PODCAST-GUID": [("RSS-GUID-MISSING", 12), ("PODCAST-GUID", 12)],
    "PODCAST-HTTPS": [("PODCAST-HTTPS", 17)],
    "PODCAST-LANGUAGE": [("PODCAST-LANGUAGE", 3)],
    "PODCAST-OWNER": [("PODCAST-OWNER", 3)],
}


def _fixture(code: str, name: str) -> Path:
    (path,) = (FIXTURES / code.lower()).glob(f"{name}.*")
    return path


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_failing_fixture_is_caught_with_code_and_line(code: str) -> None:
    path = _fixture(code, "bad")
    findings = validate_paths([path])
    assert [(found.code, found.line) for found in findings] == EXPECTED[code]
    assert all(found.path == str(path) for found in findings)
    assert all(found.level == CODES[found.code][0] for found in findings)
    assert all(found.message for found in findings)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_passing_fixture_has_no_findings(code: str) -> None:
    assert validate_paths([_fixture(code, "good")]) == []


def test_every_code_has_fixtures_or_a_test_of_its_own() -> None:
    tested_elsewhere = {"IO-NOT-FOUND", "IO-UNREADABLE", "IO-NO-FEEDS",   # see test_validate_api.py
                        "IO-REFUSED",             # see tests/badinput/test_hostile.py
                        "PODCAST-ARTWORK-SIZE"}   # needs the image file: test_podcast.py
    assert set(EXPECTED) | tested_elsewhere == set(CODES)
    folders = {folder.name.upper() for folder in FIXTURES.iterdir() if folder.name != "own"}
    assert folders == set(EXPECTED)


def test_warnings_are_warnings_and_errors_errors() -> None:
    levels = {code: level for code, (level, _) in CODES.items()}
    assert {code for code, level in levels.items() if level == "warning"} == {
        "RSS-GUID-MISSING", "RSS-HTML", "RSS-SELF-LINK", "ATOM-SELF-LINK", "XML-NOT-UTF8",
        "OPML-DUPLICATE-FEED", "PODCAST-OWNER", "PODCAST-ENCLOSURE-DUPLICATE"}
    assert set(levels.values()) == {"error", "warning"}
