"""RSS 2.0 and Atom 1.0 documents, written through feedgen in one pass.

feedgen builds the elements; this module decides every value it would
otherwise choose itself: entries are appended in our order (newest first,
never feedgen's prepend), ``lastBuildDate``/``updated`` come from the newest
entry (never the wall clock), the RSS channel link is the site and the
``atom:link rel="self"`` is the document's public URL, Atom content is
``type="html"`` (escaped, never feedgen's ``CDATA``), and text reaching
feedgen is already free of XML-illegal characters. What feedgen has no
setter for (WebSub hub and RFC 5005 links in RSS, ``fh:archive``, the
stylesheet processing instruction, ``rel``/``type`` on Atom entry links) is
added while feedgen builds the document, by the extensions registered here
(feedgen's ``register_extension``): nothing is parsed or patched afterwards.
"""

from __future__ import annotations

import html
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from ..direction import differs
from ..model import Entry
from .document import FEED_MEDIA_TYPES, FeedDocument, guess_type
from .podcast import add_episode, start_podcast

__all__ = ["render_atom", "render_rss"]

ATOM_NS = "http://www.w3.org/2005/Atom"
FH_NS = "http://purl.org/syndication/history/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "newswire"
GENERATOR_URI = "https://pypi.org/project/newswire/"


def _generator(doc: FeedDocument) -> FeedGenerator:
    """A FeedGenerator for ``doc``, with newswire's extension
    registered first (its namespace declarations come first in the root)."""
    fg = FeedGenerator()
    fg.register_extension("newswire", _DocumentExtension, _EntryExtension)
    fg.newswire.document = doc
    fg.load_extension("dc", atom=False, rss=True)
    fg.load_extension("media", atom=True, rss=True)
    fg.register_extension("xmllang", _LanguageExtension, _EntryLanguage, atom=True, rss=True)
    fg.id(doc.feed_id)
    fg.title(doc.title)
    fg.description(doc.description)
    fg.generator(GENERATOR, uri=GENERATOR_URI)
    authors = doc.site.authors
    fg.author([{k: v for k, v in (("name", a.name), ("email", a.email), ("uri", a.uri)) if v}
               for a in authors] or {"name": doc.site.title})
    editor = next((a for a in authors if a.email), None)
    if editor is not None:  # RSS 2.0: "email (Name)"
        fg.managingEditor(f"{editor.email} ({editor.name})")
    if doc.site.language:
        fg.language(doc.site.language)
    fg.updated(doc.updated)
    return fg


class _DocumentExtension(BaseExtension):  # type: ignore[misc]
    """Channel / feed elements feedgen has no setter for.

    feedgen calls these while it builds the root, before it appends the
    items, so every element lands where a hand-written document has it.
    ``document`` is set right after registration (feedgen instantiates the
    class itself).
    """

    document: FeedDocument

    def extend_ns(self) -> dict[str, str]:
        """``fh`` (RFC 5005 §4) in archive documents."""
        return {"fh": FH_NS} if self.document.archive else {}

    def extend_rss(self, rss: etree._Element) -> etree._Element:
        """RSS: no ``docs`` (feedgen's default) and no ``lastBuildDate`` in an
        empty document whose moment is unknown (an empty feed states when it
        became empty, see :mod:`newswire.emptyfeeds`); ``atom:link`` hub and RFC 5005 links and
        ``fh:archive`` after the channel's title, link and description; the
        stylesheet instruction before the root."""
        doc = self.document
        channel = rss.find("channel")
        assert channel is not None
        if not doc.entries and doc.not_before is None:
            for empty in channel.findall("lastBuildDate"):
                channel.remove(empty)
        for docs in channel.findall("docs"):
            channel.remove(docs)
        at = 3
        if doc.hub:
            _atom_link(channel, "hub", doc.hub, None, index=at)
        for rel, href in _history_links(doc, "rss"):
            _atom_link(channel, rel, href, FEED_MEDIA_TYPES["rss"], index=at)
        if doc.archive:
            channel.insert(at, etree.Element(f"{{{FH_NS}}}archive"))
        _add_stylesheet(rss, doc)
        return rss

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        """Atom: ``fh:archive`` and the RFC 5005 links, after the feed's own
        elements and before the entries; the stylesheet instruction."""
        doc = self.document
        if doc.archive:
            etree.SubElement(feed, f"{{{FH_NS}}}archive")
        for rel, href in _history_links(doc, "atom"):
            etree.SubElement(feed, "link", rel=rel, href=href, type=FEED_MEDIA_TYPES["atom"])
        _add_stylesheet(feed, doc)
        return feed


class _EntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Atom entry links with their ``rel`` and ``type``.

    feedgen 1.0 writes an entry's links as bare ``<link href>`` (it drops
    ``rel``, ``type`` and ``length``), which RFC 4287 §4.2.7.2 reads as
    ``rel="alternate"``: an image enclosure would be a second alternate
    link. This replaces them, in place, with ``alternate`` (the link) and
    ``enclosure``: the audio and video with their ``length`` in bytes and
    ``type``, else the lead image (with its ``length`` when known).
    ``entry`` is set right after the entry is added.
    """

    entry: Entry

    def extend_atom(self, element: etree._Element) -> etree._Element:
        entry = self.entry
        old = element.findall("link")
        index = element.index(old[0]) if old else len(element)
        for link in old:
            element.remove(link)
        links = [{"rel": "alternate", "type": "text/html", "href": entry.link}]
        links += [{"rel": "enclosure", "type": media.type, "href": media.url,
                   "length": str(media.length)} for media in entry.enclosures]
        if entry.image_url and not entry.enclosures:
            enclosure = {"rel": "enclosure", "type": guess_type(entry.image_url),
                         "href": entry.image_url}
            if entry.image_length is not None:
                enclosure["length"] = str(entry.image_length)
            links.append(enclosure)
        for offset, attrs in enumerate(links):
            element.insert(index + offset, etree.Element("link", attrs))
        return element


class _LanguageExtension(BaseExtension):  # type: ignore[misc]
    """Feed half of the ``xml:lang`` extension: nothing at feed level (the
    feed's language is feedgen's own ``language``)."""


class _EntryLanguage(BaseEntryExtension):  # type: ignore[misc]
    """``xml:lang`` on an Atom ``entry`` or RSS ``item`` whose article is in
    another language than its feed (XML 1.0 §2.12; RFC 4287 §2 lets every
    Atom element carry it, and feed readers such as feedparser report it as
    the language of the entry's title, summary and content)."""

    def __init__(self) -> None:
        self.value: str | None = None

    def lang(self, value: str | None) -> None:
        """Set the entry's language tag (BCP 47), or None for the feed's."""
        self.value = value

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        if self.value:
            entry.set(XML_LANG, self.value)
        return entry

    extend_rss = extend_atom


def _add_stylesheet(root: etree._Element, doc: FeedDocument) -> None:
    """The ``xml-stylesheet`` instruction browsers style the document with."""
    if doc.stylesheet:
        root.addprevious(etree.ProcessingInstruction(
            "xml-stylesheet", f'type="text/css" href="{html.escape(doc.stylesheet)}"'))


def _categories(entry: Entry) -> list[dict[str, str]]:
    a = entry.article
    values = ([a.category] if a.category else []) + [t for t in a.tags if t != a.category]
    return [{"term": v, "label": v} for v in values]


def _add_entry(fg: FeedGenerator, entry: Entry, summary_only: bool, fmt: str,
               feed_language: str | None) -> Any:
    fe = fg.add_entry(order="append")
    fe.newswire.entry = entry
    if differs(entry.lang, feed_language):
        fe.xmllang.lang(entry.lang)
    fe.id(entry.id)
    fe.guid(entry.id, permalink=entry.id == entry.link and entry.id.startswith("http"))
    fe.title(entry.title)
    # feedgen drops rel/type of Atom entry links; _EntryExtension writes them.
    fe.link(href=entry.link, rel="alternate", type="text/html")
    if entry.image_url:
        _add_image(fe, entry, fmt)
    if entry.enclosures and fmt == "rss":
        media = entry.enclosures[0]
        fe.enclosure(media.url, str(media.length), media.type)
    fe.summary(entry.summary)
    if fmt == "rss":
        fe.description(html.escape(entry.summary, quote=False))
    if not summary_only:
        fe.content(entry.content_html, type="html")
    fe.published(entry.published)
    fe.updated(entry.updated)
    _add_authors(fe, entry, fmt)
    categories = _categories(entry)
    if categories:
        fe.category(categories)
    return fe


def _add_image(fe: Any, entry: Entry, fmt: str) -> None:
    """Lead image: RSS ``enclosure`` (length in bytes, 0 when unknown; Atom's
    enclosure link is written by :class:`_EntryExtension`), plus Media RSS
    ``thumbnail`` and ``content`` with the pixel size and ``fileSize`` when the
    image is a local file. An item has one enclosure: when the article has
    audio or video, that is the enclosure and the image is only the
    ``media:thumbnail``."""
    assert entry.image_url is not None
    image_type = guess_type(entry.image_url)
    length = str(entry.image_length) if entry.image_length is not None else None
    if fmt == "rss" and not entry.enclosures:
        fe.enclosure(entry.image_url, length or "0", image_type)
    size = {k: str(v) for k, v in (("width", entry.image_width),
                                   ("height", entry.image_height)) if v}
    fe.media.thumbnail({"url": entry.image_url, **size}, group=None)
    if entry.enclosures:
        return
    content = {"url": entry.image_url, "medium": "image", "type": image_type, **size}
    if length:
        content["fileSize"] = length
    fe.media.content(content, group=None)


def _add_authors(fe: Any, entry: Entry, fmt: str) -> None:
    """Atom: every author with name/email/uri (RFC 4287 §3.2). RSS 2.0: one
    ``author`` (``email (Name)``) when the item has exactly one author and
    that author has an e-mail address, else ``dc:creator`` per name, never
    both in one item (RSS Best Practices Profile)."""
    authors = entry.authors
    if fmt == "atom":
        for a in authors:
            fe.author({k: v for k, v in (("name", a.name), ("email", a.email),
                                         ("uri", a.uri)) if v})
    elif len(authors) == 1 and authors[0].email:
        fe.author({"name": authors[0].name, "email": authors[0].email})
    else:
        for a in authors:
            fe.dc.dc_creator(a.name)


def _atom_link(parent: etree._Element, rel: str, href: str, media_type: str | None,
               index: int) -> None:
    """An ``atom:link`` inserted at ``index`` of an RSS channel."""
    link = etree.Element(f"{{{ATOM_NS}}}link", nsmap={"atom": ATOM_NS})
    link.set("rel", rel)
    link.set("href", href)
    if media_type:
        link.set("type", media_type)
    parent.insert(index, link)


def _history_links(doc: FeedDocument, fmt: str) -> list[tuple[str, str]]:
    links = []
    for rel, urls in (("current", doc.current), ("prev-archive", doc.prev_archive),
                      ("next-archive", doc.next_archive)):
        if urls and fmt in urls:
            links.append((rel, urls[fmt]))
    return links


def render_rss(doc: FeedDocument) -> bytes:
    """The document as RSS 2.0 bytes (RSS Advisory Board spec 2.0.11).

    Channel: title, link (the site), description, language, lastBuildDate
    (newest item), generator, ``atom:link rel="self"``, ``rel="hub"`` when a
    WebSub hub is set, RFC 5005 links and ``fh:archive`` for archives. Items:
    title, link, guid (``isPermaLink="false"`` for URN ids), description
    (the summary, HTML-escaped), ``content:encoded`` (full HTML unless
    summary_only), pubDate, author or ``dc:creator``, categories, enclosure
    plus ``media:thumbnail``/``media:content`` for the lead image, or the
    audio/video as the enclosure. A podcast feed adds the ``itunes:`` and
    ``podcast:`` tags (:mod:`.podcast`).
    """
    fg = _generator(doc)
    fg.link(href=doc.fmt_urls["rss"], rel="self", type=FEED_MEDIA_TYPES["rss"])
    fg.link(href=doc.home_url, rel="alternate")
    fg.lastBuildDate(doc.updated)
    if doc.feed.podcast is not None:
        start_podcast(fg, doc)
    for entry in doc.entries:
        fe = _add_entry(fg, entry, doc.feed.summary_only, "rss", doc.site.language)
        if doc.feed.podcast is not None:
            add_episode(fe, entry, (doc.episode_numbers or {}).get(entry.id))
    return fg.rss_str(pretty=True)


def render_atom(doc: FeedDocument) -> bytes:
    """The document as Atom 1.0 bytes (RFC 4287).

    Feed: id (permanent, shared with archives), title, subtitle, updated
    (newest entry), author, generator, links ``alternate`` (the site),
    ``self``, ``hub`` and RFC 5005 ``current``/``prev-archive``/
    ``next-archive``; ``fh:archive`` in archives. Entries: id, title,
    updated, published, author(s), ``link rel="alternate"``, ``rel="enclosure"``
    for the audio and video, else the lead image, categories, summary (text) and content
    (``type="html"`` unless summary_only).
    """
    fg = _generator(doc)
    fg.link(href=doc.home_url, rel="alternate", type="text/html")
    fg.link(href=doc.fmt_urls["atom"], rel="self", type=FEED_MEDIA_TYPES["atom"])
    if doc.hub:
        fg.link(href=doc.hub, rel="hub")
    for entry in doc.entries:
        _add_entry(fg, entry, doc.feed.summary_only, "atom", doc.site.language)
    return fg.atom_str(pretty=True)
