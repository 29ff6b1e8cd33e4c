"""newswire.state.journal: the paths a build is about to publish first,
written before its renames and read back after it was killed."""

from __future__ import annotations

import json
from pathlib import Path

from newswire.state.journal import read_intent, write_intent


def test_intent_is_written_sorted_and_read_back(tmp_path: Path) -> None:
    journal = tmp_path / "writing"
    write_intent(journal, ["b/index.html", "a/index.html", "feeds/main/rss.xml"])
    assert json.loads(journal.read_bytes()) == {
        "may-have-published": ["a/index.html", "b/index.html", "feeds/main/rss.xml"]}
    assert read_intent(journal) == ["a/index.html", "b/index.html", "feeds/main/rss.xml"]


def test_a_new_intent_replaces_the_old_one(tmp_path: Path) -> None:
    journal = tmp_path / "writing"
    write_intent(journal, ["old/index.html"])
    write_intent(journal, [])
    assert read_intent(journal) == []


def test_a_journal_not_written_by_write_intent_names_no_path(tmp_path: Path) -> None:
    journal = tmp_path / "writing"
    assert read_intent(journal) == []  # missing
    for data in (b"", b"not json", b"[1, 2]", b'{"may-have-published": "a.html"}'):
        journal.write_bytes(data)
        assert read_intent(journal) == [], data
    journal.write_bytes(b'{"may-have-published": ["a.html", 3, null, "b.html"]}')
    assert read_intent(journal) == ["a.html", "b.html"]
