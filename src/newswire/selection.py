"""Select: which entries each feed holds, decided once per build.

Feed staging (:func:`newswire.feedstage.stage_feeds`) writes each feed's
documents from its :class:`FeedSelection`; article and feed pages (through
the membership staging returns) and ``newswire list``
(:mod:`newswire.listing`) name the feeds that hold an article from the same
selections (:func:`feed_membership`). The rules of one feed are
:func:`newswire.entries.select` (README "Feeds").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .config import FeedConfig, SiteConfig
from .entries import select
from .model import Entry

__all__ = ["FeedSelection", "feed_membership", "select_feeds"]


@dataclass(frozen=True)
class FeedSelection:
    """The entries one feed holds.

    Attributes:
        feed: the feed's settings.
        entries: every entry it holds (:func:`~newswire.entries.select`),
            newest first; its documents take the newest ``max_items`` and,
            with ``archive``, page the rest (:mod:`newswire.feeds.archive`).
    """

    feed: FeedConfig
    entries: tuple[Entry, ...]


def select_feeds(feeds: Sequence[FeedConfig], site: SiteConfig, entries: Sequence[Entry],
                 auto_entries: Sequence[Entry] | None = None) -> tuple[FeedSelection, ...]:
    """Every feed's selection, in the order of ``feeds``.

    A feed whose ``updated`` (its own, else the site's) is ``"auto"`` takes
    its entries from ``auto_entries`` when given: the same entries with the
    recorded moments of their last text change as ``updated`` (see
    :func:`newswire.revisions.with_updated`). Which entries a feed holds
    does not depend on it, only the dates they carry.
    """
    selections = []
    for feed in feeds:
        auto = auto_entries is not None and (feed.updated or site.updated) == "auto"
        chosen = select(feed, auto_entries if auto and auto_entries is not None else entries)
        selections.append(FeedSelection(feed, tuple(chosen)))
    return tuple(selections)


def feed_membership(selections: Sequence[FeedSelection]) -> dict[str, tuple[str, ...]]:
    """Entry id → the names of the feeds that hold it, in the order of
    ``selections``; an entry no feed holds is not a key.

    Equal tuples of names are one object: a build holds them for every
    entry while its pages are staged, and most entries are in the same few
    feeds (a pointer an entry, not a list of its own: about 90 bytes an
    article). Made without a list per entry, so that none is left to free."""
    same: dict[tuple[str, ...], tuple[str, ...]] = {}
    membership: dict[str, tuple[str, ...]] = {}
    for selection in selections:
        name = (selection.feed.name,)
        for entry in selection.entries:
            names = membership.get(entry.id, ()) + name
            membership[entry.id] = same.setdefault(names, names)
    return membership
