"""ListingRows: listing pages made from rows rendered once give the bytes of
pages rendered whole; rows are kept by what they show."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from newswire.listrows import ListingRows, row_key
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


def make_index(rows: ListingRows, made: list) -> None:
    """Every page of the index of ``made``, made by ``rows``."""
    for page in index_listing(SITE.title, made).pages():
        rows.listing_page(page)


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
    make_index(first, made)
    kept = first.to_rows(made)
    again = ListingRows(renderer, "fp", first.record(), kept)
    page = index_listing(SITE.title, made).pages()[1]
    assert again.listing_page(page) == renderer.listing_page(page)
    assert again.rendered == 0
    other = ListingRows(renderer, "another fingerprint", first.record(), kept)
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
    again = ListingRows(renderer, "fp", first.record(), first.to_rows([old]))
    page = index_listing(SITE.title, [new]).pages()[0]
    assert again.listing_page(page) == renderer.listing_page(page)
    assert again.rendered == 1 and b"New title" in again.listing_page(page)


def test_rows_of_entries_gone_are_not_kept() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(3)
    rows = ListingRows(renderer, "fp")
    rows.listing_page(index_listing(SITE.title, made).pages()[0])
    kept = rows.to_rows(made[:2])
    assert kept is not None and set(kept) == {e.id for e in made[:2]}


def test_a_template_that_gives_no_row_per_entry_turns_splicing_off() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    rows = ListingRows(renderer, "fp")
    rows._render = lambda entries: None  # type: ignore[method-assign]
    made = entries(60)
    for page in index_listing(SITE.title, made).pages():
        assert rows.listing_page(page) == renderer.listing_page(page)
    assert rows.spliced == 0 and rows.to_rows(made) is None


def test_a_wrong_kept_row_on_the_first_page_is_caught_and_nothing_is_kept() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(10)
    good = ListingRows(renderer, "fp")
    good.listing_page(index_listing(SITE.title, made).pages()[0])
    kept = good.to_rows(made)
    assert kept is not None
    first = made[0].id
    kept[first] = (kept[first][0], "<li>planted</li>\n")
    rows = ListingRows(renderer, "fp", good.record(), kept)
    page = index_listing(SITE.title, made).pages()[0]
    assert rows.listing_page(page) == renderer.listing_page(page)
    assert rows.to_rows(made) is None


def test_malformed_records_and_rows_keep_nothing() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(3)
    page = index_listing(SITE.title, made).pages()[0]
    good = ListingRows(renderer, "fp")
    good.listing_page(page)
    kept = good.to_rows(made)
    assert kept is not None and len(kept) == 3
    for record in (None, [], {"fingerprint": "other"}, {"rows": {}}):
        rows = ListingRows(renderer, "fp", record, kept)
        assert rows.listing_page(page) == renderer.listing_page(page)
        assert rows.rendered == 3  # nothing kept was used
    for bad in ("<p>x</p>\n", "<li>x</li>", ""):
        planted = {**kept, made[1].id: (kept[made[1].id][0], bad)}
        rows = ListingRows(renderer, "fp", good.record(), planted)
        assert rows.listing_page(page) == renderer.listing_page(page)
        assert rows.rendered == 1  # that row alone was made again
        assert rows.to_rows(made) == kept


def test_the_rows_kept_are_those_of_the_build_s_entries() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(60)
    first = ListingRows(renderer, "fp")
    make_index(first, made)
    kept = first.to_rows(made)
    assert kept is not None and set(kept) == {e.id for e in made}
    assert first.record() == {"fingerprint": "fp"}
    same = ListingRows(renderer, "fp", first.record(), kept)
    make_index(same, made)
    assert same.rendered == 0 and same.to_rows(made) == kept
    added = [entry("world/new.md", "New", days=99)] + made
    more = ListingRows(renderer, "fp", first.record(), kept)
    more.listing_page(index_listing(SITE.title, added).pages()[0])
    after = more.to_rows(added)
    assert more.rendered == 1 and after is not None
    assert {i: r for i, r in after.items() if i in kept} == kept
    assert set(after) - set(kept) == {added[0].id}


def test_rows_beyond_ascii_are_spliced_and_kept_as_the_text_rendered() -> None:
    """Rows are held as UTF-8: pages of titles and summaries in other
    scripts (two- and four-byte characters) are the pages rendered whole,
    and the rows kept are the text the templates rendered."""
    renderer = PageRenderer(SITE, (FEED,))
    made = [entry(f"world/u-{n}.md", f"Україна {n} — Malmö 🚢", days=n,
                  summary=f"Résumé {n}: 東京 ✓ & <tags>")
            for n in range(75)][::-1]
    rows = ListingRows(renderer, "fp")
    for page in index_listing(SITE.title, made).pages():
        assert rows.listing_page(page) == renderer.listing_page(page)
    assert rows.spliced == 2
    kept = rows.to_rows(made)
    assert kept is not None and len(kept) == 75
    text = rows._render(made[:1])
    assert text is not None
    assert kept[made[0].id] == (row_key(made[0]), text[0].decode("utf-8"))
    assert all(isinstance(r, str) and "🚢" in r for _, r in kept.values())
    again = ListingRows(renderer, "fp", rows.record(), dict(kept))
    page = index_listing(SITE.title, made).pages()[1]
    assert again.listing_page(page) == renderer.listing_page(page)
    assert again.rendered == 0
    assert again.to_rows(made) == kept


def test_each_entry_s_key_is_made_once_for_its_rows_and_the_page_keys(monkeypatch) -> None:
    """The rows and the keys of the listing pages count an entry by one
    digest, made once a build whatever the number of pages showing it;
    the page keys are those made without sharing it."""
    from newswire import incremental, listrows
    made_for: list[str] = []
    original = incremental.listing_row_key

    def counting(entry):
        made_for.append(entry.id)
        return original(entry)
    monkeypatch.setattr(incremental, "listing_row_key", counting)
    monkeypatch.setattr(listrows, "listing_row_key", counting)
    renderer = PageRenderer(SITE, (FEED,))
    rows = ListingRows(renderer, "fp")
    made = entries(120)
    listings = [index_listing(SITE.title, made)] + [t.listing for t in tag_listings(made)]
    pages = [page for listing in listings for page in listing.pages()]
    keys = []
    for number, page in enumerate(pages):
        if number % 2:  # the page key first, or the rows first: either way once
            keys.append(incremental.listing_key("fp", page, (), rows.keyed))
            data = rows.listing_page(page)
        else:
            data = rows.listing_page(page)
            keys.append(incremental.listing_key("fp", page, (), rows.keyed))
        assert data == renderer.listing_page(page)
    assert sorted(made_for) == sorted(e.id for e in made)
    monkeypatch.setattr(incremental, "listing_row_key", original)
    assert keys == [incremental.listing_key("fp", page) for page in pages]


def test_a_row_counts_its_update_date() -> None:
    """The row key is the one the page keys count: the update date is in
    it, so a row is made again when it changes (the page's key changes
    with it)."""
    old = entry("world/a.md", "A title")
    later = replace(old, updated=old.updated + timedelta(hours=3))
    assert row_key(old) != row_key(later)


def test_what_is_written_once_the_pages_are_made_is_the_rows_rendered_and_the_stale_ones(
        ) -> None:
    """:meth:`ListingRows.to_write`: the rows rendered by this build (those
    kept are in the database already), the kept rows of entries gone or that
    are not rows to delete, and the record; all rows replaced under another
    fingerprint; nothing when pages could not be made from rows."""
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(60)
    first = ListingRows(renderer, "fp")
    make_index(first, made)
    write = first.to_write(made)
    assert write is not None and write.stale is None  # no record: replace every row
    assert write.record == {"fingerprint": "fp"}
    written = list(write.rows)
    assert [i for i, _, _ in written] == sorted(e.id for e in made)  # in order of id
    kept = {i: (k, r) for i, k, r in written}
    assert kept == dict(first.to_rows(made))
    # a build that adds one entry, drops one, and finds one kept row damaged
    added = entry("world/new.md", "New", days=99)
    damaged = made[5].id
    now = [added] + [e for e in made if e is not made[-1]]
    planted = {**kept, damaged: (kept[damaged][0], "<p>not a row</p>")}
    again = ListingRows(renderer, "fp", first.record(), planted)
    make_index(again, now)
    write = again.to_write(now)
    assert write is not None
    written = {i: (k, r) for i, k, r in write.rows}
    assert set(written) == {added.id, damaged}  # rendered by this build alone
    assert written[damaged] == kept[damaged]
    assert write.stale == sorted([made[-1].id, damaged])  # the damaged one written again
    # a kept row not a row whose entry is on no page made: deleted, not kept
    unseen = ListingRows(renderer, "fp", first.record(), planted)
    unseen.listing_page(index_listing(SITE.title, made[:1]).pages()[0])
    assert unseen.to_write(made).stale == [damaged]
    # under another fingerprint: every row rendered, every row replaced
    other = ListingRows(renderer, "other", first.record(), kept)
    make_index(other, made)
    write = other.to_write(made)
    assert write is not None and write.stale is None
    assert {i: (k, r) for i, k, r in write.rows} == kept


def test_rows_let_go_are_not_kept_again() -> None:
    """Once :meth:`ListingRows.release` let the rows go, asking for them
    again is an error, not an empty set that would empty the database."""
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(3)
    rows = ListingRows(renderer, "fp")
    rows.listing_page(index_listing(SITE.title, made).pages()[0])
    rows.release()
    assert rows.keyed == {}
    for call in (lambda: rows.to_rows(made), lambda: rows.to_write(made)):
        try:
            call()
        except RuntimeError:
            continue
        raise AssertionError("rows let go were given")


def test_a_build_that_made_no_page_from_rows_writes_none() -> None:
    renderer = PageRenderer(SITE, (FEED,))
    made = entries(3)
    rows = ListingRows(renderer, "fp")
    rows._render = lambda entries: None  # type: ignore[method-assign]
    page = index_listing(SITE.title, made).pages()[0]
    assert rows.listing_page(page) == renderer.listing_page(page)
    assert rows.to_write(made) is None
