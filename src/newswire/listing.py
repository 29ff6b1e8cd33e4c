"""``newswire list``: every article with its date, id, URL and feeds (README "Commands")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .build import BuildOptions, BuildReport, SitePaths, article_cache, prepare
from .config import load_feeds, load_site
from .selection import feed_membership, select_feeds

__all__ = ["list_articles"]


def list_articles(root: Path, options: BuildOptions, report: BuildReport | None = None,
                  left_out: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """One row per article a build with ``options`` would publish, newest first.

    Each row: ``published`` (ISO 8601 with offset), ``title`` (plain
    text), ``id``, ``url``, ``source`` (path below ``content/``), ``feeds``
    (names, in feed order), ``draft`` (True for a draft, listed with
    ``options.drafts``) and ``future`` (True when dated after
    ``options.now``, listed with ``options.future``).
    Ids and URLs are the recorded ones, or those a build would give. Nothing
    is written; unchanged articles come from the build cache. "Now" is
    ``options.now``, never the clock.

    Args:
        report: receives the problems found while reading, when given.
        left_out: receives how many articles were left out as ``drafts``
            and as ``future`` (dated after now), when given.

    Raises:
        ConfigError: the site's settings are wrong.
    """
    paths = SitePaths(root)
    site = load_site(paths.feeds)
    feeds = load_feeds(paths.feeds)
    plan = prepare(paths, site, options, report if report is not None else BuildReport(),
                   article_cache(paths, site))
    if left_out is not None:
        left_out.update(drafts=plan.drafts_left_out, future=plan.future_left_out)
    membership = feed_membership(select_feeds(feeds, site, plan.entries))
    return [{"published": e.published.isoformat(), "title": e.title, "id": e.id,
             "url": e.permalink, "source": e.article.source,
             "feeds": list(membership.get(e.id, ())), "draft": e.article.draft,
             "future": e.published > options.now}
            for e in plan.entries]
