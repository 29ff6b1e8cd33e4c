"""page_key, listing_key, document_key and PageRecords: reusing unchanged output."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from newswire.feeds import FeedDocument
from newswire.incremental import PageRecords, document_key, listing_key, page_key
from newswire.model import Entry
from newswire.pages.paging import index_listing

from .conftest import APRIL, FEED, SITE, entry

FP = "f" * 64


def record(data: bytes, key: str) -> tuple[str, str, int]:
    return key, hashlib.sha256(data).hexdigest(), len(data)


# -- keys ------------------------------------------------------------------

def test_the_same_inputs_give_the_same_page_key() -> None:
    assert page_key(FP, entry(), ("main",)) == page_key(FP, entry(), ("main",))
    assert len(page_key(FP, entry(), ())) == 64


def test_every_input_changes_the_page_key() -> None:
    e = entry()
    key = page_key(FP, e, ("main",))
    assert page_key("0" * 64, e, ("main",)) != key
    assert page_key(FP, e, ("main", "world")) != key
    assert page_key(FP, replace(e, permalink=e.permalink + "x"), ("main",)) != key
    assert page_key(FP, replace(e, article=replace(e.article, digest="ab" * 32)),
                    ("main",)) != key
    assert page_key(FP, entry("news/story.md"), ("main",)) != key


def test_shared_tuples_give_the_keys_made_without_sharing() -> None:
    from newswire.model import Author
    desk, other = (Author("Desk", "desk@example.org"),), (Author("Other"),)
    entries = [replace(entry(f"world/s{n}.md"), authors=desk if n % 2 else other)
               for n in range(6)]
    shared: dict[int, tuple[object, object]] = {}
    assert [page_key(FP, e, ("main",), shared) for e in entries] == \
        [page_key(FP, e, ("main",)) for e in entries]
    assert len({id(t) for t, _ in shared.values()}) == len(shared) <= 3  # desk, other, ()
    # an equal tuple that is another object is looked up by its own id()
    assert page_key(FP, replace(entries[1], authors=(Author("Desk", "desk@example.org"),)),
                    ("main",), shared) == page_key(FP, entries[1], ("main",))
    assert page_key(FP, replace(entries[1], authors=(Author("Desk"),)), ("main",), shared) != \
        page_key(FP, entries[1], ("main",), shared)


def test_the_body_counts_through_the_digest_not_by_value() -> None:
    e = entry()
    assert page_key(FP, replace(e, content_html="<p>other</p>", summary="s"), ()) == \
        page_key(FP, e, ())


def test_a_moment_counts_by_its_text_not_its_zone_object() -> None:
    e = entry()
    fixed = e.published.astimezone(timezone.utc)
    zoned = e.published.astimezone(ZoneInfo("UTC"))
    assert page_key(FP, replace(e, published=fixed), ()) == \
        page_key(FP, replace(e, published=zoned), ())
    assert page_key(FP, replace(e, published=e.published.astimezone(
        ZoneInfo("Europe/Berlin"))), ()) != page_key(FP, e, ())


def test_listing_key_follows_what_a_list_shows() -> None:
    entries = [entry("a.md", days=1), entry("b.md")]
    [page] = index_listing("Example News", entries).pages()
    key = listing_key(FP, page)
    [same] = index_listing("Example News", list(entries)).pages()
    assert listing_key(FP, same) == key
    [retitled] = index_listing("Other", entries).pages()
    assert listing_key(FP, retitled) != key
    [edited] = index_listing("Example News", [replace(entries[0], summary="new"),
                                              entries[1]]).pages()
    assert listing_key(FP, edited) != key
    assert listing_key(FP, page, ("feeds",)) != key


def document(entries: tuple[Entry, ...], **fields: object) -> FeedDocument:
    return FeedDocument(FEED, SITE, entries, {"rss": SITE.base_url + "feeds/main/rss.xml"},
                        **fields)  # type: ignore[arg-type]


def test_document_key_follows_entries_fields_and_format() -> None:
    doc = document((entry(),))
    key = document_key(FP, doc, "rss")
    assert document_key(FP, document((entry(),)), "rss") == key
    assert document_key(FP, doc, "atom") != key
    assert document_key(FP, document((entry(),), hub="https://hub.example/"), "rss") != key
    assert document_key(FP, document((entry(days=1),)), "rss") != key
    assert document_key(FP, document((replace(entry(), content_html="x"),)), "rss") == key


# -- PageRecords -----------------------------------------------------------

def test_a_page_staged_elsewhere_is_recorded_as_given(tmp_path: Path) -> None:
    records = PageRecords(tmp_path, FP)
    records.record("story/index.html", "k", "ab" * 32, 12)
    assert records.records() == {"story/index.html": ("k", "ab" * 32, 12)}


def test_document_reuses_only_the_recorded_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_bytes(b"<feed/>")
    records = PageRecords(tmp_path, FP, {"a.xml": record(b"<feed/>", "k")})
    assert records.document("a.xml", "other") is None
    assert records.records() == {}
    assert records.document("a.xml", "k") == b"<feed/>"
    assert records.records() == {"a.xml": record(b"<feed/>", "k")}
    assert records.document("missing.xml", "k") is None


def test_reuse_asks_keep_and_records_only_on_yes(tmp_path: Path) -> None:
    records = PageRecords(tmp_path, FP, {"a.xml": record(b"<feed/>", "k")})
    assert records.reuse("a.xml", "k", lambda p, h: False) is False
    assert records.reuse("a.xml", "other", lambda p, h: True) is False
    assert records.records() == {}
    assert records.reuse("a.xml", "k", lambda p, h: True) is True
    assert records.records() == {"a.xml": record(b"<feed/>", "k")}


def test_records_are_sorted_by_path(tmp_path: Path) -> None:
    records = PageRecords(tmp_path, FP)
    records.rendered("b.xml", "k2", b"bb")
    records.rendered("a.xml", "k1", b"a")
    assert list(records.records()) == ["a.xml", "b.xml"]
    assert records.records()["b.xml"] == record(b"bb", "k2")


def test_dates_an_hour_apart_differ() -> None:
    e = entry()
    assert page_key(FP, replace(e, updated=APRIL + timedelta(hours=1)), ()) != \
        page_key(FP, e, ())


def test_every_field_of_the_entry_but_its_body_counts_in_the_page_key() -> None:
    """Whatever fields the entry has, each one but the article (counted by
    source and digest), the content and the summary changes the key."""
    import dataclasses
    from newswire.model import Author, Enclosure, Identity
    e = entry()
    key = page_key(FP, e, ())
    other = {str: "other", int: 7, type(None): 1}
    for f in dataclasses.fields(Entry):
        value = getattr(e, f.name)
        if f.name in ("article", "content_html", "summary"):
            assert page_key(FP, replace(e, **{f.name: other.get(type(value), value)
                                               if f.name != "article" else
                                               replace(value, body_html="x")}), ()) == key
            continue
        if isinstance(value, Identity):
            changed = replace(value, path="elsewhere/")
        elif f.name == "authors":
            changed = (Author("Someone else"),)
        elif f.name == "enclosures":
            changed = (Enclosure("audio", "https://x/a.mp3", 1, "audio/mpeg"),)
        elif hasattr(value, "isoformat"):
            changed = value + timedelta(seconds=1)
        else:
            changed = other[type(value)] if value != other[type(value)] else "else"
        assert page_key(FP, replace(e, **{f.name: changed}), ()) != key, f.name
