"""What a full build stops holding, or never holds at once (README
"Performance", memory): the article cache once everything it learnt is in
the database, and the renames of a kind in flight."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from newswire import publish
from newswire.cache import ArticleCache
from newswire.state.store import Store

from .conftest import article
from .test_lean_cache import BODY, READ_NS, stored


def _read_into(cache: ArticleCache, tmp_path: Path, count: int) -> list[str]:
    """``count`` new articles of ``new/`` read into ``cache``, with their HTML kept."""
    folder = tmp_path / "content" / "new"
    folder.mkdir(parents=True)
    sources = []
    for n in range(count):
        path = folder / f"story-{n}.md"
        path.write_text(f"---\ntitle: New {n}\n---\nBody {n}\n")
        os.utime(path, ns=(10 ** 9, 10 ** 9))
        source = f"new/story-{n}.md"
        found, probe = cache.get(cache.probe(path, source))
        assert found is None
        assert cache.put(probe, article(source, f"New {n}", body_html=BODY + str(n)), [],
                         tmp_path / "content")
        cache.keep_html(source, probe.digest or "", "key", f"<p>{n}</p>", f"Summary {n}")
        sources.append(source)
    return sources


def test_a_writing_cache_lets_go_of_its_articles_once_all_are_written(
        tmp_path: Path) -> None:
    store = Store(tmp_path / "derived.sqlite", "code")
    cache = ArticleCache(store, "UTC", READ_NS, writes=True, lean=True)
    sources = _read_into(cache, tmp_path, 5)
    cache.flush()
    cache.done_reading()
    assert cache.changes() == {}
    assert cache.body(sources[0]) is None and cache.html(sources[0], "x", "key") is None
    # what it held is in the database: a cache of the next build finds it all
    again = ArticleCache(store, "UTC", READ_NS, writes=True)
    for n, source in enumerate(sources):
        path = tmp_path / "content" / source
        got, _ = again.get(again.probe(path, source))
        assert got is not None and got.article.title == f"New {n}"
        assert got.article.body_html == BODY + str(n)
    rows = store.articles_in("new")
    assert sorted(rows) == sources and all("<p>" in (row.html or "") for row in rows.values())


def test_a_cache_with_changes_not_written_keeps_them(tmp_path: Path) -> None:
    store = Store(tmp_path / "derived.sqlite", "code")
    writing = ArticleCache(store, "UTC", READ_NS, writes=True)
    sources = _read_into(writing, tmp_path, 3)
    writing.done_reading()  # not flushed: nothing may be let go
    rows = writing.changes()
    assert sorted(rows) == sources and all(row is not None for row in rows.values())
    assert writing.body(sources[1]) == BODY + "1"


def test_a_cache_that_does_not_write_keeps_its_changes(tmp_path: Path) -> None:
    store, paths = stored(tmp_path)
    cache = ArticleCache(store, "UTC", READ_NS)
    os.utime(paths[0], ns=(10 ** 9 + 5, 10 ** 9 + 5))  # same bytes, new stamp: a change
    got, _ = cache.get(cache.probe(paths[0], "news/story-0.md"))
    assert got is not None
    cache.done_reading()
    assert list(cache.changes()) == ["news/story-0.md"]


@pytest.mark.parametrize("count", [publish._RENAME_BATCH - 1, 3 * publish._RENAME_BATCH + 5])
def test_renames_in_flight_are_bounded_and_all_done(tmp_path: Path, count: int) -> None:
    moves = []
    for n in range(count):
        temp, target = str(tmp_path / f"p{n}.tmp"), str(tmp_path / f"p{n}")
        with open(temp, "w") as handle:
            handle.write(str(n))
        moves.append(("page", temp, target))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        done = publish._rename_kinds(moves)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert done == {temp: target for _, temp, target in moves}
    assert all(Path(target).read_text() == str(n) for n, (_, _, target) in enumerate(moves))
    assert not list(tmp_path.glob("*.tmp"))
    # the futures of one batch at a time (about 1.5 KB each), not one per file
    # (what the returned table and the threads hold aside)
    assert peak - 200 * count < 2000 * publish._RENAME_BATCH


def test_the_plan_keeps_the_assets_of_content_but_not_the_article_files(tmp_path: Path
                                                                        ) -> None:
    from datetime import datetime, timezone

    from newswire import build as build_module
    from newswire.options import BuildOptions, BuildReport, SitePaths

    site = tmp_path / "site"
    (site / "feeds").mkdir(parents=True)
    (site / "feeds" / "site.toml").write_text(
        'title = "Wire"\nbase_url = "https://news.example/"\n')
    content = site / "content"
    (content / "2024").mkdir(parents=True)
    for n in range(3):
        (content / "2024" / f"story-{n}.md").write_text(
            f"---\ntitle: Story {n}\ndate: 2024-01-0{n + 1}\n---\nBody {n}\n")
    (content / "2024" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    paths = SitePaths(site)
    plan = build_module.prepare(paths, build_module.load_site(paths.feeds),
                                BuildOptions(now=datetime(2025, 1, 1, tzinfo=timezone.utc)),
                                BuildReport())
    assert len(plan.entries) == 3
    assert plan.files.articles == ()  # read by now: not held to the end of the build
    assert plan.files.assets == (content / "2024" / "photo.jpg",)


def test_listing_content_leaves_no_reference_cycle(tmp_path: Path) -> None:
    """A build pauses the cyclic collector: a cycle made while listing
    content/ would hold a Path per article to the end of the build."""
    import gc

    from newswire.readers import scan_content

    (tmp_path / "2024" / "01").mkdir(parents=True)
    for n in range(5):
        (tmp_path / "2024" / "01" / f"s{n}.md").write_text("---\ntitle: T\n---\nx\n")
    was = gc.isenabled()
    gc.disable()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        files = scan_content(tmp_path)
        assert len(files.articles) == 5
        del files
        gc.collect()
        left = [o for o in gc.garbage if getattr(o, "__qualname__", "").startswith("scan_content")
                or (isinstance(o, list) and o and isinstance(o[0], Path))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    assert left == []


def test_a_build_renders_every_page_without_page_records_of_its_code(tmp_path: Path) -> None:
    from newswire.state.store import Changes

    path = tmp_path / "derived.sqlite"
    store = Store(path, "code-1")
    assert store.renders_every_page()  # a first build
    store.commit(Changes(pages={"a/index.html": ("key", "0" * 64, 10)}))
    assert not store.renders_every_page()
    store.close()
    again = Store(path, "code-1")
    assert not again.renders_every_page()
    again.close()
    other = Store(path, "code-2")  # another newswire: its records are not used
    assert other.renders_every_page()
    other.close()


def test_a_written_entry_holds_its_stamp_as_text_and_its_html_key_as_a_digest(
        tmp_path: Path) -> None:
    """Once written, what the cache keeps of an article until reading ends
    is the stamp's JSON and a digest of its HTML key: the HTML is still
    found for that key alone, and an entry changed again is written with
    the same stamp and HTML as before."""
    store = Store(tmp_path / "derived.sqlite", "code")
    cache = ArticleCache(store, "UTC", READ_NS, writes=True)
    sources = _read_into(cache, tmp_path, 3)
    digest = cache._entries[sources[0]].digest
    cache.flush()
    held = cache._entries[sources[0]]
    assert isinstance(held.stamp, str) and isinstance(held.html[1], bytes)
    assert len(held.html[1]) == 16
    assert cache.html(sources[0], digest, "key") == (None, "Summary 0")
    assert cache.html(sources[0], digest, "another key") is None
    assert cache.html(sources[0], "0" * 64, "key") is None
    before = store.articles_in("new")[sources[0]]
    cache.keep_html(sources[0], digest, "key 2", "<p>again</p>", "Summary again")
    cache.flush()
    after = store.articles_in("new")[sources[0]]
    assert after.stamp == before.stamp and after.article == before.article
    assert after.html is not None and after.html.endswith("<p>again</p>")
    assert cache.html(sources[0], digest, "key 2") == (None, "Summary again")
    assert cache.html(sources[0], digest, "key") is None
    # unchanged files are found unchanged by a cache of the next build
    again = ArticleCache(store, "UTC", READ_NS, writes=True)
    for n, source in enumerate(sources):
        got, _ = again.get(again.probe(tmp_path / "content" / source, source))
        assert got is not None and got.article.title == f"New {n}"
