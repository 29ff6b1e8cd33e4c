"""One problem found in a feed file, and the stable codes that name problems.

Every code has one fixed level: ``error`` (the file must not be published)
or ``warning`` (worth fixing; publishing goes on). ``docs/validation.md``
lists the same codes with an example each.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from ..errors import printable

__all__ = ["CODES", "ERROR", "Finding", "WARNING", "finding"]

ERROR = "error"
WARNING = "warning"

#: code -> (level, what it means). Read-only.
CODES: Mapping[str, tuple[str, str]] = MappingProxyType({
    # any file
    "FEED-UNKNOWN": (ERROR, "not an RSS 2.0, Atom 1.0, JSON Feed or OPML document"),
    "IO-NO-FEEDS": (ERROR, "a folder given holds no feed or OPML file"),
    "IO-NOT-FOUND": (ERROR, "the path does not exist"),
    "IO-REFUSED": (ERROR, "not a regular file, or larger than a feed may be; not read"),
    "IO-UNREADABLE": (ERROR, "the path exists but cannot be read"),
    "HTML-RELATIVE-URL": (ERROR, "a relative href/src inside HTML content"),
    # XML 1.0 and Namespaces in XML
    "XML-ENCODING": (ERROR, "the bytes are not in the declared (or default UTF-8) encoding"),
    "XML-ILLEGAL-CHAR": (ERROR, "a character XML 1.0 does not allow (control characters, U+FFFE...)"),
    "XML-MALFORMED": (ERROR, "not well-formed XML 1.0"),
    "XML-NOT-UTF8": (WARNING, "the document is not encoded in UTF-8"),
    "XML-UNDECLARED-PREFIX": (ERROR, "a namespace prefix is used without being declared"),
    "XML-VERSION": (ERROR, "the XML declaration names a version other than 1.0"),
    # RSS 2.0 (RSS Advisory Board specification and Best Practices Profile)
    "RSS-DATE": (ERROR, "a date is not RFC 822 with a 4-digit year and a numeric or named zone"),
    "RSS-DUPLICATE-ELEMENT": (ERROR, "an element that may appear once appears again"),
    "RSS-EMAIL": (ERROR, "author, managingEditor or webMaster has no e-mail address"),
    "RSS-ENCLOSURE": (ERROR, "an enclosure lacks url, length or type, or has a bad length or type"),
    "RSS-GUID-DUPLICATE": (ERROR, "two items share a guid"),
    "RSS-GUID-MISSING": (WARNING, "an item has no guid (or an empty one)"),
    "RSS-GUID-PERMALINK": (ERROR, "isPermaLink is true (the default) but the guid is not a URL"),
    "RSS-HTML": (WARNING, "HTML in an element other than description and content:encoded"),
    "RSS-MARKUP": (ERROR, "child elements inside a text element (HTML must be escaped)"),
    "RSS-REQUIRED": (ERROR, "a required element or attribute is missing or empty"),
    "RSS-SELF-LINK": (WARNING, "the channel has no atom:link rel=\"self\""),
    "RSS-URL": (ERROR, "a URL that must be absolute http(s) is not"),
    "RSS-VERSION": (ERROR, "the root is not <rss version=\"2.0\">"),
    # Apple Podcasts' feed requirements (RSS channels with itunes: tags)
    "PODCAST-ARTWORK-FORMAT": (ERROR, "the show artwork is not a JPEG or PNG image in RGB"),
    "PODCAST-ARTWORK-MISSING": (ERROR, "no itunes:image artwork, or its file is missing from the site"),
    "PODCAST-ARTWORK-SIZE": (ERROR, "the show artwork is not square, 1400 to 3000 pixels a side"),
    "PODCAST-CATEGORY": (ERROR, "no itunes:category, or one not in Apple's list"),
    "PODCAST-ENCLOSURE": (ERROR, "an episode has no enclosure, or one of a type Apple does not play"),
    "PODCAST-ENCLOSURE-DUPLICATE": (WARNING, "two episodes enclose the same file"),
    "PODCAST-DURATION": (ERROR, "an episode's itunes:duration is not seconds or HH:MM:SS"),
    "PODCAST-EXPLICIT": (ERROR, "itunes:explicit is missing or not true/false"),
    "PODCAST-GUID": (ERROR, "an episode has no guid"),
    "PODCAST-LANGUAGE": (ERROR, "the podcast's channel has no language"),
    "PODCAST-OWNER": (WARNING, "no itunes:owner with an itunes:email"),
    "PODCAST-HTTPS": (ERROR, "artwork or an enclosure is not served over https"),
    # Atom 1.0, RFC 4287
    "ATOM-ALTERNATE-DUPLICATE": (ERROR, "two alternate links with the same type and hreflang"),
    "ATOM-AUTHOR": (ERROR, "an entry has no author and neither has its feed"),
    "ATOM-CONTENT-MARKUP": (ERROR, "text or html content holds child elements instead of escaped text"),
    "ATOM-DATE": (ERROR, "a date is not RFC 3339 with an explicit offset"),
    "ATOM-ENTRY-ALTERNATE": (ERROR, "an entry without content has no alternate link"),
    "ATOM-ID-DUPLICATE": (ERROR, "two entries share an atom:id"),
    "ATOM-ID-IRI": (ERROR, "an atom:id is not an absolute IRI"),
    "ATOM-SCHEMA": (ERROR, "the document does not match RFC 4287 Appendix B's RELAX NG schema"),
    "ATOM-SELF-LINK": (WARNING, "the feed has no link rel=\"self\""),
    "ATOM-XHTML-DIV": (ERROR, "xhtml content is not wrapped in exactly one xhtml:div"),
    # JSON Feed 1.1
    "JSON-AUTHORS": (ERROR, "authors is not a list of objects with a name, url or avatar"),
    "JSON-DATE": (ERROR, "date_published or date_modified is not RFC 3339"),
    "JSON-ENCODING": (ERROR, "the file is not UTF-8"),
    "JSON-ID-DUPLICATE": (ERROR, "two items share an id"),
    "JSON-MALFORMED": (ERROR, "not well-formed JSON"),
    "JSON-REQUIRED": (ERROR, "a required key is missing"),
    "JSON-TYPE": (ERROR, "a value has the wrong JSON type"),
    "JSON-URL": (ERROR, "a URL is not absolute"),
    "JSON-VERSION": (ERROR, "version is not a JSON Feed version URL"),
    # OPML 2.0 (subscription lists)
    "OPML-DATE": (ERROR, "dateCreated or dateModified is not an RFC 822 date"),
    "OPML-DUPLICATE-FEED": (WARNING, "two outlines list the same xmlUrl"),
    "OPML-REQUIRED": (ERROR, "no head, body or outline; an outline without text, or an rss outline without xmlUrl"),
    "OPML-URL": (ERROR, "xmlUrl, htmlUrl or a link's url is not an absolute http(s) URL"),
    "OPML-VERSION": (ERROR, "the root is not <opml version=\"2.0\"> (or 1.0)"),
})


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place in one file.

    Attributes:
        path: the file as it was given (``str``).
        line: 1-based line of the problem, or None when it concerns the
            whole file (or the file could not be read at all).
        level: ``"error"`` or ``"warning"``.
        code: a stable code from :data:`CODES`, e.g. ``"RSS-DATE"``.
        message: what is wrong and how to fix it.

    Prints as ``path:line: level: CODE: message`` (``path: level: ...``
    when the line is not known), the form compilers use, so editors can
    jump to it. Control characters in the path and message are escaped
    (:func:`newswire.errors.printable`), so a file name cannot forge a line.
    """

    path: str
    line: int | None
    level: str
    code: str
    message: str

    def __str__(self) -> str:
        path = printable(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: {self.level}: {self.code}: {printable(self.message)}"


def finding(path: str, line: int | None, code: str, message: str) -> Finding:
    """A :class:`Finding` for ``code`` at its fixed level.

    Raises:
        KeyError: ``code`` is not one of :data:`CODES`.
    """
    return Finding(path, line, CODES[code][0], code, message)
