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
