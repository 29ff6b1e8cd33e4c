"""Listing pages made from rows rendered once: each entry's ``<li>`` kept.

A listing page (the index and its numbered pages, a tag's or a category's
pages, a feed's pages after the first; :mod:`newswire.pages.paging`) shows
fifty entries, one ``<li>`` each, and an entry is on several listings. When
an article is added, every page after the place it takes shows other
entries (pages are numbered from the newest), so hundreds of pages are made
again, almost all from rows already rendered by the last build.

:class:`ListingRows` renders the page around an empty list (``_entries.html``
given no entries) and puts the entries' rows into it, each row rendered by
``_entries.html`` once and kept in the site's database for the next build
(the table ``listing_rows``, one row per entry, of which a build writes only
those that changed; the record :data:`RECORD` ties them to the page
records' fingerprint: this newswire, its templates, the site and feed
settings). A row counts by what a listing shows of its entry (id, URL, title, dates,
summary, language: :func:`~newswire.incremental.listing_row_key`), so a row
is rendered again when one of those changes; the same key counts the entry
in the key of every listing page showing it
(:func:`~newswire.incremental.listing_key`), made once per entry for both
(:attr:`ListingRows.keyed`).

The bytes are those of :meth:`~newswire.pages.PageRenderer.listing_page`:
the first page made this way in a build is also rendered whole and the two
compared; when they differ (the templates put something else around or
between the rows), every page of the build is rendered whole and no row is
kept. Pages that show entries in another form (a feed's first page) are
always rendered whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass

from .incremental import encoded_row_key, listing_row_key
from .model import Entry
from .pages import PageRenderer
from .pages.paging import ListingPage

__all__ = ["RECORD", "KeptRows", "ListingRows", "RowsToWrite", "row_key"]

RECORD = "listing-rows"
"""The name of the database record saying which fingerprint the kept rows
were made under (see :meth:`ListingRows.record`)."""

_OPEN = '<ol class="entries">\n'
_CLOSE = "</ol>\n"
_EMPTY = _OPEN + _CLOSE
_OPEN_BYTES = _OPEN.encode("ascii")
_EMPTY_BYTES = _EMPTY.encode("ascii")


def row_key(entry: Entry) -> str:
    """The key of an entry's row on a listing page: a digest of what a
    listing shows and counts of the entry (id, URL, title, dates, summary,
    language), :func:`~newswire.incremental.listing_row_key`."""
    return listing_row_key(entry)


class ListingRows:
    """The rows of a build's listing pages, and the pages made from them.

    Args:
        renderer: the build's page renderer.
        fingerprint: the page records' fingerprint
            (:attr:`~newswire.incremental.PageRecords.fingerprint`): rows
            kept under another are not used.
        stored: what :meth:`record` gave the last build (the database
            record :data:`RECORD`), or None; anything malformed counts as
            nothing kept.
        kept: the rows the last build kept (what :meth:`to_rows` gave it,
            entry id → (row key, row), as
            :meth:`~newswire.state.store.Store.listing_rows` reads them);
            used only under the fingerprint of ``stored``, and each only
            when it looks like a row (a kept row is checked when it is
            used: a build uses few of them, or all).

    Attributes:
        released: True once :meth:`release` let the rows go.
        spliced: pages made from kept or newly rendered rows so far.
        rendered: rows rendered by this build.
        keyed: each entry's row key as :func:`~newswire.incremental.listing_key`
            counts it (:func:`~newswire.incremental.encoded_row_key`), by
            ``id()`` of the entry: give it to ``listing_key`` as its
            ``rows`` for the pages of this build, so that each entry's key
            is made once for both (only while those entries live: the
            build's entries do).
    """

    def __init__(self, renderer: PageRenderer, fingerprint: str,
                 stored: object = None, kept: Mapping[str, tuple[str, str]] | None = None
                 ) -> None:
        self.renderer = renderer
        self._stored = stored
        self.released = False
        self.site = renderer.site
        self.feeds = renderer.feeds
        self.fingerprint = fingerprint
        self._kept: Mapping[str, tuple[str, str]] = (
            (kept or {}) if isinstance(stored, dict) and stored.get("fingerprint") == fingerprint
            else {})
        # this build's row of each entry met, by entry id (its key is in
        # ``keyed``; the entries of one build have one entry per id): those
        # rendered now as UTF-8 (text holding one character beyond Latin-1
        # takes two or four bytes a character: about 0.2 KB a row less),
        # those kept as the text the database gave. Every row of a large
        # site is held until its listing pages are made (an entry is on
        # several): about 0.4 KB a row.
        self._rows: dict[str, str | bytes] = {}
        # the entries whose row is in ``_rows`` (in a list: a pointer
        # each), so that the id() ``keyed`` holds its key by is not given
        # to another
        self._held: list[Entry] = []
        self.keyed: dict[int, bytes] = {}
        self._checked = False
        self._usable = True
        self.spliced = 0
        self.rendered = 0

    # -- pages ------------------------------------------------------------

    def listing_page(self, page: ListingPage, browse: tuple[tuple[str, str], ...] = ()
                     ) -> bytes:
        """The bytes :meth:`PageRenderer.listing_page` gives for ``page``."""
        listing = page.listing
        if not self._usable or (page.number == 1 and listing.kind == "feed"):
            return self.renderer.listing_page(page, browse)
        # spliced as UTF-8: the bytes of the text spliced and then encoded
        # (the list's tags are ASCII, which no multi-byte character holds)
        around = self.renderer.listing_page(
            ListingPage(listing, page.number, page.count, ()), browse)
        at = around.find(_EMPTY_BYTES)
        if at < 0 or around.find(_EMPTY_BYTES, at + 1) >= 0:
            return self._whole(page, browse)
        rows = self.rows(page.entries)
        if rows is None:
            return self._whole(page, browse)
        data = b"".join((around[:at], _OPEN_BYTES, *rows, around[at + len(_OPEN_BYTES):]))
        if not self._checked:  # once a build: the same bytes as rendering it whole
            self._checked = True
            if data != self.renderer.listing_page(page, browse):
                return self._whole(page, browse)
        self.spliced += 1
        return data

    def _whole(self, page: ListingPage, browse: tuple[tuple[str, str], ...]) -> bytes:
        """Stop splicing for this build: render ``page`` (and every later one) whole."""
        self._usable = False
        self._rows.clear()
        self._held.clear()
        self.keyed.clear()  # its entries are no longer held here
        return self.renderer.listing_page(page, browse)

    # -- rows -------------------------------------------------------------

    def rows(self, entries: Sequence[Entry]) -> list[bytes] | None:
        """The ``<li>`` of each of ``entries`` as UTF-8 (kept, or rendered
        now, all missing ones in one go), or None when the templates do not
        give one row per entry."""
        held = self._rows
        missing: dict[str, Entry] = {}
        for entry in entries:
            if entry.id in held:
                continue  # met on an earlier page
            code = self._code(entry)
            kept = self._kept.get(entry.id)
            if kept is not None and _is_row(kept[1]) and kept[0] == _key_text(code):
                held[entry.id] = kept[1]
                self._held.append(entry)
            else:
                missing[entry.id] = entry
        if missing:
            made = self._render(list(missing.values()))
            if made is None:
                return None
            for entry, row in zip(missing.values(), made):
                held[entry.id] = row
            self._held += missing.values()
            self.rendered += len(made)
        return [_utf8(held[e.id]) for e in entries]

    def _code(self, entry: Entry) -> bytes:
        """The key of ``entry``'s row as :attr:`keyed` holds it (a NUL, then
        :func:`row_key`, ASCII), made once."""
        code = self.keyed.get(id(entry))
        if code is None:
            code = self.keyed[id(entry)] = encoded_row_key(row_key(entry))
        return code

    def _render(self, entries: list[Entry]) -> list[bytes] | None:
        """Rows for ``entries``, as UTF-8: ``_entries.html`` rendered for all
        of them at once and cut at each row's start (a line beginning
        ``<li``: the values in a row are escaped, so no ``<`` of theirs
        starts a line); None when that does not give one row per entry (or
        a row is text UTF-8 cannot hold: the page is rendered whole)."""
        env = self.renderer.env
        text = env.get_template("_entries.html").render(
            entries=entries, page_lang=self.site.language or "en")
        if not (text.startswith(_OPEN) and text.endswith(_CLOSE)):
            return None
        inner = text[len(_OPEN):len(text) - len(_CLOSE)]
        if not inner.startswith("<li"):
            return None
        rows = ["<li" + part for part in inner[3:].split("\n<li")]
        rows = [row + "\n" for row in rows[:-1]] + rows[-1:]
        if len(rows) != len(entries) or not all(r.endswith("</li>\n") for r in rows):
            return None
        try:
            return [row.encode("utf-8") for row in rows]
        except UnicodeEncodeError:
            return None

    # -- the record -------------------------------------------------------

    def to_rows(self, entries: Iterable[Entry]) -> MutableMapping[str, tuple[str, str]] | None:
        """The rows to keep for the next build: those of ``entries`` (the
        build's entries; rows of entries gone are dropped), made or kept,
        entry id → (row key, row); None when this build could not make
        pages from rows (then none is kept). The rows made by this build
        stay UTF-8 until each is asked for (see :class:`KeptRows`)."""
        if not self._usable:
            return None
        if self.released:
            raise RuntimeError("the rows were let go")
        rows: dict[str, tuple[str | bytes, str | bytes]] = {}
        for entry in entries:
            made = self._rows.get(entry.id)
            if made is not None and id(entry) in self.keyed:
                rows[entry.id] = (self.keyed[id(entry)], made)
                continue
            found = self._kept.get(entry.id)
            if found is not None and _is_row(found[1]):
                rows[entry.id] = found
        return KeptRows(rows)

    def to_write(self, entries: Iterable[Entry]) -> RowsToWrite | None:
        """What the database needs to keep this build's rows, once its
        listing pages are made: the rows rendered by this build (those kept
        are there already) and the kept rows to delete (of entries gone, or
        not rows); None when this build could not make pages from rows (the
        build's record then keeps none: :meth:`to_rows`)."""
        if not self._usable:
            return None
        if self.released:
            raise RuntimeError("the rows were let go")
        entries = list(entries)
        if not isinstance(self._stored, dict) or \
                self._stored.get("fingerprint") != self.fingerprint:
            stale = None  # the rows in the database were made under another record
        else:  # (a row rendered again replaces its stale one)
            current = {entry.id for entry in entries}
            stale = sorted(i for i, (_, row) in self._kept.items()
                           if i not in current or not _is_row(row))
        made = sorted((e for e in entries if isinstance(self._rows.get(e.id), bytes)
                       and id(e) in self.keyed), key=lambda e: e.id)
        return RowsToWrite(self.record(), self._made_rows(made), stale)

    def _made_rows(self, entries: list[Entry]) -> Iterator[tuple[str, str, str]]:
        """(entry id, row key, row) of each of ``entries``, made one at a time."""
        for entry in entries:
            row = self._rows[entry.id]
            yield (entry.id, _key_text(self.keyed[id(entry)]),
                   row if isinstance(row, str) else row.decode("utf-8"))

    def release(self) -> None:
        """Let go of every row held (the database has them: :meth:`to_write`);
        no page is made, and nothing kept, by this object after."""
        self.released = True
        self._rows = {}
        self._held = []
        self.keyed = {}
        self._kept = {}

    def record(self) -> dict[str, str]:
        """The record :data:`RECORD` to keep beside the rows: the
        fingerprint they were made under."""
        return {"fingerprint": self.fingerprint}


@dataclass(frozen=True)
class RowsToWrite:
    """The rows a build keeps, as the database takes them
    (:meth:`~newswire.state.store.Store.write_listing_rows`).

    Attributes:
        record: the record :data:`RECORD` naming what the rows were made
            under (:meth:`ListingRows.record`).
        rows: the rows rendered by this build, (entry id, row key, row), in
            order of id, each made as it is taken (once: the rows of a
            large site are never all held as text).
        stale: ids of rows in the database to delete, before those rows
            are written; None: every row there was made under another
            record, and all are deleted.
    """

    record: dict[str, str]
    rows: Iterator[tuple[str, str, str]]
    stale: list[str] | None


def _key_text(code: bytes) -> str:
    """A row key as held (:func:`~newswire.incremental.encoded_row_key`) as
    the text the database keeps."""
    return code[1:].decode("ascii")


def _utf8(row: str | bytes) -> bytes:
    """A row as UTF-8 (a kept one is text)."""
    return row if isinstance(row, bytes) else row.encode("utf-8")


class KeptRows(MutableMapping[str, tuple[str, str]]):
    """The rows :meth:`ListingRows.to_rows` keeps: entry id → (row key, row
    text), each row held as UTF-8 bytes and each key as
    :attr:`ListingRows.keyed` holds it (or both as the text they were kept
    as), decoded when asked for: the database is given them one at a time
    (:meth:`~newswire.state.store.Store.commit`), and a dictionary of
    them all as text would be tens of megabytes at 100,000 articles."""

    def __init__(self, rows: dict[str, tuple[str | bytes, str | bytes]]) -> None:
        self._held = rows

    def __getitem__(self, entry_id: str) -> tuple[str, str]:
        key, row = self._held[entry_id]
        return (key if isinstance(key, str) else _key_text(key),
                row if isinstance(row, str) else row.decode("utf-8"))

    def __setitem__(self, entry_id: str, value: tuple[str, str]) -> None:
        self._held[entry_id] = value

    def __delitem__(self, entry_id: str) -> None:
        del self._held[entry_id]

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._held

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)


def _is_row(row: str) -> bool:
    """True for text that may be a row :meth:`ListingRows._render` made
    (anything else kept is not used: a row is checked against the templates
    only on the first page of a build)."""
    return row.startswith("<li") and row.endswith("</li>\n")
