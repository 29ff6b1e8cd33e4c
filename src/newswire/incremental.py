"""Not rendering again what the last build rendered from the same inputs.

An article page depends only on its entry, the feeds it belongs to, the
site and feed settings and newswire's own code and templates. Each build
records, for every page it published, a key summing those inputs and the
SHA-256 and size of the bytes it rendered (the ``pages`` table of the site's
database, :mod:`newswire.state.store`). The next build
reuses the bytes already in ``public/`` instead of rendering the page again
when the key is the same *and* the file still holds exactly the bytes that
were recorded; anything else (a file edited or deleted by hand, a missing or
damaged record, another newswire) means rendering it as usual. RFC 5005
archive documents of feeds, which never change once full, are reused the
same way (only those that validated without any finding). Reused bytes
are therefore always bytes newswire rendered from these very inputs, and the
output is the same as a build that renders everything.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from .model import Entry
from .safeio import read_own_file

__all__ = ["PageRecords", "document_key", "encoded_row_key", "listing_key", "listing_row_key",
           "page_key"]

_SKIPPED_FIELDS = frozenset({"article", "content_html", "summary"})


def page_key(fingerprint: str, entry: Entry, in_feeds: tuple[str, ...],
             shared: dict[int, tuple[object, object]] | None = None) -> str:
    """The key of an article page's inputs.

    The article counts by its source path and the digest of its bytes (its
    body, content and summary follow from those, the settings and the code);
    every other field of the entry (identity, dates, URLs, image size...)
    counts by value.

    Args:
        shared: the plain form of the tuples met so far (an entry's authors:
            most entries hold one of a few equal tuples, held once), by
            ``id()``, filled in here; pass one dict for the pages of one
            build. Each value is kept with its tuple, so no other object
            is given its ``id()`` while the dict lives.
    """
    # by position: which fields there are, in which order, is the code's,
    # which the fingerprint stands for
    values = [value if type(value) in _SCALARS else _shared_plain(value, shared)
              for value in map(entry.__getattribute__, _entry_fields(type(entry)))]
    text = repr((fingerprint, entry.article.source, entry.article.digest, values, in_feeds))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _shared_plain(value: object, shared: dict[int, tuple[object, object]] | None) -> object:
    """:func:`_plain` of ``value``, a tuple's looked up in ``shared`` first."""
    if shared is None or type(value) is not tuple:
        return _plain(value)
    found = shared.get(id(value))
    if found is None:
        found = shared[id(value)] = (value, _plain(value))
    return found[1]


@functools.cache
def _entry_fields(cls: type) -> tuple[str, ...]:
    """The fields of an entry class that count by value in :func:`page_key`."""
    return tuple(name for name in _field_names(cls) if name not in _SKIPPED_FIELDS)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, in order (None for another class):
    looked up once per class, not once per value."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


def listing_key(fingerprint: str, page: object, extra: object = (),
                rows: dict[int, bytes] | None = None) -> str:
    """The key of a listing page's inputs (a :class:`~.pages.paging.ListingPage`):
    its listing's kind, folder and title, its number and the number of
    pages, and of each entry what a list shows, by its
    :func:`listing_row_key`; ``extra`` counts by value. A page's key is
    thus made from its entries' row keys alone, which the site's database
    keeps beside their rows (:mod:`newswire.listrows`).

    Args:
        rows: the encoded row keys (:func:`encoded_row_key`) of the
            entries seen so far, by ``id()`` of the entry, filled in here;
            pass one dict for all the pages of one build (an entry is on
            the index and on the page of each of its tags, and a new
            article moves every entry after it to another page: each key
            is made once, not once per page), and only while those entries
            live.
            :class:`~newswire.listrows.ListingRows` keeps one such dict
            (:attr:`~newswire.listrows.ListingRows.keyed`) for the rows it
            makes, so that each entry's row key is made once a build.
    """
    listing = page.listing  # type: ignore[attr-defined]
    h = hashlib.sha256(repr((fingerprint, listing.kind, listing.folder, listing.title,
                             page.number, page.count,  # type: ignore[attr-defined]
                             extra)).encode("utf-8", "surrogatepass"))
    if rows is None:
        rows = {}
    parts = []
    for entry in page.entries:  # type: ignore[attr-defined]
        part = rows.get(id(entry))
        if part is None:
            part = rows[id(entry)] = _listing_row(entry)
        parts.append(part)
    # one update with the rows joined: the digest of the same bytes as an
    # update per row
    h.update(b"".join(parts))
    return h.hexdigest()


def listing_row_key(entry: Entry) -> str:
    """A digest (BLAKE2b, 16 bytes, hex) of what a listing page shows of an
    entry and counts of it: id, URL, title, publication and update dates (as
    ISO 8601, with their offsets: the date shown is in them), summary and
    language."""
    text = repr((entry.id, entry.permalink, entry.title, entry.published.isoformat(),
                 entry.updated.isoformat(), entry.summary, entry.lang))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _listing_row(entry: Entry) -> bytes:
    """What :func:`listing_key` counts of one entry: a NUL, then its
    :func:`listing_row_key` (ASCII)."""
    return encoded_row_key(listing_row_key(entry))


def encoded_row_key(key: str) -> bytes:
    """A :func:`listing_row_key` as :func:`listing_key` counts it: a NUL,
    then the key (ASCII)."""
    return b"\0" + key.encode("ascii")


def _entry_values(entry: Entry) -> tuple[object, ...]:
    return (entry.article.source, entry.article.digest,
            tuple([_plain(getattr(entry, name)) for name in _entry_fields(type(entry))]))


def document_key(fingerprint: str, document: object, fmt: str) -> str:
    """The key of a feed document's inputs (a ``FeedDocument`` and its format):
    its entries count as in :func:`page_key`, every other field by value."""
    values = [(f.name, tuple(_entry_values(e) for e in getattr(document, f.name))
               if f.name == "entries" else _plain(getattr(document, f.name)))
              for f in dataclasses.fields(document)]  # type: ignore[arg-type]
    text = repr((fingerprint, fmt, values))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: object) -> object:
    """``value`` with every datetime as its ISO 8601 text: the moment and offset
    pages show, whichever ``tzinfo`` object carries them (a zone when read from
    the article, a fixed offset when read back from the state file)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is datetime:
        return value.isoformat()  # type: ignore[attr-defined]
    if kind is tuple or kind is list:
        return tuple([_plain(v) for v in value])  # type: ignore[attr-defined]
    names = _field_names(kind)
    if names is not None:  # the class by name, its fields by position
        return (kind.__name__, *[_plain(getattr(value, name)) for name in names])
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((repr(k), _plain(v)) for k, v in value.items()))
    return value


class PageRecords:
    """Article pages of the last build (path → key, SHA-256 and size of the
    bytes written), and those of this build as they are decided.

    Args:
        public: the output folder the recorded paths are relative to.
        fingerprint: :func:`newswire.state.digests.fingerprint` of this
            newswire and the site and feed settings.
        recorded: the last build's records (path → (key, sha256, size)), as
            :meth:`newswire.state.store.Store.pages` returns them.
    """

    def __init__(self, public: Path, fingerprint: str,
                 recorded: Mapping[str, tuple[str, str, int]] | None = None) -> None:
        self.public = public
        self.fingerprint = fingerprint
        self.recorded = dict(recorded or {})
        self.current: dict[str, tuple[str, str, int]] = {}

    def document(self, path: str, key: str) -> bytes | None:
        """The bytes of ``public/path`` when the last build rendered them from
        ``key`` and they are still exactly what it wrote (then they count as
        this build's too); else None: render, then :meth:`rendered`."""
        data = self._recorded_bytes(path, key)
        if data is not None:
            self.current[path] = self.recorded[path]
        return data

    def reuse(self, path: str, key: str, keep: Callable[[str, str], bool]) -> bool:
        """True when the last build rendered ``path`` from ``key`` and
        ``keep(path, sha256)`` staged the file as unchanged (then it counts as
        this build's too); else False: render, then :meth:`rendered`."""
        record = self.recorded.get(path)
        if record is None or record[0] != key or not keep(path, record[1]):
            return False
        self.current[path] = record
        return True

    def rendered(self, path: str, key: str, data: bytes) -> None:
        """Record that ``data`` was rendered for ``path`` from ``key``."""
        self.record(path, key, hashlib.sha256(data).hexdigest(), len(data))

    def record(self, path: str, key: str, sha256: str, size: int) -> None:
        """Record that bytes of digest ``sha256`` and ``size`` bytes were
        rendered for ``path`` from ``key`` (somewhere else)."""
        self.current[path] = (key, sha256, size)

    def _recorded_bytes(self, path: str, key: str) -> bytes | None:
        record = self.recorded.get(path)
        if record is None or record[0] != key:
            return None
        try:
            data = read_own_file(self.public / path)
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == record[1] else None

    def records(self) -> dict[str, tuple[str, str, int]]:
        """This build's records (path → (key, sha256, size)), for the next build."""
        return dict(sorted(self.current.items()))
