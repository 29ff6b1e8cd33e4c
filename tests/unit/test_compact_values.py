"""What a build holds per article stays small, and means the same.

The model's values are slotted (no per-instance dict), equal tag and author
tuples are held once, and the page workers are sent the jobs of their range
(a listing page without the rest of its listing) instead of reading them
from the heap they inherit.
"""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from newswire.build import _SharedValues
from newswire.identity import Record
from newswire.incremental import listing_key, page_key
from newswire.model import Article, Author, Enclosure, Entry, Identity, Media
from newswire.pages import PageRenderer
from newswire.pages.paging import index_listing, tag_listings
from newswire.parallel import ListingJob, PageJob

from .conftest import APRIL, FEED, SITE, article, entry


@pytest.mark.parametrize("cls", [Article, Author, Enclosure, Entry, Identity, Media])
def test_model_values_hold_no_instance_dict(cls: type) -> None:
    assert "__slots__" in vars(cls) and "__dict__" not in cls.__slots__


def test_a_slotted_entry_pickles_replaces_and_compares_as_before() -> None:
    e = dataclasses.replace(entry("world/story.md", "Story", tags=("a", "b"),
                                  authors=(Author("Ann", "ann@example.org"),),
                                  audio=Media("audio", "a.mp3", 10, duration=61, line=4),
                                  extra=(("desk", {"night": [1, 2]}),)),
                            enclosures=(Enclosure("audio", "https://x.example/a.mp3", 10,
                                                  "audio/mpeg", 61),))
    again = pickle.loads(pickle.dumps(e))
    assert again == e and hash(again.identity) == hash(e.identity)
    assert again.article.tags == ("a", "b") and again.enclosures[0].duration == 61
    assert again.article.audio == Media("audio", "a.mp3", 10, duration=61, line=4)
    assert again.article.extra == (("desk", {"night": [1, 2]}),)
    assert [getattr(again, f.name) for f in dataclasses.fields(Entry)] == \
        [getattr(e, f.name) for f in dataclasses.fields(Entry)]
    moved = dataclasses.replace(e, summary="Other")
    assert moved.summary == "Other" and moved.article is e.article and e.summary != "Other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.summary = "x"  # type: ignore[misc]
    with pytest.raises(ValueError, match="timezone-aware"):
        dataclasses.replace(e.article, published=APRIL.replace(tzinfo=None))


def test_equal_tags_and_authors_are_held_once_and_articles_stay_equal() -> None:
    shared = _SharedValues()
    first = article("a.md", tags=("harbour", "rail"), authors=(Author("Ann"),))
    second = article("b.md", tags=("harbour", "rail"), authors=(Author("Ann"),))
    other = article("c.md", tags=("rail",), authors=(Author("Bo"),))
    kept = [shared.article(a) for a in (first, second, other)]
    assert kept == [first, second, other]
    assert kept[0] is first  # the first of its kind is kept as it is
    assert kept[1].tags is kept[0].tags and kept[1].authors is kept[0].authors
    assert kept[2].tags is not kept[0].tags
    assert shared.same(("main", "world")) is shared.same(tuple(["main", "world"]))


def _copy(text: str) -> str:
    """An equal string that is another object (as one decoded again is)."""
    return "".join(list(text))


def test_an_adopted_article_takes_its_records_equal_strings() -> None:
    record = Record("world/a.md", "urn:uuid:a", "world/a/", APRIL, "d" * 64, "A story")
    shared = _SharedValues({record.source: record})
    same = shared.adopt(article(_copy("world/a.md"), _copy("A story"), digest=_copy("d" * 64)))
    assert same.source is record.source and same.title is record.title
    assert same.digest is record.digest
    edited = shared.adopt(article(_copy("world/a.md"), "Another title", digest="e" * 64))
    assert edited.source is record.source
    assert (edited.title, edited.digest) == ("Another title", "e" * 64)
    assert shared.adopt(article("world/b.md")).source == "world/b.md"  # no record


def test_repeated_sections_and_languages_are_held_once() -> None:
    shared = _SharedValues()
    first = shared.adopt(article("a.md", category=_copy("World"), lang=_copy("de-AT")))
    second = shared.adopt(article("b.md", category=_copy("World"), lang=_copy("de-AT")))
    assert second.category is first.category and second.lang is first.lang
    other = shared.adopt(article("c.md", category="Sport", lang=None))
    assert (other.category, other.lang) == ("Sport", None)


def test_a_listing_page_is_sent_with_its_own_entries_only(tmp_path: Path) -> None:
    entries = [entry(f"world/s{i:03d}.md", f"Story {i}", days=-i, tags=("harbour",))
               for i in range(120)]
    for listing in (index_listing(SITE.title, entries), tag_listings(entries)[0].listing):
        pages = listing.pages()
        assert [p.count for p in pages] == [3, 3, 3]
        renderer = PageRenderer(SITE, (FEED,))
        for page in pages:
            job = ListingJob(page, (("tag", SITE.base_url + "tags/"),), tmp_path / page.file)
            sent = pickle.loads(pickle.dumps(job))
            assert sent.page.entries == page.entries
            assert sent.page.listing.entries == page.entries  # not the other pages'
            assert (sent.page.number, sent.page.count, sent.page.file) == \
                (page.number, page.count, page.file)
            assert sent.render(renderer) == job.render(renderer)
            assert listing_key("f", sent.page, job.browse) == \
                listing_key("f", page, job.browse)
            assert sent.inputs_key("f", {}) == job.inputs_key("f", {})


def test_a_sent_article_page_renders_and_keys_as_the_inherited_one(tmp_path: Path) -> None:
    e = entry("world/story.md", "Story", tags=("harbour",))
    job = PageJob(e, ("main",), tmp_path / "story" / "index.html")
    sent = pickle.loads(pickle.dumps(job))
    renderer = PageRenderer(SITE, (FEED,))
    assert sent.render(renderer) == job.render(renderer)
    assert sent.inputs_key("f", {}) == page_key("f", e, ("main",))
