"""The build's records written at its end (newswire.state.store.Store.commit):
only the rows that changed are written, the rows made one at a time (README
"Performance", memory), and what the store hands out may be changed by the
caller without changing what it holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newswire.publish import FileStamp
from newswire.state.store import Changes, open_store


def rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute(f"SELECT * FROM {table}"))  # noqa: S608


def test_the_manifest_and_page_records_hold_what_the_last_commit_gave(tmp_path: Path) -> None:
    database = tmp_path / "derived.sqlite"
    store = open_store(database)
    first = {f"p{n}/index.html": FileStamp(f"{n:064x}", n, 10 * n) for n in range(5)}
    store.commit(Changes(manifest=first,
                         pages={p: ("k", s.sha256, s.size) for p, s in first.items()}))
    second = dict(first)
    del second["p0/index.html"]
    second["p1/index.html"] = FileStamp("f" * 64, 1, 11)
    second["é/index.html"] = FileStamp("e" * 64, 7, 70)
    store.commit(Changes(manifest=second,
                         pages={p: ("k2" if p == "p2/index.html" else "k", s.sha256, s.size)
                                for p, s in second.items()}))
    assert store.manifest() == second
    assert rows(database, "manifest") == sorted(
        (p.encode(), s.sha256, s.size, s.mtime_ns) for p, s in second.items())
    assert rows(database, "pages") == sorted(
        (p.encode(), "k2" if p == "p2/index.html" else "k", s.sha256, s.size)
        for p, s in second.items())
    handed = store.manifest()
    handed.clear()
    assert store.manifest() == second
    store.close()
    again = open_store(database)
    assert again.manifest() == second
    again.close()



def test_listing_rows_are_written_with_their_record_in_a_transaction_of_their_own(
        tmp_path: Path) -> None:
    database = tmp_path / "derived.sqlite"
    store = open_store(database)
    store.write_listing_rows("listing-rows", {"fingerprint": "a"}, iter([
        ("a", "ka", "<li>a</li>\n"), ("b", "kb", "<li>b</li>\n"), ("c", "kc", "<li>c</li>\n")]),
        None)
    # visible to another connection at once: not held for the build's last commit
    assert rows(database, "listing_rows") == [
        (b"a", "ka", "<li>a</li>\n"), (b"b", "kb", "<li>b</li>\n"), (b"c", "kc", "<li>c</li>\n")]
    assert rows(database, "records") == [("listing-rows", '{"fingerprint":"a"}')]
    assert store.listing_rows() == {"a": ("ka", "<li>a</li>\n"), "b": ("kb", "<li>b</li>\n"),
                                    "c": ("kc", "<li>c</li>\n")}
    # stale rows deleted, new ones written (a stale one written again is
    # replaced), the rest left as they were
    store.write_listing_rows("listing-rows", {"fingerprint": "a"}, iter([
        ("a", "ka2", "<li>A</li>\n"), ("d", "kd", "<li>d</li>\n")]), ["a", "b"])
    assert rows(database, "listing_rows") == [
        (b"a", "ka2", "<li>A</li>\n"), (b"c", "kc", "<li>c</li>\n"), (b"d", "kd", "<li>d</li>\n")]
    # None: every row was made under another record
    store.write_listing_rows("listing-rows", {"fingerprint": "b"},
                             iter([("e", "ke", "<li>e</li>\n")]), None)
    assert rows(database, "listing_rows") == [(b"e", "ke", "<li>e</li>\n")]
    assert rows(database, "records") == [("listing-rows", '{"fingerprint":"b"}')]
    store.close()


def test_listing_rows_that_cannot_be_written_leave_the_table_and_its_record_as_they_were(
        tmp_path: Path) -> None:
    database = tmp_path / "derived.sqlite"
    store = open_store(database)
    store.write_listing_rows("listing-rows", {"fingerprint": "a"},
                             iter([("a", "ka", "<li>a</li>\n")]), None)
    before = rows(database, "listing_rows"), rows(database, "records")

    def failing():
        yield "b", "kb", "<li>b</li>\n"
        raise sqlite3.OperationalError("disk I/O error")
    try:
        store.write_listing_rows("listing-rows", {"fingerprint": "z"}, failing(), None)
    except sqlite3.OperationalError:
        pass
    else:
        raise AssertionError("the error was not raised")
    assert (rows(database, "listing_rows"), rows(database, "records")) == before
    # the store goes on: the build's last transaction is written
    store.commit(Changes(records={"other": {"x": 1}}))
    assert rows(database, "listing_rows") == before[0]
    store.close()
