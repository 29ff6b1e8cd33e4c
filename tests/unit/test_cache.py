"""ArticleCache: parsed articles reused only for unchanged files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newswire.cache import ArticleCache
from newswire.errors import Diagnostic
from newswire.state.digests import RACY_NS
from newswire.state.store import Changes, Store

from .conftest import article

LONG_AGO = 10 ** 9          # file times (ns) far before the build that read them
READ_NS = 100 * RACY_NS     # when that build started reading


def site(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    content.mkdir()
    path = content / "story.md"
    path.write_text("---\ntitle: Story\n---\nBody\n")
    os.utime(path, ns=(LONG_AGO, LONG_AGO))
    return content, path


def first_build(tmp_path: Path, warnings: list[Diagnostic] | None = None) -> Store:
    content, path = site(tmp_path)
    store = Store(tmp_path / "derived.sqlite", "code")
    cache = ArticleCache(store, "Europe/Rome", READ_NS)
    found, probe = cache.get(cache.probe(path, "story.md"))
    assert found is None and probe.digest is not None
    cache.put(probe, article("story.md"), warnings or [], content)
    store.commit(Changes(articles=cache.changes()))
    return store


def second_get(store: Store, tmp_path: Path, context: str = "Europe/Rome"):  # type: ignore[no-untyped-def]
    cache = ArticleCache(store, context, READ_NS + RACY_NS)
    path = tmp_path / "content" / "story.md"
    return cache, cache.get(cache.probe(path, "story.md"))


def test_an_unchanged_file_comes_from_the_cache(tmp_path: Path) -> None:
    store = first_build(tmp_path)
    _, (found, probe) = second_get(store, tmp_path)
    assert found is not None and found.article == article("story.md")
    assert found.warnings == () and probe.digest is None  # not even hashed


def test_warnings_are_kept_relative_to_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    warning = Diagnostic("warning", "no date", content / "story.md", 2)
    store = first_build(tmp_path, [warning])
    _, (found, _) = second_get(store, tmp_path)
    assert found is not None
    assert found.warnings == (("warning", "no date", "story.md", 2),)
    assert found.diagnostics(content) == [warning]


def test_a_warning_about_another_file_is_not_cached(tmp_path: Path) -> None:
    store = first_build(tmp_path, [Diagnostic("warning", "x", Path("/elsewhere/f"), 1)])
    _, (found, _) = second_get(store, tmp_path)
    assert found is None


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    store = first_build(tmp_path)
    path = tmp_path / "content" / "story.md"
    path.write_text("---\ntitle: Other\n---\nBody\n")
    os.utime(path, ns=(LONG_AGO, LONG_AGO))
    _, (found, probe) = second_get(store, tmp_path)
    assert found is None and probe.digest is not None


def test_a_touched_file_with_the_same_bytes_is_still_a_hit(tmp_path: Path) -> None:
    store = first_build(tmp_path)
    os.utime(tmp_path / "content" / "story.md", ns=(LONG_AGO * 2, LONG_AGO * 2))
    cache, (found, probe) = second_get(store, tmp_path)
    assert found is not None and probe.digest is not None
    assert list(cache.changes()) == ["story.md"]  # its new stamp is recorded


def test_a_new_sidecar_makes_a_miss(tmp_path: Path) -> None:
    store = first_build(tmp_path)
    (tmp_path / "content" / "story.toml").write_text('tags = ["x"]\n')
    _, (found, _) = second_get(store, tmp_path)
    assert found is None


def test_rows_read_in_another_context_are_a_miss_and_deleted(tmp_path: Path) -> None:
    store = first_build(tmp_path)
    cache, (found, _) = second_get(store, tmp_path, context="UTC")
    assert found is None
    assert cache.changes() == {"story.md": None}


def test_a_file_changed_just_before_it_was_read_is_compared_by_digest(tmp_path: Path) -> None:
    content, path = site(tmp_path)
    os.utime(path, ns=(READ_NS - 1, READ_NS - 1))  # the same clock tick as the read
    store = Store(tmp_path / "derived.sqlite", "code")
    cache = ArticleCache(store, "Europe/Rome", READ_NS)
    _, probe = cache.get(cache.probe(path, "story.md"))
    cache.put(probe, article("story.md"), [], content)
    store.commit(Changes(articles=cache.changes()))
    _, (found, again) = second_get(store, tmp_path)
    assert found is not None and again.digest == probe.digest


def test_html_is_kept_for_the_same_digest_and_key(tmp_path: Path) -> None:
    store = first_build(tmp_path)
    cache, (found, _) = second_get(store, tmp_path)
    assert found is not None
    assert cache.html("story.md", "d" * 64, "key") is None
    cache.keep_html("story.md", "d" * 64, "key", "<p>Body</p>", "Body")
    assert cache.html("story.md", "d" * 64, "key") == ("<p>Body</p>", "Body")
    assert cache.html("story.md", "d" * 64, "other key") is None
    assert cache.html("story.md", "e" * 64, "key") is None
    store.commit(Changes(articles=cache.changes()))
    cache, _ = second_get(store, tmp_path)
    # read back, the content stays in the database (fetched where it is published)
    assert cache.html("story.md", "d" * 64, "key") == (None, "Body")
    assert store.article_html(["story.md"])["story.md"].endswith("\n<p>Body</p>")


def test_drop_and_keep_only_forget_articles(tmp_path: Path) -> None:
    store = first_build(tmp_path)
    cache = ArticleCache(store, "Europe/Rome", READ_NS)
    cache.keep_only(["other.md"])
    assert cache.changes() == {"story.md": None}
    cache = ArticleCache(store, "Europe/Rome", READ_NS)
    cache.drop("story.md")
    cache.drop("never.md")
    assert cache.changes() == {"story.md": None}


def test_without_a_database_nothing_is_cached(tmp_path: Path) -> None:
    content, path = site(tmp_path)
    cache = ArticleCache(None, "UTC")
    found, probe = cache.get(cache.probe(path, "story.md"))
    assert found is None
    cache.put(probe, article("story.md"), [], content)
    assert list(cache.changes()) == ["story.md"]


def snapshot_stats(content: Path) -> dict[str, tuple[int, int, int, int]]:
    from newswire.state.digests import snapshot
    return dict(snapshot([content], [], []).stats)


def test_a_probe_takes_the_stats_of_the_snapshot_and_stats_nothing(tmp_path: Path,
                                                                    monkeypatch) -> None:
    content, path = site(tmp_path)
    text = content / "wire.txt"
    text.write_text("Wire\n\nBody\n")
    (content / "wire.toml").write_text('title = "Wire"\n')
    stats = snapshot_stats(content)
    by_stat = ArticleCache(None, "Europe/Rome", READ_NS)
    expected = [by_stat.probe(p, p.name) for p in (path, text)]
    assert expected[1].stamp[1] is not None  # the sidecar is in the stamp

    def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("stat'ed or listed again")
    monkeypatch.setattr(os, "stat", refused)
    monkeypatch.setattr(os, "listdir", refused)
    monkeypatch.setattr(Path, "stat", refused)
    cache = ArticleCache(None, "Europe/Rome", READ_NS, stats=stats)
    assert [cache.probe(p, p.name) for p in (path, text)] == expected


def test_a_file_the_snapshot_did_not_see_is_stat_ed(tmp_path: Path) -> None:
    content, path = site(tmp_path)
    stats = snapshot_stats(content)
    later = content / "later.md"
    later.write_text("---\ntitle: Later\n---\nBody\n")
    cache = ArticleCache(None, "Europe/Rome", READ_NS, stats=stats)
    stamp = cache.probe(later, "later.md").stamp
    assert stamp[0] is not None and stamp[0][3] == later.stat().st_ino


def test_a_file_changed_after_the_snapshot_is_read_again_next_time(tmp_path: Path) -> None:
    """The stamp of the snapshot is older than the bytes read: the next
    build's stamp differs, the file is hashed, and the bytes decide."""
    content, path = site(tmp_path)
    stats = snapshot_stats(content)
    path.write_text("---\ntitle: Changed\n---\nBody\n")  # after the snapshot, before the read
    os.utime(path, ns=(LONG_AGO * 3, LONG_AGO * 3))
    store = Store(tmp_path / "derived.sqlite", "code")
    cache = ArticleCache(store, "Europe/Rome", READ_NS, stats=stats)
    _, probe = cache.get(cache.probe(path, "story.md"))
    cache.put(probe, article("story.md", "Changed"), [], content)
    store.commit(Changes(articles=cache.changes()))
    again = ArticleCache(store, "Europe/Rome", READ_NS + RACY_NS,
                         stats=snapshot_stats(content))
    found, checked = again.get(again.probe(path, "story.md"))
    assert found is not None and found.article.title == "Changed"
    assert checked.digest == probe.digest  # compared by its bytes



@pytest.mark.parametrize("stamp", [
    "", "[", "null", "{}", "[null, null, null]", "[null, null, null, null, null]",
    "[[1, 2, 3], null, null, null]", "[[1, 2, 3, 4.0], null, null, null]",
    "[[1, 2, 3, true], null, null, null]", '[[1, 2, 3, "4"], null, null, null]',
    "[[1, 2, 3, 123456789012345678901234567890], null, null, null]",
    "[[1, 2, 3, 4], [1], null, null]", "[[1, 2, 3, 4], 0, null, null]",
])
def test_a_row_with_a_damaged_stamp_is_a_miss_and_deleted(tmp_path: Path, stamp: str) -> None:
    import sqlite3
    store = first_build(tmp_path)
    store.close()
    conn = sqlite3.connect(tmp_path / "derived.sqlite")
    with conn:
        conn.execute("UPDATE articles SET stamp=?", (stamp,))
    conn.close()
    store = Store(tmp_path / "derived.sqlite", "code")
    cache, (found, probe) = second_get(store, tmp_path)
    assert found is None and probe.digest is not None
    assert cache.changes() == {"story.md": None}
