"""OPML 2.0 rules (http://opml.org/spec2.opml), for subscription lists.

Works on the parsed tree from :func:`newswire.validate.xml.parse`; OPML
elements are in no namespace. What is checked: ``<opml version>`` is
``2.0`` (or ``1.0``); ``<head>`` and ``<body>`` exist and the body holds at
least one ``<outline>``; every outline has a ``text`` attribute; outlines
of ``type="rss"`` have an ``xmlUrl``; ``xmlUrl``, ``htmlUrl`` and the
``url`` of ``link``/``include`` outlines are absolute http(s) URLs;
``dateCreated``/``dateModified`` are RFC 822 dates; and no feed is listed
twice (importing the file would subscribe to it twice).
"""

from __future__ import annotations

from lxml import etree

from .finding import Finding, finding
from .values import is_web_url, rfc822_problem

__all__ = ["check"]

_VERSIONS = ("1.0", "2.0")
_URL_ATTRIBUTES = ("xmlUrl", "htmlUrl")


def _outlines(body: etree._Element) -> list[etree._Element]:
    return [el for el in body.iter("outline")]


def check(root: etree._Element, path: str) -> list[Finding]:
    """Every OPML 2.0 problem in the document whose root is ``root``."""
    found: list[Finding] = []
    if root.tag != "opml":
        return [finding(path, root.sourceline, "OPML-VERSION",
                        f"the root element is <{etree.QName(root).localname}>, not <opml>")]
    version = root.get("version")
    if version not in _VERSIONS:
        said = "has no version" if version is None else f"has version={version!r}"
        found.append(finding(path, root.sourceline, "OPML-VERSION",
                             f"<opml> {said}; write version=\"2.0\""))
    head, body = root.find("head"), root.find("body")
    for name, element in (("head", head), ("body", body)):
        if element is None:
            found.append(finding(path, root.sourceline, "OPML-REQUIRED",
                                 f"<opml> has no <{name}>; OPML 2.0 requires one"))
    if head is not None:
        for name in ("dateCreated", "dateModified"):
            element = head.find(name)
            if element is not None and (problem := rfc822_problem(element.text or "")):
                found.append(finding(path, element.sourceline, "OPML-DATE",
                                     f"<{name}> {(element.text or '').strip()!r} {problem}"))
    if body is None:
        return found
    outlines = _outlines(body)
    if not outlines:
        found.append(finding(path, body.sourceline, "OPML-REQUIRED",
                             "<body> holds no <outline>; OPML 2.0 requires at least one"))
    seen: dict[str, int | None] = {}
    for outline in outlines:
        line = outline.sourceline
        kind = (outline.get("type") or "").lower()
        if not (outline.get("text") or "").strip():
            found.append(finding(path, line, "OPML-REQUIRED",
                                 "<outline> has no text attribute; give every outline "
                                 "the text readers show for it"))
        if kind == "rss" and not outline.get("xmlUrl"):
            found.append(finding(path, line, "OPML-REQUIRED",
                                 "<outline type=\"rss\"> has no xmlUrl; give the feed's URL"))
        names = _URL_ATTRIBUTES + (("url",) if kind in ("link", "include") else ())
        for name in names:
            value = outline.get(name)
            if value is not None and not is_web_url(value.strip()):
                found.append(finding(path, line, "OPML-URL",
                                     f"<outline> {name}={value!r} is not an absolute "
                                     "http(s) URL; write it in full"))
        feed = outline.get("xmlUrl")
        if feed:
            if feed in seen:
                found.append(finding(path, line, "OPML-DUPLICATE-FEED",
                                     f"xmlUrl {feed!r} is already listed on line {seen[feed]}; "
                                     "importing the file would subscribe to it twice"))
            else:
                seen[feed] = line
    return found
