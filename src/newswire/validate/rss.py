"""RSS 2.0 rules: the RSS Advisory Board's RSS 2.0 specification and its
Really Simple Syndication Best Practices Profile.

Works on the parsed tree from :func:`newswire.validate.xml.parse`; RSS 2.0
elements are in no namespace.
"""

from __future__ import annotations

import re
from typing import Iterator

from lxml import etree

from .finding import Finding, finding
from .links import relative_urls
from .values import has_email, is_web_url, rfc822_problem
from .xml import children

__all__ = ["check"]

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"

# Elements that may appear more than once (RSS 2.0; enclosure is left to
# readers: the Profile only advises one per item).
_REPEATABLE = frozenset({"item", "category", "enclosure"})
# Elements whose content is text: child elements there are unescaped markup.
_TEXT = frozenset({
    "title", "link", "description", "language", "copyright", "managingEditor",
    "webMaster", "pubDate", "lastBuildDate", "category", "generator", "docs",
    "ttl", "rating", "author", "comments", "guid", "source", "url", "width",
    "height", "name",
})
# Elements where HTML has no place (the Profile: only description carries HTML).
_PLAIN = frozenset({"title", "author", "category", "copyright", "managingEditor",
                    "webMaster", "source", "generator"})
_LOOKS_LIKE_HTML = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|&(?:#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]+);")
_DIGITS = re.compile(r"[0-9]+")


def _first(parent: etree._Element) -> dict[str, etree._Element]:
    """The first child element of each tag."""
    first: dict[str, etree._Element] = {}
    for child in children(parent):
        first.setdefault(child.tag, child)
    return first


def _text(element: etree._Element) -> str:
    return (element.text or "").strip()


def check(root: etree._Element, path: str) -> Iterator[Finding]:
    """Findings for an RSS 2.0 document whose root element is ``root``.

    Follows the RSS 2.0 specification (``rss``, ``channel``, ``item`` and
    their sub-elements) and the Best Practices Profile (4-digit years, guid
    permalinks, e-mail in author, ``atom:link rel="self"``, HTML only in
    ``description`` and ``content:encoded``).
    """
    if root.tag != "rss":
        yield finding(path, root.sourceline, "RSS-VERSION",
                      f"the root element is <{root.tag}>; an RSS 2.0 feed starts with <rss version=\"2.0\">")
        return
    if root.get("version") != "2.0":
        yield finding(path, root.sourceline, "RSS-VERSION",
                      f"<rss> has version={root.get('version')!r}; write version=\"2.0\"")
    channels = list(children(root, "channel"))
    if not channels:
        yield finding(path, root.sourceline, "RSS-REQUIRED", "<rss> has no <channel>; add one")
        return
    for extra in channels[1:]:
        yield finding(path, extra.sourceline, "RSS-DUPLICATE-ELEMENT",
                      "<rss> has more than one <channel>; keep one")
    channel = channels[0]
    yield from _check_channel(channel, path)
    guids: dict[str, int | None] = {}
    for item in children(channel, "item"):
        yield from _check_item(item, path, guids)


def _common(parent: etree._Element, path: str) -> Iterator[Finding]:
    """Duplicates, unescaped markup and stray HTML among ``parent``'s children."""
    seen: set[str] = set()
    for child in children(parent):
        tag = child.tag
        if tag in seen and tag not in _REPEATABLE and not tag.startswith("{"):
            yield finding(path, child.sourceline, "RSS-DUPLICATE-ELEMENT",
                          f"<{parent.tag}> has more than one <{tag}>; keep one")
        seen.add(tag)
        inner = next(children(child), None) if tag in _TEXT or tag == CONTENT_ENCODED else None
        if inner is not None:
            name = "content:encoded" if tag == CONTENT_ENCODED else tag
            yield finding(path, child.sourceline, "RSS-MARKUP",
                          f"<{name}> contains the element <{etree.QName(inner).localname}>; RSS text is escaped: "
                          "write HTML as &lt;p&gt; or inside <![CDATA[ ... ]]>")
        elif tag in _PLAIN and (html := _LOOKS_LIKE_HTML.search(child.text or "")):
            yield finding(path, child.sourceline, "RSS-HTML",
                          f"<{tag}> contains HTML ({html[0]!r}); "
                          "only description and content:encoded carry HTML: write plain text")
        if tag in ("description", CONTENT_ENCODED) and child.text:
            name = "content:encoded" if tag == CONTENT_ENCODED else tag
            for line, attribute, url in relative_urls(child.text):
                yield finding(path, (child.sourceline or 1) + line - 1, "HTML-RELATIVE-URL",
                              f"{attribute}={url!r} in <{name}> is relative; readers show it away "
                              "from your site: make it an absolute URL")


def _required(parent: etree._Element, first: dict[str, etree._Element], names: tuple[str, ...],
              path: str, may_be_empty: tuple[str, ...] = ()) -> Iterator[Finding]:
    for name in names:
        element = first.get(name)
        if element is None:
            yield finding(path, parent.sourceline, "RSS-REQUIRED",
                          f"<{parent.tag}> has no <{name}>; RSS 2.0 requires one")
        elif name not in may_be_empty and not _text(element):
            yield finding(path, element.sourceline, "RSS-REQUIRED",
                          f"<{parent.tag}><{name}> is empty; give it a value")


def _url(element: etree._Element | None, path: str, what: str, value: str | None = None) -> Iterator[Finding]:
    if element is None:
        return
    url = _text(element) if value is None else value.strip()
    if url and not is_web_url(url):
        yield finding(path, element.sourceline, "RSS-URL",
                      f"{what} {url!r} is not an absolute http(s) URL; write it in full, "
                      "e.g. https://example.com/...")


def _date(element: etree._Element | None, path: str) -> Iterator[Finding]:
    if element is None:
        return
    problem = rfc822_problem(element.text or "")
    if problem is not None:
        yield finding(path, element.sourceline, "RSS-DATE",
                      f"<{element.tag}> {_text(element)!r} {problem}")


def _email(element: etree._Element | None, path: str) -> Iterator[Finding]:
    if element is not None and not has_email(element.text or ""):
        hint = " (put a name alone in dc:creator)" if element.tag == "author" else ""
        yield finding(path, element.sourceline, "RSS-EMAIL",
                      f"<{element.tag}> {_text(element)!r} has no e-mail address; write "
                      f"'joe@example.com (Joe Bloggs)'{hint}")


def _check_channel(channel: etree._Element, path: str) -> Iterator[Finding]:
    yield from _common(channel, path)
    first = _first(channel)
    yield from _required(channel, first, ("title", "link", "description"), path,
                         may_be_empty=("description",))
    yield from _url(first.get("link"), path, "<channel><link>")
    yield from _url(first.get("docs"), path, "<docs>")
    for name in ("pubDate", "lastBuildDate"):
        yield from _date(first.get(name), path)
    for name in ("managingEditor", "webMaster"):
        yield from _email(first.get(name), path)
    image = first.get("image")
    if image is not None:
        yield from _common(image, path)
        yield from _required(image, _first(image), ("url", "title", "link"), path,
                             may_be_empty=("title",))
        yield from _url(next(children(image, "url"), None), path, "<image><url>")
        yield from _url(next(children(image, "link"), None), path, "<image><link>")
    self_links = [link for link in children(channel, ATOM + "link") if link.get("rel") == "self"]
    if not self_links:
        yield finding(path, channel.sourceline, "RSS-SELF-LINK",
                      "<channel> has no <atom:link rel=\"self\" href=\"...\" "
                      "type=\"application/rss+xml\"/> giving the feed's own URL; add one")
    for link in children(channel, ATOM + "link"):
        yield from _url(link, path, "atom:link href", link.get("href", ""))


def _check_item(item: etree._Element, path: str, guids: dict[str, int | None]) -> Iterator[Finding]:
    yield from _common(item, path)
    first = _first(item)
    if "title" not in first and "description" not in first:
        yield finding(path, item.sourceline, "RSS-REQUIRED",
                      "<item> has neither <title> nor <description>; give it at least one")
    yield from _url(first.get("link"), path, "<item><link>")
    yield from _url(first.get("comments"), path, "<comments>")
    yield from _date(first.get("pubDate"), path)
    yield from _email(first.get("author"), path)
    yield from _check_guid(first.get("guid"), item, path, guids)
    for enclosure in children(item, "enclosure"):
        yield from _check_enclosure(enclosure, path)
    source = first.get("source")
    if source is not None:
        if source.get("url") is None:
            yield finding(path, source.sourceline, "RSS-REQUIRED",
                          "<source> has no url attribute; give the URL of the feed it came from")
        else:
            yield from _url(source, path, "<source> url", source.get("url"))


def _check_guid(guid: etree._Element | None, item: etree._Element, path: str,
                guids: dict[str, int | None]) -> Iterator[Finding]:
    if guid is None or not _text(guid):
        yield finding(path, (guid if guid is not None else item).sourceline, "RSS-GUID-MISSING",
                      "<item> has no guid; give it a permanent, unique <guid> so readers "
                      "do not show it twice")
        return
    value = _text(guid)
    permalink = guid.get("isPermaLink", "true")
    if permalink not in ("true", "false"):
        yield finding(path, guid.sourceline, "RSS-GUID-PERMALINK",
                      f"isPermaLink={permalink!r}; it is \"true\" or \"false\"")
    elif permalink == "true" and not is_web_url(value):
        yield finding(path, guid.sourceline, "RSS-GUID-PERMALINK",
                      f"guid {value!r} is not an absolute http(s) URL, yet isPermaLink is "
                      "true (the default); add isPermaLink=\"false\"")
    if value in guids:
        yield finding(path, guid.sourceline, "RSS-GUID-DUPLICATE",
                      f"guid {value!r} was already used on line {guids[value]}; every item "
                      "needs its own")
    else:
        guids[value] = guid.sourceline


def _check_enclosure(enclosure: etree._Element, path: str) -> Iterator[Finding]:
    missing = [name for name in ("url", "length", "type") if enclosure.get(name) is None]
    if missing:
        yield finding(path, enclosure.sourceline, "RSS-ENCLOSURE",
                      f"<enclosure> has no {', '.join(missing)}; it needs url, length "
                      "(bytes) and type (a MIME type)")
    length = enclosure.get("length")
    if length is not None and not _DIGITS.fullmatch(length.strip()):
        yield finding(path, enclosure.sourceline, "RSS-ENCLOSURE",
                      f"<enclosure> length={length!r} is not a whole number of bytes "
                      "(write 0 when unknown)")
    media_type = enclosure.get("type")
    if media_type is not None and "/" not in media_type:
        yield finding(path, enclosure.sourceline, "RSS-ENCLOSURE",
                      f"<enclosure> type={media_type!r} is not a MIME type like image/jpeg")
    if enclosure.get("url") is not None:
        yield from _url(enclosure, path, "<enclosure> url", enclosure.get("url"))
