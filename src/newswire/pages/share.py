"""Plain share links: no JavaScript, no third-party script, just URLs.

Every value put into a query string is percent-encoded with
:func:`urllib.parse.quote` and ``safe=""`` (RFC 3986 §2.1: space is ``%20``,
``&``, ``=``, ``#``, ``?`` and ``/`` are encoded), so a title such as
``Q&A: 100% #news`` survives every service unchanged. ``mailto:`` links
follow RFC 6068 (``subject`` and ``body`` headers).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["ShareLink", "feed_reader_links", "share_links", "share_text"]


@dataclass(frozen=True)
class ShareLink:
    """One service: its name, shown on the page, and the URL that shares."""

    name: str
    href: str


def _q(value: str) -> str:
    return quote(value, safe="")


def share_text(url: str, title: str) -> str:
    """The text of a post: title, a space, the URL (what Mastodon users paste)."""
    return f"{title} {url}"


def share_links(url: str, title: str) -> tuple[ShareLink, ...]:
    """Share links for the page at ``url`` titled ``title``, in display order.

    E-mail (``mailto:``), Bluesky compose intent, X post intent, Facebook
    sharer, LinkedIn share-offsite, WhatsApp, Telegram.
    """
    q_title, q_url = _q(title), _q(url)
    text = f"{q_title}%20{q_url}"  # _q(share_text(url, title)): each character is encoded alone
    return (
        ShareLink("E-mail", f"mailto:?subject={q_title}&body={q_url}"),
        ShareLink("Bluesky", f"https://bsky.app/intent/compose?text={text}"),
        ShareLink("X", f"https://x.com/intent/post?text={q_title}&url={q_url}"),
        ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={q_url}"),
        ShareLink("LinkedIn",
                  f"https://www.linkedin.com/sharing/share-offsite/?url={q_url}"),
        ShareLink("WhatsApp", f"https://wa.me/?text={text}"),
        ShareLink("Telegram", f"https://t.me/share/url?url={q_url}&text={q_title}"),
    )


def feed_reader_links(feed_url: str) -> tuple[ShareLink, ...]:
    """Links that open a web feed reader's subscribe dialog for ``feed_url``."""
    return (
        ShareLink("Feedly", f"https://feedly.com/i/subscription/feed%2F{_q(feed_url)}"),
        ShareLink("Inoreader", f"https://www.inoreader.com/?add_feed={_q(feed_url)}"),
        ShareLink("NewsBlur", f"https://www.newsblur.com/?url={_q(feed_url)}"),
    )
