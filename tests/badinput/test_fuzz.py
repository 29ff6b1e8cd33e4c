"""Fuzzing ``validate`` and the readers with random and mutated documents (README "Bad input").

The seeds are real documents: every feed in ``tests/fixtures/validate/`` and
every article (with its sidecar) in the repository's ``content/`` and in
``tests/fixtures/bad/``. Hypothesis mutates them byte by byte and by
splicing in what breaks parsers (deep nesting, unclosed comments and CDATA,
character references to forbidden characters, BOMs, long runs of one
character) or makes up documents from nothing. Whatever comes out:

* :func:`newswire.validate.validate_bytes` returns findings, never raises;
* :func:`newswire.readers.read_article` returns an article or raises
  :class:`~newswire.errors.ArticleError` (our own diagnostic), nothing else,
  and the body it returns goes through the sanitizer and the summary;
* the readers of every ``.newswire/`` file, given mutations of the files a
  real build wrote, fail only in the ways their callers handle;
* nothing takes longer than a generous alarm (a hang fails the test).

The quick variants run in the developer loop; the ``slow`` ones run
``NEWSWIRE_FUZZ_EXAMPLES`` examples each (default 1000), in CI or locally::

    NEWSWIRE_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -m slow tests/badinput/test_fuzz.py
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newswire.run import BuildOptions, build
from newswire.errors import ArticleError, OutputError
from newswire.identity import State
from newswire.readers import read_article
from newswire.sanitize import plain_text, sanitize_html, summarize
from newswire.validate import sniff, validate_bytes
from newswire.safeio import load_json
from newswire.state.lastbuild import LastBuild
from newswire.state.legacy import import_legacy
from newswire.state.store import Store, peek
from newswire.state.values import article_from_bytes

from ..conftest import NOW, copy_sample_site
from .helpers import alarm, write

SEED = "000_9b5066fb76f96e2d"


REPO = Path(__file__).resolve().parents[2]
FEEDS = sorted(p for p in (REPO / "tests" / "fixtures" / "validate").rglob("*") if p.is_file())
ARTICLES = sorted(p for folder in (REPO / "content", REPO / "tests" / "fixtures" / "bad")
                  for p in folder.rglob("*") if p.suffix in (".md", ".txt")
                  and p.name != "README.md")
SIDECARS = sorted((REPO / "content").rglob("*.toml"))
ZONE = ZoneInfo("Europe/Rome")
SLOW_EXAMPLES = int(os.environ.get("NEWSWIRE_FUZZ_EXAMPLES", "1000"))
ALARM_SECONDS = 60  # per example; the largest seed takes well under a second

# What breaks parsers and regular expressions, spliced in at random places.
TOKENS = [
    b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?xml", b"?>", b"<!DOCTYPE x [", b"]>",
    b"<!ENTITY a \"&a;\">", b"&a;", b"&#0;", b"&#x1F;", b"&#xFFFE;", b"&#99999999;",
    b"&amp;", b"\x00", b"\x1b", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3",
    b"\xed\xa0\x80", b"\xe9", b"<", b">", b"\"", b"'", b"\\", b"{", b"}", b"[", b"]",
    b",", b":", b"---\n", b"+++\n", b"...\n", b"# ", b"title: ", b"date: ", b"author: ",
    b"<div>" * 300, b"[" * 3000, b"{\"a\":" * 300, b"<a>" * 300, b"- " * 300,
    b" " * 5000, b"\t" * 300, b"\n" * 300, b"#" * 300, b"-" * 300, b"a@" * 300,
    b"GMT+1", b"Europe/Paris", b"25 April 2019", b"04/05/19", b"9999-12-31T23:59:59-23:59",
    b"<script>alert(1)</script>", b"javascript:", b"https://[::1/x.png", b"\xf0\x9f\x98\x80",
]


def _mutation() -> st.SearchStrategy:
    position = st.floats(min_value=0, max_value=1)
    return st.one_of(
        st.tuples(st.just("insert"), position, st.sampled_from(TOKENS)),
        st.tuples(st.just("insert"), position, st.binary(max_size=64)),
        st.tuples(st.just("delete"), position, st.integers(1, 200)),
        st.tuples(st.just("repeat"), position, st.integers(1, 64), st.integers(2, 200)),
        st.tuples(st.just("replace"), position, st.binary(min_size=1, max_size=16)),
        st.tuples(st.just("truncate"), position),
    )


def mutate(data: bytes, mutations: list[tuple]) -> bytes:
    """``data`` with each mutation applied in turn (positions are fractions of the length)."""
    for kind, where, *args in mutations:
        at = int(where * len(data))
        if kind == "insert":
            data = data[:at] + args[0] + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + args[0]:]
        elif kind == "repeat":
            length, times = args
            data = data[:at] + data[at:at + length] * times + data[at + length:]
        elif kind == "replace":
            data = data[:at] + args[0] + data[at + len(args[0]):]
        else:
            data = data[:at]
    return data


def _document(seeds: list[Path]) -> st.SearchStrategy[bytes]:
    mutated = st.builds(lambda seed, changes: mutate(seed.read_bytes(), changes),
                        st.sampled_from(seeds), st.lists(_mutation(), min_size=1, max_size=8))
    made_up = st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.sampled_from(TOKENS), max_size=40).map(b"".join),
    )
    return st.one_of(mutated, mutated, mutated, made_up)


def check_validate(data: bytes) -> None:
    with alarm(ALARM_SECONDS):
        sniff(data)
        for kind in (None, "rss", "atom", "json"):
            findings = validate_bytes(data, "fuzz.xml", kind)
            assert all(f.level in ("error", "warning") and f.code for f in findings)


def check_reader(data: bytes, suffix: str, sidecar: bytes | None) -> None:
    with tempfile.TemporaryDirectory() as folder, alarm(ALARM_SECONDS):
        content = Path(folder)
        path = content / f"article{suffix}"
        path.write_bytes(data)
        if sidecar is not None:
            (content / "article.toml").write_bytes(sidecar)
        try:
            article, warnings = read_article(path, content, ZONE)
        except ArticleError as error:
            assert str(error).startswith(str(content))
            return
        assert article.title and all(w.level == "warning" for w in warnings)
        html = sanitize_html(article.body_html, "https://example.org/a/", "https://example.org/")
        plain_text(html)
        summarize(html)


def _article() -> st.SearchStrategy[tuple[bytes, str, bytes | None]]:
    return st.tuples(
        _document(ARTICLES), st.sampled_from([".md", ".txt"]),
        st.one_of(st.none(), _document(SIDECARS)))


_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large,
           HealthCheck.function_scoped_fixture]
QUICK = settings(max_examples=40, deadline=None, database=None, suppress_health_check=_HEALTH)
LONG = settings(max_examples=SLOW_EXAMPLES, deadline=None, database=None,
                suppress_health_check=_HEALTH)


def test_seeds_are_there() -> None:
    assert len(FEEDS) > 50 and len(ARTICLES) > 30 and SIDECARS


@QUICK
@given(_document(FEEDS))
def test_validate_never_raises_on_mutated_feeds(data: bytes) -> None:
    check_validate(data)


@QUICK
@given(_article())
def test_readers_raise_only_article_errors(case: tuple[bytes, str, bytes | None]) -> None:
    check_reader(*case)


@pytest.mark.slow
@LONG
@given(_document(FEEDS))
def test_validate_never_raises_long(data: bytes) -> None:
    check_validate(data)


@pytest.mark.slow
@LONG
@given(_article())
def test_readers_raise_only_article_errors_long(case: tuple[bytes, str, bytes | None]) -> None:
    check_reader(*case)


def test_mutations_do_what_they_say() -> None:
    assert mutate(b"abcdef", [("insert", 0.5, b"XY")]) == b"abcXYdef"
    assert mutate(b"abcdef", [("delete", 0.5, 2)]) == b"abcf"
    assert mutate(b"abcdef", [("repeat", 0.5, 2, 3)]) == b"abcdededef"
    assert mutate(b"abcdef", [("replace", 0.0, b"ZZ")]) == b"ZZcdef"
    assert mutate(b"abcdef", [("truncate", 0.5)]) == b"abc"


# -- the files of .newswire/ -------------------------------------------------

@pytest.fixture(scope="module")
def state_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What ``.newswire/`` holds for the repository's site after one build:
    the ledger, the database file, one stored article and the record of the
    last build as the database keeps them, and the files of an older newswire
    (imported once)."""
    import sqlite3

    site = copy_sample_site(tmp_path_factory.mktemp("state") / "site")
    build(site, BuildOptions(now=NOW))
    database = site / ".newswire" / "derived.sqlite"
    conn = sqlite3.connect(database)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (article,) = conn.execute("SELECT article FROM articles WHERE source = ?",
                                  (f"{SEED}.txt".encode(),)).fetchone()
        (record,) = conn.execute(
            "SELECT value FROM records WHERE name = 'last-build'").fetchone()
        manifest = {p.decode(): [d, n, m] for p, d, n, m in conn.execute(
            "SELECT path, sha256, size, mtime_ns FROM manifest")}
    finally:
        conn.close()
    legacy = (b'{"version": 1, "files": ' + json.dumps(manifest).encode() + b'}\n\0'
              b'{"version": 1, "pending": [{"hub": "https://hub.example.org/", "topic": '
              b'"https://news.example.org/feeds/main/rss.xml", "queued": 1, "attempts": 0, '
              b'"last_error": null}]}\n\0{"format": 1, "latest_now": "2026-11-29T00:00:00+00:00"}')
    return {"state.json": (site / ".newswire" / "state.json").read_bytes(),
            "derived.sqlite": database.read_bytes(), "article": article,
            "last-build": record.encode(), "legacy": legacy}


def check_state_file(name: str, data: bytes) -> None:
    """Each reader of what ``.newswire/`` holds fails only in the ways its
    caller handles: a damaged value is a miss, a damaged database is moved
    aside, never an exception."""
    with tempfile.TemporaryDirectory() as folder, alarm(ALARM_SECONDS):
        if name == "state.json":
            try:
                State.from_json(data)
            except (ValueError, KeyError, TypeError, AttributeError):  # what load_ledger catches
                pass
        elif name == "article":
            article_from_bytes(data, f"{SEED}.txt")
        elif name == "last-build":
            try:
                value = load_json(data)
            except ValueError:  # what Store.record catches
                value = None
            LastBuild.from_plain(value)
        elif name == "derived.sqlite":
            path = Path(folder) / "derived.sqlite"
            path.write_bytes(data)
            looking = peek(path)
            if looking is not None:
                looking.record("last-build"), looking.manifest(), looking.published_stats()
                looking.close()
            store = Store(path, "fingerprint")
            store.manifest(), store.pages(), store.recognition(), store.pings()
            store.record("last-build"), store.article(f"{SEED}.txt"), store.published()
            store.published_stats()
            store.close()
        else:
            parts = data.split(b"\0")
            for file, part in zip(("manifest.json", "pending-pings.json", "clock.json"), parts):
                (Path(folder) / file).write_bytes(part)
            store = Store(Path(folder) / "derived.sqlite", "fingerprint")
            import_legacy(Path(folder), store, "latest-now")
            store.close()


STATE_NAMES = ("state.json", "derived.sqlite", "article", "last-build", "legacy")


@QUICK
@given(st.sampled_from(STATE_NAMES), st.lists(_mutation(), min_size=1, max_size=8))
def test_newswire_files_fail_only_as_their_readers_expect(
        state_files: dict[str, bytes], name: str, changes: list[tuple]) -> None:
    check_state_file(name, mutate(state_files[name], changes))


@pytest.mark.slow
@LONG
@given(st.sampled_from(STATE_NAMES), st.lists(_mutation(), min_size=1, max_size=8))
def test_newswire_files_fail_only_as_their_readers_expect_long(
        state_files: dict[str, bytes], name: str, changes: list[tuple]) -> None:
    check_state_file(name, mutate(state_files[name], changes))
