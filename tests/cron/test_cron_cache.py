"""The cache of parsed articles: unchanged files are not read again; the
cache is checked, rebuilt when damaged, never able to run code, safe to delete."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sqlite3
from collections import Counter
from dataclasses import fields
from pathlib import Path

import pytest
from conftest import NOW_DT, SEED, forget_last_build, public_files

from newswire import entries, readers
from newswire.build import SitePaths, article_cache
from newswire.config import load_site
from newswire.model import Article
from newswire.run import BuildOptions, build

DATABASE = Path(".newswire") / "derived.sqlite"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts the articles parsed, by file name."""
    counts: Counter[str] = Counter()
    for suffix, reader in list(readers.READERS.items()):
        def counting(path: Path, *args: object, _reader: object = reader, **kw: object) -> object:
            counts[path.name] += 1
            return _reader(path, *args, **kw)  # type: ignore[operator]
        monkeypatch.setitem(readers.READERS, suffix, counting)
    return counts


def rebuild(site: Path, **options: object) -> None:
    """A build that cannot be skipped as a whole: it must ask the cache."""
    forget_last_build(site)
    report = build(site, BuildOptions(now=NOW_DT, **options))  # type: ignore[arg-type]
    assert not report.unchanged and not report.errors, report.diagnostics


def test_only_changed_articles_are_parsed_again(site: Path, reads: Counter[str]) -> None:
    rebuild(site)
    assert reads[f"{SEED}.txt"] == 1 and len(reads) == 18
    first = public_files(site / "public")
    reads.clear()
    rebuild(site)
    assert reads == Counter()
    assert public_files(site / "public") == first
    text = site / "content" / f"{SEED}.txt"
    text.write_bytes(text.read_bytes().replace(b"handshake", b"hand-shake", 1))
    rebuild(site)
    assert reads == Counter({f"{SEED}.txt": 1})
    reads.clear()
    sidecar = site / "content" / f"{SEED}.toml"
    sidecar.write_text(sidecar.read_text().replace('"diplomacy"', '"summits"'))
    rebuild(site)
    assert reads == Counter({f"{SEED}.txt": 1})


def test_same_bytes_with_a_new_stat_is_still_a_hit(site: Path, reads: Counter[str]) -> None:
    rebuild(site)
    reads.clear()
    for path in (site / "content").rglob("*"):
        path.write_bytes(path.read_bytes()) if path.is_file() else None
    rebuild(site)
    assert reads == Counter()


def test_a_change_that_keeps_size_and_mtime_is_seen(site: Path, reads: Counter[str]) -> None:
    rebuild(site)
    reads.clear()
    text = site / "content" / f"{SEED}.txt"
    st = text.stat()
    text.write_bytes(text.read_bytes().replace(b"Putin", b"PUTIN", 1))
    os.utime(text, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert text.stat().st_size == st.st_size and text.stat().st_mtime_ns == st.st_mtime_ns
    rebuild(site)
    assert reads == Counter({f"{SEED}.txt": 1})


def _rows(site: Path, sql: str, *args: object) -> None:
    with sqlite3.connect(site / DATABASE) as conn:
        conn.execute(sql, args)
    conn.close()


def _damage_file(site: Path, damage: str) -> None:
    database = site / DATABASE
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = database.read_bytes()
    if damage == "truncate":
        database.write_bytes(data[:len(data) // 2])
    elif damage == "pages":  # the header intact, every page after it garbage
        database.write_bytes(data[:100] + bytes(range(256)) * ((len(data) - 100) // 256))
    else:
        database.write_bytes(damage.encode())


@pytest.mark.parametrize("damage", ["", "garbage", "truncate", "pages", "format",
                                    "article", "types", "stamp"])
def test_a_damaged_cache_is_rebuilt(site: Path, reads: Counter[str], damage: str) -> None:
    rebuild(site)
    good = public_files(site / "public")
    if damage == "format":
        _rows(site, "PRAGMA user_version = 99")
    elif damage == "article":  # rows that are not articles of the model
        _rows(site, "UPDATE articles SET article = CAST(? AS BLOB)",
              '["article/2", [1], []]\n')
    elif damage == "types":  # a field of the wrong type is a miss
        with sqlite3.connect(site / DATABASE) as conn:
            for source, blob in conn.execute("SELECT source, article FROM articles").fetchall():
                head, newline, body = blob.partition(b"\n")
                obj = json.loads(head)  # [layout, the article's fields in order, warnings]
                obj[1][[f.name for f in fields(Article)].index("tags")] = [1, 2]
                conn.execute("UPDATE articles SET article = ? WHERE source = ?",
                             (json.dumps(obj).encode() + newline + body, source))
        conn.close()
    elif damage == "stamp":
        _rows(site, "UPDATE articles SET stamp = '[1, 2]'")
    else:
        _damage_file(site, damage)
    reads.clear()
    rebuild(site)
    assert len(reads) == 18
    assert public_files(site / "public") == good
    reads.clear()
    rebuild(site)
    assert reads == Counter()


class Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


def test_a_tampered_cache_cannot_run_code(site: Path, reads: Counter[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    rebuild(site)
    monkeypatch.chdir(site)
    _rows(site, "UPDATE articles SET article = ?", pickle.dumps(Exploit()))
    reads.clear()
    rebuild(site)
    assert not (site / "pwned").exists()
    assert len(reads) == 18
    # a class name that is not one of the model's builds nothing
    _rows(site, "UPDATE articles SET article = CAST(? AS BLOB)",
          '[{"model": "Exploit", "fields": {}}, []]')
    reads.clear()
    rebuild(site)
    assert not (site / "pwned").exists()
    assert len(reads) == 18


def test_the_cache_is_safe_to_delete(site: Path, reads: Counter[str]) -> None:
    rebuild(site)
    good = public_files(site / "public")
    ledger = (site / ".newswire" / "state.json").read_bytes()
    mtimes = {p: p.stat().st_mtime_ns for p in (site / "public").rglob("*") if p.is_file()}
    for name in ("derived.sqlite", "derived.sqlite-wal", "derived.sqlite-shm"):
        (site / ".newswire" / name).unlink(missing_ok=True)
    reads.clear()
    rebuild(site)
    assert len(reads) == 18
    assert public_files(site / "public") == good
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes
    assert (site / ".newswire" / "state.json").read_bytes() == ledger


def test_other_settings_are_other_entries(site: Path, reads: Counter[str]) -> None:
    rebuild(site)
    settings = site / "feeds" / "site.toml"
    settings.write_text(settings.read_text().replace('"Europe/Rome"', '"Asia/Tokyo"'))
    reads.clear()
    rebuild(site)
    assert len(reads) == 18


def test_removed_articles_leave_the_cache(site: Path) -> None:
    rebuild(site)
    for suffix in (".txt", ".toml"):
        (site / "content" / f"{SEED}{suffix}").unlink()
    rebuild(site)
    cache = article_cache(SitePaths(site), load_site(site / "feeds"))
    text = site / "content" / f"{SEED}.txt"
    cached, _ = cache.get(cache.probe(text, f"{SEED}.txt"))
    assert cached is None
    welcome = site / "content" / "newsroom" / "welcome.md"
    cached, _ = cache.get(cache.probe(welcome, "newsroom/welcome.md"))
    assert cached is not None and cached.article.title.startswith("Welcome")


def test_a_sidecar_added_or_removed_is_seen(site: Path, reads: Counter[str]) -> None:
    rebuild(site)
    sidecar = site / "content" / f"{SEED}.toml"
    kept = sidecar.read_bytes()
    for change in (sidecar.unlink, lambda: (site / "content" / f"{SEED}.yaml").write_text(
            "tags: [summits]\n"), lambda: sidecar.write_bytes(kept)):
        change()
        reads.clear()
        rebuild(site)
        assert reads == Counter({f"{SEED}.txt": 1}), change


def fresh_build(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """The files a first build of a copy of ``site``'s inputs (and ledger) writes."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    for name in ("feeds", "content"):
        shutil.copytree(site / name, copy / name)
    (copy / ".newswire").mkdir()
    shutil.copy2(site / ".newswire" / "state.json", copy / ".newswire" / "state.json")
    report = build(copy, BuildOptions(now=NOW_DT))
    assert not report.errors, report.diagnostics
    return public_files(copy / "public")


def test_sanitized_html_is_kept_for_unchanged_articles(
        site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rebuild(site)
    sanitized: Counter[str] = Counter()
    real = entries.sanitize_html

    def counting(fragment: str, base: str, folder: str, prefix: str = "") -> str:
        sanitized[base] += 1
        return real(fragment, base, folder, prefix)
    monkeypatch.setattr(entries, "sanitize_html", counting)
    text = site / "content" / f"{SEED}.txt"
    text.write_bytes(text.read_bytes().replace(b"handshake", b"hand-shake", 1))
    rebuild(site)
    assert len(sanitized) == 1 and sum(sanitized.values()) == 1
    assert public_files(site / "public") == fresh_build(site, tmp_path)
    # another base_url makes other URLs in every body: nothing kept is used
    settings = site / "feeds" / "site.toml"
    settings.write_text(settings.read_text().replace(
        "https://news.example.org/", "https://wire.example.net/news/"))
    sanitized.clear()
    rebuild(site)
    assert len(sanitized) == 18
    assert all(base.startswith("https://wire.example.net/news/") for base in sanitized)
    assert b"https://wire.example.net/news/" in (site / "public" / "index.html").read_bytes()
    assert public_files(site / "public") == fresh_build(site, tmp_path)
