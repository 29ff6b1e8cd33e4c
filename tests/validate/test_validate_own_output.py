"""Hand-broken copies of newswire's own output (the sample site's science
feeds, tests/fixtures/validate/own/) are each caught with the right code on
the right line; the unbroken files are clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire.validate import validate_bytes

OWN = Path(__file__).resolve().parents[1] / "fixtures" / "validate" / "own"


def _own(name: str) -> bytes:
    return (OWN / name).read_bytes()


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml", "feed.json"])
def test_own_output_is_clean(name: str) -> None:
    assert validate_bytes(_own(name), name) == []


GUID = b'<guid isPermaLink="false">urn:uuid:6f21d827-0b1b-5af5-9656-a6d3d0d179de</guid>'
ATOM_ID = b"<id>urn:uuid:6f21d827-0b1b-5af5-9656-a6d3d0d179de</id>"
JSON_ID = b'"id": "urn:uuid:6f21d827-0b1b-5af5-9656-a6d3d0d179de",'

# (file, what is done, text replaced, replacement, code, lines where it is found)
BREAKS = [
    ("rss.xml", "missing guid", GUID, b"", "RSS-GUID-MISSING", [23]),
    ("rss.xml", "bad date", b"<pubDate>Mon, 13 Dec 2004", b"<pubDate>Monday, 13 Dec 2004", "RSS-DATE", [42]),
    ("rss.xml", "duplicate id", GUID,
     b'<guid isPermaLink="false">urn:uuid:4caeb71d-3884-58c8-8346-b99dee8f776b</guid>',
     "RSS-GUID-DUPLICATE", [27]),
    ("rss.xml", "relative image URL", b"<category>volcanoes</category>",
     b'<category>volcanoes</category>\n<enclosure url="/img/ash.jpg" length="0" type="image/jpeg"/>',
     "RSS-URL", [53]),
    ("rss.xml", "relative image URL in HTML", b"<category>volcanoes</category>",
     b'<category>volcanoes</category>\n<content:encoded>&lt;img src="img/ash.jpg"&gt;</content:encoded>',
     "HTML-RELATIVE-URL", [53]),
    ("rss.xml", "undeclared prefix", b'xmlns:dc="http://purl.org/dc/elements/1.1/" ', b"",
     "XML-UNDECLARED-PREFIX", [21, 32, 43, 54]),
    ("rss.xml", "control character", b"Delta 4 Heavy rocket", b"Delta 4 Heavy\x07rocket", "XML-ILLEGAL-CHAR", [35]),
    ("atom.xml", "missing id", ATOM_ID, b"", "ATOM-SCHEMA", [28]),
    ("atom.xml", "bad date", b"<updated>2004-12-13T00:00:00+01:00</updated>",
     b"<updated>2004-12-13 00:00:00</updated>", "ATOM-DATE", [45]),
    ("atom.xml", "duplicate id", ATOM_ID, b"<id>urn:uuid:4caeb71d-3884-58c8-8346-b99dee8f776b</id>",
     "ATOM-ID-DUPLICATE", [29]),
    ("atom.xml", "relative image URL", b"<published>2004-12-13",
     b'<content type="html">&lt;img src="/img/delta.jpg"&gt;</content>\n<published>2004-12-13',
     "HTML-RELATIVE-URL", [54]),
    ("atom.xml", "undeclared prefix", b"<published>2004-12-13",
     b"<georss:point>45.2 -71.9</georss:point><published>2004-12-13", "XML-UNDECLARED-PREFIX", [54]),
    ("atom.xml", "control character", b"Delta 4 Heavy rocket", b"Delta 4 Heavy\x1brocket", "XML-ILLEGAL-CHAR", [44]),
    ("feed.json", "missing id", JSON_ID, b"", "JSON-REQUIRED", [34]),
    ("feed.json", "bad date", b'"date_published": "2004-12-13T00:00:00+01:00"',
     b'"date_published": "13 Dec 2004"', "JSON-DATE", [60]),
    ("feed.json", "duplicate id", JSON_ID, b'"id": "urn:uuid:4caeb71d-3884-58c8-8346-b99dee8f776b",',
     "JSON-ID-DUPLICATE", [35]),
    ("feed.json", "relative image URL", b'"date_published": "2004-12-13',
     b'"image": "img/delta.jpg", "date_published": "2004-12-13', "JSON-URL", [60]),
    ("feed.json", "relative image URL in HTML", b'"date_published": "2004-12-13',
     b'"content_html": "<img src=\\"/img/delta.jpg\\">", "date_published": "2004-12-13',
     "HTML-RELATIVE-URL", [60]),
    ("feed.json", "control character", b'"title": "Delta 4 Heavy rocket', b'"title": "Delta 4 Heavy\x07rocket',
     "JSON-MALFORMED", [57]),
]


@pytest.mark.parametrize(("name", "old", "new", "code", "lines"),
                         [pytest.param(name, old, new, code, lines, id=f"{name}: {what}")
                          for name, what, old, new, code, lines in BREAKS])
def test_broken_copy_is_caught(name: str, old: bytes, new: bytes, code: str, lines: list[int]) -> None:
    original = _own(name)
    assert original.count(old) == 1
    findings = validate_bytes(original.replace(old, new), name)
    assert [(found.code, found.line) for found in findings] == [(code, line) for line in lines]
