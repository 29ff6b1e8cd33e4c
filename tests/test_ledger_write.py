"""The identity ledger written a piece at a time: the same bytes as the
whole document serialized at once, and a file holding them left alone."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timedelta, timezone

import pytest

from newswire.state.ledger import STATE_VERSION, Record, State, write_ledger

ROME = timezone(timedelta(hours=1))


def _state(count: int, extra: bool = True) -> State:
    first = datetime(2024, 1, 1, 6, 0, tzinfo=ROME)
    records = tuple(
        Record(f"{2024 + n % 3}/{n:05d}-é.md", f"urn:uuid:{n:032x}", f"{n}/ünï/",
               first + timedelta(minutes=n), "d" * 64, f"Title {n}", "s" * 16,
               removed=n % 7 == 3)
        for n in reversed(range(count)))  # not in the file's order
    feeds = (("feeds", {"main": "urn:uuid:1", "wörld": "urn:uuid:2"}),) if extra else ()
    return State(records, feeds)


def _whole(state: State) -> bytes:
    """The ledger as one json.dumps of the whole document writes it."""
    articles = [{"source": r.source, "id": r.id, "path": r.path,
                 "first_published": r.first_published.isoformat(),
                 **({"removed": True} if r.removed else {})}
                for r in sorted(state.records, key=lambda r: (r.source, r.id))]
    obj = {"version": STATE_VERSION, **dict(state.extra), "articles": articles}
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@pytest.mark.parametrize("count", [0, 1, 2, 999, 1000, 1001, 2500])
@pytest.mark.parametrize("extra", [True, False])
def test_pieces_are_the_whole_document(count: int, extra: bool) -> None:
    state = _state(count, extra)
    chunks = list(state.json_chunks())
    assert b"".join(chunks) == _whole(state) == state.to_json()
    assert len(chunks) == (1 if count == 0 else 2 + -(-count // 1000))
    parsed = json.loads(b"".join(chunks))
    assert len(parsed["articles"]) == count
    assert State.from_json(b"".join(chunks)).same_ledger(state)


def test_written_file_and_digest(tmp_path) -> None:
    state = _state(2345)
    path = tmp_path / "state.json"
    digest = write_ledger(path, state)
    assert path.read_bytes() == _whole(state)
    assert digest == hashlib.sha256(_whole(state)).hexdigest()
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary file left


def test_file_holding_the_bytes_is_left_alone(tmp_path) -> None:
    state = _state(1500)
    path = tmp_path / "state.json"
    write_ledger(path, state)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    inode = path.stat().st_ino
    assert write_ledger(path, state) == hashlib.sha256(_whole(state)).hexdigest()
    assert path.stat().st_ino == inode
    assert path.stat().st_mtime_ns == 1_000_000_000


@pytest.mark.parametrize("old_count, new_count", [
    (1500, 1501),  # the old bytes differ near the end
    (2000, 1000),  # the old file is longer
    (0, 1200),  # an empty ledger becomes a long one
])
def test_file_with_other_bytes_is_replaced(tmp_path, old_count: int, new_count: int) -> None:
    path = tmp_path / "state.json"
    write_ledger(path, _state(old_count))
    new = _state(new_count)
    digest = write_ledger(path, new)
    assert path.read_bytes() == _whole(new)
    assert digest == hashlib.sha256(_whole(new)).hexdigest()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_old_file_whose_start_is_the_new_ledger(tmp_path) -> None:
    """A file holding the new bytes and more after them is replaced, not kept."""
    path = tmp_path / "state.json"
    state = _state(1200)
    path.write_bytes(_whole(state) + b"garbage")
    write_ledger(path, state)
    assert path.read_bytes() == _whole(state)


def test_unwritable_folder_is_an_output_error(tmp_path) -> None:
    from newswire.errors import OutputError

    (tmp_path / "state.json").write_bytes(b"a file, not a folder")
    with pytest.raises(OutputError):
        write_ledger(tmp_path / "state.json" / "x", _state(3))


def test_a_named_pipe_in_its_place_is_replaced_without_being_opened(tmp_path) -> None:
    path = tmp_path / "state.json"
    os.mkfifo(path)  # opening it to compare would wait for a writer forever
    state = _state(3)
    assert write_ledger(path, state) == hashlib.sha256(_whole(state)).hexdigest()
    assert path.is_file() and path.read_bytes() == _whole(state)
