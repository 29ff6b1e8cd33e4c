"""The state package: articles as plain values, the database's trust rules,
the one fingerprint, and the one-way dependency between run and build."""

from __future__ import annotations

import ast
import json
import sqlite3
from dataclasses import fields
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz

from newswire.model import Article, Author, Media
from newswire.publish import FileStamp
from newswire.state import digests, fingerprint
from newswire.state.lastbuild import LastBuild
from newswire.state.legacy import import_legacy
from newswire.state.store import Changes, Store, peek
from newswire.state.values import Unstorable, article_from_bytes, article_to_bytes

from .conftest import article

SRC = Path(__file__).resolve().parents[2] / "src" / "newswire"
A = {f.name: i for i, f in enumerate(fields(Article))}
M = {f.name: i for i, f in enumerate(fields(Media))}
ROME = ZoneInfo("Europe/Rome")


def rich_article() -> Article:
    """An article holding every kind of value a reader may give."""
    return article(
        "2019/04/dépêche\udcff.md", "Kim & Putin", summary=None,
        published=datetime(2019, 4, 25, 10, 0, tzinfo=ROME),
        updated=datetime(2019, 4, 26, 8, 30, 15, 123, tzinfo=tz.tzoffset("MSK", 10800)),
        authors=(Author("Ada", "ada@example.org"), Author("Desk")),
        tags=("world", "asia"), slug=None, draft=True, lang="ru",
        audio=Media("audio", "episode.mp3", length=1024, duration=61, line=7),
        extra=(("when", date(2019, 4, 25)), ("at", time(10, 30, tzinfo=timezone.utc)),
               ("utc", datetime(2019, 4, 25, tzinfo=tz.tzutc())),
               ("fixed", datetime(2019, 4, 25, tzinfo=timezone(timedelta(hours=9), "JST"))),
               ("naive", datetime(2019, 4, 25, 1, 2)), ("list", [1, 2.5, None, "x"]),
               ("map", {"a": (1, 2), 3: True}), ("nan", float("inf"))),
        digest="ab" * 32, body_line=4)


def test_an_article_round_trips_through_plain_values() -> None:
    original = rich_article()
    warnings = (("warning", "no date", "2019/04/x.md", 3), ("error", "x", None, None))
    data = article_to_bytes(original, warnings)
    assert data.isascii() and b"Kim & Putin" in data
    back, said = article_from_bytes(data, original.source)
    assert back == original and said == warnings
    for name in ("published", "updated"):
        assert type(getattr(back, name).tzinfo) is type(getattr(original, name).tzinfo)
    assert dict(back.extra)["utc"].tzinfo == tz.tzutc()
    assert dict(back.extra)["fixed"].tzname() == "JST"


def test_fields_are_stored_flat_by_position() -> None:
    """No class or field name is stored: the model's fields, in order, are
    the layout (one the code fingerprint ties the database to)."""
    from newswire.state import values
    original = rich_article()
    head = article_to_bytes(original, ()).partition(b"\n")[0]
    assert b'"model"' not in head and b'"fields"' not in head and b'"tuple"' in head  # extra
    obj = json.loads(head)
    assert obj[0] == values.FORMAT and len(obj[1]) == len(fields(Article))
    assert obj[1][A["published"]] == ["2019-04-25T10:00:00", ["zone", "Europe/Rome"], 0]
    assert obj[1][A["authors"]] == [["Ada", "ada@example.org", None], ["Desk", None, None]]
    for value in (original.audio, *original.authors):
        assert values._decode_model(type(value), values._encode_model(type(value), value)) \
            == value


def test_values_of_other_types_are_not_stored() -> None:
    class Opaque:
        pass
    with pytest.raises(Unstorable):
        article_to_bytes(article(extra=(("x", Opaque()),)), ())
    with pytest.raises(Unstorable):
        article_to_bytes(article(extra=(("x", {1, 2}),)), ())


def _set(name: str, value: object):  # type: ignore[no-untyped-def]
    return lambda o: o[1].__setitem__(A[name], value)


@pytest.mark.parametrize("change", [
    _set("title", ["not", "text"]),
    _set("tags", [1]),
    _set("draft", 1),
    _set("body_line", "4"),
    _set("published", ["2019-04-25T10:00:00", None, 0]),  # naive
    lambda o: o[1][A["authors"]][0].append("more"),
    lambda o: o[1][A["authors"]][0].__setitem__(0, None),
    lambda o: o[1].pop(A["title"]),
    lambda o: o[1].append(1),
    lambda o: o.__setitem__(0, "os.system"),
    lambda o: o.__setitem__(0, "article/1"),
    _set("published", ["2019-04-25T10:00:00", ["zone", "../../etc/passwd"], 0]),
    lambda o: o[2].append(["warning", "x", 3, None]),
    lambda o: o.append("more"),
    # values no writer makes
    _set("tags", {"tuple": ["world"]}),  # tagged where the field says a tuple of text
    _set("tags", "world"),
    lambda o: o[1][A["published"]].__setitem__(2, 2),  # fold
    lambda o: o[1][A["published"]].__setitem__(2, True),
    lambda o: o[1][A["published"]].pop(1),
    _set("published", "2019-04-25T10:00:00+02:00"),
    _set("audio", ["Ada", None, None]),  # an author where a media goes
    lambda o: o[1][A["audio"]].__setitem__(M["length"], "1024"),
    lambda o: o[1][A["audio"]].__setitem__(M["line"], True),
    _set("summary", 3),
    _set("source", None),
    _set("source", "other.md"),
    _set("extra", {"tuple": [["x", 1]]}),  # a list inside, where a tuple goes
    _set("extra", [["x", 1]]),
    _set("body_line", 4.0),
    _set("draft", None),
    lambda o: o[1][A["authors"]].append("Ada"),
    lambda o: o[1][A["authors"]][0].pop(),
    _set("body_html", "<p>not empty</p>"),
])
def test_a_stored_article_of_the_wrong_shape_is_a_miss(change) -> None:
    original = rich_article()
    head, _, body = article_to_bytes(original, ()).partition(b"\n")
    obj = json.loads(head)
    assert article_from_bytes(json.dumps(obj).encode() + b"\n" + body, original.source) \
        == (original, ())
    change(obj)
    assert article_from_bytes(json.dumps(obj).encode() + b"\n" + body, original.source) is None


def test_the_body_is_stored_as_text_after_the_fields() -> None:
    original = article("a.md", body_html="<p>line\r\nnext \u00e9\ud800 \"q\"</p>\n")
    data = article_to_bytes(original, ())
    head, newline, body = data.partition(b"\n")
    assert json.loads(head)[1][A["body_html"]] == ""
    assert body == original.body_html.encode("utf-8", "surrogatepass")
    assert article_from_bytes(data, "a.md") == (original, ())


@pytest.mark.parametrize("data", [
    b'[{"model":"Article","fields":{}},[]]',  # one JSON document: an older layout
    # the layout before fields were stored flat
    b'[{"model":"Article","fields":{"source":"a.md","title":"T","body_html":""}},[]]\n<p>x</p>',
    b'["article/2"]\n',
    b"",
])
def test_stored_bytes_of_another_layout_are_a_miss(data) -> None:
    assert article_from_bytes(data, "a.md") is None


def test_a_body_that_is_not_utf8_is_a_miss() -> None:
    head = article_to_bytes(article("a.md"), ()).partition(b"\n")[0]
    assert article_from_bytes(head + b"\n\xff\xfe", "a.md") is None


def test_a_stored_article_of_another_source_is_a_miss() -> None:
    data = article_to_bytes(article("a.md"), ())
    assert article_from_bytes(data, "b.md") is None
    assert article_from_bytes(b"\x80\x05K\x01.", "a.md") is None  # a pickle


def test_a_foreign_or_damaged_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "derived.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other(x)")
    conn.commit()
    conn.close()
    store = Store(path, "code")
    assert store.moved_aside == tmp_path / "derived.sqlite.unusable"
    assert store.manifest() == {}
    store.close()
    path.write_bytes(b"not a database at all, just text " * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert peek(path) is None  # only looking never moves anything
    assert path.read_bytes().startswith(b"not a database")
    store = Store(path, "code")
    assert store.moved_aside is not None and store.pages() == {}
    store.close()


def test_the_articles_of_one_folder_come_in_one_query(tmp_path: Path) -> None:
    from newswire.state.store import ArticleRow
    store = Store(tmp_path / "derived.sqlite", "code")
    sources = ["top.md", "2019/a.md", "2019/b.md", "2019/04/c.md", "20190/d.md", "2019.md",
               "caf\u00e9/e.md", "x\udcff/f.md"]
    store.commit(Changes(articles={s: ArticleRow("ctx", "[]", str(n), 1, b"blob", None)
                                   for n, s in enumerate(sources)}))
    assert sorted(store.articles_in("2019")) == ["2019/a.md", "2019/b.md"]
    assert sorted(store.articles_in("")) == ["2019.md", "top.md"]
    assert list(store.articles_in("2019/04")) == ["2019/04/c.md"]
    assert list(store.articles_in("caf\u00e9")) == ["caf\u00e9/e.md"]
    assert list(store.articles_in("x\udcff")) == ["x\udcff/f.md"]
    assert store.articles_in("2019/04")["2019/04/c.md"].digest == "3"
    assert store.articles_in("none") == {}
    store.close()
    assert Store(tmp_path / "derived.sqlite", "other code").articles_in("2019") == {}


def test_rows_of_other_code_are_ignored_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "derived.sqlite"
    store = Store(path, "code one")
    store.commit(Changes(manifest={"index.html": FileStamp("d" * 64, 10, 5)},
                         pages={"x/index.html": ("key", "s" * 64, 10)},
                         records={"last-build": {"x": 1}, "latest-now": "2020-01-01T00:00:00Z"}))
    store.close()
    again = Store(path, "code one")
    assert again.pages() == {"x/index.html": ("key", "s" * 64, 10)}
    assert again.record("last-build") == {"x": 1}
    again.close()
    other = Store(path, "code two")
    assert other.pages() == {} and other.record("last-build") is None
    assert other.manifest() == {"index.html": FileStamp("d" * 64, 10, 5)}
    assert other.record("latest-now") == "2020-01-01T00:00:00Z"
    other.commit(Changes())
    other.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM pages").fetchone() == (0,)
    conn.close()


def test_a_commit_is_all_or_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "derived.sqlite", "code")

    def failing(pending: dict) -> None:
        pending[("h", "t")] = (1, 0, None)
        raise RuntimeError("interrupted")
    with pytest.raises(RuntimeError):
        store.commit(Changes(manifest={"a": FileStamp("d", 1, 1)}, pings=failing))
    assert store.manifest() == {} and store.pings() == {}
    store.close()


def test_an_older_newswires_files_are_imported_once(tmp_path: Path) -> None:
    state = tmp_path / ".newswire"
    (state / "cache" / "articles").mkdir(parents=True)
    (state / "cache" / "articles" / "ab.pickle").write_bytes(b"\x80\x05K\x01.")
    (state / "manifest.json").write_text(json.dumps(
        {"version": 1, "files": {"index.html": ["d" * 64, 10, 7], "bad": [1],
                                 "huge": ["e" * 64, 10, 2 ** 64],
                                 "lone-\ud800": ["f" * 64, 10, 7]}}))
    (state / "pending-pings.json").write_text(json.dumps({"version": 1, "pending": [
        {"hub": "https://hub/", "topic": "https://x/rss.xml", "queued": 2, "attempts": 1,
         "last_error": "HTTP 500"},
        {"hub": "https://hub/", "topic": "https://x/atom.xml", "queued": -2 ** 70,
         "attempts": 0, "last_error": None},
        {"hub": "https://hub/", "topic": "https://x/feed.json", "queued": 1,
         "attempts": 0, "last_error": "\udfff"}]}))
    (state / "clock.json").write_text('{"format": 1, "latest_now": "2030-01-01T00:00:00+00:00"}')
    (state / "pages.json").write_text("{")
    store = Store(state / "derived.sqlite", "code")
    assert import_legacy(state, store, "latest-now")
    assert store.manifest() == {"index.html": FileStamp("d" * 64, 10, 7)}
    assert store.pings() == {("https://hub/", "https://x/rss.xml"): (2, 1, "HTTP 500")}
    assert store.record("latest-now") == "2030-01-01T00:00:00+00:00"
    assert sorted(p.name for p in state.iterdir()) == ["derived.sqlite", "derived.sqlite-shm",
                                                       "derived.sqlite-wal"]
    assert not import_legacy(state, store, "latest-now")
    store.close()


def test_one_fingerprint_function() -> None:
    names = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names += [f"{path.relative_to(SRC)}:{node.name}" for node in ast.walk(tree)
                  if isinstance(node, ast.FunctionDef) and "fingerprint" in node.name]
    assert names == ["state/digests.py:fingerprint"]
    assert fingerprint() == fingerprint() != fingerprint(["settings"])
    assert digests.fingerprint is fingerprint


def _imports(module: str) -> set[str]:
    tree = ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add((node.module or "").split(".")[0])
            found.update(a.name for a in node.names if not node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("newswire.").split(".")[0] for a in node.names)
    return found


def test_run_imports_build_and_never_the_reverse() -> None:
    assert "build" in _imports("run")
    assert "run" not in _imports("build")
    assert not {"run", "build"} & _imports("state/__init__")


@pytest.mark.parametrize("content", ["<p>plain</p>", "<p>two\nlines \u00e9 \U0001F600</p>\n", ""])
def test_sanitized_html_is_stored_as_text_after_its_keys(content) -> None:
    from newswire.cache import _html_from_text, _html_text
    html = ("d" * 64, "key", content, "A summary, with \"quotes\"\nand a line.")
    text = _html_text(html)
    assert text is not None and text.split("\n", 1)[0].startswith('["ddd')
    assert _html_from_text(text) == html


def test_sanitized_html_the_database_cannot_hold_is_not_kept() -> None:
    from newswire.cache import _html_from_text, _html_text
    assert _html_text(("d", "k", "<p>\ud800</p>", "s")) is None
    assert _html_from_text('["d", "k", "s"]') is None  # no newline: another layout
    assert _html_from_text('["d", "k", "c", "s"]\n') is None


def _last_build(**changes: object) -> LastBuild:
    fields = dict(inputs="d" * 64, reference_ns=10 * 10**9, newest_ns=7 * 10**9,
                  published_from=None, published_until=None, outputs=((1, 2, 3, 4),),
                  diagnostics=(("warning", "w", "content/a.md", 3),), articles=1,
                  verified=(("site/content/a\udcff.md", "e" * 64),),
                  exact_newest_ns=10 * 10**9 - 1, published_ns=11 * 10**9)
    fields.update(changes)
    return LastBuild(**fields)  # type: ignore[arg-type]


def test_the_last_build_record_round_trips_with_its_hashed_files() -> None:
    record = _last_build()
    plain = json.loads(json.dumps(record.to_plain()))
    assert LastBuild.from_plain(plain) == record
    assert LastBuild.from_plain({k: v for k, v in plain.items() if k != "verified"}) is None
    assert LastBuild.from_plain({**plain, "verified": [["a.md"]]}) is None
    assert LastBuild.from_plain({**plain, "verified": [["a.md", 5]]}) is None
    assert LastBuild.from_plain({**plain, "exact_newest_ns": "1"}) is None
    assert LastBuild.from_plain({k: v for k, v in plain.items() if k != "published_ns"}) \
        is None


@pytest.mark.parametrize(("newest_ns", "exact_newest_ns", "trusted"), [
    (7 * 10**9, 10 * 10**9 - 1, True),    # same clock, or hashed: before the reference tick
    (7 * 10**9, 10 * 10**9, False),       # ... in the reference tick
    (8 * 10**9 - 1, 0, True),             # another clock: more than RACY_NS before
    (8 * 10**9, 0, False),                # ... exactly RACY_NS before
])
def test_when_the_last_build_record_is_trusted(newest_ns: int, exact_newest_ns: int,
                                               trusted: bool) -> None:
    assert digests.RACY_NS == 2 * 10**9
    record = _last_build(newest_ns=newest_ns, exact_newest_ns=exact_newest_ns)
    assert record.trusted() is trusted


def test_published_files_are_checked_by_ctime_on_the_clock_of_their_file_system(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from newswire.state import lastbuild

    journal, public = tmp_path / "writing", tmp_path / "public"
    journal.write_bytes(b"")
    public.mkdir()
    os.utime(journal, ns=(10**18, 10**18))
    now = lastbuild.published_time(journal, public)
    assert now == journal.stat().st_mtime_ns > 10**18  # the file system's time, now
    real = os.stat

    def elsewhere(path: object, *args: object, **kwargs: object) -> os.stat_result:
        st = real(path, *args, **kwargs)  # type: ignore[arg-type]
        if os.fspath(path) != os.fspath(public):  # type: ignore[arg-type]
            return st
        fields = list(st)
        fields[2] = st.st_dev + 1  # st_dev
        return os.stat_result(fields, {name: getattr(st, name) for name in (
            "st_atime_ns", "st_mtime_ns", "st_ctime_ns")})
    monkeypatch.setattr(lastbuild.os, "stat", elsewhere)
    os.utime(public, ns=(10**18, 10**18))
    then = real(journal).st_mtime_ns
    now = lastbuild.published_time(journal, public)
    assert now == real(public).st_mtime_ns > 10**18  # public's own clock, now
    assert real(journal).st_mtime_ns == then
    assert lastbuild.published_time(tmp_path / "missing", public) == -1


def test_the_published_rows_come_as_stored_or_not_at_all(tmp_path: Path) -> None:
    from newswire.publish import UNKNOWN

    path = tmp_path / "derived.sqlite"
    store = Store(path, "code")
    assert store.published_stats() == []
    store.commit(Changes(manifest={"index.html": FileStamp("d" * 64, 10, 5),
                                   "caf\u00e9/x\udcff.html": FileStamp("e" * 64, 11, 6)}))
    assert sorted(store.published_stats()) == [  # type: ignore[arg-type]
        (b"caf\xc3\xa9/x\xff.html", 11, 6), (b"index.html", 10, 5)]
    store.commit(Changes(manifest={"index.html": FileStamp("d" * 64, 10, 5),
                                   "new.html": UNKNOWN}))
    assert store.published_stats() is None  # an interrupted build may have written it
    store.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM manifest WHERE path = ?", (b"new.html",))
    conn.execute("PRAGMA writable_schema = ON")  # a file edited by other means
    with conn:
        conn.execute("UPDATE sqlite_schema SET sql = replace(sql, ') STRICT', ')') "
                     "WHERE name = 'manifest'")
    conn.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE manifest SET size = 'ten' WHERE path = ?", (b"index.html",))
    conn.close()
    looking = peek(path)
    assert looking is not None and looking.published_stats() is None
    looking.close()


def test_the_state_files_a_skipped_run_checks_are_those_the_build_writes() -> None:
    from newswire import emptyfeeds, revisions
    from newswire.options import SitePaths
    from newswire.state.lastbuild import STATE_FILES

    assert STATE_FILES == (SitePaths(Path("site")).state_file.name, emptyfeeds.FILE_NAME,
                           revisions.FILE_NAME)
