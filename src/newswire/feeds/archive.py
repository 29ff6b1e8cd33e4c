"""RFC 5005 feed paging: a feed's subscription document and its archive pages.

A feed with ``archive = true`` keeps every item it ever held: the newest
``max_items`` are in the subscription document, the older ones in archive
documents (RFC 5005 §4, "Archived Feeds") of ``max_items`` entries each,
linked to each other and to the subscription document. Which document holds
which entries, and the links each carries, are decided here; the writers in
this package turn each :class:`~newswire.feeds.document.FeedDocument` into
bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import FeedConfig, SiteConfig
from ..model import Entry
from .document import FeedDocument, feed_url

__all__ = ["feed_documents"]


def feed_documents(feed: FeedConfig, site: SiteConfig, entries: Sequence[Entry]) -> list[
        tuple[int | None, FeedDocument]]:
    """The subscription document and, with ``archive``, RFC 5005 archive documents.

    ``entries`` are newest first. The subscription document holds the newest
    ``max_items``; with ``archive`` (RFC 5005 §4) the older ones go into
    archive pages of ``max_items`` entries each, numbered from the oldest
    (1, 2, ...). The newest page is never full: it holds the remainder, so
    when it is empty it is written empty. A page is therefore complete from
    the build that fills it, and is born with every link it will ever have
    (``prev-archive`` to the older page, ``next-archive`` to the newer one,
    ``current`` to the subscription document, and ``fh:archive``); its bytes
    never change again unless one of its own articles is edited or removed.
    The subscription document links ``prev-archive`` to the newest page.
    Archive pages carry no WebSub hub link: nothing subscribes to them.

    Returns:
        ``(None, document)`` for the subscription document, then
        ``(n, document)`` for archive page ``n``, oldest first.
    """
    hub = feed.hub or site.hub
    size = feed.max_items
    urls = {fmt: feed_url(site, feed, fmt) for fmt in feed.formats}
    stylesheet = site.base_url + "feed.css"
    current = tuple(entries[:size])
    older = list(reversed(entries[size:]))  # oldest first
    if not feed.archive or not older:
        return [(None, FeedDocument(feed, site, current, urls, hub, stylesheet=stylesheet))]
    count = len(older) // size + 1
    pages = [older[i * size:(i + 1) * size] for i in range(count)]

    def page_urls(n: int) -> dict[str, str]:
        return {fmt: feed_url(site, feed, fmt, n) for fmt in feed.formats}
    docs: list[tuple[int | None, FeedDocument]] = [(None, FeedDocument(
        feed, site, current, urls, hub, prev_archive=page_urls(count),
        stylesheet=stylesheet))]
    for n, page in enumerate(pages, start=1):
        floor = max(e.updated for e in pages[n - 2]) if not page and n > 1 else None
        docs.append((n, FeedDocument(
            feed, site, tuple(reversed(page)), page_urls(n), None, archive=True,
            current=urls, prev_archive=page_urls(n - 1) if n > 1 else None,
            next_archive=page_urls(n + 1) if n < count else None,
            stylesheet=stylesheet, not_before=floor)))
    return docs
