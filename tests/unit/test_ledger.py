"""newswire.state.ledger.load_ledger: a new site starts empty; a ledger that
is missing after publishing, or damaged, stops the build and stays as it is."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newswire.errors import StateError
from newswire.state.ledger import Record, State, load_ledger

RESTART = "to start anew, delete public/ too"
RECORD = Record("world/story.md", "urn:uuid:1", "world/story/",
                datetime(2019, 4, 25, 10, 0, tzinfo=timezone.utc))


def test_a_new_site_starts_with_an_empty_ledger(tmp_path: Path) -> None:
    assert load_ledger(tmp_path / "state.json", False, RESTART) == State()


def test_a_written_ledger_is_read_back(tmp_path: Path) -> None:
    file = tmp_path / "state.json"
    state = State((RECORD,)).with_extra("feeds", {"main": "urn:uuid:2"})
    file.write_bytes(state.to_json())
    loaded = load_ledger(file, True, RESTART)
    assert loaded.records == (RECORD,)
    assert loaded.get_extra("feeds") == {"main": "urn:uuid:2"}


def test_a_missing_ledger_of_a_published_site_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(StateError) as caught:
        load_ledger(tmp_path / "state.json", True, RESTART)
    assert caught.value.path == tmp_path / "state.json"
    assert "the identity ledger is missing, but this site was published before" \
        in str(caught.value)
    assert RESTART in str(caught.value)


@pytest.mark.parametrize("data", [b"{", b'{"version": 99, "articles": []}',
                                  b'{"version": 1, "articles": [{"source": "a.md"}]}'])
def test_a_damaged_ledger_stops_the_build_and_is_left_as_it_is(tmp_path: Path,
                                                               data: bytes) -> None:
    file = tmp_path / "state.json"
    file.write_bytes(data)
    with pytest.raises(StateError) as caught:
        load_ledger(file, False, RESTART)
    assert (caught.value.path, caught.value.line) == (file, 1)
    assert "the identity ledger is damaged" in str(caught.value)
    assert file.read_bytes() == data


def test_same_ledger_says_whether_the_files_would_be_the_same_bytes() -> None:
    """Without serialising 10,000 records: the answer is always that of
    comparing ``to_json()``, whatever changed."""
    from dataclasses import replace
    from datetime import timedelta
    other = Record("world/other.md", "urn:uuid:3", "world/other/",
                   datetime(2019, 4, 26, tzinfo=timezone.utc))
    base = State((RECORD, other)).with_extra("feeds", {"main": "urn:uuid:2"})
    variants = [
        State((other, RECORD), base.extra),  # another order, the same file
        State((replace(RECORD, digest="ab" * 32, title="T", signature="s"), other),
              base.extra),  # what the database keeps does not count
        State((replace(RECORD, removed=True), other), base.extra),
        State((replace(RECORD, path="world/moved/"), other), base.extra),
        State((replace(RECORD, first_published=RECORD.first_published.astimezone(
            timezone(timedelta(hours=2)))), other), base.extra),  # another offset, same moment
        State((RECORD,), base.extra),
        base.with_extra("feeds", {"main": "urn:uuid:9"}),
        base.with_extra("podcasts", {"main": "guid"}),
        State((RECORD, other)),
    ]
    for variant in variants:
        expected = variant.to_json() == base.to_json()
        fresh = State(variant.records, variant.extra)  # neither made its bytes yet
        assert State(base.records, base.extra).same_ledger(fresh) is expected, variant
        assert base.same_ledger(variant) is expected  # both made them already
    assert [State(v.records, v.extra).same_ledger(State(base.records, base.extra))
            for v in variants[:2]] == [True, True]


def test_a_state_forgets_its_bytes_and_makes_the_same_again() -> None:
    state = State((RECORD,)).with_extra("feeds", {"main": "urn:uuid:2"})
    data = state.to_json()
    assert state.to_json() is data  # made once, held
    state.forget_json()
    again = state.to_json()
    assert again == data and again is not data
    assert state.same_ledger(State((RECORD,)).with_extra("feeds", {"main": "urn:uuid:2"}))
