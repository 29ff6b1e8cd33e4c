"""Feed writers: RSS 2.0, Atom 1.0 (through feedgen) and JSON Feed 1.1.

Each writer turns a :class:`FeedDocument` into bytes and never touches the
disk. :func:`render_feed` picks the writer by format name. The writers (and
feedgen, lxml) are imported when a document is first rendered, not with
this package: a build that writes no feed (an edit to one page,
:mod:`newswire.edits`) or only checks articles' values
(:mod:`newswire.feeds.checks`) does without them.
"""

from __future__ import annotations

import importlib

from .document import FeedDocument, feed_file, feed_url

__all__ = ["FeedDocument", "feed_file", "feed_url", "render_feed"]

_WRITERS = {"rss": ("syndication", "render_rss"), "atom": ("syndication", "render_atom"),
            "json": ("jsonfeed", "render_json")}


def render_feed(document: FeedDocument, fmt: str) -> bytes:
    """The bytes of ``document`` in format ``fmt`` (``rss``, ``atom`` or ``json``).

    Raises:
        KeyError: unknown format.
    """
    module, name = _WRITERS[fmt]
    writer = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    return writer(document)
