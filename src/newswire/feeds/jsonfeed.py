"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), standard library only."""

from __future__ import annotations

from typing import Any

from .. import jsonio
from ..model import Author, Enclosure, Entry
from .document import FeedDocument

__all__ = ["render_json"]

VERSION = "https://jsonfeed.org/version/1.1"


def _authors(authors: tuple[Author, ...]) -> list[dict[str, str]]:
    out = []
    for a in authors:
        item = {"name": a.name}
        if a.uri:
            item["url"] = a.uri
        out.append(item)
    return out


def _item(entry: Entry, summary_only: bool) -> dict[str, Any]:
    """JSON Feed 1.1 ``items[]`` member."""
    a = entry.article
    item: dict[str, Any] = {"id": entry.id, "url": entry.permalink}
    if entry.link != entry.permalink:
        item["external_url"] = entry.link
    item["title"] = entry.title
    if not summary_only:
        item["content_html"] = entry.content_html
    else:
        item["content_text"] = entry.summary
    item["summary"] = entry.summary
    if entry.image_url:
        item["image"] = entry.image_url
    item["date_published"] = entry.published.isoformat()
    item["date_modified"] = entry.updated.isoformat()
    if entry.authors:
        item["authors"] = _authors(entry.authors)
    tags = ([a.category] if a.category else []) + [t for t in a.tags if t != a.category]
    if tags:
        item["tags"] = tags
    if entry.lang:
        item["language"] = entry.lang
    if entry.enclosures:
        item["attachments"] = [_attachment(media) for media in entry.enclosures]
    return item


def _attachment(media: Enclosure) -> dict[str, Any]:
    """JSON Feed 1.1 ``attachments[]`` member: url, mime_type, size_in_bytes
    and, when known, duration_in_seconds."""
    out: dict[str, Any] = {"url": media.url, "mime_type": media.type,
                           "size_in_bytes": media.length}
    if media.duration is not None:
        out["duration_in_seconds"] = media.duration
    return out


def render_json(doc: FeedDocument) -> bytes:
    """The document as JSON Feed 1.1 bytes (UTF-8, indented, trailing newline).

    Archive pages link to the next older page with ``next_url`` (JSON Feed
    pagination); WebSub hubs go in ``hubs``.
    """
    obj: dict[str, Any] = {
        "version": VERSION,
        "title": doc.title,
        "home_page_url": doc.home_url,
        "feed_url": doc.fmt_urls["json"],
        "description": doc.description,
    }
    if doc.prev_archive and "json" in doc.prev_archive:
        obj["next_url"] = doc.prev_archive["json"]
    if doc.site.language:
        obj["language"] = doc.site.language
    if doc.site.authors:
        obj["authors"] = _authors(doc.site.authors)
    if doc.hub:
        obj["hubs"] = [{"type": "WebSub", "url": doc.hub}]
    if doc.archive:
        obj["expired"] = False
    obj["items"] = [_item(e, doc.feed.summary_only) for e in doc.entries]
    return (jsonio.dumps(obj, indent=2) + "\n").encode("utf-8")
