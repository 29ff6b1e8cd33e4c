"""HTML pages, the OPML subscription list and their stylesheets (README "Article pages and sharing").

Rendered with jinja2 templates shipped as package data; bytes out, never
touching the disk. :class:`PageRenderer` holds the template environment of
one build. Pages need no JavaScript: share links are plain links
(:mod:`.share`), share metadata is in the head (:mod:`.metadata`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jinja2
from markupsafe import Markup

from ..config import FeedConfig, SiteConfig
from ..direction import differs, text_direction, written_direction
from ..feeds.document import FEED_MEDIA_TYPES, feed_url
from ..model import Entry
from .metadata import news_article, open_graph, script_json, twitter_card
from .paging import CATEGORIES, TAGS, ListingPage, Term, term_url
from .share import feed_reader_links, share_links, share_text

__all__ = ["Chrome", "FeedLink", "PageRenderer", "feed_links", "feed_page_url", "lang_attrs",
           "long_date"]

_FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class FeedLink:
    """One feed document a page links to (autodiscovery, subscribe links)."""

    feed: FeedConfig
    fmt: str
    url: str

    @property
    def media_type(self) -> str:
        """``application/rss+xml``, ``application/atom+xml`` or ``application/feed+json``."""
        return FEED_MEDIA_TYPES[self.fmt]

    @property
    def label(self) -> str:
        """``"World (RSS)"``."""
        return f"{self.feed.title} ({self.format_name})"

    @property
    def format_name(self) -> str:
        """``"RSS"``, ``"Atom"`` or ``"JSON Feed"``."""
        return _FORMAT_NAMES[self.fmt]


def feed_links(site: SiteConfig, feeds: tuple[FeedConfig, ...]) -> list[FeedLink]:
    """Every format of every feed, in feed then format order."""
    return [FeedLink(f, fmt, feed_url(site, f, fmt)) for f in feeds for fmt in f.formats]


def feed_page_url(site: SiteConfig, feed: FeedConfig) -> str:
    """Absolute URL of a feed's landing page, ``public/<feed path>/index.html``."""
    return f"{site.base_url}{feed.path}/"


def long_date(value: datetime) -> str:
    """``25 April 2019``, in the date's own offset, whatever the process locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def media_open_graph(entry: Entry) -> list[tuple[str, str]]:
    """Open Graph ``og:audio`` / ``og:video`` (with ``:type``) for each of the
    entry's enclosures (https://ogp.me/#structured)."""
    return [prop for media in entry.enclosures
            for prop in ((f"og:{media.kind}", media.url), (f"og:{media.kind}:type", media.type))]


def clock(seconds: int) -> str:
    """A playing time for people: ``0:08``, ``12:05``, ``1:02:03``."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@functools.lru_cache(maxsize=256)  # a listing page asks once per entry, for a few pairs
def lang_attrs(lang: str | None, around: str | None) -> Markup:
    """`` lang="…" dir="…"`` for an element whose text is in ``lang`` inside
    one in ``around``, or nothing when they are the same language (HTML
    §3.2.6.2 and §3.2.6.4: the language and direction are inherited)."""
    if not differs(lang, around):
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(lang, text_direction(lang))


@dataclass(frozen=True)
class Chrome:
    """What every page of a site shares around its own content: from the
    feed autodiscovery links to ``<main>`` (``head_end``), and from
    ``</main>`` to ``</html>`` (``foot``); see ``templates/chrome.html``."""

    head_end: Markup
    foot: Markup


class PageRenderer:
    """Renders the pages of one site.

    Args:
        site: the site settings.
        feeds: every feed of the site, in the order pages list them.
    """

    # Compiled templates are not kept on disk between builds: a compiled
    # template is code, and nothing a build reads from the site's folders
    # may run as code (a file planted in .newswire/ would).
    def __init__(self, site: SiteConfig, feeds: tuple[FeedConfig, ...]) -> None:
        self.site = site
        self.feeds = feeds
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("newswire.pages", "templates"),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
            auto_reload=False)  # templates are package data: no stat per page
        self.env.filters["long_date"] = long_date
        self.env.filters["clock"] = clock
        self.env.filters["direction"] = text_direction
        self.env.filters["written_direction"] = written_direction
        self.env.globals["lang_attrs"] = lang_attrs
        self.env.globals["chrome"] = self.chrome
        self.env.globals["follow"] = self.follow
        self.env.globals["term_url"] = lambda kind, term: term_url(site.base_url, kind, term)
        self.all_links = feed_links(site, feeds)
        self._site_lang = site.language or "en"
        self._css = site.base_url + "style.css"
        self._all_feed_pages = [(f, feed_page_url(site, f),
                                 [link for link in self.all_links if link.feed.name == f.name])
                                for f in feeds]
        self._chrome: dict[tuple[tuple[str, ...], str], Chrome] = {}
        self._follow: dict[tuple[tuple[str, ...], str], Markup] = {}
        self._links: dict[tuple[str, ...], list[FeedLink]] = {}

    def _render(self, template: str, **values: object) -> bytes:
        return self.env.get_template(template).render(
            site=self.site, site_lang=self._site_lang, css=self._css, **values).encode("utf-8")

    def _feed_pages(self) -> list[tuple[FeedConfig, str, list[FeedLink]]]:
        return list(self._all_feed_pages)

    def chrome(self, links: list[FeedLink], page_lang: str) -> Chrome:
        """The site's head links, header and footer for a page linking to
        ``links`` in ``page_lang`` (``chrome.html``), rendered once per
        build for each such pair, not once per page."""
        key = (tuple(link.url for link in links), page_lang)
        found = self._chrome.get(key)
        if found is None:
            macros: Any = self.env.get_template("chrome.html").module
            found = self._chrome[key] = Chrome(
                head_end=macros.head_end(self.site, self._css, self._site_lang, page_lang, links),
                foot=macros.foot(self.site, self._site_lang, page_lang))
        return found

    def follow(self, feed_pages: list[tuple[FeedConfig, str, list[FeedLink]]],
               page_lang: str) -> Markup:
        """An article page's "Follow" section naming ``feed_pages`` (nothing
        when there are none), rendered once per build for each set of feeds
        and page language."""
        key = (tuple(page_url for _, page_url, _ in feed_pages), page_lang)
        found = self._follow.get(key)
        if found is None:
            macros: Any = self.env.get_template("chrome.html").module
            found = self._follow[key] = macros.follow(self._site_lang, page_lang, feed_pages)
        return found

    def _in_feeds(self, in_feeds: tuple[str, ...]) -> list[FeedLink]:
        found = self._links.get(in_feeds)
        if found is None:
            found = self._links[in_feeds] = [
                link for link in self.all_links if link.feed.name in in_feeds]
        return found

    def article(self, entry: Entry, in_feeds: tuple[str, ...]) -> bytes:
        """The article page at ``entry.identity.path + "index.html"`` (README "Article pages and sharing").

        ``<html lang dir>``: the article's language (BCP 47) and its writing
        direction (``rtl`` for Arabic, Hebrew, Persian, Urdu…), repeated on
        the article and its body; the site's own words around it (header,
        byline, Share block, footer) carry the site's ``lang``/``dir`` when
        they differ. Head: title, description, canonical link
        (``entry.link``), Open Graph, Twitter Card, one schema.org
        ``NewsArticle`` JSON-LD block, and ``<link rel="alternate">``
        autodiscovery for every document of the feeds named in ``in_feeds``.
        Body: the sanitized article, an ``<audio>``/``<video>`` player per
        enclosure (with download and transcript links), a Share block of plain links and a
        copyable link.
        """
        return self._render(
            "article.html", entry=entry, feed_links=self._in_feeds(in_feeds),
            feed_pages=[p for p in self._all_feed_pages if p[0].name in in_feeds],
            open_graph=open_graph(entry, self.site) + media_open_graph(entry),
            twitter_card=twitter_card(entry, self.site),
            json_ld=Markup(script_json(
                news_article(entry, self.site))),
            share_links=share_links(entry.link, entry.title),
            share_text=share_text(entry.link, entry.title))

    def index(self, entries: list[Entry], page: ListingPage | None = None,
              browse: tuple[tuple[str, str], ...] = ()) -> bytes:
        """``index.html``: the newest articles and every feed with subscribe links.

        Args:
            page: the index's first :class:`~.paging.ListingPage`, for the
                links to the next page (``rel="next"``), or None.
            browse: ``(name, URL)`` of the pages listing tags and categories.
        """
        return self._render("index.html", entries=entries, feed_links=self.all_links,
                            feed_pages=self._feed_pages(), browse=browse,
                            **self._pager(page))

    def feed_page(self, feed: FeedConfig, entries: list[Entry],
                  page: ListingPage | None = None) -> bytes:
        """``<feed path>/index.html``: what the feed is, its URLs to copy, links
        that subscribe in web readers, how to subscribe in any reader, and its
        newest ``entries`` (with ``page``, the first page of the feed's
        listing, linked to the next)."""
        links = [link for link in self.all_links if link.feed.name == feed.name]
        return self._render(
            "feed.html", feed=feed, entries=entries, feed_links=links,
            page_url=feed_page_url(self.site, feed),
            readers=feed_reader_links(links[0].url), **self._pager(page))

    def _pager(self, page: ListingPage | None) -> dict[str, object]:
        if page is None:
            return {"page": None, "prev_url": None, "next_url": None}
        base = self.site.base_url
        return {"page": page, "prev_url": page.prev_url(base), "next_url": page.next_url(base)}

    def listing_page(self, page: ListingPage,
                     browse: tuple[tuple[str, str], ...] = ()) -> bytes:
        """One page of a listing (see :mod:`.paging`), with ``rel="prev"`` /
        ``rel="next"`` links in the head and the body and a self-canonical
        link. The first page of the index and of a feed is the index and the
        feed's landing page; every other page is a plain list."""
        listing = page.listing
        if page.number == 1 and listing.kind == "index":
            return self.index(list(page.entries), page, browse)
        if page.number == 1 and listing.kind == "feed" and listing.feed is not None:
            return self.feed_page(listing.feed, list(page.entries), page)
        base = self.site.base_url
        if listing.kind == "feed" and listing.feed is not None:
            links = [link for link in self.all_links if link.feed.name == listing.feed.name]
        else:
            links = self.all_links
        kicker, kicker_url = {
            "index": (None, None), "feed": ("Feed", base + listing.folder),
            TAGS: ("Tag", base + TAGS + "/"),
            CATEGORIES: ("Section", base + CATEGORIES + "/")}[listing.kind]
        heading = self.site.title if listing.kind == "index" else listing.title
        description = {"index": f"Every story of {self.site.title}, newest first.",
                       "feed": f"Every story in the feed {listing.title}, newest first.",
                       TAGS: f"Stories tagged {listing.title}, newest first.",
                       CATEGORIES: f"Stories in {listing.title}, newest first."}[listing.kind]
        return self._render("list.html", entries=list(page.entries), feed_links=links,
                            heading=heading, description=description, kicker=kicker,
                            kicker_url=kicker_url, page_url=page.url(base),
                            **self._pager(page))

    def terms(self, kind: str, terms: list[Term]) -> bytes:
        """``tags/index.html`` or ``categories/index.html``: every tag or
        category with its number of stories, linked to its page."""
        return self._render("terms.html", terms=terms, feed_links=self.all_links,
                            heading="Tags" if kind == TAGS else "Sections",
                            page_url=f"{self.site.base_url}{kind}/")

    def opml(self) -> bytes:
        """``feeds.opml``: OPML 2.0 (http://opml.org/spec2.opml), one ``type="rss"``
        outline per feed.

        Each outline's ``xmlUrl`` is the feed's RSS document (Atom, then JSON
        Feed when it has no RSS), so importing the file subscribes to each
        feed once; ``htmlUrl`` is the feed's landing page.
        """
        from lxml import etree  # only here: an edit's page does not load lxml
        root = etree.Element("opml", version="2.0")
        head = etree.SubElement(root, "head")
        etree.SubElement(head, "title").text = self.site.title
        body = etree.SubElement(root, "body")
        for feed, page_url, links in self._feed_pages():
            attrs = {"type": "rss", "text": feed.title, "title": feed.title}
            if feed.description:
                attrs["description"] = feed.description
            attrs.update(xmlUrl=links[0].url, htmlUrl=page_url)
            etree.SubElement(body, "outline", attrs)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                              pretty_print=True)

    def static(self, name: str) -> bytes:
        """A shipped static file: ``style.css`` (pages), ``feed.css`` (feeds in
        browsers) or ``favicon.ico``."""
        from importlib import resources
        return resources.files("newswire.pages").joinpath("static", name).read_bytes()
