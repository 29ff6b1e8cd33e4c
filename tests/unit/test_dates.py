"""parse_date, ambiguity and split_dateline: dates as people write them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newswire.readers.dates import DateError, ambiguity, parse_date, split_dateline

ROME = ZoneInfo("Europe/Rome")


@pytest.mark.parametrize(("value", "iso"), [
    ("2019-04-25", "2019-04-25T00:00:00+02:00"),
    ("2019-04-25T10:30:00Z", "2019-04-25T10:30:00+00:00"),
    ("2019-04-25T10:30:00+09:00", "2019-04-25T10:30:00+09:00"),
    ("2019-01-25 10:30", "2019-01-25T10:30:00+01:00"),
    ("25 April 2019", "2019-04-25T00:00:00+02:00"),
    ("April 25, 2019 10:30 PM", "2019-04-25T22:30:00+02:00"),
    ("25/04/2019", "2019-04-25T00:00:00+02:00"),
    ("25 avril 2019", "2019-04-25T00:00:00+02:00"),
    ("2019-04-25 10:30 America/New_York", "2019-04-25T10:30:00-04:00"),
    ("Thu, 25 Apr 2019 10:30:00 GMT", "2019-04-25T10:30:00+00:00"),
])
def test_parse_date(value: str, iso: str) -> None:
    assert parse_date(value, ROME).isoformat() == iso


def test_date_and_datetime_values() -> None:
    assert parse_date(date(2019, 4, 25), ROME).isoformat() == "2019-04-25T00:00:00+02:00"
    assert parse_date(datetime(2019, 4, 25, 10), ROME).isoformat() == \
        "2019-04-25T10:00:00+02:00"
    aware = datetime(2019, 4, 25, 10, tzinfo=timezone(timedelta(hours=-3)))
    assert parse_date(aware, ROME) == aware


def test_local_mean_time_offsets_are_rounded_to_the_minute() -> None:
    moment = parse_date("1880-01-01", ROME)
    assert moment.utcoffset() is not None and moment.utcoffset().seconds % 60 == 0


@pytest.mark.parametrize(("value", "words"), [
    (None, "expected a date like 2019-04-25"),
    ("", "expected a date like"),
    (42, "expected a date like"),
    ("2019-02-30", "is not a valid date"),
    ("04/05/19", "has a two-digit year"),
    ("April 2019", ""),
    ("10:30", ""),
    ("0999-01-01", ""),
    ("2019-04-25T10:00:00+25:00", "the UTC offset must be between -23:59 and +23:59"),
    ("2019-04-25 10:30 Mars/Olympus", ""),
    ("2019-04-25T10:30+02:00 Europe/Paris", "gives both an offset and a zone name"),
    ("x" * 201, "too long for a date"),
])
def test_bad_dates_raise_date_error(value: object, words: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value, ROME)
    assert words in str(caught.value)


@pytest.mark.parametrize(("text", "warning"), [
    ("04/05/2019", "'04/05/2019' read day first, as 4 May; write YYYY-05-04 to make it "
                   "unambiguous"),
    ("25/04/2019", None), ("05/05/2019", None), ("2019-04-05", None), (None, None),
])
def test_ambiguity(text: object, warning: str | None) -> None:
    assert ambiguity(text) == warning


@pytest.mark.parametrize(("paragraph", "iso", "rest"), [
    ("25 April 2019First meeting.", "2019-04-25T00:00:00+02:00", "First meeting."),
    ("April 25, 2019 The talks began.", "2019-04-25T00:00:00+02:00", "The talks began."),
    ("2019-04-25 Talks.", "2019-04-25T00:00:00+02:00", "Talks."),
    ("14.03.2006 Text", "2006-03-14T00:00:00+01:00", "Text"),
    ("Thursday, April 25, 2019 10:32 AM Text", "2019-04-25T10:32:00+02:00", "Text"),
])
def test_split_dateline(paragraph: str, iso: str, rest: str) -> None:
    found = split_dateline(paragraph, ROME)
    assert found is not None
    assert (found[0].isoformat(), found[1]) == (iso, rest)


@pytest.mark.parametrize("paragraph", ["The handshake happened.", "2019 was a long year.", ""])
def test_a_paragraph_without_a_dateline(paragraph: str) -> None:
    assert split_dateline(paragraph, ROME) is None


@pytest.mark.parametrize("paragraph", ["31 February 2019Text", "25/04/19 Text"])
def test_a_dateline_naming_no_real_day_is_an_error(paragraph: str) -> None:
    with pytest.raises(DateError, match="dateline"):
        split_dateline(paragraph, ROME)
