"""Bytes to clean text: encoding detection, line endings, XML-illegal characters.

Shared by every reader (README "Articles", scraped text): UTF-8 with or without BOM, UTF-16
and UTF-32 with BOM, cp1252 and latin-1, and files mixing UTF-8 lines with
cp1252 lines are decoded correctly; CRLF and lone CR become LF; control
characters follow one policy (:func:`normalize_controls`): those used as
separators become a space, C1 characters that stand for cp1252 punctuation
become that punctuation, and the others, with everything else XML 1.0
forbids (lone surrogates, U+FFFE, U+FFFF), are removed and counted; bytes no
encoding explains are replaced by U+FFFD and counted, so the reader can warn
with the line of the first one.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["DecodedText", "decode", "looks_binary", "normalize_controls", "strip_illegal"]

# XML 1.0 §2.2 Char: everything outside #x9 | #xA | #xD | [#x20-#xD7FF] |
# [#xE000-#xFFFD] | [#x10000-#x10FFFF] is illegal, listed as such (the same
# set as the complement of those ranges, compiled ten times faster).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Control characters a writer or a converter used as separators: vertical tab,
# form feed, the C0 information separators (FS, GS, RS, US) and NEL.
_SPACE_LIKE = "\x0b\x0c\x1c\x1d\x1e\x1f"
_NEL = "\x85"
# C1 controls (U+0080-U+009F) appear when cp1252 text was decoded as latin-1:
# each stands for the cp1252 character of the same byte (U+0093 for “).
_CP1252_C1 = {chr(code): bytes([code]).decode("cp1252") for code in range(0x80, 0xA0)
              if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_CONTROLS = re.compile("[\x0b\x0c\x1c-\x1f\x7f-\x9f]")
_DROPPED = re.compile("[\x7f\x81\x8d\x8f\x90\x9d]")
# Everything :func:`normalize_controls` or :func:`strip_illegal` would touch
# (both classes above): text holding none of it, nearly all text, is left as
# it is after one scan instead of three.
_TOUCHED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = re.compile(rb"(\r\n|\r|\n)")
# Signatures of common binary formats that end up in content/ under the wrong name.
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF-", b"PK\x03\x04",
                 b"\x1f\x8b", b"\x7fELF", b"BZh", b"\xfd7zXZ", b"RIFF", b"\x00\x00\x01\x00",
                 b"\xd0\xcf\x11\xe0", b"7z\xbc\xaf", b"OggS", b"ID3", b"\x00asm")
# C0 controls other than tab, LF, VT, FF, CR and ESC: rare in text, common in binaries.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(
    range(0x1C, 0x20))
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))  # for bytes.translate: counting in C
_BINARY_SAMPLE = 8192
_BINARY_SHARE = 0.05


@dataclass(frozen=True)
class DecodedText:
    """Decoded text and what was done to it.

    Attributes:
        text: the text, LF line endings, no XML-illegal characters.
        encoding: the codec used (``utf-8``, ``cp1252``, ...).
        removed: how many XML-illegal characters were removed.
        removed_line: 1-based line of the first removed character, or None.
        undecodable: how many bytes no encoding could explain (each became
            U+FFFD, the replacement character).
        undecodable_line: 1-based line of the first of them, or None.
    """

    text: str
    encoding: str
    removed: int
    removed_line: int | None = None
    undecodable: int = 0
    undecodable_line: int | None = None


def strip_illegal(text: str) -> tuple[str, int]:
    """Remove characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone
    surrogates, U+FFFE, U+FFFF); returns the text and how many were removed."""
    return _ILLEGAL.subn("", text)


def normalize_controls(text: str) -> tuple[str, int, int | None]:
    r"""Apply the control-character policy to ``text``.

    * Separators become one space: vertical tab, form feed, U+001C-U+001F,
      and NEL (U+0085), so ``vote\vdelayed`` reads ``vote delayed``.
    * C1 characters (U+0080-U+009F) that cp1252 defines become the character
      they stand for: ``\x93quoted\x94`` reads “quoted”, U+0096 is an en
      dash, U+0080 the euro sign. U+0085 is read as cp1252's ellipsis when the
      text holds other such characters (it is then mis-decoded cp1252), else
      as NEL.
    * DEL and the C1 characters cp1252 leaves undefined (U+0081, U+008D,
      U+008F, U+0090, U+009D) are removed.

    C0 controls other than those (NUL, ESC...) are left to
    :func:`strip_illegal`.

    Returns:
        The text, how many characters were removed, and the index of the
        first one removed (in the text as given), or None.
    """
    if _CONTROLS.search(text) is None:
        return text, 0, None
    first = _DROPPED.search(text)
    cp1252 = any(ch in text for ch in _CP1252_C1 if ch != _NEL)
    table = {ord(ch): " " for ch in _SPACE_LIKE}
    table.update((ord(ch), value) for ch, value in _CP1252_C1.items())
    table[ord(_NEL)] = _CP1252_C1[_NEL] if cp1252 else " "
    text, removed = _DROPPED.subn("", text.translate(table))
    return text, removed, first.start() if first else None


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text: a known binary signature (PNG, JPEG,
    GIF, PDF, ZIP, gzip, ELF...), or at least 8 control bytes making more
    than 5 % of its first 8 KiB. Text with a few stray NULs or control
    characters is still text; a BOM (UTF-16/32 text) always means text."""
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return False
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_DELETE))
    return controls >= 8 and controls / len(sample) > _BINARY_SHARE


_LAST_LATIN = 0x024F  # end of Latin Extended-B
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "cp1250", "mac_roman", "ascii",
            "cp850", "cp437", "iso8859_2"}


def _decode_mixed(line: bytes) -> str:
    """UTF-8 where the bytes are valid UTF-8, each other byte as cp1252.

    One line may mix both (``caf\xc3\xa9 and caf\xe9`` reads ``café and
    café``). The five bytes cp1252 leaves undefined become U+FFFD.
    """
    out = []
    while line:
        try:
            out.append(line.decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            out.append(line[:exc.start].decode("utf-8"))
            out.append(line[exc.start:exc.end].decode("cp1252", errors="replace"))
            line = line[exc.end:]
    return "".join(out)


def _decode_lines(data: bytes) -> str:
    """Decode line by line (split at LF, CRLF and lone CR alike), each line
    as UTF-8 where valid, else by :func:`_decode_mixed` (mixed-encoding files)."""
    out = []
    for line in _LINE_BREAK.split(data):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(_decode_mixed(line))
    return "".join(out)


def _decode_bytes(data: bytes) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # UTF-8 carrying encoded surrogates (CESU-8, WTF-8): strip them later
        return data.decode("utf-8", errors="surrogatepass"), "utf-8"
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # only for text that is not UTF-8

    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding not in _WESTERN:
        guess = str(best)
        # Trust a guess that finds another script (Cyrillic, Greek, CJK...);
        # one that only finds Latin letters is a Western file with stray bytes.
        if any(ch.isalpha() and ord(ch) > _LAST_LATIN for ch in guess):
            return guess, best.encoding
    # Western single-byte text, possibly mixed with UTF-8 lines: scraped text
    # is cp1252 far more often than latin-1, and cp1252 decodes latin-1 letters.
    return _decode_lines(data), "cp1252"


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def decode(data: bytes) -> DecodedText:
    """Decode article bytes of unknown encoding.

    Order: a BOM decides; then strict UTF-8 (encoded lone surrogates
    allowed, and removed); then charset-normalizer's guess when it names a
    non-Western encoding and finds letters of a non-Latin script in it;
    otherwise each line is decoded as UTF-8 where
    valid, else cp1252 (which also decodes latin-1 letters), so files mixing
    the two come out right. Control characters then follow
    :func:`normalize_controls`. Never raises.
    """
    text, encoding = _decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    undecodable = text.count("\ufffd") - data.count("\ufffd".encode())
    undecodable_line = _line_of(text, text.index("\ufffd")) if undecodable > 0 else None
    if _TOUCHED.search(text) is None:
        return DecodedText(text, encoding, 0, None, max(undecodable, 0), undecodable_line)
    normalized, dropped_count, dropped_at = normalize_controls(text)
    dropped_line = _line_of(text, dropped_at) if dropped_at is not None else None
    text = normalized
    first = _ILLEGAL.search(text)
    removed_line = _line_of(text, first.start()) if first else None
    if dropped_line is not None and (removed_line is None or dropped_line < removed_line):
        removed_line = dropped_line
    text, removed = strip_illegal(text)
    removed += dropped_count
    return DecodedText(text, encoding, removed, removed_line, max(undecodable, 0),
                       undecodable_line)
