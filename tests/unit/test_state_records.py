"""The small records of .newswire/: the journal, the last build, digests, the ledger."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newswire.errors import StateError
from newswire.state.digests import RACY_NS, file_stamp, fingerprint, snapshot
from newswire.state.journal import read_intent, write_intent
from newswire.state.lastbuild import LastBuild
from newswire.state.ledger import Record, State, load_ledger

APRIL = datetime(2019, 4, 25, 10, 0, tzinfo=timezone.utc)


# -- journal -----------------------------------------------------------------

def test_the_intent_round_trips_sorted(tmp_path: Path) -> None:
    journal = tmp_path / "writing"
    write_intent(journal, ["b/index.html", "a.xml"])
    assert json.loads(journal.read_bytes()) == {"may-have-published": ["a.xml", "b/index.html"]}
    assert read_intent(journal) == ["a.xml", "b/index.html"]


@pytest.mark.parametrize("content", [b"", b"not json", b"[1]", b'{"other": 1}',
                                     b'{"may-have-published": "a.xml"}'])
def test_a_journal_without_intent_names_nothing(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "writing").write_bytes(content)
    assert read_intent(tmp_path / "writing") == []


def test_a_missing_journal_names_nothing(tmp_path: Path) -> None:
    assert read_intent(tmp_path / "writing") == []


def test_only_text_paths_are_read_back(tmp_path: Path) -> None:
    (tmp_path / "writing").write_text('{"may-have-published": ["a.xml", 3, null]}')
    assert read_intent(tmp_path / "writing") == ["a.xml"]


# -- last build --------------------------------------------------------------

LAST = LastBuild("d" * 64, 10 * RACY_NS, 5 * RACY_NS, "2019-04-25T10:00:00+00:00",
                 "2019-04-27T10:00:00+00:00", ((1, 2, 3, 4), None),
                 (("warning", "no date", "content/a.md", 3), ("error", "x", None, None)),
                 12, (1, 2))


def test_the_last_build_round_trips_through_json() -> None:
    plain = json.loads(json.dumps(LAST.to_plain()))
    assert LastBuild.from_plain(plain) == LAST


def test_an_older_record_without_left_out_counts_none() -> None:
    plain = LAST.to_plain()
    del plain["left_out"]
    record = LastBuild.from_plain(plain)
    assert record is not None and record.left_out == (0, 0)


@pytest.mark.parametrize(("field", "value"), [
    ("inputs", 3), ("articles", "12"), ("articles", True), ("reference_ns", 1.5),
    ("published_from", 2019), ("published_from", "2019-04-25T10:00:00"),
    ("published_until", "soon"), ("outputs", [[1, 2, 3]]), ("outputs", [[1, 2, 3, "4"]]),
    ("diagnostics", [["warning", "x", None]]), ("diagnostics", [["warning", "x", 3, None]]),
    ("left_out", [1]), ("left_out", [1, "2"]),
])
def test_a_malformed_last_build_is_no_record(field: str, value: object) -> None:
    plain = LAST.to_plain()
    plain[field] = value
    assert LastBuild.from_plain(plain) is None


@pytest.mark.parametrize("obj", [None, [], "x", {"inputs": "d"}])
def test_anything_else_is_no_record(obj: object) -> None:
    assert LastBuild.from_plain(obj) is None


def test_covers_the_range_of_now_with_the_same_articles() -> None:
    assert not LAST.covers(APRIL - timedelta(seconds=1))
    assert LAST.covers(APRIL)
    assert LAST.covers(APRIL + timedelta(days=2) - timedelta(seconds=1))
    assert not LAST.covers(APRIL + timedelta(days=2))
    open_ended = LastBuild("d", 0, 0, None, None, (), (), 0)
    assert open_ended.covers(APRIL)


def test_a_record_made_in_the_same_clock_tick_is_not_trusted() -> None:
    assert LAST.trusted()
    assert not LastBuild("d", RACY_NS + 10, 10, None, None, (), (), 0).trusted()


# -- digests -----------------------------------------------------------------

def test_fingerprint_follows_its_extra_strings() -> None:
    assert fingerprint(["a"]) == fingerprint(["a"])
    assert fingerprint(["a"]) != fingerprint(["b"]) != fingerprint()
    assert fingerprint(["ab"]) != fingerprint(["a", "b"])


def test_snapshot_changes_when_a_file_changes(tmp_path: Path) -> None:
    (tmp_path / "content" / "sub").mkdir(parents=True)
    article = tmp_path / "content" / "sub" / "a.md"
    article.write_text("one")
    site = tmp_path / "site.toml"
    first = snapshot([tmp_path / "content"], [site], ["x"])
    assert snapshot([tmp_path / "content"], [site], ["x"]) == first
    assert snapshot([tmp_path / "content"], [site], ["y"]).digest != first.digest
    site.write_text("now here")
    assert snapshot([tmp_path / "content"], [site], ["x"]).digest != first.digest
    os.utime(article, ns=(1, 2))
    second = snapshot([tmp_path / "content"], [], ["x"])
    article.write_text("two")
    os.utime(article, ns=(1, 2))
    assert snapshot([tmp_path / "content"], [], ["x"]).digest != second.digest  # size


def test_snapshot_newest_is_the_latest_mtime_or_ctime(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    st = os.stat(tmp_path / "a.md")
    assert snapshot([tmp_path], [], []).newest_ns == max(st.st_mtime_ns, st.st_ctime_ns)
    assert snapshot([], [tmp_path / "gone"], []).newest_ns == 0


def test_file_stamp(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"abc")
    st = os.stat(tmp_path / "a")
    assert file_stamp(tmp_path / "a") == (3, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    assert file_stamp(tmp_path / "gone") is None
    assert file_stamp(tmp_path / "a" / "below") is None


# -- ledger ------------------------------------------------------------------

RECORDS = (Record("b.md", "urn:uuid:b", "b/", APRIL, "d", "T", "s", removed=True),
           Record("a.md", "urn:uuid:a", "a/", APRIL + timedelta(hours=1)))


def test_the_ledger_keeps_only_what_never_changes() -> None:
    state = State(RECORDS).with_extra("feeds", {"main": "urn:uuid:f"})
    obj = json.loads(state.to_json())
    assert list(obj) == ["version", "feeds", "articles"]
    assert obj["articles"] == [
        {"source": "a.md", "id": "urn:uuid:a", "path": "a/",
         "first_published": "2019-04-25T11:00:00+00:00"},
        {"source": "b.md", "id": "urn:uuid:b", "path": "b/",
         "first_published": "2019-04-25T10:00:00+00:00", "removed": True}]
    back = State.from_json(state.to_json())
    assert back.get_extra("feeds") == {"main": "urn:uuid:f"}
    assert {r.source: r.removed for r in back.records} == {"a.md": False, "b.md": True}
    assert all(r.digest == "" for r in back.records)


def test_an_older_ledger_with_recognition_values_is_read() -> None:
    data = json.dumps({"version": 1, "articles": [{
        "source": "a.md", "id": "urn:a", "path": "a/", "first_published": APRIL.isoformat(),
        "digest": "d", "title": "T", "signature": "s"}]}).encode()
    [record] = State.from_json(data).records
    assert (record.digest, record.title, record.signature) == ("d", "T", "s")
    assert record.identity().id == "urn:a" and record.identity().path == "a/"


def test_recognition_values_come_from_the_database() -> None:
    state = State(RECORDS).with_recognition({"a.md": ("d2", "T2", "s2")})
    by = {r.source: r for r in state.records}
    assert (by["a.md"].digest, by["a.md"].title, by["a.md"].signature) == ("d2", "T2", "s2")
    assert by["b.md"].digest == "d"
    assert State(RECORDS).with_recognition({}) == State(RECORDS)


@pytest.mark.parametrize("obj", [
    [], {"version": 2, "articles": []}, {"version": 1}, {"version": 1, "articles": {}},
    {"version": 1, "articles": [], "feeds": []},
    {"version": 1, "articles": [{"source": "a.md"}]},
    {"version": 1, "articles": [{"source": 1, "id": "i", "path": "p",
                                 "first_published": "2019-04-25T10:00:00+00:00"}]},
    {"version": 1, "articles": [{"source": "a", "id": "i", "path": "p",
                                 "first_published": "2019-04-25T10:00:00"}]},
])
def test_a_damaged_ledger_stops_the_build(tmp_path: Path, obj: object) -> None:
    (tmp_path / "state.json").write_text(json.dumps(obj))
    with pytest.raises(StateError) as caught:
        load_ledger(tmp_path / "state.json", True, "delete it to start again")
    assert caught.value.line == 1
    assert caught.value.message.startswith("the identity ledger is damaged (")
    assert caught.value.message.endswith("delete it to start again")


def test_a_missing_ledger_is_a_new_site_unless_published_before(tmp_path: Path) -> None:
    assert load_ledger(tmp_path / "state.json", False, "x") == State()
    with pytest.raises(StateError, match="missing, but this site was published before"):
        load_ledger(tmp_path / "state.json", True, "x")


def test_a_ledger_that_cannot_be_read_stops_the_build(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "state.json")
    with pytest.raises(StateError) as caught:
        load_ledger(tmp_path / "state.json", False, "x")
    assert caught.value.message.startswith("cannot read the identity ledger: is a named pipe")


@pytest.mark.parametrize("value", [
    {"inputs": "ab", "n": 1796061716485679820, "diagnostics": [["warning", "x\n\x1f\x7f", None, 7]]},
    {"text": "é, \u2028 and 日本"},  # beyond ASCII: escaped
    {"name": "\udcff.md"},  # a lone surrogate (a file name that is not UTF-8)
    {"wide": 1 << 70, "negative": -(1 << 70)},  # beyond 64 bits
    [1.5, 0.1, 1e100, True, None, [], {}, float("inf")],
    {"when": "2026-01-01T00:00:00+00:00", "nested": [[["deep"]]], "tuple": (1, 2)},
])
def test_a_record_is_stored_as_ascii_json_that_reads_back_the_same(tmp_path, value) -> None:
    from newswire.state.store import Changes, Store
    store = Store(tmp_path / "derived.sqlite")
    changes = Changes()
    changes.records["some-record"] = value
    store.commit(changes)
    store.close()
    import sqlite3
    with sqlite3.connect(tmp_path / "derived.sqlite") as conn:
        (text,) = conn.execute("SELECT value FROM records WHERE name='some-record'").fetchone()
    plain = json.loads(json.dumps(value))  # tuples as lists
    assert text.isascii() and json.loads(text) == plain
    again = Store(tmp_path / "derived.sqlite")
    assert again.record("some-record") == plain
    again.close()


def test_a_record_holding_a_value_orjson_writes_otherwise_is_written_by_json(tmp_path) -> None:
    import math

    from newswire.state.store import Changes, Store
    store = Store(tmp_path / "derived.sqlite")
    changes = Changes()
    changes.records["some-record"] = {"nan": float("nan"), "n": 1}
    store.commit(changes)
    read = store.record("some-record")
    store.close()
    assert isinstance(read, dict) and math.isnan(read["nan"]) and read["n"] == 1
