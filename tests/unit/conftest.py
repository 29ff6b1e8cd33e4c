"""Small named values for unit tests: a site, a feed, articles and entries."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from newswire.config import FeedConfig, SiteConfig
from newswire.entries import make_entry
from newswire.model import Article, Author, Entry, Identity

SITE = SiteConfig(base_url="https://news.example.org/", title="Example News",
                  language="en", timezone=ZoneInfo("Europe/Berlin"), author="Desk")
FEED = FeedConfig(name="main", title="All stories", path="feeds/main", max_items=3)
APRIL = datetime(2019, 4, 25, 10, 0, tzinfo=timezone.utc)


def article(source: str = "world/story.md", title: str = "Story", *, days: int = 0,
            **fields: object) -> Article:
    """An article published ``days`` after 25 April 2019, 10:00 UTC."""
    values: dict[str, object] = {"body_html": "<p>Body of the story.</p>",
                                 "published": APRIL + timedelta(days=days)}
    values.update(fields)
    return Article(source=source, title=title, **values)  # type: ignore[arg-type]


def entry(source: str = "world/story.md", title: str = "Story", *, days: int = 0,
          **fields: object) -> Entry:
    """The entry of :func:`article`, its page at ``<stem>/``."""
    a = article(source, title, days=days, **fields)
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    identity = Identity(f"urn:uuid:{stem}", f"{stem}/", APRIL)
    return make_entry(a, identity, SITE)


__all__ = ["APRIL", "FEED", "SITE", "Author", "article", "entry"]
