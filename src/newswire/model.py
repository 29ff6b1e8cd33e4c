"""The article model: frozen values, timezone-aware datetimes, no I/O.

Readers (``newswire.readers``) produce :class:`Article` values; the build
gives each its permanent identity (:class:`Identity`) and hands both to the
feed and page writers together as an :class:`Entry`, whose sanitized
``content_html`` replaces the article's unsanitized ``body_html``.

A build holds no body in memory: an entry's ``content_html`` may be None,
meaning *stored*: the sanitized body is in the site's database, and the
feed items and pages that publish it fetch it there just before they are
written (:class:`newswire.bodies.Bodies`). Writers are always given
entries with their ``content_html`` filled in.
"""

from __future__ import annotations

import collections
import itertools
import operator
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

__all__ = ["Article", "Author", "Enclosure", "Entry", "Identity", "Media"]


@dataclass(frozen=True, slots=True)
class Author:
    """A person or desk credited with an article.

    RSS 2.0 ``author`` needs ``email``; without one feeds write
    ``dc:creator``. Atom (RFC 4287 §3.2) uses name, email and uri.
    """

    name: str
    email: str | None = None
    uri: str | None = None


@dataclass(frozen=True, slots=True)
class Media:
    """An audio or video file attached to an article (front matter ``audio``
    or ``video``, README "Articles"), as the article gives it.

    Attributes:
        kind: ``"audio"`` or ``"video"``.
        src: a path relative to the article file (``"episode.mp3"``;
            ``"/media/x.mp3"`` is relative to ``content/``), or an absolute
            http(s) URL.
        length: size in bytes given in front matter, or None (read from the
            file when it is local; required for a remote file).
        type: MIME type given in front matter (``audio/mpeg``), or None.
        duration: playing time in whole seconds given in front matter, or
            None (read from a local file).
        transcript: path or URL of a transcript (WebVTT, SRT, HTML, text,
            JSON), or None.
        chapters: path or URL of a Podcasting 2.0 JSON chapters file, or None.
        line: 1-based line of the key in the article's source, for messages.
    """

    kind: str
    src: str
    length: int | None = None
    type: str | None = None
    duration: int | None = None
    transcript: str | None = None
    chapters: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Enclosure:
    """An article's audio or video resolved for publishing: RSS 2.0
    ``enclosure``, Atom ``link rel="enclosure"`` (RFC 4287 §4.2.7.2), JSON
    Feed 1.1 ``attachments``, and the player on the article page.

    Attributes:
        kind: ``"audio"`` or ``"video"``.
        url: absolute URL of the file.
        length: size in bytes (read from a local file, else as given).
        type: MIME type (``audio/mpeg``, ``video/mp4``...).
        duration: playing time in whole seconds, or None when unknown.
        transcript_url, transcript_type: absolute URL and MIME type of the
            transcript, or None.
        chapters_url: absolute URL of the JSON chapters file, or None.
    """

    kind: str
    url: str
    length: int
    type: str
    duration: int | None = None
    transcript_url: str | None = None
    transcript_type: str | None = None
    chapters_url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from its source file, before identity is assigned.

    Attributes:
        source: path of the file relative to ``content/``, POSIX form
            (``"2019/04/handshake.md"``); the article's key in the site state.
        title: plain text, never markup.
        body_html: the body as an HTML fragment, not yet sanitized; ``""``
            in an :class:`Entry`'s article, whose body is its sanitized
            ``content_html``.
        summary: plain-text standfirst, or None.
        published: publication date-time, timezone-aware, or None when the
            file gives none.
        updated: last-modified date-time, timezone-aware, or None.
        authors: credited authors, in the order given.
        tags: tags in the order given, duplicates removed.
        category: the section the article belongs to, or None.
        image: URL or content-relative path of the lead image, or None.
        image_alt: alternative text for ``image``.
        url: canonical URL when the article lives elsewhere, or None.
        slug: the last URL segment requested by the file, or None.
        id: the permanent identifier given by the file, or None.
        draft: True for drafts, left out unless ``--drafts``.
        lang: BCP 47 language tag of the article, or None for the site's.
        audio, video: the article's audio and video files, or None.
        extra: front-matter keys newswire does not use, kept as given.
        digest: SHA-256 hex digest of the source bytes (and sidecar).
        body_line: 1-based line of the source where the body starts.
    """

    source: str
    title: str
    body_html: str
    summary: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    authors: tuple[Author, ...] = ()
    tags: tuple[str, ...] = ()
    category: str | None = None
    image: str | None = None
    image_alt: str | None = None
    url: str | None = None
    slug: str | None = None
    id: str | None = None
    draft: bool = False
    lang: str | None = None
    extra: tuple[tuple[str, Any], ...] = ()
    audio: Media | None = None
    video: Media | None = None
    digest: str = ""
    body_line: int = 1

    def __post_init__(self) -> None:
        for name in ("published", "updated"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"Article.{name} must be timezone-aware, got {value!r}")


@dataclass(frozen=True, slots=True)
class Identity:
    """The permanent identity of a published article (README "Identity").

    Attributes:
        id: the guid / atom:id / JSON Feed id; an absolute URI.
        path: the page's URL path below the site root, ending in ``/``
            (``"2019/04/the-handshake/"``).
        first_published: when a build first published the article,
            timezone-aware; the publication date of undated articles.
    """

    id: str
    path: str
    first_published: datetime


@dataclass(frozen=True, slots=True)
class Entry:
    """An article ready to be written: content, identity and resolved URLs.

    Attributes:
        article: the article as read, without its unsanitized body
            (``body_html`` is ``""``; :func:`~newswire.entries.make_entry`
            drops it once ``content_html`` is made, so that a build holds
            one copy of each body): every other field as read.
        identity: its permanent identity.
        permalink: absolute URL of its page on this site.
        link: the URL feeds point readers at: ``article.url`` when the
            article lives elsewhere, else ``permalink``.
        published: publication date-time, timezone-aware (the article's, or
            the first-publication moment for undated articles).
        updated: ``article.updated`` or ``published``, never earlier than
            ``published``.
        content_html: the sanitized body, every URL absolute; None when it
            is stored: held in the ``articles`` row of ``article.source`` in
            the site's database (made from the bytes of ``article.digest``
            for this identity, :func:`~newswire.entries.html_key`), and
            fetched with :meth:`newswire.bodies.Bodies.filled` where it is
            written out. Feed and page writers require it filled in.
        summary: plain-text summary (the article's, or taken from the body).
        authors: the article's authors, else the site's default author.
        image_url: absolute URL of the lead image, or None.
        image_width, image_height: its size in pixels, when read from a
            local file under ``content/``, else None.
        image_length: its size in bytes, when local, else None.
        enclosures: the article's audio then video, resolved (see
            :mod:`newswire.media`); the first is the RSS enclosure.
        lang: BCP 47 language tag (article's or site's), or None.
    """

    article: Article
    identity: Identity
    permalink: str
    link: str
    published: datetime
    updated: datetime
    content_html: str | None
    summary: str
    authors: tuple[Author, ...] = ()
    image_url: str | None = None
    lang: str | None = None
    image_width: int | None = None
    image_height: int | None = None
    image_length: int | None = None
    enclosures: tuple[Enclosure, ...] = ()

    @property
    def id(self) -> str:
        """The permanent guid / atom:id / JSON Feed id."""
        return self.identity.id

    @property
    def title(self) -> str:
        """The plain-text title."""
        return self.article.title


def _pickled_by_position(cls: type) -> None:
    """Pickle ``cls`` (a frozen, slotted dataclass) as the tuple of its field
    values, read and set by C loops: page workers are sent every entry they
    render, listing pages fifty at a time (:mod:`newswire.parallel`), and the
    per-field Python loops of the state ``dataclasses`` writes for slotted
    classes cost three times as much."""
    names = tuple(f.name for f in fields(cls))
    values = operator.attrgetter(*names)
    drain = collections.deque(maxlen=0).extend

    def __getstate__(self: object) -> tuple[object, ...]:
        return values(self)  # type: ignore[no-any-return]

    def __setstate__(self: object, state: tuple[object, ...]) -> None:
        drain(map(object.__setattr__, itertools.repeat(self, len(names)), names, state))
    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]


for _cls in (Author, Media, Enclosure, Article, Identity, Entry):
    _pickled_by_position(_cls)
del _cls
