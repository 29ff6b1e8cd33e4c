"""Relative URLs inside HTML content.

Feed readers show an item's HTML away from the page it came from, so an
``href`` or ``src`` that is relative resolves against the wrong place (the
feed, or nothing) and the link or image breaks. RSS 2.0 and JSON Feed have
no base URL for content; Atom has ``xml:base`` (RFC 4287 §2), which callers
take into account before asking.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

import lxml.html
from lxml import etree

from .values import is_absolute_iri

__all__ = ["relative_urls", "relative_urls_in_elements", "srcset_candidates"]

_URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "formaction", "background")
# A quick look at attribute values in the raw text; only when one of them
# might be relative is the fragment parsed, and the parse decides.
_CANDIDATE = re.compile(
    r"""(?i)\b(?:href|src|srcset|poster|cite|action|formaction|background)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _urls(element: etree._Element) -> Iterator[tuple[str, str]]:
    for name in _URL_ATTRIBUTES:
        value = element.get(name)
        if value is not None:
            yield name, value.strip()
    srcset = element.get("srcset")
    if srcset:
        for url, _ in srcset_candidates(srcset):
            yield "srcset", url


def srcset_candidates(value: str) -> list[tuple[str, str]]:
    """The image candidates of a ``srcset`` value as ``(url, descriptor)``
    pairs, read as HTML §4.8.4.3.10 says: a URL runs to the next whitespace
    and may hold commas (``/w_424,c_limit/a.jpg``), except at its end, where
    they separate candidates; the descriptor (``640w``, ``2x``, or empty)
    runs to the next comma."""
    found = []
    position, size = 0, len(value)
    while position < size:
        while position < size and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < size and not value[position].isspace():
            position += 1
        url = value[start:position]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        elif url:
            end = value.find(",", position)
            end = size if end < 0 else end
            descriptor = " ".join(value[position:end].split())
            position = end + 1
        if url:
            found.append((url, descriptor))
    return found


def relative_urls_in_elements(elements: Iterable[etree._Element]) -> Iterator[tuple[int | None, str, str]]:
    """``(sourceline, attribute, url)`` for each relative URL on the given elements."""
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        for name, url in _urls(element):
            if not is_absolute_iri(url):
                yield element.sourceline, name, url


def relative_urls(html: str) -> Iterator[tuple[int, str, str]]:
    """``(line, attribute, url)`` for each relative URL in an HTML fragment.

    ``line`` is 1-based within ``html``. The fragment is parsed with
    lxml.html (forgiving, as browsers are); text without ``href``, ``src``
    or the like is not parsed at all.
    """
    if not any(_might_be_relative(match) for match in _CANDIDATE.finditer(html)):
        return
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return
    for line, name, url in relative_urls_in_elements(root.iter()):
        yield line or 1, name, url


def _might_be_relative(match: re.Match[str]) -> bool:
    value = next(group for group in match.groups() if group is not None)
    return any(not is_absolute_iri(part.strip().split(" ")[0]) for part in value.split(","))
