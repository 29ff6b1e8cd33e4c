"""read_dateline and near_miss: datelines beyond the Western forms, in small
named cases (the many languages are in tests/test_datelines.py)."""

from __future__ import annotations

from datetime import timezone
from zoneinfo import ZoneInfo

import pytest

from newswire.readers.datelines import near_miss, read_dateline
from newswire.readers.dates import DateError

UTC = timezone.utc


def test_a_japanese_dateline_with_its_weekday() -> None:
    found = read_dateline("2019年4月25日（木）東京電力は発表した", UTC, "ja")
    assert found is not None
    assert found.published.isoformat() == "2019-04-25T00:00:00+00:00"
    assert found.rest == "東京電力は発表した"


def test_a_french_dateline_with_a_time_in_the_site_zone() -> None:
    found = read_dateline("le 25 avril 2019 à 10h30 Le Premier ministre", ZoneInfo("Europe/Paris"),
                          "fr")
    assert found is not None
    assert found.published.isoformat() == "2019-04-25T10:30:00+02:00"
    assert found.rest == "Le Premier ministre"


def test_a_bracketed_dateline() -> None:
    found = read_dateline("【2019年4月25日】記者会見", UTC, "ja")
    assert found is not None and found.rest == "記者会見"


@pytest.mark.parametrize("paragraph", ["The talks went on.", "Madrid es una ciudad.",
                                       "2019 fue un año largo."])
def test_text_that_is_no_dateline(paragraph: str) -> None:
    assert read_dateline(paragraph, UTC, "es") is None


def test_an_impossible_day_is_an_error() -> None:
    with pytest.raises(DateError):
        read_dateline("31 de febrero de 2019 El ministro dijo", UTC, "es")


def test_a_date_without_its_day_is_a_near_miss() -> None:
    assert near_miss("febrero de 2019 El ministro dijo", "es") is not None
    assert near_miss("El ministro dijo", "es") is None
