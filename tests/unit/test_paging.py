"""Listing pages: term slugs and URLs, paging, feed, tag and category listings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.pages.paging import (Listing, category_listings, feed_listing, index_listing,
                                   tag_listings, term_slug, term_url)

from .conftest import APRIL, FEED, entry

BASE = "https://news.example.org/"


@pytest.mark.parametrize(("term", "expected"), [
    ("Kim Jong-Un", "kim-jong-un"), ("Ελλάδα", "ellada"), ("  Harbour  ", "harbour"),
    ("C++", "c"), ("2019", "2019"),
])
def test_term_slug(term: str, expected: str) -> None:
    assert term_slug(term) == expected


def test_a_term_without_letters_gets_a_digest_slug_ignoring_case() -> None:
    slug = term_slug("!!!")
    assert slug.startswith("term-") and len(slug) == 15
    assert term_slug("!!!") == slug and term_slug("???") != slug


def test_a_long_term_is_cut_at_a_word() -> None:
    slug = term_slug("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.startswith("word-word")


def test_term_url() -> None:
    assert term_url(BASE, "tags", "Kim Jong-Un") == BASE + "tags/kim-jong-un/"


def test_an_empty_listing_has_one_empty_page() -> None:
    [page] = index_listing("Site", []).pages()
    assert (page.number, page.count, page.entries) == (1, 1, ())
    assert page.file == "index.html" and page.lastmod is None
    assert page.prev_url(BASE) is None and page.next_url(BASE) is None


def test_pages_hold_size_entries_and_link_to_each_other() -> None:
    entries = [entry(f"{n}.md", days=-n) for n in range(5)]
    listing = Listing("tags", "tags/harbour/", "Harbour", tuple(entries))
    pages = listing.pages(size=2)
    assert [len(p.entries) for p in pages] == [2, 2, 1]
    assert [p.file for p in pages] == ["tags/harbour/index.html",
                                       "tags/harbour/page/2/index.html",
                                       "tags/harbour/page/3/index.html"]
    first, middle, last = pages
    assert middle.url(BASE) == BASE + "tags/harbour/page/2/"
    assert middle.prev_url(BASE) == BASE + "tags/harbour/"
    assert middle.next_url(BASE) == BASE + "tags/harbour/page/3/"
    assert first.prev_url(BASE) is None and last.next_url(BASE) is None
    assert first.lastmod == APRIL and last.lastmod == APRIL - timedelta(days=4)


def test_a_feed_listing_holds_the_feeds_members() -> None:
    a, b, c = entry("a.md", days=2), entry("b.md", days=1), entry("c.md")
    membership = {a.id: ("main", "world"), b.id: ("world",), c.id: ("main",)}
    listing = feed_listing(FEED, [a, b, c], membership)
    assert listing.kind == "feed" and listing.folder == "feeds/main/"
    assert listing.title == FEED.title and listing.feed is FEED
    assert listing.entries == (a, c)


def test_tags_gather_spellings_by_slug_most_used_first() -> None:
    a = entry("a.md", days=2, tags=("Harbour", "harbour"))
    b = entry("b.md", days=1, tags=("harbour", "Docks"))
    c = entry("c.md", tags=("HARBOUR", " "))
    terms = tag_listings([a, b, c])
    assert [t.slug for t in terms] == ["docks", "harbour"]
    harbour = terms[1]
    assert harbour.names == ("harbour",)  # one heading per case-folded spelling
    assert harbour.listing.folder == "tags/harbour/"
    assert harbour.listing.entries == (a, b, c)  # once each, in order
    assert terms[0].listing.title == "Docks" and terms[0].listing.kind == "tags"


def test_spellings_that_differ_beyond_case_share_one_heading() -> None:
    a = entry("a.md", tags=("Kim Jong-un",))
    b = entry("b.md", tags=("Kim Jong Un",))
    [term] = tag_listings([a, b])
    assert term.slug == "kim-jong-un"
    assert term.names == ("Kim Jong Un", "Kim Jong-un")  # tie: code-point order
    assert term.listing.title == "Kim Jong Un / Kim Jong-un"


def test_categories_list_one_term_per_entry() -> None:
    a = entry("a.md", category="World")
    b = entry("b.md", category=None)
    terms = category_listings([a, b])
    assert [(t.slug, t.listing.folder, t.listing.entries) for t in terms] == [
        ("world", "categories/world/", (a,))]


def test_the_index_lists_every_entry() -> None:
    entries = [entry("a.md"), entry("b.md")]
    listing = index_listing("Example", entries)
    assert (listing.kind, listing.folder, listing.entries) == ("index", "", tuple(entries))



@given(st.text(alphabet="abcxyz0189-_ A.é", max_size=90)
       | st.lists(st.sampled_from(["a", "zz", "0", "9x", "world", "-", "--"]), max_size=40)
       .map("".join))
@settings(max_examples=300, deadline=None)
def test_a_term_that_is_its_own_slug_needs_no_slugify(term: str) -> None:
    """Terms made of lower-case ASCII words are kept as they are without
    loading slugify: the slug is the one slugify would make."""
    from slugify import slugify
    if slugify(term, max_length=80, word_boundary=True):
        assert term_slug(term) == slugify(term, max_length=80, word_boundary=True)


@pytest.mark.parametrize("term", ["world", "covid-19", "a" * 79, "2019"])
def test_a_slug_already_is_kept(term: str) -> None:
    from slugify import slugify
    assert term_slug(term) == term == slugify(term, max_length=80, word_boundary=True)
