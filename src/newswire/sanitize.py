"""Safe HTML for feeds and pages (SPEC §7), built on nh3.

Everything an article body holds passes through :func:`sanitize_html` once;
RSS, Atom, JSON Feed and the article page all carry the same result.

Policy: no script, style, iframe, object, embed, form or other active
elements (script and style lose their content too), no event-handler or
style attributes, only ``http``, ``https`` and ``mailto`` URLs in ``href``,
``src`` and ``cite`` (so ``javascript:``, ``vbscript:`` and ``data:`` URLs are
removed, images included: a ``data:`` image is dropped, not kept). Relative
URLs are made absolute: fragments (``#fn1``) against the article's page,
anything else against the URL of the folder the article file sits in, which
is where its images and files are published. Characters URLs may not hold
(spaces, quotes, ``<>``) are percent-encoded.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urljoin, urlsplit

import lxml.html
import nh3

from .readers.nesting import limit_nesting
from .readers.text import strip_illegal

__all__ = ["plain_text", "sanitize_html", "summarize"]

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul", "var",
}
_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"}, "time": {"datetime"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed", "type"}, "li": {"id", "value"}, "sup": {"id"},
    "section": {"id"}, "code": {"class"}, "abbr": {"title"},
}
_URL_ATTRIBUTES = {"href", "src", "cite"}
_URL_SCHEMES = {"http", "https", "mailto"}
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~"  # RFC 3986 reserved characters and '%'
_CLEAN_CONTENT = {"script", "style", "noscript", "template", "iframe", "object",
                  "embed", "svg", "math", "textarea", "select", "title"}


def sanitize_html(fragment: str, page_url: str, folder_url: str) -> str:
    """Sanitize an HTML fragment and make every URL in it absolute.

    Args:
        fragment: untrusted HTML (a rendered body, raw HTML from an author).
        page_url: the article page's absolute URL (fragment links resolve here).
        folder_url: the absolute URL of the folder the article file sits in
            (relative links and images resolve here).

    Returns:
        The sanitized fragment: only allowed tags and attributes, only
        http(s)/mailto URLs, all absolute, no XML-illegal characters, no
        element nested deeper than
        :data:`~newswire.readers.nesting.MAX_DEPTH` (deeper tags are
        dropped first, their text kept: parsing deep trees is slow).
    """
    def absolute(url: str) -> str | None:
        url = url.strip()
        if not url:
            return None
        if url.startswith("#"):
            return _safe_url(page_url + url)
        return _safe_url(urljoin(folder_url, url))

    def check(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES:
            return value
        return _safe_url(value.strip(), relative_ok=True)

    cleaned = nh3.clean(
        limit_nesting(fragment)[0],
        tags=_TAGS,
        clean_content_tags=_CLEAN_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=check,
        url_schemes=_URL_SCHEMES,
        url_relative=absolute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return strip_illegal(cleaned)[0].strip()


def _safe_url(url: str, relative_ok: bool = False) -> str | None:
    """``url`` percent-encoded where needed, or None unless it is an
    absolute http(s)/mailto URL (or, with ``relative_ok``, has no scheme)."""
    url = strip_illegal(url)[0]
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _URL_SCHEMES and not (relative_ok and not parts.scheme):
        return None
    if parts.scheme and parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    if not fragment.strip():
        return ""
    try:
        text = lxml.html.fragment_fromstring(fragment, create_parent="div").text_content()
    except Exception:  # lxml raises several types on odd fragments; fall back to regex
        text = html.unescape(re.sub(r"<[^<>]*+>", " ", fragment))
    return " ".join(text.split())


def summarize(fragment: str, limit: int = 280) -> str:
    """A plain-text summary: the first paragraph's text, cut at a word near ``limit``."""
    opening = re.search(r"<p\b[^<>]*+>", fragment)
    closing = fragment.find("</p>", opening.end()) if opening else -1
    text = plain_text(fragment[opening.end():closing] if opening and closing >= 0
                      else fragment)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–—")
    return cut + "…"
