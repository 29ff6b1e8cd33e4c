"""XML 1.0 checks shared by RSS and Atom: encoding, characters, well-formedness.

:func:`parse` reads the bytes once and returns the lxml tree for the format
checks, along with what it found on the way. Line numbers of elements come
from lxml's ``sourceline``.
"""

from __future__ import annotations

import codecs
import re
from typing import Iterator

from lxml import etree

from .finding import Finding, finding

__all__ = ["children", "parse"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARATION = re.compile(
    r"<\?xml\s+version\s*=\s*([\"'])(?P<version>[^\"']*)\1"
    r"(?:\s+encoding\s*=\s*([\"'])(?P<encoding>[^\"']*)\3)?"
)
# XML 1.0 §2.2 Char, complemented (as in newswire.readers.text).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_REF = re.compile(r"&#(?:x([0-9A-Fa-f]+)|([0-9]+));")
_PREFIX = re.compile(r"Namespace prefix (\S+)")


def _is_xml_char(code: int) -> bool:
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode(data: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """(text, or None when it cannot be decoded; findings)."""
    found: list[Finding] = []
    bom, bom_codec = next(((bom, name) for bom, name in _BOMS if data.startswith(bom)), (b"", None))
    body = data[len(bom):]
    head = body[:200].decode(bom_codec or "latin-1", errors="replace")
    declaration = _DECLARATION.match(head)
    if declaration is not None and declaration["version"] != "1.0":
        found.append(finding(path, 1, "XML-VERSION",
                             f"the XML declaration says version {declaration['version']!r}; "
                             "feeds are XML 1.0: write version=\"1.0\""))
    declared = declaration["encoding"] if declaration is not None else None
    name = bom_codec or (declared if declared is not None else "utf-8")
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):
        found.append(finding(path, 1, "XML-ENCODING",
                             f"unknown encoding {name!r}; re-encode the file as UTF-8 "
                             "and declare encoding=\"UTF-8\""))
        return None, found
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as error:
        offset = error.start + (len(data) - len(body))
        found.append(finding(path, _line_of(data, offset), "XML-ENCODING",
                             f"byte 0x{body[error.start]:02X} is not valid {declared or codec}; "
                             "re-encode the file as UTF-8 (or declare the encoding it is in)"))
        return None, found
    if codec != "utf-8":
        found.append(finding(path, 1, "XML-NOT-UTF8",
                             f"the file is encoded as {name}; UTF-8 is what every reader "
                             "supports: re-encode it and declare encoding=\"UTF-8\""))
    return text, found


def _illegal_characters(text: str, path: str) -> tuple[str, list[Finding]]:
    """The text with illegal characters replaced (lines kept), and one finding per line."""
    hits: list[tuple[int, int, str]] = []   # (offset, length, description)
    for match in _ILLEGAL.finditer(text):
        hits.append((match.start(), 1, f"character U+{ord(match.group()):04X}"))
    if "&#" in text:
        for match in _CHAR_REF.finditer(text):
            code = int(match[1], 16) if match[1] else int(match[2])
            if not _is_xml_char(code):
                hits.append((match.start(), len(match.group()),
                             f"character reference {match.group()} (U+{code:04X})"))
    if not hits:
        return text, []
    hits.sort()
    found: list[Finding] = []
    pieces: list[str] = []
    start = counted = 0
    line = 1
    reported_lines: set[int] = set()
    for offset, length, what in hits:
        line += text.count("\n", counted, offset)
        counted = offset
        if line not in reported_lines:
            reported_lines.add(line)
            found.append(finding(path, line, "XML-ILLEGAL-CHAR",
                                 f"{what} is not allowed in XML 1.0; remove it "
                                 "(control characters usually come from copy and paste)"))
        pieces.append(text[start:offset])
        pieces.append("\ufffd")
        start = offset + length
    pieces.append(text[start:])
    return "".join(pieces), found


def _parser(encoding: str | None = None, huge: bool = False) -> etree.XMLParser:
    # Entities declared in the document itself are expanded (libxml2 bounds
    # the expansion); nothing is ever fetched from outside. libxml2's limits
    # on text nodes (10 MB) and depth (256 levels) stay on, except for
    # documents newswire wrote itself (``huge``).
    return etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False,
                           encoding=encoding, huge_tree=huge)


def parse(data: bytes, path: str, own: bool = False) -> tuple[etree._Element | None,
                                                              list[Finding]]:
    """Check XML 1.0 encoding, characters and well-formedness; parse once.

    Returns the root element (None when the document cannot be parsed) and
    the findings so far. Illegal characters are reported and replaced so
    the rest of the document can still be checked. Never raises on bad input.
    With ``own`` (a document newswire rendered, whose sizes it bounds
    itself) libxml2's resource limits are lifted (``huge_tree``); a document
    of any other origin that exceeds them (a text node over 10 MB, elements
    nested over 256 deep) is an ``XML-MALFORMED`` finding.
    """
    text, found = _decode(data, path)
    if text is None:
        return None, found
    cleaned, illegal = _illegal_characters(text, path)
    found.extend(illegal)
    if illegal:
        source, parser = cleaned.encode("utf-8"), _parser("utf-8", own)
    else:
        source, parser = data, _parser(huge=own)
    try:
        root = etree.fromstring(source, parser)
    except etree.XMLSyntaxError as error:
        found.extend(_syntax_findings(error, parser, path))
        return None, found
    return root, found


def _syntax_findings(error: etree.XMLSyntaxError, parser: etree.XMLParser,
                     path: str) -> Iterator[Finding]:
    malformed = False
    for entry in parser.error_log:
        if entry.type_name == "NS_ERR_UNDEFINED_NAMESPACE":
            prefix = _PREFIX.match(entry.message)
            name = prefix[1] if prefix else "the prefix"
            yield finding(path, entry.line, "XML-UNDECLARED-PREFIX",
                          f"{entry.message.strip()}; declare it on the root element, "
                          f"e.g. xmlns:{name}=\"...\" with its namespace URI")
        elif entry.level_name in ("ERROR", "FATAL") and not malformed:
            malformed = True
            yield finding(path, entry.line or None, "XML-MALFORMED",
                          f"{entry.message.strip()} (the file is not well-formed XML)")
    if not parser.error_log:
        yield finding(path, error.lineno or None, "XML-MALFORMED",
                      f"{error.msg} (the file is not well-formed XML)")


def children(element: etree._Element, tag: str | None = None) -> Iterator[etree._Element]:
    """Element children of ``element`` (no comments or PIs), optionally only ``tag``."""
    return element.iterchildren(tag if tag is not None else etree.Element)
