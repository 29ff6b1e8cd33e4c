"""newswire.clock: the latest "now" a build used, and the warning when the
clock moved back before it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from newswire.clock import LATEST_NOW, latest_now, moved_back

NOON = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
DATABASE = Path("/site/.newswire/derived.sqlite")


class Records:
    """The one method of a Store that latest_now uses."""

    def __init__(self, **records: object) -> None:
        self.records = records

    def record(self, name: str) -> object:
        return self.records.get(name)


def test_latest_now_reads_the_record_with_its_offset() -> None:
    found = latest_now(Records(**{LATEST_NOW: "2026-03-01T13:00:00+01:00"}))  # type: ignore[arg-type]
    assert found == NOON
    assert found is not None and found.utcoffset() == timedelta(hours=1)


def test_latest_now_is_none_without_a_usable_record() -> None:
    assert latest_now(None) is None
    assert latest_now(Records()) is None  # type: ignore[arg-type]
    for value in (12, "yesterday", "2026-03-01T12:00:00"):  # not text, not a date, naive
        assert latest_now(Records(**{LATEST_NOW: value})) is None  # type: ignore[arg-type]


def test_moved_back_warns_only_when_now_is_earlier() -> None:
    assert moved_back(None, NOON, DATABASE) is None
    assert moved_back(NOON, NOON, DATABASE) is None
    assert moved_back(NOON, NOON + timedelta(seconds=1), DATABASE) is None
    warning = moved_back(NOON, NOON - timedelta(days=1), DATABASE)
    assert warning is not None
    assert warning.level == "warning" and warning.path == DATABASE
    assert "2026-02-28T12:00:00+00:00" in warning.message
    assert "2026-03-01T12:00:00+00:00" in warning.message
    assert "delete derived.sqlite" in warning.message
