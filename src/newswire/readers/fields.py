"""Plain-text front-matter values as the writer meant them (README "Articles").

Titles, summaries, tags, categories, author names and image descriptions are
plain text, but CMS exports and hand-written front matter often carry HTML
character references in them (``Q&amp;A``, ``&mdash;``, ``&#8217;``, and
characters beyond the Basic Multilingual Plane written as two UTF-16 halves,
``&#55357;&#56832;`` for 😀). :func:`plain_field` decodes them once, when
the article is read, so every output escapes the real characters once.
"""

from __future__ import annotations

import html
import re

from .text import normalize_controls, strip_illegal

__all__ = ["LoneSurrogate", "decode_references", "plain_field"]

_NUMERIC = re.compile(r"&#(?:[xX](?P<hex>[0-9a-fA-F]+)|(?P<dec>[0-9]+));?")
_BEYOND = 0x110000  # what any reference longer than 8 digits names: no character
_HIGH = range(0xD800, 0xDC00)
_LOW = range(0xDC00, 0xE000)
# Numeric references to separator controls: html.unescape deletes some of
# them, which would glue the words on either side.
_SEPARATORS = {0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F}
# Runs of whitespace collapse to one space, except the no-break spaces a
# writer typed on purpose (U+00A0, U+2007, U+202F: "5&nbsp;km").
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


class LoneSurrogate(ValueError):
    """A numeric character reference names half of a UTF-16 surrogate pair
    without the other half; ``reference`` is the reference as written."""

    def __init__(self, reference: str) -> None:
        super().__init__(
            f"{reference} is half of a UTF-16 surrogate pair without its other half; "
            "write the character itself, or both halves one after the other "
            "(&#55357;&#56832; for \U0001f600)")
        self.reference = reference


def _value(match: re.Match[str]) -> int:
    digits = (match.group("hex") or match.group("dec")).lstrip("0")
    if len(digits) > 8:
        return _BEYOND
    return int(digits or "0", 16 if match.group("hex") else 10)


def _names_nothing(value: int) -> bool:
    """Whether a numeric reference to ``value`` names no character a text
    can hold: NUL, beyond U+10FFFF, a C0 control other than tab and line
    ends, DEL, or a noncharacter (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF). C1
    values (``&#147;``) are cp1252's characters, as HTML5 reads them."""
    return value == 0 or value > 0x10FFFF or (value < 0x20 and value not in (9, 10, 13)) \
        or value == 0x7F or 0xFDD0 <= value <= 0xFDEF or (value & 0xFFFE) == 0xFFFE


def decode_references(text: str) -> str:
    """Decode the HTML character references in ``text`` once.

    Named and numeric references follow HTML5 as :func:`html.unescape` reads
    them (``&amp;amp;`` becomes ``&amp;``, ``&#147;`` the quote cp1252 puts
    there). In addition, two numeric references naming a UTF-16 high and low
    surrogate in a row are one character, a reference to a separator
    control (``&#11;``) is a space, and one that names no character
    (``&#0;``, ``&#x110000;``, ``&#1;``, ``&#xFFFF;``) is left in the text as
    NUL or the control it names, so that :func:`plain_field` (and the
    scraped-text reader) remove it with a warning instead of showing U+FFFD
    or deleting it silently.

    Raises:
        LoneSurrogate: a reference names a surrogate without its partner.
    """
    if "&" not in text:
        return text
    out: list[str] = []
    position = 0
    pending: re.Match[str] | None = None  # a high surrogate waiting for its low half
    for match in _NUMERIC.finditer(text):
        value = _value(match)
        if pending is not None:
            if value not in _LOW or match.start() != pending.end():
                raise LoneSurrogate(pending.group(0))
            high = _value(pending)
            out.append(chr(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)))
            pending, position = None, match.end()
            continue
        if value in _LOW:
            raise LoneSurrogate(match.group(0))
        out.append(html.unescape(text[position:match.start()]))
        position = match.end()
        if value in _HIGH:
            pending = match
        elif value in _SEPARATORS:
            out.append(" ")
        elif _names_nothing(value):
            # html.unescape would make U+FFFD of it, or delete it without a
            # word: it goes in as NUL or the control it names, for the
            # caller's control-character policy to remove and report
            out.append(chr(value) if 0 < value <= 0x7F else "\x00")
        else:
            # written out afresh: html.unescape cannot read a reference of
            # more than 4300 digits (int's limit) and raises
            out.append(html.unescape(f"&#{value};"))
    if pending is not None:
        raise LoneSurrogate(pending.group(0))
    out.append(html.unescape(text[position:]))
    return "".join(out)


def plain_field(value: str, references: bool = True) -> tuple[str, int]:
    """One line of plain text from a front-matter value.

    Character references decoded (with ``references``, see
    :func:`decode_references`), control characters normalized
    (:func:`~newswire.readers.text.normalize_controls`), characters XML
    forbids removed, runs of whitespace collapsed to one space (no-break
    spaces are kept), "" when nothing but whitespace is left.

    Returns:
        The text and how many characters were removed.

    Raises:
        LoneSurrogate: see :func:`decode_references`.
    """
    if references:
        value = decode_references(value)
    value, dropped, _ = normalize_controls(value)
    value, illegal = strip_illegal(value)
    if not value.strip():
        return "", dropped + illegal
    return _BREAKING_SPACE.sub(" ", value).strip(" "), dropped + illegal
