"""feed_documents: which document of a feed holds which entries (RFC 5005)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newswire.feeds.archive import feed_document, feed_documents, paged

from .conftest import FEED, SITE, entry

BASE = "https://news.example.org/feeds/main/"
# seven entries, newest first (days 6 .. 0)
SEVEN = [entry(f"s{n}.md", f"Story {n}", days=n) for n in range(6, -1, -1)]


def titles(doc) -> list[str]:
    return [e.title for e in doc.entries]


def test_without_archive_one_document_holds_the_newest_max_items() -> None:
    docs = feed_documents(FEED, SITE, SEVEN)
    assert [n for n, _ in docs] == [None]
    (_, current), = docs
    assert titles(current) == ["Story 6", "Story 5", "Story 4"]
    assert current.fmt_urls == {"rss": BASE + "rss.xml", "atom": BASE + "atom.xml",
                                "json": BASE + "feed.json"}
    assert not current.archive and not current.prev_archive


def test_archive_pages_are_numbered_from_the_oldest_and_the_newest_holds_the_rest() -> None:
    feed = replace(FEED, archive=True, formats=("atom",))
    docs = dict(feed_documents(feed, SITE, SEVEN))
    assert list(docs) == [None, 1, 2]
    assert titles(docs[None]) == ["Story 6", "Story 5", "Story 4"]
    assert titles(docs[1]) == ["Story 2", "Story 1", "Story 0"]  # full, newest first
    assert titles(docs[2]) == ["Story 3"]                          # the remainder
    assert docs[None].prev_archive == {"atom": BASE + "archive/atom-2.xml"}
    assert docs[1].prev_archive is None
    assert docs[1].next_archive == {"atom": BASE + "archive/atom-2.xml"}
    assert docs[2].prev_archive == {"atom": BASE + "archive/atom-1.xml"}
    assert docs[2].next_archive is None
    assert all(docs[n].archive and docs[n].current == {"atom": BASE + "atom.xml"}
               for n in (1, 2))


def test_an_empty_newest_page_takes_the_newest_date_of_the_page_before() -> None:
    feed = replace(FEED, archive=True, formats=("rss",))
    docs = dict(feed_documents(feed, SITE, SEVEN[:6]))  # 3 current, 3 older: page 2 empty
    assert list(docs) == [None, 1, 2]
    assert titles(docs[2]) == [] and docs[2].not_before == SEVEN[3].updated
    assert docs[1].not_before is None


def test_archive_pages_carry_no_hub_but_the_subscription_document_does() -> None:
    feed = replace(FEED, archive=True, hub="https://hub.example/")
    docs = dict(feed_documents(feed, SITE, SEVEN))
    assert docs[None].hub == "https://hub.example/"
    assert docs[1].hub is None and docs[2].hub is None
    assert docs[None].stylesheet == "https://news.example.org/feed.css"


def test_an_archive_feed_with_nothing_older_has_no_pages() -> None:
    feed = replace(FEED, archive=True)
    assert [n for n, _ in feed_documents(feed, SITE, SEVEN[:3])] == [None]


@pytest.mark.parametrize("archive", [True, False])
@pytest.mark.parametrize("size", [1, 2, 3])
def test_each_document_made_alone_is_the_one_made_with_the_others(archive, size) -> None:
    # the edit path makes one document of a feed from its own entries alone
    feed = replace(FEED, archive=archive, max_items=size, hub="https://hub.example/")
    for count in range(0, 9):
        entries = [entry(f"s{n}.md", f"Story {n}", days=n) for n in range(count - 1, -1, -1)]
        together = feed_documents(feed, SITE, entries)
        pages = paged(feed, entries)
        assert [n for n, _ in pages] == [n for n, _ in together]
        last = len(pages) - 1
        for (number, held), (_, doc) in zip(pages, together):
            assert held == doc.entries
            floor = doc.not_before if not held else None
            assert feed_document(feed, SITE, number, last, held, floor) == doc
