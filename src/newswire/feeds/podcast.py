"""Podcast feeds: Apple Podcasts' ``itunes:`` tags and the Podcasting 2.0
namespace, added to an RSS 2.0 document while feedgen builds it.

* ``itunes:`` (namespace ``http://www.itunes.com/dtds/podcast-1.0.dtd``):
  feedgen's own podcast extension (``feedgen.ext.podcast`` and
  ``feedgen.ext.podcast_entry``, loaded with ``load_extension("podcast")``)
  writes author, owner, artwork, categories, show type and each episode's
  ``itunes:duration``.
* :class:`PodcastIndexExtension` and :class:`PodcastIndexEntryExtension`,
  registered with feedgen's ``register_extension``, write the Podcasting 2.0
  tags directories read (https://podcastindex.org/namespace/1.0):
  ``podcast:guid``, ``podcast:locked``, and per episode
  ``podcast:transcript`` and ``podcast:chapters``; and ``itunes:explicit``
  as Apple spells it today (``true``/``false``: feedgen 1.0 only writes the
  retired ``yes``/``no``/``clean``).
"""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import urljoin

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from ..config import PodcastSettings
from ..model import Entry
from .document import FeedDocument

__all__ = ["ITUNES_NS", "PODCAST_NS", "PodcastIndexEntryExtension", "PodcastIndexExtension",
           "add_episode", "artwork_url", "podcast_guid", "start_podcast"]

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
#: The Podcasting 2.0 namespace's UUID for ``podcast:guid`` (its ``guid`` tag).
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
CHAPTERS_TYPE = "application/json+chapters"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def podcast_guid(feed_url: str) -> str:
    """The show's ``podcast:guid``: UUIDv5 of the feed URL without its scheme
    and trailing slashes, in :data:`GUID_NAMESPACE` (Podcasting 2.0 ``guid``).

    >>> podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml")
    '917393e3-1b1e-5cef-ace4-edaa54e1f810'
    """
    return str(uuid.uuid5(GUID_NAMESPACE, _SCHEME.sub("", feed_url.strip()).rstrip("/")))


def artwork_url(settings: PodcastSettings, base_url: str) -> str | None:
    """Absolute URL of the show's artwork: ``itunes_image`` as given when it is
    an absolute URL, else resolved against the site root (it names a file
    below ``content/``)."""
    from ..entries import _encoded

    if settings.image is None:
        return None
    return urljoin(base_url, _encoded(settings.image.lstrip("/")))


class PodcastIndexExtension(BaseExtension):  # type: ignore[misc]
    """feedgen channel extension: ``podcast:locked``, ``podcast:guid`` and
    ``itunes:explicit``. Set values with :meth:`show`."""

    def __init__(self) -> None:
        self._guid: str | None = None
        self._locked: bool | None = None
        self._owner: str | None = None
        self._explicit: bool | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def show(self, guid: str, locked: bool, owner: str | None, explicit: bool) -> None:
        """The show's permanent guid (a UUID), whether it is locked against
        import by other platforms (``owner``: the e-mail address that may
        unlock it), and whether it is explicit."""
        self._guid, self._locked, self._owner, self._explicit = guid, locked, owner, explicit

    def extend_rss(self, rss_feed: Any) -> Any:
        channel = rss_feed[0]
        if self._explicit is not None:
            explicit = xml_elem(f"{{{ITUNES_NS}}}explicit", channel)
            explicit.text = "true" if self._explicit else "false"
        if self._locked is not None:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = "yes" if self._locked else "no"
            if self._owner:
                locked.set("owner", self._owner)
        if self._guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self._guid
        return rss_feed


class PodcastIndexEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """feedgen item extension: ``podcast:transcript`` and ``podcast:chapters``."""

    def __init__(self) -> None:
        self._transcript: tuple[str, str] | None = None
        self._chapters: str | None = None

    def transcript(self, url: str, media_type: str) -> None:
        """The episode's transcript: absolute URL and MIME type (``text/vtt``...)."""
        self._transcript = (url, media_type)

    def chapters(self, url: str) -> None:
        """The episode's JSON chapters file (``application/json+chapters``)."""
        self._chapters = url

    def extend_rss(self, entry: Any) -> Any:
        if self._transcript:
            xml_elem(f"{{{PODCAST_NS}}}transcript", entry,
                     url=self._transcript[0], type=self._transcript[1])
        if self._chapters:
            xml_elem(f"{{{PODCAST_NS}}}chapters", entry, url=self._chapters,
                     type=CHAPTERS_TYPE)
        return entry


def start_podcast(fg: FeedGenerator, doc: FeedDocument) -> None:
    """Load both extensions into ``fg`` (RSS only) and set the show's tags:
    ``itunes:author``, ``itunes:owner``, ``itunes:image``, ``itunes:category``
    (with subcategories), ``itunes:type``, ``itunes:explicit``,
    ``podcast:locked`` and ``podcast:guid`` (``podcast_guid`` if set, else
    the one the site's state recorded (``doc.show_guid``), else derived from
    the URL of the RSS subscription document, archive pages included). Call
    before adding entries."""
    settings = doc.feed.podcast
    assert settings is not None
    fg.load_extension("podcast", atom=False, rss=True)
    fg.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension,
                          atom=False, rss=True)
    author = settings.author or doc.site.author or doc.site.title
    fg.podcast.itunes_author(author)
    if settings.owner_name and settings.owner_email:
        fg.podcast.itunes_owner(name=settings.owner_name, email=settings.owner_email)
    image = artwork_url(settings, doc.site.base_url)
    if image:
        fg.podcast.itunes_image(image)
    if settings.categories:
        fg.podcast.itunes_category([{"cat": cat, **({"sub": sub} if sub else {})}
                                    for cat, sub in settings.categories])
    fg.podcast.itunes_type(settings.type)
    # the show's URL: an RFC 5005 archive page names the subscription feed as current
    show_url = (doc.current or doc.fmt_urls)["rss"]
    fg.podcastindex.show(settings.guid or doc.show_guid or podcast_guid(show_url),
                         settings.locked,
                         settings.owner_email, settings.explicit)


def add_episode(fe: Any, entry: Entry, number: int | None = None) -> None:
    """The episode's ``itunes:duration`` (whole seconds), ``podcast:transcript``
    and ``podcast:chapters``, from its first enclosure; ``itunes:episode`` when
    ``number`` is given (serial shows, which Apple presents in that order)."""
    if not entry.enclosures:
        return
    if number is not None:
        fe.podcast.itunes_episode(number)
    media = entry.enclosures[0]
    if media.duration:
        fe.podcast.itunes_duration(str(media.duration))
    if media.transcript_url and media.transcript_type:
        fe.podcastindex.transcript(media.transcript_url, media.transcript_type)
    if media.chapters_url:
        fe.podcastindex.chapters(media.chapters_url)
