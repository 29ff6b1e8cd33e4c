"""ListingRows: listing pages made from rows rendered once give the bytes of
pages rendered whole; rows are kept by what they show."""

from __future__ import annotations

from newswire.listrows import ListingRows, _kept_rows, row_key
from newswire.pages import PageRenderer
from newswire.pages.paging import feed_listing, index_listing, tag_listings

from .conftest import FEED, SITE, entry


def entries(count: int) -> list:
    """``count`` entries, newest first, some in other languages and with
    characters the page escapes."""
    made = [entry(f"world/story-{n}.md", f"Story {n} <b>&</b>", days=n,
                  tags=("harbour",) if n % 2 else ("world",),
                  lang="ar" if n % 7 == 0 else None,
                  summary=f"Line one\n<li>not a row {n}</li>")
            for n in range(count)]
    return made[::-1]


def test_pages_made_from_rows_are_the_pages_rendered_whole() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    rows = ListingRows(renderer, "fp")
    made = entries(120)
    listings = [index_listing(SITE.title, made), feed_listing(FEED, made, {
        e.id: [FEED.name] for e in made})] + [t.listing for t in tag_listings(made)]
    pages = [page for listing in listings for page in listing.pages()]
    assert len(pages) > 6
    for page in pages:
        assert rows.listing_page(page, (("tag", "https://x/tags/"),)) == \
            renderer.listing_page(page, (("tag", "https://x/tags/"),))
    assert rows.spliced == len(pages) - 1  # all but the feed's first page
    assert rows.rendered == 120  # each entry's row once, on however many pages


def test_rows_are_kept_for_the_next_build_under_the_same_fingerprint() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(60)
    first = ListingRows(renderer, "fp")
    for page in index_listing(SITE.title, made).pages():
        first.listing_page(page)
    kept = first.to_plain(made)
    again = ListingRows(renderer, "fp", kept)
    page = index_listing(SITE.title, made).pages()[1]
    assert again.listing_page(page) == renderer.listing_page(page)
    assert again.rendered == 0
    other = ListingRows(renderer, "another fingerprint", kept)
    other.listing_page(page)
    assert other.rendered == len(page.entries)


def test_a_row_is_rendered_again_when_what_it_shows_changes() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    old = entry("world/a.md", "Old title")
    new = entry("world/a.md", "New title")
    assert row_key(old) != row_key(new)
    assert row_key(old) == row_key(entry("world/a.md", "Old title", image="x.jpg"))
    first = ListingRows(renderer, "fp")
    first.listing_page(index_listing(SITE.title, [old]).pages()[0])
    again = ListingRows(renderer, "fp", first.to_plain([old]))
    page = index_listing(SITE.title, [new]).pages()[0]
    assert again.listing_page(page) == renderer.listing_page(page)
    assert again.rendered == 1 and b"New title" in again.listing_page(page)


def test_rows_of_entries_gone_are_not_kept() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(3)
    rows = ListingRows(renderer, "fp")
    rows.listing_page(index_listing(SITE.title, made).pages()[0])
    kept = rows.to_plain(made[:2])
    assert isinstance(kept, dict) and set(kept["rows"]) == {e.id for e in made[:2]}


def test_a_template_that_gives_no_row_per_entry_turns_splicing_off() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    rows = ListingRows(renderer, "fp")
    rows._render = lambda entries: None  # type: ignore[method-assign]
    made = entries(60)
    for page in index_listing(SITE.title, made).pages():
        assert rows.listing_page(page) == renderer.listing_page(page)
    assert rows.spliced == 0 and rows.to_plain(made) is None


def test_a_wrong_kept_row_on_the_first_page_is_caught_and_nothing_is_kept() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(10)
    good = ListingRows(renderer, "fp")
    good.listing_page(index_listing(SITE.title, made).pages()[0])
    kept = good.to_plain(made)
    assert isinstance(kept, dict)
    first = made[0].id
    kept["rows"][first] = [kept["rows"][first][0], "<li>planted</li>\n"]
    rows = ListingRows(renderer, "fp", kept)
    page = index_listing(SITE.title, made).pages()[0]
    assert rows.listing_page(page) == renderer.listing_page(page)
    assert rows.to_plain(made) is None


def test_malformed_records_keep_nothing() -> None:
    good = ["k", "<li>x</li>\n"]
    assert _kept_rows({"fingerprint": "fp", "rows": {"a": good}}, "fp") == {
        "a": ("k", "<li>x</li>\n")}
    for record in (None, [], {"fingerprint": "other", "rows": {"a": good}},
                   {"fingerprint": "fp", "rows": []}):
        assert _kept_rows(record, "fp") == {}
    for row in (["k"], ["k", 3], [1, "<li>x</li>\n"], ["k", "<p>x</p>\n"], ("k", "<li></li>\n")):
        assert _kept_rows({"fingerprint": "fp", "rows": {"a": row}}, "fp") == {}


def test_the_record_is_written_again_only_when_its_rows_change() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(60)
    first = ListingRows(renderer, "fp")
    for page in index_listing(SITE.title, made).pages():
        first.listing_page(page)
    record = first.to_plain(made)
    assert first.changed(record)  # nothing was kept before
    same = ListingRows(renderer, "fp", record)
    for page in index_listing(SITE.title, made).pages():
        same.listing_page(page)
    assert not same.changed(same.to_plain(made))
    fewer = ListingRows(renderer, "fp", record)
    assert fewer.changed(fewer.to_plain(made[1:]))  # a row dropped
    added = [entry("world/new.md", "New", days=99)] + made
    more = ListingRows(renderer, "fp", record)
    more.listing_page(index_listing(SITE.title, added).pages()[0])
    assert more.rendered == 1 and more.changed(more.to_plain(added))
    assert ListingRows(renderer, "other", record).changed(record)
    damaged = {"fingerprint": "fp", "rows": {**record["rows"], "x": ["k", "<p>"]}}  # type: ignore[index]
    assert ListingRows(renderer, "fp", damaged).changed(record)
