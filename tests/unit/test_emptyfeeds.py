"""newswire.emptyfeeds: the updated moment an empty feed states, kept from
build to build in .newswire/empty-feeds.json."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from newswire.emptyfeeds import FILE_NAME, EmptyFeeds, config_digest

from .conftest import FEED

MARCH = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
LATER = MARCH + timedelta(days=2)


def test_a_feed_with_items_states_its_newest_item_and_is_recorded(tmp_path: Path) -> None:
    empty = EmptyFeeds(tmp_path)
    assert empty.updated(FEED, MARCH, LATER) is None
    assert json.loads(empty.to_json()) == {"version": 1, "feeds": {"main": {
        "config": config_digest(FEED), "empty": False, "updated": "2026-03-01T12:00:00+00:00"}}}


def test_an_empty_feed_keeps_the_moment_it_became_empty(tmp_path: Path) -> None:
    first = EmptyFeeds(tmp_path)
    assert first.updated(FEED, None, MARCH) == MARCH
    first.save()
    assert (tmp_path / FILE_NAME).is_file()
    again = EmptyFeeds(tmp_path)
    assert again.updated(FEED, None, LATER) == MARCH
    assert again.diagnostics == []


def test_new_settings_or_a_feed_emptied_now_state_now_never_earlier(tmp_path: Path) -> None:
    empty = EmptyFeeds(tmp_path)
    empty.updated(FEED, LATER, LATER)  # held items up to LATER
    assert empty.updated(FEED, None, MARCH) == LATER  # the clock is behind: never earlier
    renamed = dataclasses.replace(FEED, title="Every story")
    assert config_digest(renamed) != config_digest(FEED)
    assert empty.updated(renamed, None, LATER + timedelta(hours=1)) == LATER + timedelta(hours=1)


def test_a_damaged_record_is_a_warning_and_started_anew(tmp_path: Path) -> None:
    for data in (b"not json", b'{"version": 2, "feeds": {}}',
                 b'{"version": 1, "feeds": {"main": {"config": "x", "empty": true, '
                 b'"updated": "2026-03-01T12:00:00"}}}'):  # no UTC offset
        (tmp_path / FILE_NAME).write_bytes(data)
        empty = EmptyFeeds(tmp_path)
        assert [(d.level, d.path, d.line) for d in empty.diagnostics] == [
            ("warning", tmp_path / FILE_NAME, 1)], data
        assert "damaged" in empty.diagnostics[0].message
        assert empty.updated(FEED, None, LATER) == LATER
