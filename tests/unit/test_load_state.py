"""build.load_state and open_database: the ledger checked before a build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswire.build import load_state, open_database
from newswire.errors import StateError
from newswire.options import SitePaths
from newswire.publish import FileStamp
from newswire.state.ledger import State
from newswire.state.store import Changes

APRIL = "2019-04-25T10:00:00+00:00"


def ledger(tmp_path: Path, records: list[tuple[str, str, str]], **extra: object) -> SitePaths:
    paths = SitePaths(tmp_path)
    paths.state_dir.mkdir(parents=True, exist_ok=True)
    obj = {"version": 1, **extra, "articles": [
        {"source": s, "id": i, "path": p, "first_published": APRIL} for s, i, p in records]}
    paths.state_file.write_text(json.dumps(obj, indent=1), "utf-8")
    return paths


def test_a_new_site_has_an_empty_ledger(tmp_path: Path) -> None:
    assert load_state(SitePaths(tmp_path)) == State()


def test_a_consistent_ledger_is_read(tmp_path: Path) -> None:
    paths = ledger(tmp_path, [("a.md", "urn:a", "a/"), ("b.md", "urn:b", "b/")],
                   feeds={"main": "urn:uuid:f"})
    state = load_state(paths)
    assert [r.source for r in state.records] == ["a.md", "b.md"]
    assert state.get_extra("feeds") == {"main": "urn:uuid:f"}


def test_two_records_with_one_id_point_at_the_second(tmp_path: Path) -> None:
    paths = ledger(tmp_path, [("a.md", "urn:a", "a/"), ("b.md", "urn:a", "b/")])
    with pytest.raises(StateError) as caught:
        load_state(paths)
    error = caught.value
    assert error.path == paths.state_file
    assert error.message.startswith("the identity ledger contradicts itself")
    assert "id urn:a is in the records of a.md (id urn:a) and b.md (id urn:a)" in error.message
    text = paths.state_file.read_text().splitlines()
    assert text[error.line - 1].strip() == '"source": "b.md",'


def test_one_source_twice_points_at_its_second_record(tmp_path: Path) -> None:
    paths = ledger(tmp_path, [("a.md", "urn:a", "a/"), ("a.md", "urn:b", "b/")])
    with pytest.raises(StateError) as caught:
        load_state(paths)
    lines = paths.state_file.read_text().splitlines()
    assert caught.value.line == max(n for n, line in enumerate(lines, 1) if '"a.md"' in line)


def test_two_feeds_with_one_id_are_refused_at_the_second(tmp_path: Path) -> None:
    paths = ledger(tmp_path, [], feeds={"main": "urn:f", "world": "urn:f"})
    with pytest.raises(StateError) as caught:
        load_state(paths)
    assert "feeds 'main' and 'world' have one id, urn:f" in caught.value.message
    lines = paths.state_file.read_text().splitlines()
    assert lines[caught.value.line - 1].strip().startswith('"world":')


def test_a_missing_ledger_of_a_published_site_stops_the_build(tmp_path: Path) -> None:
    paths = SitePaths(tmp_path)
    store = open_database(paths)
    store.commit(Changes(manifest={"index.html": FileStamp("d", 1, 1)}))
    with pytest.raises(StateError, match="missing, but this site was published before"):
        load_state(paths, store)
    store.close()


def test_recognition_values_come_from_the_database(tmp_path: Path) -> None:
    paths = ledger(tmp_path, [("a.md", "urn:a", "a/")])
    store = open_database(paths)
    store.commit(Changes(recognition={"a.md": ("digest", "Title", "sig")}))
    [record] = load_state(paths, store).records
    assert (record.digest, record.title, record.signature) == ("digest", "Title", "sig")
    store.close()
