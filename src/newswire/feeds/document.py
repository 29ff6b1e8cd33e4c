"""What a feed document holds, whatever its format."""

from __future__ import annotations

import posixpath
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from ..config import FeedConfig, SiteConfig
from ..model import Entry

__all__ = ["FEED_MEDIA_TYPES", "IMAGE_TYPES", "FeedDocument", "derived_feed_id", "feed_file",
           "feed_url", "guess_type"]

_FILE_NAMES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
_ARCHIVE_NAMES = {"rss": "rss-{n}.xml", "atom": "atom-{n}.xml", "json": "feed-{n}.json"}
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


FEED_MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml",
                    "json": "application/feed+json"}
"""The media type of each feed format (RSS Advisory Board; RFC 4287 §7;
JSON Feed 1.1), for links, autodiscovery and HTTP Content-Type."""


def feed_file(feed: FeedConfig, fmt: str, archive: int | None = None) -> str:
    """Path below ``public/`` of a feed's document in ``fmt``.

    ``feeds/main/rss.xml``, ``feeds/main/atom.xml``, ``feeds/main/feed.json``;
    archive page ``n`` (1 = oldest): ``feeds/main/archive/rss-1.xml`` and so on.
    """
    if archive is None:
        return f"{feed.path}/{_FILE_NAMES[fmt]}"
    return f"{feed.path}/archive/{_ARCHIVE_NAMES[fmt].format(n=archive)}"


def feed_url(site: SiteConfig, feed: FeedConfig, fmt: str, archive: int | None = None) -> str:
    """Absolute URL of :func:`feed_file`."""
    return site.base_url + feed_file(feed, fmt, archive)


IMAGE_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".jpe": "image/jpeg", ".jfif": "image/jpeg",
    ".png": "image/png", ".apng": "image/apng", ".gif": "image/gif", ".webp": "image/webp",
    ".avif": "image/avif", ".svg": "image/svg+xml", ".svgz": "image/svg+xml",
    ".bmp": "image/bmp", ".ico": "image/vnd.microsoft.icon", ".tif": "image/tiff",
    ".tiff": "image/tiff", ".heic": "image/heic", ".heif": "image/heif", ".jxl": "image/jxl"}
"""Extension of an image file -> its media type (IANA's media types registry).
A fixed table, not :mod:`mimetypes`: that one also reads the machine's
``/etc/mime.types`` (Python 3.11 alone does not know ``.webp``, older
systems call ``.bmp`` ``image/x-ms-bmp``), and the bytes of a feed must not
depend on the machine that built it."""


def guess_type(url: str) -> str:
    """Media type of the image at ``url`` from its path's extension (any
    case; query and fragment ignored): :data:`IMAGE_TYPES`, else
    ``application/octet-stream``. The same on every machine."""
    extension = posixpath.splitext(urlsplit(url).path)[1].lower()
    return IMAGE_TYPES.get(extension, "application/octet-stream")


def derived_feed_id(base_url: str, name: str) -> str:
    """``urn:uuid:`` + UUIDv5 of the site URL and feed name (RFC 4287 §4.2.6).

    Recorded in the site's state by the first build, so moving the site to
    another ``base_url`` keeps it.
    """
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}#feed={name}"))


@dataclass(frozen=True)
class FeedDocument:
    """One document of one feed: the subscription document or an archive page.

    Attributes:
        feed, site: the settings it is written from.
        entries: its entries, newest first.
        fmt_urls: absolute URL of this document in each format written
            (``{"rss": ..., "atom": ...}``); the format's own is the self link.
        hub: WebSub hub URL, or None.
        archive: True for an RFC 5005 archive document (``fh:archive``).
        current: RFC 5005 ``current`` link per format (archives only).
        prev_archive, next_archive: RFC 5005 links per format, or empty.
        stylesheet: URL of a CSS file browsers use to show the feed, or None.
        not_before: earliest ``updated`` the document may state (timezone-
            aware); an empty RFC 5005 archive page takes the date of the page
            before it instead of 1970.
        home_url: the web page the feed belongs to (the site root).
        episode_numbers: a serial podcast's ``itunes:episode`` number per
            entry id (1 = the oldest episode of the feed), or None.
    """

    feed: FeedConfig
    site: SiteConfig
    entries: tuple[Entry, ...]
    fmt_urls: dict[str, str]
    hub: str | None = None
    archive: bool = False
    current: dict[str, str] | None = None
    prev_archive: dict[str, str] | None = None
    next_archive: dict[str, str] | None = None
    stylesheet: str | None = None
    not_before: datetime | None = None
    recorded_id: str | None = None
    episode_numbers: dict[str, int] | None = None
    show_guid: str | None = None

    @property
    def home_url(self) -> str:
        """The site's root URL: the channel link / alternate link."""
        return self.site.base_url

    @property
    def feed_id(self) -> str:
        """The feed's permanent atom:id, shared by its archive documents: the
        one the site's state recorded, else :func:`derived_feed_id`."""
        return self.recorded_id or derived_feed_id(self.site.base_url, self.feed.name)

    @property
    def updated(self) -> datetime:
        """Newest ``updated`` of its entries (never the wall clock); when empty,
        ``not_before`` (for a feed, the moment it became empty), else 1970."""
        return max((e.updated for e in self.entries), default=self.not_before or EPOCH)

    @property
    def title(self) -> str:
        """The feed's title, prefixed with the site's unless it names the site
        already (``Example Wire podcast``, a show's name as written)."""
        if not self.site.title or self.site.title.casefold() in self.feed.title.casefold():
            return self.feed.title
        return f"{self.site.title}: {self.feed.title}"

    @property
    def description(self) -> str:
        """The feed's description, else the site's, else its title."""
        return self.feed.description or self.site.description or self.title
