"""listing_key: what a listing page shows decides its key, whether each
entry's row is made afresh or taken from the rows of earlier pages."""

from __future__ import annotations

from dataclasses import replace

from newswire.incremental import listing_key
from newswire.pages.paging import index_listing, tag_listings

from .conftest import entry


def _pages(entries):
    return index_listing("Example Wire", entries).pages(size=2)


def test_rows_taken_from_earlier_pages_give_the_same_key() -> None:
    entries = [entry(f"s{n}.md", f"Story {n}", days=-n, tags=("harbour",)) for n in range(5)]
    rows: dict[int, bytes] = {}
    pages = _pages(entries) + [p for t in tag_listings(entries) for p in t.listing.pages(size=2)]
    with_rows = [listing_key("fp", page, (), rows) for page in pages]
    assert with_rows == [listing_key("fp", page) for page in pages]
    assert len(rows) == 5 and len(set(with_rows)) == len(pages)


def test_what_a_list_shows_changes_the_key() -> None:
    entries = [entry(f"s{n}.md", f"Story {n}", days=-n) for n in range(3)]
    first = _pages(entries)[0]
    key = listing_key("fp", first)
    retitled = [replace(entries[0], article=replace(entries[0].article, title="Story 0, new"))]
    retitled += entries[1:]
    assert listing_key("fp", _pages(retitled)[0]) != key
    assert listing_key("fp", _pages(entries)[1]) != key  # another page number
    assert listing_key("other settings", first) != key
    assert listing_key("fp", first, ("browse",)) != key
    assert listing_key("fp", _pages(entries)[0]) == key
