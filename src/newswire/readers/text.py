"""Bytes to clean text: encoding detection, line endings, XML-illegal characters.

Shared by every reader (SPEC §2.2, §7): UTF-8 with or without BOM, UTF-16
with BOM, cp1252 and latin-1 are decoded correctly; CRLF and lone CR become
LF; characters XML 1.0 forbids are removed (and counted, so the reader can warn).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

__all__ = ["DecodedText", "decode", "strip_illegal"]

# XML 1.0 §2.2 Char: everything outside these ranges is illegal.
_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class DecodedText:
    """Decoded text and what was done to it.

    Attributes:
        text: the text, LF line endings, no XML-illegal characters.
        encoding: the codec used (``utf-8``, ``cp1252``, ...).
        removed: how many XML-illegal characters were removed.
    """

    text: str
    encoding: str
    removed: int


def strip_illegal(text: str) -> tuple[str, int]:
    """Remove characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone
    surrogates, U+FFFE, U+FFFF); returns the text and how many were removed."""
    return _ILLEGAL.subn("", text)


_WESTERN = {"cp1252", "latin_1", "iso8859_15", "cp1250", "mac_roman", "ascii",
            "cp850", "cp437", "iso8859_2"}


def _decode_lines(data: bytes) -> str:
    """Decode line by line, UTF-8 where valid else cp1252 (mixed-encoding files)."""
    out = []
    for line in re.split(rb"(\r\n|\r|\n)", data):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    return "".join(out)


def _decode_bytes(data: bytes) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding not in _WESTERN:
        return str(best), best.encoding
    # Western single-byte text, possibly mixed with UTF-8 lines: scraped text
    # is cp1252 far more often than latin-1, and cp1252 decodes latin-1 letters.
    return _decode_lines(data), "cp1252"


def decode(data: bytes) -> DecodedText:
    """Decode article bytes of unknown encoding.

    Order: a BOM decides; then strict UTF-8; then charset-normalizer's guess
    when it names a non-Western encoding; otherwise each line is decoded as
    UTF-8 where valid, else cp1252 (which also decodes latin-1 letters), so
    files mixing the two come out right.
    """
    text, encoding = _decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, removed = strip_illegal(text)
    return DecodedText(text, encoding, removed)
