"""EmptyFeeds and config_digest: the updated moment of feeds without items."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from newswire.emptyfeeds import FILE_NAME, EmptyFeeds, config_digest

from .conftest import APRIL, FEED

LATER = APRIL + timedelta(days=10)


def test_the_digest_follows_the_settings() -> None:
    assert config_digest(FEED) == config_digest(replace(FEED))
    assert config_digest(FEED) != config_digest(replace(FEED, title="Other"))
    assert len(config_digest(FEED)) == 64


def test_a_feed_with_items_states_its_own_moment(tmp_path: Path) -> None:
    assert EmptyFeeds(tmp_path).updated(FEED, APRIL, LATER) is None


def test_a_new_empty_feed_states_now(tmp_path: Path) -> None:
    assert EmptyFeeds(tmp_path).updated(FEED, None, LATER) == LATER


def test_an_empty_feed_keeps_its_moment_across_builds(tmp_path: Path) -> None:
    first = EmptyFeeds(tmp_path)
    first.updated(FEED, None, APRIL)
    first.save()
    again = EmptyFeeds(tmp_path)
    assert again.diagnostics == []
    assert again.updated(FEED, None, LATER) == APRIL


def test_a_feed_that_loses_its_items_is_never_dated_before_its_newest(tmp_path: Path) -> None:
    marks = EmptyFeeds(tmp_path)
    marks.updated(FEED, LATER, LATER)
    assert marks.updated(FEED, None, APRIL) == LATER


def test_a_feed_that_loses_its_items_states_the_build_that_emptied_it(tmp_path: Path) -> None:
    marks = EmptyFeeds(tmp_path)
    marks.updated(FEED, APRIL, APRIL)
    assert marks.updated(FEED, None, LATER) == LATER


def test_changed_settings_of_an_empty_feed_state_now(tmp_path: Path) -> None:
    marks = EmptyFeeds(tmp_path)
    marks.updated(FEED, None, APRIL)
    assert marks.updated(replace(FEED, title="Renamed"), None, LATER) == LATER


def test_the_record_is_sorted_json(tmp_path: Path) -> None:
    marks = EmptyFeeds(tmp_path)
    marks.updated(replace(FEED, name="zeta"), None, LATER)
    marks.updated(replace(FEED, name="alpha"), APRIL, LATER)
    record = json.loads(marks.to_json())
    assert record["version"] == 1
    assert list(record["feeds"]) == ["alpha", "zeta"]
    assert record["feeds"]["alpha"] == {"config": config_digest(replace(FEED, name="alpha")),
                                        "empty": False, "updated": APRIL.isoformat()}
    assert record["feeds"]["zeta"]["empty"] is True
    assert record["feeds"]["zeta"]["updated"] == LATER.isoformat()


def test_a_damaged_record_is_a_warning_and_is_forgotten(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text('{"version": 1, "feeds": {"main": {"config": "x"}}}')
    marks = EmptyFeeds(tmp_path)
    [warning] = marks.diagnostics
    assert warning.level == "warning" and warning.path == tmp_path / FILE_NAME
    assert warning.message.startswith("damaged (")
    assert marks.updated(FEED, None, LATER) == LATER


def test_a_record_of_another_version_is_damaged(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text('{"version": 2, "feeds": {}}')
    [warning] = EmptyFeeds(tmp_path).diagnostics
    assert "unknown version" in warning.message


def test_a_date_without_offset_is_damaged(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text(json.dumps({"version": 1, "feeds": {"main": {
        "config": config_digest(FEED), "empty": True, "updated": "2019-04-25T10:00:00"}}}))
    marks = EmptyFeeds(tmp_path)
    assert len(marks.diagnostics) == 1
    assert marks.updated(FEED, None, LATER) == LATER


def test_a_record_that_is_not_json_is_damaged(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"\xff not json")
    assert len(EmptyFeeds(tmp_path).diagnostics) == 1
