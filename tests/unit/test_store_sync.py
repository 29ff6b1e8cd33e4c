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
