"""A build holds no article body in memory: bodies go to the database as
articles are read and are fetched back only for the feed items and pages it
writes (README "Performance")."""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from newswire import build as build_module
from newswire.bodies import Bodies
from newswire.cache import ArticleCache
from newswire.errors import OutputError
from newswire.model import Entry
from newswire.options import BuildReport, SitePaths
from newswire.run import BuildOptions, build
from newswire.state.lastbuild import LAST_BUILD
from newswire.state.store import Store

from .conftest import NOW
from .test_incremental import from_scratch, tree

SITE = """base_url = "https://news.example.org/"
title = "Bodies"
language = "en"
timezone = "Europe/Rome"
"""


def make_site(root: Path, count: int = 8, max_items: int = 3) -> Path:
    """``count`` dated articles (a0 the oldest), one feed of ``max_items``
    items with full content."""
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "site.toml").write_text(SITE)
    (root / "feeds" / "main.toml").write_text(f'title = "All"\nmax_items = {max_items}\n')
    content = root / "content" / "news"
    content.mkdir(parents=True)
    for i in range(count):
        write_article(content / f"a{i}.md", i)
    return root


def age(site: Path) -> None:
    """Make every article file an hour old, so that the cache trusts its stat
    (a file changed just before a build is always compared by its bytes)."""
    old = time.time() - 3600
    for path in (site / "content").rglob("*.md"):
        os.utime(path, (old, old))


def write_article(path: Path, i: int, extra: str = "") -> None:
    path.write_text(f"---\ntitle: Story {i}\ndate: 2024-01-{1 + i:02d} 10:00\n---\n\n"
                    f"Body of story {i}, with [a link](more/) and a note[^1].{extra}\n\n"
                    f"[^1]: Note {i}.\n", encoding="utf-8")


@pytest.fixture
def plans(monkeypatch: pytest.MonkeyPatch) -> list[build_module.Plan]:
    """The plan of every build prepared, with its entries and articles as the
    build holds them while it renders (a build empties the plan's lists once
    every page is staged, so the lists are kept here as prepared)."""
    seen: list[build_module.Plan] = []
    original = build_module.prepare

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = original(*args, **kwargs)
        seen.append(copy.copy(plan))
        return plan
    monkeypatch.setattr(build_module, "prepare", recording)
    return seen


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The sources of every fetch of stored bodies made in this process."""
    calls: list[list[str]] = []
    original = Store.article_html

    def recording(self: Store, sources: list[str]) -> dict[str, str]:
        calls.append(list(sources))
        return original(self, sources)
    monkeypatch.setattr(Store, "article_html", recording)
    return calls


def page_body(site: Path, i: int) -> str:
    page = lxml_html.fromstring((site / "public" / "news" / f"a{i}" / "index.html").read_bytes())
    return page.xpath("string(//div[@class='body'])")


def test_the_built_entries_and_articles_hold_no_body(tmp_path, plans):
    site = make_site(tmp_path / "site")
    report = build(site, BuildOptions(now=NOW))
    assert not report.errors
    (plan,) = plans
    assert len(plan.entries) == 8
    assert all(e.content_html is None for e in plan.entries)
    assert all(a.body_html == "" for a in plan.articles)
    assert [e.summary for e in plan.entries][0].startswith("Body of story 7")
    for i in range(8):  # and every page has its own body, note included
        assert f"Body of story {i}, with a link and a note" in page_body(site, i)
        assert f"Note {i}." in page_body(site, i)


def test_bodies_are_fetched_for_the_newest_items_and_the_pages_written(tmp_path, fetched):
    site = make_site(tmp_path / "site")
    build(site, BuildOptions(now=NOW))
    feed_fetches = [c for c in fetched if len(c) == 3]
    assert feed_fetches and all(set(c) == {"news/a7.md", "news/a6.md", "news/a5.md"}
                                for c in feed_fetches)
    assert sorted(s for c in fetched if c not in feed_fetches for s in c) == sorted(
        f"news/a{i}.md" for i in range(8))  # each page's body, once

    fetched.clear()
    write_article(site / "content" / "news" / "a1.md", 1, " Edited.")
    report = build(site, BuildOptions(now=NOW))
    assert not report.errors
    # the feed's newest items (its document is rendered again to compare) and
    # the one page rendered again; no other body leaves the database
    assert sorted({s for c in fetched for s in c}) == [
        "news/a1.md", "news/a5.md", "news/a6.md", "news/a7.md"]
    assert "Edited." in page_body(site, 1)


def test_a_summary_only_feed_fetches_no_body(tmp_path, fetched):
    site = make_site(tmp_path / "site")
    (site / "feeds" / "main.toml").write_text('title = "All"\nmax_items = 3\n'
                                             'summary_only = true\n')
    build(site, BuildOptions(now=NOW))
    assert all(len(c) != 3 for c in fetched)
    assert sorted(s for c in fetched for s in c) == sorted(f"news/a{i}.md" for i in range(8))


def test_a_wrong_guess_of_identity_is_made_again_from_the_stored_body(tmp_path, monkeypatch):
    """A renamed file keeps its recorded URL and id, not the ones the worker
    that read it expected: its HTML is made again for the right ones."""
    site = make_site(tmp_path / "site", count=3)
    build(site, BuildOptions(now=NOW))
    before = tree(site / "public")
    content = site / "content" / "news"
    (content / "a1.md").rename(content / "renamed.md")
    asked: list[str] = []
    original = ArticleCache.body

    def recording(self: ArticleCache, source: str) -> str | None:
        asked.append(source)
        return original(self, source)
    monkeypatch.setattr(ArticleCache, "body", recording)
    report = build(site, BuildOptions(now=NOW))
    assert not report.errors and asked == ["news/renamed.md"]
    assert tree(site / "public")["news/a1/index.html"] == before["news/a1/index.html"]
    assert not (site / "public" / "news" / "renamed").exists()


def test_rows_written_by_a_build_that_dies_leave_the_records_of_the_last(tmp_path,
                                                                         monkeypatch):
    site = make_site(tmp_path / "site")
    build(site, BuildOptions(now=NOW))
    published = tree(site / "public")
    database = site / ".newswire" / "derived.sqlite"

    def records() -> tuple[object, ...]:
        store = Store(database, None, create=False)
        try:
            return store.record(LAST_BUILD), store.manifest(), store.pages()
        finally:
            store.close()
    recorded = records()
    write_article(site / "content" / "news" / "a2.md", 2, " Edited.")

    def dying(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the build stops right after the articles were stored
    monkeypatch.setattr(build_module, "Bodies", dying)
    with pytest.raises(KeyboardInterrupt):
        build(site, BuildOptions(now=NOW))
    monkeypatch.undo()
    assert records() == recorded  # every record but the articles' is the last build's
    assert tree(site / "public") == published
    store = Store(database, None, create=False)
    assert "Edited." in store.article_html(["news/a2.md"])["news/a2.md"]
    store.close()

    report = build(site, BuildOptions(now=NOW))
    assert not report.errors and report.result is not None
    fresh = tmp_path / "fresh"
    shutil.copytree(site / "feeds", fresh / "feeds")
    shutil.copytree(site / "content", fresh / "content")
    build(fresh, BuildOptions(now=NOW))
    assert tree(site / "public") == tree(fresh / "public")
    assert "Edited." in page_body(site, 2)


def test_a_database_that_cannot_be_written_stops_the_build_before_publishing(
        tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    build(site, BuildOptions(now=NOW))
    published = tree(site / "public")
    write_article(site / "content" / "news" / "a2.md", 2, " Edited.")

    def full(self: Store, rows: object, commit: bool = True) -> None:
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(Store, "write_articles", full)
    with pytest.raises(OutputError) as caught:
        build(site, BuildOptions(now=NOW))
    assert "cannot write the database of derived records: database or disk is full" \
        in str(caught.value)
    assert tree(site / "public") == published


def test_bodies_fill_stored_entries_and_refuse_a_lost_one(tmp_path):
    site = make_site(tmp_path / "site", count=2)
    paths = SitePaths(site)
    build(site, BuildOptions(now=NOW))
    store = build_module.open_database(paths)
    try:
        cache = build_module.article_cache(paths, build_module.load_site(paths.feeds), store)
        site_config = build_module.load_site(paths.feeds)
        plan = build_module.prepare(paths, site_config, BuildOptions(now=NOW), BuildReport(),
                                    cache)
        stored = [e for e in plan.entries if e.content_html is None]
        assert len(stored) == 2  # read back from the cache: in the database only
        bodies = Bodies(paths.database_file, site_config, store)
        filled = bodies.filled(plan.entries)
        assert all(isinstance(e, Entry) and e.content_html for e in filled)
        assert "Body of story 1" in filled[0].content_html  # type: ignore[operator]
        assert bodies.fetched == 2
        store.write_articles({"news/a0.md": None})
        with pytest.raises(OutputError, match="no longer holds the body of news/a0.md"):
            bodies.filled(plan.entries)
    finally:
        store.close()


def test_articles_from_the_cache_hold_no_body_either(tmp_path, plans):
    site = make_site(tmp_path / "site")
    age(site)
    build(site, BuildOptions(now=NOW))
    write_article(site / "content" / "news" / "a8.md", 8)  # the others come from the cache
    report = build(site, BuildOptions(now=NOW))
    assert report.parsed == 1 and not report.errors
    plan = plans[-1]
    assert len(plan.articles) == 9
    assert all(a.body_html == "" for a in plan.articles)
    assert all(e.content_html is None for e in plan.entries)


def test_bodies_made_for_another_base_url_are_made_again_from_the_stored_articles(
        tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    age(site)
    build(site, BuildOptions(now=NOW))
    (site / "feeds" / "site.toml").write_text(SITE.replace("news.example.org",
                                                           "wire.example.com"))
    asked: list[str] = []
    original = ArticleCache.body

    def recording(self: ArticleCache, source: str) -> str | None:
        asked.append(source)
        return original(self, source)
    monkeypatch.setattr(ArticleCache, "body", recording)
    report = build(site, BuildOptions(now=NOW))
    assert not report.errors and report.parsed == 0
    assert sorted(asked) == sorted(f"news/a{i}.md" for i in range(8))
    monkeypatch.undo()
    assert tree(site / "public") == from_scratch(site, tmp_path)
    assert "https://wire.example.com/news/more/" in (
        site / "public" / "news" / "a3" / "index.html").read_text(encoding="utf-8")


def test_an_article_whose_stored_row_vanished_mid_build_is_never_published_empty(
        tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", count=3)
    age(site)
    build(site, BuildOptions(now=NOW))
    published = tree(site / "public")
    (site / "feeds" / "site.toml").write_text(SITE.replace("news.example.org",
                                                           "wire.example.com"))
    monkeypatch.setattr(Store, "article", lambda self, source: None)  # the rows are gone
    with pytest.raises(OutputError, match="no longer holds news/a"):
        build(site, BuildOptions(now=NOW))
    assert tree(site / "public") == published
