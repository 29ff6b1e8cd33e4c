"""HTML pages, the OPML subscription list and their stylesheet (SPEC §4).

Rendered with jinja2 templates shipped as package data; bytes out, never
touching the disk. :class:`PageRenderer` holds the template environment of
one build.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import jinja2
from lxml import etree

from ..config import FeedConfig, SiteConfig
from ..feeds.document import feed_url
from ..model import Entry

__all__ = ["FeedLink", "PageRenderer"]

_FORMAT_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml",
                 "json": "application/feed+json"}
_FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


@dataclass(frozen=True)
class FeedLink:
    """One feed document a page links to (autodiscovery, subscribe links)."""

    feed: FeedConfig
    fmt: str
    url: str

    @property
    def media_type(self) -> str:
        """``application/rss+xml``, ``application/atom+xml`` or ``application/feed+json``."""
        return _FORMAT_TYPES[self.fmt]

    @property
    def label(self) -> str:
        """``"World (RSS)"``."""
        return f"{self.feed.title} ({_FORMAT_NAMES[self.fmt]})"


def feed_links(site: SiteConfig, feeds: tuple[FeedConfig, ...]) -> list[FeedLink]:
    """Every format of every feed, in feed then format order."""
    return [FeedLink(f, fmt, feed_url(site, f, fmt)) for f in feeds for fmt in f.formats]


class PageRenderer:
    """Renders the pages of one site.

    Args:
        site: the site settings.
        feeds: every feed of the site.
    """

    def __init__(self, site: SiteConfig, feeds: tuple[FeedConfig, ...]) -> None:
        self.site = site
        self.feeds = feeds
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("newswire.pages", "templates"),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        self.all_links = feed_links(site, feeds)

    def article(self, entry: Entry, in_feeds: tuple[str, ...]) -> bytes:
        """The article page at ``entry.identity.path + "index.html"``."""
        links = [link for link in self.all_links if link.feed.name in in_feeds]
        return self.env.get_template("article.html").render(
            site=self.site, entry=entry, feed_links=links,
            css=self.site.base_url + "style.css").encode("utf-8")

    def index(self, entries: list[Entry]) -> bytes:
        """``index.html``: the newest articles and every feed with subscribe links."""
        return self.env.get_template("index.html").render(
            site=self.site, entries=entries, feed_links=self.all_links, feeds=self.feeds,
            css=self.site.base_url + "style.css").encode("utf-8")

    def opml(self) -> bytes:
        """``feeds.opml``: OPML 2.0 listing every feed document."""
        root = etree.Element("opml", version="2.0")
        head = etree.SubElement(root, "head")
        etree.SubElement(head, "title").text = self.site.title
        body = etree.SubElement(root, "body")
        for link in self.all_links:
            etree.SubElement(body, "outline", type="rss", text=link.label, title=link.label,
                             xmlUrl=link.url, htmlUrl=self.site.base_url)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                              pretty_print=True)

    def static(self, name: str) -> bytes:
        """A shipped static file: ``style.css`` (pages) or ``feed.css`` (feeds in browsers)."""
        return resources.files("newswire.pages").joinpath("static", name).read_bytes()
