"""Reading dates from front matter and from datelines of scraped text (SPEC §2.3).

Naive values are in the site's time zone; a date without a time means
midnight there. Numeric day/month dates are read day first (``25/04/2019``
is 25 April), as printed by the European and international sources scraped
text comes from; ISO 8601 (``2019-04-25``) is always year-month-day.
Two-digit years are refused: ``04/05/19`` could be three different days.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo

from dateutil import parser as dateutil_parser

__all__ = ["DateError", "parse_date", "split_dateline"]

MIN_YEAR = 1000  # RFC 822 / RFC 3339 dates need four-digit years


class DateError(ValueError):
    """A date value that cannot be read; the message says why and how to write it."""


_EXTRA_MONTHS = (
    ("janvier", "januar", "enero", "gennaio", "janeiro", "jänner"),
    ("février", "fevrier", "februar", "febrero", "febbraio", "fevereiro"),
    ("mars", "märz", "marz", "marzo", "março"),
    ("avril", "abril", "aprile"),
    ("mai", "mayo", "maggio", "maio"),
    ("juin", "juni", "junio", "giugno", "junho"),
    ("juillet", "juli", "julio", "luglio", "julho"),
    ("août", "aout", "agosto"),
    ("septembre", "septiembre", "settembre", "setembro"),
    ("octobre", "oktober", "octubre", "ottobre", "outubro"),
    ("novembre", "noviembre", "novembro"),
    ("décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro"),
)
_EXTRA_WEEKDAYS = (
    ("lundi", "montag", "lunes", "lunedì"), ("mardi", "dienstag", "martes", "martedì"),
    ("mercredi", "mittwoch", "miércoles", "mercoledì"),
    ("jeudi", "donnerstag", "jueves", "giovedì"), ("vendredi", "freitag", "viernes", "venerdì"),
    ("samedi", "samstag", "sábado", "sabato"), ("dimanche", "sonntag", "domingo", "domenica"),
)


class _ParserInfo(dateutil_parser.parserinfo):
    """dateutil's English names plus French, German, Spanish, Italian and
    Portuguese month and weekday names; day first for numeric dates."""

    MONTHS = [tuple(en) + extra for en, extra in
              zip(dateutil_parser.parserinfo.MONTHS, _EXTRA_MONTHS)]
    WEEKDAYS = [tuple(en) + extra for en, extra in
                zip(dateutil_parser.parserinfo.WEEKDAYS, _EXTRA_WEEKDAYS)]
    JUMP = list(dateutil_parser.parserinfo.JUMP) + ["de", "le", "der", "den", "el", "il"]


_PARSERINFO = _ParserInfo(dayfirst=True)

_MONTH_NAMES = sorted({name for names in _ParserInfo.MONTHS for name in names},
                      key=len, reverse=True)
_WEEKDAY_NAMES = sorted({name for names in _ParserInfo.WEEKDAYS for name in names},
                        key=len, reverse=True)
_MONTH = "(?:" + "|".join(re.escape(n) for n in _MONTH_NAMES) + r")\.?"
_WEEKDAY = r"(?:(?:" + "|".join(re.escape(n) for n in _WEEKDAY_NAMES) + r")\.?,?\s+)?"
_TIME = (r"(?:,?\s+(?:at\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?"
         r"(?:\s*(?:[AaPp]\.?[Mm]\.?))?"
         r"(?:\s*(?:UTC|GMT|Z|[+-]\d{2}:?\d{2}|[A-Z]{3,4}(?![a-z])))?)?")
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|\.)?"
_DATELINE = re.compile(
    r"^\s*(?P<date>" + _WEEKDAY + "(?:"
    + r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    + r"|" + _DAY + r"\s+" + _MONTH + r",?\s+\d{4}"
    + r"|" + _MONTH + r"\s+" + _DAY + r",?\s+\d{4}"
    + r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    + r")" + _TIME + r")",
    re.IGNORECASE,
)
_TWO_DIGIT_YEAR = re.compile(r"^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\s*$")
_ZONE_ABBREVIATIONS = {"UTC": 0, "GMT": 0, "Z": 0, "EST": -5 * 3600, "EDT": -4 * 3600,
                       "CST": -6 * 3600, "CDT": -5 * 3600, "MST": -7 * 3600,
                       "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
                       "CET": 3600, "CEST": 7200, "BST": 3600}


def _localize(value: datetime, zone: tzinfo) -> datetime:
    if value.year < MIN_YEAR:
        raise DateError(f"year {value.year} is before {MIN_YEAR}; write a four-digit year")
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=zone)
    return value


def parse_date(value: object, zone: tzinfo) -> datetime:
    """A front-matter date value as a timezone-aware datetime.

    Args:
        value: a ``datetime``, a ``date`` (midnight in ``zone``) or a string
            (ISO 8601 / RFC 3339, or a written date like ``25 April 2019``).
        zone: the zone naive values are in (the site's ``timezone``).

    Raises:
        DateError: the value is not a date, names an impossible day
            (``2019-02-30``), has a two-digit or out-of-range year.
    """
    if isinstance(value, datetime):
        return _localize(value, zone)
    if isinstance(value, date):
        return _localize(datetime.combine(value, time()), zone)
    if not isinstance(value, str) or not value.strip():
        raise DateError(f"expected a date like 2019-04-25 or 2019-04-25T10:30:00+02:00, "
                        f"got {value!r}")
    text = value.strip()
    if _TWO_DIGIT_YEAR.match(text):
        raise DateError(f"{text!r} has a two-digit year; write the year in full, "
                        "like 2019-04-25")
    try:
        return _localize(datetime.fromisoformat(text.replace("Z", "+00:00")), zone)
    except ValueError as exc:
        if re.match(r"^\d{4}-\d{2}-\d{2}", text):
            raise DateError(f"{text!r} is not a valid date ({exc}); use "
                            "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM") from None
    try:
        parsed = dateutil_parser.parse(text, parserinfo=_PARSERINFO,
                                       tzinfos=_ZONE_ABBREVIATIONS)
    except (ValueError, OverflowError) as exc:
        raise DateError(f"cannot read {text!r} as a date ({exc}); use YYYY-MM-DD or "
                        "YYYY-MM-DDTHH:MM:SS+HH:MM") from None
    return _localize(parsed, zone)


def split_dateline(paragraph: str, zone: tzinfo) -> tuple[datetime, str] | None:
    """Split a dateline glued to the start of a paragraph.

    ``"25 April 2019First meeting…"`` → (2019-04-25 00:00 in ``zone``,
    ``"First meeting…"``). Recognises, with or without weekday and time:
    ``25 April 2019``, ``April 25, 2019``, ``Jan. 31, 2007``, ``2019-04-25``,
    ``25/04/2019``, ``14.03.2006``, ``Thursday, April 25, 2019 10:32 AM``, and
    month names in English, French, German, Spanish, Italian, Portuguese.

    Returns:
        None when the paragraph does not start with a date.

    Raises:
        DateError: it starts with something shaped like a date that names no
            real day (``31 February 2019``).
    """
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    text = match.group("date").strip()
    rest = paragraph[match.end():].lstrip()
    try:
        parsed = dateutil_parser.parse(text, parserinfo=_PARSERINFO,
                                       tzinfos=_ZONE_ABBREVIATIONS)
    except (ValueError, OverflowError) as exc:
        raise DateError(f"dateline {text!r} names no real date ({exc})") from None
    return _localize(parsed, zone), rest
