"""Feed writers: RSS 2.0, Atom 1.0 (through feedgen) and JSON Feed 1.1.

Each writer turns a :class:`FeedDocument` into bytes and never touches the
disk. :func:`render_feed` picks the writer by format name.
"""

from __future__ import annotations

from .document import FeedDocument, feed_file, feed_url
from .jsonfeed import render_json
from .syndication import render_atom, render_rss

__all__ = ["FeedDocument", "feed_file", "feed_url", "render_feed"]

_WRITERS = {"rss": render_rss, "atom": render_atom, "json": render_json}


def render_feed(document: FeedDocument, fmt: str) -> bytes:
    """The bytes of ``document`` in format ``fmt`` (``rss``, ``atom`` or ``json``).

    Raises:
        KeyError: unknown format.
    """
    return _WRITERS[fmt](document)
