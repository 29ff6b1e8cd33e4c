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
from datetime import datetime
from typing import TypeVar

from ..config import FeedConfig, SiteConfig
from ..model import Entry
from .document import FeedDocument, feed_url

__all__ = ["feed_document", "feed_documents", "paged"]

T = TypeVar("T")


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
    held = paged(feed, entries)
    count = len(held) - 1
    docs: list[tuple[int | None, FeedDocument]] = []
    for number, page in held:
        floor = None
        if number is not None and number > 1 and not page:
            floor = max(e.updated for e in held[number - 1][1])
        docs.append((number, feed_document(feed, site, number, count, page, floor)))
    return docs


def paged(feed: FeedConfig, items: Sequence[T]) -> list[tuple[int | None, tuple[T, ...]]]:
    """Which document of ``feed`` holds which of ``items`` (its entries, or
    anything standing for them, newest first), as :func:`feed_documents`
    pages them: ``(None, the newest max_items)`` for the subscription
    document, then, with ``archive`` and older items, ``(n, page n's items
    newest first)`` for each archive page ``n``, oldest first (the last one
    may be empty)."""
    size = feed.max_items
    current = tuple(items[:size])
    older = list(reversed(items[size:]))  # oldest first
    if not feed.archive or not older:
        return [(None, current)]
    count = len(older) // size + 1
    return [(None, current)] + [(n, tuple(reversed(older[(n - 1) * size:n * size])))
                                for n in range(1, count + 1)]


def feed_document(feed: FeedConfig, site: SiteConfig, number: int | None, count: int,
                  entries: Sequence[Entry], not_before: datetime | None = None
                  ) -> FeedDocument:
    """One document of ``feed`` as :func:`feed_documents` makes it, from its
    own entries alone (newest first): the subscription document
    (``number`` None) or archive page ``number`` (RFC 5005 §4) of
    ``count`` pages (0: the feed has none), with its links to the others.
    ``not_before``: the ``updated`` an empty archive page states (that of
    the page before it)."""
    urls = {fmt: feed_url(site, feed, fmt) for fmt in feed.formats}
    stylesheet = site.base_url + "feed.css"

    def page_urls(n: int) -> dict[str, str]:
        return {fmt: feed_url(site, feed, fmt, n) for fmt in feed.formats}
    if number is None:
        return FeedDocument(feed, site, tuple(entries), urls, feed.hub or site.hub,
                            prev_archive=page_urls(count) if count else None,
                            stylesheet=stylesheet)
    return FeedDocument(
        feed, site, tuple(entries), page_urls(number), None, archive=True,
        current=urls, prev_archive=page_urls(number - 1) if number > 1 else None,
        next_archive=page_urls(number + 1) if number < count else None,
        stylesheet=stylesheet, not_before=not_before)
