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

from collections.abc import Iterable, Mapping, Sequence

from .incremental import encoded_row_key, listing_row_key
from .model import Entry
from .pages import PageRenderer
from .pages.paging import ListingPage

__all__ = ["RECORD", "ListingRows", "row_key"]

RECORD = "listing-rows"
"""The name of the database record saying which fingerprint the kept rows
were made under (see :meth:`ListingRows.record`)."""

_OPEN = '<ol class="entries">\n'
_CLOSE = "</ol>\n"
_EMPTY = _OPEN + _CLOSE


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
        self.site = renderer.site
        self.feeds = renderer.feeds
        self.fingerprint = fingerprint
        self._kept: Mapping[str, tuple[str, str]] = (
            (kept or {}) if isinstance(stored, dict) and stored.get("fingerprint") == fingerprint
            else {})
        self._rows: dict[str, tuple[str, str]] = {}  # this build's, by entry id
        # the row of each entry object met, by id(): an entry is on several
        # pages; the entry is held too, so its id() is not given to another
        self._met: dict[int, tuple[Entry, str]] = {}
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
        around = self.renderer.listing_page(
            ListingPage(listing, page.number, page.count, ()), browse).decode("utf-8")
        at = around.find(_EMPTY)
        if at < 0 or around.find(_EMPTY, at + 1) >= 0:
            return self._whole(page, browse)
        rows = self.rows(page.entries)
        if rows is None:
            return self._whole(page, browse)
        data = "".join((around[:at], _OPEN, *rows, around[at + len(_OPEN):])).encode("utf-8")
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
        self._met.clear()
        self.keyed.clear()  # its entries are no longer held here
        return self.renderer.listing_page(page, browse)

    # -- rows -------------------------------------------------------------

    def rows(self, entries: Sequence[Entry]) -> list[str] | None:
        """The ``<li>`` of each of ``entries`` (kept, or rendered now, all
        missing ones in one go), or None when the templates do not give one
        row per entry."""
        met = self._met
        missing: dict[str, tuple[Entry, str]] = {}
        for entry in entries:
            if id(entry) in met:
                continue
            key = self._key(entry)
            found = self._rows.get(entry.id) or self._kept.get(entry.id)
            if found is None or found[0] != key or not _is_row(found[1]):
                missing.setdefault(entry.id, (entry, key))
            else:
                self._rows[entry.id] = found
                met[id(entry)] = (entry, found[1])
        if missing:
            made = self._render([entry for entry, _ in missing.values()])
            if made is None:
                return None
            for (entry, key), row in zip(missing.values(), made):
                self._rows[entry.id] = (key, row)
                met[id(entry)] = (entry, row)
            self.rendered += len(made)
        return [met[id(e)][1] if id(e) in met else self._rows[e.id][1] for e in entries]

    def _key(self, entry: Entry) -> str:
        """:func:`row_key` of ``entry``, made once (see :attr:`keyed`)."""
        part = self.keyed.get(id(entry))
        if part is None:
            key = row_key(entry)
            self.keyed[id(entry)] = encoded_row_key(key)
            return key
        return part[1:].decode("ascii")

    def _render(self, entries: list[Entry]) -> list[str] | None:
        """Rows for ``entries``: ``_entries.html`` rendered for all of them
        at once and cut at each row's start (a line beginning ``<li``: the
        values in a row are escaped, so no ``<`` of theirs starts a line);
        None when that does not give one row per entry."""
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
        return rows

    # -- the record -------------------------------------------------------

    def to_rows(self, entries: Iterable[Entry]) -> dict[str, tuple[str, str]] | None:
        """The rows to keep for the next build: those of ``entries`` (the
        build's entries; rows of entries gone are dropped), made or kept,
        entry id → (row key, row); None when this build could not make
        pages from rows (then none is kept)."""
        if not self._usable:
            return None
        rows = {}
        for entry in entries:
            found = self._rows.get(entry.id) or self._kept.get(entry.id)
            if found is not None and _is_row(found[1]):
                rows[entry.id] = found
        return rows

    def record(self) -> dict[str, str]:
        """The record :data:`RECORD` to keep beside the rows: the
        fingerprint they were made under."""
        return {"fingerprint": self.fingerprint}


def _is_row(row: str) -> bool:
    """True for text that may be a row :meth:`ListingRows._render` made
    (anything else kept is not used: a row is checked against the templates
    only on the first page of a build)."""
    return row.startswith("<li") and row.endswith("</li>\n")
