"""Articles plus identities become :class:`~newswire.model.Entry` values.

This is where URLs are resolved (permalink, link, image) and the body is
sanitized, once, for every writer; the unsanitized body is not kept past
this point. No I/O.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import PurePosixPath
from urllib.parse import urljoin

from .config import FeedConfig, SiteConfig
from .model import Article, Entry, Identity
from .sanitize import id_prefix, sanitize_html, summarize
from .urls import encode_reference

__all__ = ["entry_html", "html_key", "is_published", "lead_image_url", "make_entry",
           "newest_first", "select"]


def _folder_url(base_url: str, source: str) -> str:
    parts = source.split("/")
    parent = "/".join(parts[:-1]) if "" not in parts and "." not in parts \
        else PurePosixPath(source).parent.as_posix()  # a source not in canonical form
    return base_url if parent in ("", ".") else f"{base_url}{parent}/"


def html_key(article: Article, identity: Identity, site: SiteConfig) -> str:
    """Everything besides the article and newswire's code that its sanitized
    HTML and summary depend on (the page's URL and folder, the id its element
    ids are prefixed with), as text: equal
    keys for the same article bytes give the same ``html`` in :func:`make_entry`."""
    return (f"{site.base_url + identity.path}\0{_folder_url(site.base_url, article.source)}"
            f"\0{identity.id}")


def entry_html(article: Article, identity: Identity, site: SiteConfig) -> tuple[str, str]:
    """``(content_html, summary)`` of :func:`make_entry`: the body sanitized
    with every URL made absolute against the page (``identity.path``) and the
    article's folder, element ids prefixed for ``identity.id``; the summary is
    the article's, else the body's lead, else the title. Depends only on the
    article and :func:`html_key` (``identity.first_published`` is not used),
    so a worker can make it for the identity an article is expected to get."""
    permalink = site.base_url + identity.path
    folder = _folder_url(site.base_url, article.source)
    content = sanitize_html(article.body_html, permalink, folder, id_prefix(identity.id))
    # An empty or blank summary is a missing one: the body's lead, else the
    # title, so no output is left with an empty summary or description.
    summary = (article.summary or "").strip() or summarize(content) or article.title
    return content, summary


def make_entry(article: Article, identity: Identity, site: SiteConfig,
               html: tuple[str | None, str] | None = None) -> Entry:
    """Resolve an article's URLs, dates and HTML against its identity.

    ``published`` falls back to the first-publication moment; ``updated``
    is never earlier than ``published``. A relative ``image`` resolves against
    the folder of the article file (``content/`` is published as the site
    root); the site's ``default_image`` against ``base_url``.

    ``html`` is ``(content_html, summary)`` as an earlier call made them for
    the same article bytes and :func:`html_key` (sanitizing is the costly
    part), or None to make them (:func:`entry_html`). A ``content_html`` of
    None makes an entry whose body is stored (see
    :attr:`newswire.model.Entry.content_html`).

    The entry's ``article`` is ``article`` without its unsanitized body
    (``body_html`` is ``""``): every later stage reads the sanitized
    ``content_html``, and a build holds one copy of each body, not two
    (see :attr:`newswire.model.Entry.article`). A summary equal to the
    article's is the article's very string.
    """
    permalink = site.base_url + identity.path
    content, summary = html if html is not None else entry_html(article, identity, site)
    if summary is not article.summary and summary == article.summary:
        summary = article.summary  # made again or read back: held once, not twice
    published = article.published or identity.first_published
    updated = max(article.updated or published, published)
    image_url = lead_image_url(article, site)
    return Entry(
        article=replace(article, body_html="") if article.body_html else article,
        identity=identity,
        permalink=permalink,
        link=article.url or permalink,
        published=published,
        updated=updated,
        content_html=content,
        summary=summary,
        authors=article.authors or site.authors,
        image_url=image_url,
        lang=article.lang or site.language,
    )


def lead_image_url(article: Article, site: SiteConfig) -> str | None:
    """The absolute URL of an article's lead image, or None.

    A relative ``image`` resolves against the folder of the article file
    (``content/`` is published as the site root); the site's
    ``default_image`` against ``base_url``. Readers refuse an ``image`` that
    is not an http(s) URL or a path (:func:`~newswire.urls.check_url_reference`);
    anything that still does not resolve to one gives None.
    """
    try:
        if article.image:
            url = urljoin(_folder_url(site.base_url, article.source), _encoded(article.image))
        elif site.default_image:
            url = urljoin(site.base_url, _encoded(site.default_image))
        else:
            return None
    except ValueError:  # urlsplit: brackets that hold no IPv6 address
        return None
    return url if url.startswith(("http://", "https://")) else None


def _encoded(value: str) -> str:
    """An ``image`` value as a URL reference: see :func:`~newswire.urls.encode_reference`."""
    return encode_reference(value)


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Entries newest first; equal dates ordered by id, so output never depends
    on file-system order."""
    return sorted(sorted(entries, key=lambda e: e.id),
                  key=lambda e: e.published, reverse=True)


def _folded(values: Iterable[str]) -> set[str]:
    return {v.casefold() for v in values}


def select(feed: FeedConfig, entries: Sequence[Entry]) -> list[Entry]:
    """The entries a feed holds (README "Feeds"), newest first, all of them.

    Selection: every ``include_*`` list that is set must match (tags, category,
    author names: case-insensitive; paths: globs on the path below
    ``content/``); any ``exclude_tags`` match leaves the entry out.
    """
    tags, cats = _folded(feed.include_tags), _folded(feed.include_categories)
    authors, excluded = _folded(feed.include_authors), _folded(feed.exclude_tags)
    chosen = []
    for entry in entries:
        if feed.podcast is not None and not entry.enclosures:
            continue
        a = entry.article
        entry_tags = _folded(a.tags)
        if tags and not tags & entry_tags:
            continue
        if cats and (a.category or "").casefold() not in cats:
            continue
        if authors and not authors & _folded(x.name for x in a.authors):
            continue
        if feed.include_paths and not any(fnmatch.fnmatchcase(a.source, g)
                                          for g in feed.include_paths):
            continue
        if excluded & entry_tags:
            continue
        chosen.append(entry)
    return newest_first(chosen)


def is_published(article: Article, now: datetime, drafts: bool, future: bool) -> bool:
    """False for drafts (unless ``drafts``) and articles dated after ``now``
    (unless ``future``). ``now`` is timezone-aware."""
    if article.draft and not drafts:
        return False
    if article.published is not None and article.published > now and not future:
        return False
    return True
