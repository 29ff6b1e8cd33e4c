"""latest_now and moved_back: the clock-moved-back warning."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from newswire.clock import LATEST_NOW, latest_now, moved_back
from newswire.state.store import Changes, Store

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def store_with(tmp_path: Path, value: object) -> Store:
    store = Store(tmp_path / "derived.sqlite")
    store.commit(Changes(records={LATEST_NOW: value}))
    return store


def test_no_database_has_no_latest_now() -> None:
    assert latest_now(None) is None


def test_an_empty_database_has_no_latest_now(tmp_path: Path) -> None:
    assert latest_now(Store(tmp_path / "derived.sqlite")) is None


def test_the_recorded_time_is_read_back_with_its_offset(tmp_path: Path) -> None:
    moment = latest_now(store_with(tmp_path, "2026-11-29T13:00:00+01:00"))
    assert moment == NOW and moment is not None
    assert moment.utcoffset() == timedelta(hours=1)


def test_a_record_that_is_no_date_is_ignored(tmp_path: Path) -> None:
    assert latest_now(store_with(tmp_path, "yesterday")) is None


def test_a_naive_date_time_is_ignored(tmp_path: Path) -> None:
    assert latest_now(store_with(tmp_path, "2026-11-29T12:00:00")) is None


def test_a_record_of_another_type_is_ignored(tmp_path: Path) -> None:
    assert latest_now(store_with(tmp_path, 1764417600)) is None


def test_no_warning_without_an_earlier_now() -> None:
    assert moved_back(None, NOW, Path("derived.sqlite")) is None


def test_no_warning_when_now_is_later_or_the_same() -> None:
    assert moved_back(NOW, NOW, Path("derived.sqlite")) is None
    assert moved_back(NOW - timedelta(days=1), NOW, Path("derived.sqlite")) is None


def test_an_earlier_now_is_a_warning_naming_both_times() -> None:
    path = Path("site/.newswire/derived.sqlite")
    found = moved_back(NOW, NOW - timedelta(hours=2), path)
    assert found is not None
    assert found.level == "warning" and found.path == path
    assert "2026-11-29T10:00:00+00:00" in found.message
    assert "2026-11-29T12:00:00+00:00" in found.message
    assert "delete derived.sqlite" in found.message
