"""``sitemap.xml``, the Google News sitemap and ``robots.txt``: bytes out, no I/O.

* :func:`sitemaps`: the sitemaps.org protocol 0.9 (https://www.sitemaps.org/protocol.html):
  a ``urlset`` of every page with ``loc`` and ``lastmod`` (W3C Datetime);
  above 50,000 URLs, ``sitemap.xml`` is a ``sitemapindex`` of
  ``sitemap-1.xml``, ``sitemap-2.xml``… of 50,000 each (the protocol's limit).
* :func:`news_sitemap`: Google's News sitemap extension
  (namespace ``http://www.google.com/schemas/sitemap-news/0.9``): the
  articles published in the two days before "now" (at most 1,000, newest
  first), each with ``news:publication`` (``news:name``, ``news:language``),
  ``news:publication_date`` and ``news:title``.
* :func:`robots_txt`: allows everything and names both sitemaps.

Only pages whose canonical URL is on this site are listed: an article whose
``url`` points elsewhere is left out (a sitemap lists canonical URLs).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from html import escape

from lxml import etree

from .model import Entry

__all__ = ["MAX_URLS", "NEWS_FILE", "NEWS_MAX", "NEWS_WINDOW", "SITEMAP_FILE",
           "news_entries", "news_language", "news_sitemap", "news_window", "robots_txt",
           "sitemaps", "w3c_datetime"]

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_FILE = "sitemap.xml"
NEWS_FILE = "news-sitemap.xml"
MAX_URLS = 50_000
NEWS_MAX = 1_000
NEWS_WINDOW = timedelta(days=2)


def w3c_datetime(value: datetime) -> str:
    """A timezone-aware datetime as W3C Datetime, whole seconds, with offset."""
    return value.replace(microsecond=0).isoformat()


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _urlset(urls: Sequence[tuple[str, datetime | None]]) -> bytes:
    """A ``urlset`` of ``urls``: written as text (a site of 10,000 articles
    has 11,000 URLs, and an element tree of them cost three times as much),
    with the bytes lxml writes for the same tree; made by lxml when a URL
    holds a character that is not printable (lxml refuses some, escapes
    others), which a page URL never does."""
    if not all(loc.isprintable() for loc, _ in urls):
        return _urlset_tree(urls)
    parts = ["<?xml version='1.0' encoding='UTF-8'?>\n"
             f'<urlset xmlns="{SITEMAP_NS}">\n' if urls else
             "<?xml version='1.0' encoding='UTF-8'?>\n"
             f'<urlset xmlns="{SITEMAP_NS}"/>\n']
    for loc, lastmod in urls:
        # &, < and >, as lxml escapes them in text (the html module's escape:
        # xml.sax.saxutils imports urllib.request, 20 ms a build)
        loc = escape(loc, quote=False)
        if lastmod is None:
            parts.append(f"  <url>\n    <loc>{loc}</loc>\n  </url>\n")
        else:
            parts.append(f"  <url>\n    <loc>{loc}</loc>\n"
                         f"    <lastmod>{w3c_datetime(lastmod)}</lastmod>\n  </url>\n")
    if urls:
        parts.append("</urlset>\n")
    return "".join(parts).encode("utf-8")


def _urlset_tree(urls: Sequence[tuple[str, datetime | None]]) -> bytes:
    """:func:`_urlset` made as an element tree by lxml."""
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for loc, lastmod in urls:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
        if lastmod is not None:
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = w3c_datetime(lastmod)
    return _bytes(root)


def sitemaps(base_url: str, urls: Sequence[tuple[str, datetime | None]],
             limit: int = MAX_URLS) -> list[tuple[str, bytes]]:
    """The sitemap files: ``[(path below public/, bytes)]``, ``sitemap.xml`` first.

    Args:
        base_url: the site root (ends in ``/``).
        urls: ``(absolute URL, last modification or None)`` of every page, in
            the order to list them.
        limit: URLs per file (the protocol allows 50,000).
    """
    if len(urls) <= limit:
        return [(SITEMAP_FILE, _urlset(urls))]
    parts = [urls[i:i + limit] for i in range(0, len(urls), limit)]
    files = [(f"sitemap-{n}.xml", _urlset(part)) for n, part in enumerate(parts, start=1)]
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for (name, _), part in zip(files, parts):
        entry = etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = base_url + name
        newest = max((m for _, m in part if m is not None), default=None)
        if newest is not None:
            etree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = w3c_datetime(newest)
    return [(SITEMAP_FILE, _bytes(root))] + files


def news_entries(entries: Sequence[Entry], now: datetime) -> list[Entry]:
    """The entries of the News sitemap: published in ``(now − 2 days, now]``,
    canonical on this site, newest first (``entries`` already are), at most
    :data:`NEWS_MAX`."""
    return [e for e in entries if e.link == e.permalink
            and now - NEWS_WINDOW < e.published <= now][:NEWS_MAX]


def news_window(entries: Sequence[Entry], now: datetime
                ) -> tuple[datetime | None, datetime | None]:
    """The range ``[low, high)`` of "now" over which :func:`news_entries`
    keeps the same entries (None: unbounded): ``low`` is the latest moment
    an entry left the two days or entered them (was published), ``high``
    the next: when the oldest entry in them leaves, or an entry dated later
    than ``now`` (published with ``--future``) enters."""
    lows: list[datetime] = []
    highs: list[datetime] = []
    for e in entries:
        leaves = e.published + NEWS_WINDOW
        if leaves <= now:
            lows.append(leaves)
        elif e.published <= now:
            lows.append(e.published)
            highs.append(leaves)
        else:
            highs.append(e.published)
    return (max(lows) if lows else None), (min(highs) if highs else None)


def news_language(tag: str | None) -> str:
    """The ``news:language`` code: ISO 639 (``en``, ``fr``, ``haw``) from a
    BCP 47 tag, except Chinese, written ``zh-cn`` (simplified) or ``zh-tw``
    (traditional: ``zh-Hant``, ``zh-TW``, ``zh-HK``, ``zh-MO``), as Google
    asks. No tag: ``en``."""
    if not tag:
        return "en"
    parts = [p.lower() for p in tag.replace("_", "-").split("-")]
    if parts[0] == "zh":
        return "zh-tw" if {"hant", "tw", "hk", "mo"} & set(parts[1:]) else "zh-cn"
    return parts[0]


def news_sitemap(publication: str, language: str | None, entries: Sequence[Entry]) -> bytes:
    """The Google News sitemap of ``entries`` (see :func:`news_entries`).

    Args:
        publication: ``news:name``, the site's title.
        language: the site's language tag; each entry's own ``lang`` wins.
    """
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for entry in entries:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.permalink
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        pub = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(pub, f"{{{NEWS_NS}}}name").text = publication
        etree.SubElement(pub, f"{{{NEWS_NS}}}language").text = news_language(
            entry.lang or language)
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = w3c_datetime(
            entry.published)
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = entry.title
    return _bytes(root)


def robots_txt(base_url: str, names: Sequence[str]) -> bytes:
    """``robots.txt`` (RFC 9309): every crawler allowed, and a ``Sitemap:``
    line per sitemap file name. Crawlers read it only at the root of a host:
    a site below a path should copy the lines into the host's own."""
    lines = ["User-agent: *", "Allow: /", ""] + [f"Sitemap: {base_url}{name}" for name in names]
    return ("\n".join(lines) + "\n").encode("utf-8")
