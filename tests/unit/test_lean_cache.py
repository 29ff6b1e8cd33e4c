"""A lean cache reads unchanged articles without their bodies (cut in the
database) and fetches a body only when asked; publishing renames the
files of a kind several at a time, kinds in order."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from newswire import publish
from newswire.cache import ArticleCache
from newswire.state.digests import RACY_NS
from newswire.state.store import Changes, Store

from .conftest import article

LONG_AGO = 10 ** 9
READ_NS = 100 * RACY_NS
BODY = "<p>Body of the story, with ü and \n a second line.</p>"


def stored(tmp_path: Path, count: int = 3) -> tuple[Store, list[Path]]:
    """A database holding ``count`` articles of ``news/`` with their HTML."""
    content = tmp_path / "content" / "news"
    content.mkdir(parents=True)
    store = Store(tmp_path / "derived.sqlite", "code")
    cache = ArticleCache(store, "UTC", READ_NS)
    paths = []
    for n in range(count):
        path = content / f"story-{n}.md"
        path.write_text(f"---\ntitle: Story {n}\n---\nBody {n}\n")
        os.utime(path, ns=(LONG_AGO, LONG_AGO))
        found, probe = cache.get(cache.probe(path, f"news/story-{n}.md"))
        assert found is None
        cache.put(probe, article(f"news/story-{n}.md", f"Story {n}", body_html=BODY + str(n)),
                  [], tmp_path / "content")
        cache.keep_html(f"news/story-{n}.md", probe.digest or "", "key",
                        f"<p>HTML {n}</p>\n<p>more</p>", f"Summary {n}")
        paths.append(path)
    store.commit(Changes(articles=cache.changes()))
    return store, paths


def test_heads_are_the_rows_without_bodies_or_html(tmp_path: Path) -> None:
    store, _ = stored(tmp_path)
    whole = store.articles_in("news")
    heads = store.article_heads_in("news")
    assert set(heads) == set(whole) == {f"news/story-{n}.md" for n in range(3)}
    for source, row in heads.items():
        full = whole[source]
        assert full.article.startswith(row.article) and row.article.endswith(b"\n")
        assert b"Body of the story" not in row.article
        assert full.html is not None and row.html is not None
        assert full.html.startswith(row.html) and row.html.endswith("\n")
        assert "HTML" not in row.html
        assert (row.context, row.stamp, row.digest, row.read_ns) == \
            (full.context, full.stamp, full.digest, full.read_ns)
    assert store.article_heads_in("other") == {}


def test_a_lean_cache_gives_articles_without_bodies_and_fetches_one_on_demand(
        tmp_path: Path) -> None:
    store, paths = stored(tmp_path)
    digests = {source: row.digest for source, row in store.articles_in("news").items()}
    lean = ArticleCache(store, "UTC", READ_NS + RACY_NS, writes=True, lean=True)
    full = ArticleCache(store, "UTC", READ_NS + RACY_NS, writes=True)
    for n, path in enumerate(paths):
        source = f"news/story-{n}.md"
        got, _ = lean.get(lean.probe(path, source))
        expected, _ = full.get(full.probe(path, source))
        assert got is not None and expected is not None
        assert not got.whole and expected.whole
        assert got.article.body_html == "" and expected.article.body_html == BODY + str(n)
        assert got.article == dataclasses.replace(expected.article, body_html="")
        assert got.warnings == expected.warnings
        assert lean.body(source) == BODY + str(n)
        # the kept HTML is known by its digest and key, its content left stored
        assert lean.html(source, digests[source], "key") == (None, f"Summary {n}")
    assert lean.changes() == {}  # nothing to write back


def test_a_touched_file_in_a_lean_cache_keeps_its_stored_body(tmp_path: Path) -> None:
    store, paths = stored(tmp_path)
    os.utime(paths[0], ns=(LONG_AGO + 5, LONG_AGO + 5))  # same bytes, new stamp
    lean = ArticleCache(store, "UTC", READ_NS + RACY_NS, writes=True, lean=True)
    got, _ = lean.get(lean.probe(paths[0], "news/story-0.md"))
    assert got is not None and not got.whole
    rows = lean.changes()
    row = rows["news/story-0.md"]
    assert row is not None and row.article.endswith((BODY + "0").encode())  # whole, from the store
    assert row.html is not None and "<p>HTML 0</p>" in row.html


def test_without_writing_a_cache_is_never_lean(tmp_path: Path) -> None:
    store, paths = stored(tmp_path)
    cache = ArticleCache(store, "UTC", READ_NS + RACY_NS, lean=True)
    got, _ = cache.get(cache.probe(paths[1], "news/story-1.md"))
    assert got is not None and got.whole and got.article.body_html == BODY + "1"


def test_files_of_a_kind_are_renamed_together_kinds_in_order(tmp_path: Path,
                                                             monkeypatch) -> None:
    moves = []
    for kind, count in (("asset", 2), ("page", 20), ("feed", 3)):
        for n in range(count):
            temp, target = tmp_path / f"{kind}-{n}.tmp", tmp_path / f"{kind}-{n}"
            temp.write_text(f"new {kind} {n}")
            target.write_text("old")
            moves.append((kind, temp, target))
    order: list[str] = []
    real = os.replace

    def replacing(src, dst):  # type: ignore[no-untyped-def]
        order.append(Path(dst).name.split("-")[0])
        real(src, dst)
    monkeypatch.setattr(publish.os, "replace", replacing)
    done = publish._rename_kinds(moves)
    assert done == {temp: target for _, temp, target in moves}
    assert order == ["asset"] * 2 + ["page"] * 20 + ["feed"] * 3
    assert all(target.read_text() == f"new {target.name.replace('-', ' ')}"
               for _, _, target in moves)
    assert not list(tmp_path.glob("*.tmp"))


def test_a_failed_rename_is_raised_after_its_kind_and_stops_the_next_kinds(
        tmp_path: Path) -> None:
    moves = []
    for n in range(20):
        temp = tmp_path / f"page-{n}.tmp"
        if n != 7:
            temp.write_text("new")
        moves.append(("page", temp, tmp_path / f"page-{n}"))
    feed = tmp_path / "feed.tmp"
    feed.write_text("new feed")
    moves.append(("feed", feed, tmp_path / "feed"))
    with pytest.raises(FileNotFoundError):
        publish._rename_kinds(moves)
    assert sum(1 for n in range(20) if (tmp_path / f"page-{n}").exists()) == 19
    assert feed.exists() and not (tmp_path / "feed").exists()


def test_new_files_are_renamed_in_this_thread_before_those_replacing_files(
        tmp_path: Path, monkeypatch) -> None:
    """A file new to its path (nothing published there) frees nothing when
    it is renamed: it is renamed here, in order, before the files of its
    kind that replace old ones (several at a time); kinds stay in order."""
    import threading

    moves = []
    for kind, count in (("page", 30), ("feed", 3)):
        for n in range(count):
            temp, target = tmp_path / f"{kind}-{n}.tmp", tmp_path / f"{kind}-{n}"
            temp.write_text(f"new {kind} {n}")
            if n % 2:
                target.write_text("old")
            moves.append((kind, str(temp), str(target)))
    order: list[tuple[str, bool, bool]] = []
    real = os.replace

    def replacing(src, dst):  # type: ignore[no-untyped-def]
        name = Path(dst).name
        order.append((name.split("-")[0], int(name.split("-")[1]) % 2 == 0,
                      threading.current_thread() is threading.main_thread()))
        real(src, dst)
    monkeypatch.setattr(publish.os, "replace", replacing)
    done = publish._rename_kinds(moves, lambda target: int(target.rsplit("-", 1)[1]) % 2 == 0)
    assert done == {temp: target for _, temp, target in moves}
    assert [kind for kind, _, _ in order] == ["page"] * 30 + ["feed"] * 3
    pages = order[:30]
    assert pages[:15] == [("page", True, True)] * 15  # the new ones, here, first
    assert {new for _, new, _ in pages[15:]} == {False}
    assert not any(here for _, _, here in pages[15:])  # more than _RENAMERS: threads
    assert all(Path(target).read_text() == f"new {Path(target).name.replace('-', ' ')}"
               for _, _, target in moves)
