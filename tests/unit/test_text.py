"""decode: bytes of unknown encoding to clean text."""

from __future__ import annotations

import pytest

from newswire.readers.text import decode, looks_binary, strip_illegal


@pytest.mark.parametrize(("data", "text", "encoding"), [
    ("Café".encode(), "Café", "utf-8"),
    (b"\xef\xbb\xbfCaf\xc3\xa9", "Café", "utf-8"),
    ("Café".encode("utf-16"), "Café", "utf-16"),
    (b"The caf\xe9 owner said \x93we will reopen\x94 next week, after the repairs.",
     "The café owner said \u201cwe will reopen\u201d next week, after the repairs.", "cp1252"),
])
def test_encodings(data: bytes, text: str, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.encoding.replace("_", "-").lower() == encoding


def test_a_file_mixing_utf8_and_cp1252_lines() -> None:
    utf8 = "Zoë Baird said on Monday that the café was closed.\n".encode()
    cp1252 = b"The caf\xe9 will reopen next week, the owner said.\n"
    assert decode(utf8 + cp1252).text == (
        "Zoë Baird said on Monday that the café was closed.\n"
        "The café will reopen next week, the owner said.\n")


def test_line_endings_become_lf() -> None:
    assert decode(b"a\r\nb\rc\n").text == "a\nb\nc\n"


def test_illegal_characters_are_removed_and_their_line_told() -> None:
    decoded = decode(b"ok\nbad\x01here\n")
    assert decoded.text == "ok\nbadhere\n"
    assert (decoded.removed, decoded.removed_line) == (1, 2)


def test_strip_illegal_counts() -> None:
    assert strip_illegal("a\x00b\ufffec\ud800") == ("abc", 3)


@pytest.mark.parametrize(("data", "binary"), [
    (b"plain text\n" * 10, False),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), True),
    ("日本語のテキスト".encode() * 10, False),
])
def test_looks_binary(data: bytes, binary: bool) -> None:
    assert looks_binary(data) is binary


def test_the_illegal_characters_are_exactly_those_outside_xml_char() -> None:
    """XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
    [#x10000-#x10FFFF]; every module that strips or finds the others uses
    the same set, over every code point."""
    from newswire import authors
    from newswire.readers import text
    from newswire.validate import xml

    def is_char(c: int) -> bool:
        return (c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD
                or 0x10000 <= c <= 0x10FFFF)

    everything = "".join(map(chr, range(0x110000)))
    illegal = [c for c in range(0x110000) if not is_char(c)]
    for module in (text, authors, xml):
        assert [ord(m.group()) for m in module._ILLEGAL.finditer(everything)] == illegal
