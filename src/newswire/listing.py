"""``newswire list``: every article with its date, id, URL and feeds (SPEC §8)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .build import BuildOptions, BuildReport, SitePaths, prepare
from .config import load_feeds, load_site
from .entries import select

__all__ = ["list_articles"]


def list_articles(root: Path, now: datetime | None = None) -> list[dict[str, Any]]:
    """One row per article that a build now would publish, newest first.

    Each row: ``published`` (ISO 8601 with offset), ``id``, ``url``,
    ``source`` (path below ``content/``), ``feeds`` (names). Nothing is written.

    Raises:
        ConfigError: the site's settings are wrong.
    """
    paths = SitePaths(root)
    site = load_site(paths.feeds)
    feeds = load_feeds(paths.feeds)
    options = BuildOptions(now=now or datetime.now(timezone.utc))
    plan = prepare(paths, site, options, BuildReport())
    membership: dict[str, list[str]] = {}
    for feed in feeds:
        for entry in select(feed, plan.entries):
            membership.setdefault(entry.id, []).append(feed.name)
    return [{"published": e.published.isoformat(), "id": e.id, "url": e.permalink,
             "source": e.article.source, "feeds": membership.get(e.id, [])}
            for e in plan.entries]
