"""Reading dates from front matter and from datelines of scraped text (README "Articles", dates).

Naive values are in the site's time zone; a date without a time means
midnight there. Numeric day/month dates are read day first (``25/04/2019``
is 25 April), as printed by the European and international sources scraped
text comes from; ISO 8601 (``2019-04-25``) is always year-month-day.
Refused, each with a message saying how to write the date instead:

* two-digit years (``04/05/19`` could be three different days);
* incomplete dates (``April 2019``, ``10:30``): nothing is filled in from
  the clock;
* years before 1000 or after 9999 (RFC 822 and RFC 3339 need four digits),
  also once the moment is expressed in UTC;
* time zone names that do not exist (``Mars/Olympus``, ``XYZ``). A date may
  end with an IANA zone name (``2019-04-25 10:30 Europe/Paris``) or one of
  the common abbreviations (``CET``, ``EST``...).

Before time zones were standardised (around 1900) zones had offsets in
seconds (Rome: +00:49:56); such offsets are rounded to the minute, since
feed formats can only write whole minutes.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:  # imported when first needed: ISO 8601 dates never need it
    from dateutil import parser as dateutil_parser

__all__ = ["DateError", "ambiguity", "parse_date", "split_dateline"]

MIN_YEAR = 1000  # RFC 822 / RFC 3339 dates need four-digit years
MAX_YEAR = 9999
#: The longest text read as a date (``Wednesday, 25 September 2019 10:30 PM
#: Europe/Paris`` is 50): longer values are refused, and a dateline is looked
#: for in the first this-many characters of a paragraph only.
MAX_DATE_CHARS = 200


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


@functools.cache
def _parserinfo() -> dateutil_parser.parserinfo:
    """dateutil's English names plus French, German, Spanish, Italian and
    Portuguese month and weekday names; day first for numeric dates. Made
    when first needed (dateutil is imported then): front matter dates in
    ISO 8601 never need it."""
    from dateutil import parser

    class _ParserInfo(parser.parserinfo):
        MONTHS = [tuple(en) + extra for en, extra in
                  zip(parser.parserinfo.MONTHS, _EXTRA_MONTHS)]
        WEEKDAYS = [tuple(en) + extra for en, extra in
                    zip(parser.parserinfo.WEEKDAYS, _EXTRA_WEEKDAYS)]
        JUMP = list(parser.parserinfo.JUMP) + ["de", "le", "der", "den", "el", "il"]

    return _ParserInfo(dayfirst=True)


# Zone names a dateline may end with: offsets, UTC/GMT with or without an
# offset, and the abbreviations of _ZONE_ABBREVIATIONS (longest first, case
# sensitive, so "10:30 BSTBody" stops after BST).
_ZONE_TOKEN = (r"(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|"
               r"CEST|EEST|WEST|UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|CET|BST|WET|EET|"
               r"ET|CT|MT|PT|Z")
# US newsroom shorthand for "whatever the local time is": a zone, not an offset.
_US_GENERIC_ZONES = {"ET": "America/New_York", "CT": "America/Chicago",
                     "MT": "America/Denver", "PT": "America/Los_Angeles"}
_TIME = (r"(?:,?\s+(?:at\s+|[-\u2013\u2014|]\s*)?\d{1,2}[:.h]\d{2}(?::\d{2})?"
         r"(?:\s*(?:[AaPp]\.?[Mm]\.?|(?-i:Uhr(?![a-zäöüß]))))?"
         r"(?:\s*(?-i:" + _ZONE_TOKEN + r"))?)?")
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|\.)?"


@functools.cache
def _dateline() -> re.Pattern[str]:
    """A dateline's date at the start of a paragraph, in the forms
    :func:`split_dateline` reads (compiled when first needed: only text
    articles have datelines)."""
    info = type(_parserinfo())
    month = "(?:" + "|".join(re.escape(n) for n in _longest_first(info.MONTHS)) + r")\.?"
    weekday = (r"(?:(?:" + "|".join(re.escape(n) for n in _longest_first(info.WEEKDAYS))
               + r")\.?,?\s+)?")
    return re.compile(
        r"^\s*(?P<date>" + weekday + "(?:"
        + r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
        + r"|" + _DAY + r"\s+" + month + r",?\s+\d{4}"
        + r"|" + month + r"\s+" + _DAY + r",?\s+\d{4}"
        + r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
        + r")" + _TIME + r")",
        re.IGNORECASE,
    )


def _longest_first(names: list[tuple[str, ...]]) -> list[str]:
    """Every name of ``names`` (tuples of names of one month or weekday),
    longest first, so that an alternation takes the whole word."""
    return sorted({name for group in names for name in group}, key=len, reverse=True)
_TWO_DIGIT_YEAR = re.compile(r"^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?![\d/.-])")
_DIGIT_RUN = re.compile(r"\d+")
_AMBIGUOUS = re.compile(r"^\s*+(?:\D*?\s)?(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.]\d{4}(?!\d)")
# The last word of a date, when it is an IANA zone name (Europe/Paris).
_IANA_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*+(?:/[A-Za-z0-9_+-]++)++")
_ZONE_ABBREVIATIONS = {"UTC": 0, "GMT": 0, "Z": 0, "EST": -5 * 3600, "EDT": -4 * 3600,
                       "CST": -6 * 3600, "CDT": -5 * 3600, "MST": -7 * 3600,
                       "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
                       "CET": 3600, "CEST": 7200, "BST": 3600, "WET": 0, "WEST": 3600,
                       "EET": 7200, "EEST": 10800}
_HOW = "write it like 2019-04-25 or 2019-04-25T10:30:00+02:00"
# Two different defaults: a field dateutil fills from them was not in the text.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def _whole_minutes(value: datetime) -> datetime:
    """``value`` with its UTC offset rounded to the minute (local mean time
    before ~1900 has offsets in seconds, which RFC 3339 cannot write)."""
    offset = value.utcoffset()
    if offset is None or offset % timedelta(minutes=1) == timedelta(0):
        return value
    minutes = round(offset / timedelta(minutes=1))
    return value.replace(tzinfo=timezone(timedelta(minutes=minutes)))


def _localize(value: datetime, zone: tzinfo | None) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        if zone is None:
            raise DateError(f"{value.isoformat()} has no time zone")
        value = value.replace(tzinfo=zone)
    value = _whole_minutes(value)
    try:
        utc_year = value.astimezone(timezone.utc).year
    except (OverflowError, ValueError):
        utc_year = 0 if value.year < 5000 else MAX_YEAR + 1
    for year in (value.year, utc_year):
        if year < MIN_YEAR:
            raise DateError(f"year {value.year} is before {MIN_YEAR}; dates need a "
                            "four-digit year from 1000 on")
        if year > MAX_YEAR:
            raise DateError(f"year {value.year} is too late (in UTC it is after "
                            f"{MAX_YEAR}); dates need a four-digit year up to {MAX_YEAR}")
    return value


def _zone_info(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise DateError(f"unknown time zone {name!r}; use an IANA name like "
                        "Europe/Paris, or an offset like +02:00") from None


_YEAR_FIRST = re.compile(r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                       r"(?:Z|[+-]\d{2}:?\d{2})?)?$")
_TRAILING_ZONE = re.compile(r"(?<!\s)\s*+(?P<zone>(?:UTC|GMT)(?P<sign>[+-])(?P<h>\d{1,2})"
                            r"(?::?(?P<m>\d{2}))?)$")


def _gmt_offset(text: str) -> tuple[str, tzinfo | None]:
    """Split a trailing ``GMT+2`` / ``UTC-05:30`` off ``text`` and read it as
    people mean it (GMT+2 is two hours ahead of UTC; dateutil would read it
    the POSIX way, two hours behind)."""
    match = _TRAILING_ZONE.search(text)
    if match is None:
        return text, None
    minutes = int(match.group("h")) * 60 + int(match.group("m") or 0)
    if minutes >= 24 * 60:
        raise DateError(f"offset {match.group('zone')!r} is out of range")
    sign = -1 if match.group("sign") == "-" else 1
    return text[:match.start()], timezone(timedelta(minutes=sign * minutes))


@functools.lru_cache(maxsize=1024)
def _dateutil(text: str) -> datetime:
    """Parse a written date with dateutil, never filling a field from the
    clock and never guessing an unknown zone name. The same text gives the
    same moment, so each is parsed once per process (articles of one day
    share a dateline; each parse costs two runs of dateutil's parser).

    Raises:
        DateError: unreadable, incomplete, two-digit year or unknown zone.
    """
    text, offset_zone = _gmt_offset(text)
    unknown: list[str] = []

    def zone_for(name: str | None, offset: int | None) -> tzinfo | None:
        if not name and offset is None:
            return None
        if name and name.upper() in _US_GENERIC_ZONES:
            return ZoneInfo(_US_GENERIC_ZONES[name.upper()])
        if name and name.upper() in _ZONE_ABBREVIATIONS:
            return timezone(timedelta(seconds=_ZONE_ABBREVIATIONS[name.upper()]))
        if offset is not None:
            return timezone(timedelta(seconds=offset))
        unknown.append(name or "?")
        return timezone.utc

    # A numeric date that starts with the year is year-month-day (ISO 8601
    # order); only day/month/year dates are read day first.
    year_first = bool(_YEAR_FIRST.match(text))
    from dateutil.parser import parse
    results = []
    for default in _DEFAULTS:
        try:
            results.append(parse(
                text, parserinfo=_parserinfo(), tzinfos=zone_for, default=default,
                dayfirst=not year_first, yearfirst=year_first))
        except (ValueError, OverflowError) as exc:
            reason = str(exc).split(":")[0]
            raise DateError(f"cannot read {text!r} as a date ({reason}); {_HOW}") from None
    if unknown:
        raise DateError(f"unknown time zone {unknown[0]!r} in {text!r}; use an offset like "
                        "+02:00, or an IANA name like Europe/Paris")
    first, second = results
    if offset_zone is not None:
        if first.tzinfo is not None:
            raise DateError(f"{text!r} gives two time zones; keep one")
        first = first.replace(tzinfo=offset_zone)
    if first.date() != second.date():
        raise DateError(f"{text!r} is not a whole date (day, month and year); {_HOW}")
    if not any(len(run) >= 4 for run in _DIGIT_RUN.findall(text)):
        raise DateError(f"{text!r} has no four-digit year; write the year in full, "
                        "like 2019-04-25")
    return first


def parse_date(value: object, zone: tzinfo | None) -> datetime:
    """A front-matter date value as a timezone-aware datetime.

    Args:
        value: a ``datetime``, a ``date`` (midnight in ``zone``) or a string
            (ISO 8601 / RFC 3339, or a written date like ``25 April 2019``,
            optionally ending with an offset, a zone abbreviation or an IANA
            zone name).
        zone: the zone naive values are in (the site's ``timezone``).

    Raises:
        DateError: the value is not a date, names an impossible day
            (``2019-02-30``), is incomplete, has a two-digit or out-of-range
            year, or names a time zone that does not exist.
    """
    if isinstance(value, datetime):
        return _localize(value, zone)
    if isinstance(value, date):
        return _localize(datetime.combine(value, time()), zone)
    if not isinstance(value, str) or not value.strip():
        raise DateError(f"expected a date like 2019-04-25 or 2019-04-25T10:30:00+02:00, "
                        f"got {value!r}")
    text = value.strip()
    if len(text) > MAX_DATE_CHARS:
        raise DateError(f"{text[:40]!r}… is {len(text)} characters long, too long for a "
                        f"date; {_HOW}")
    if _TWO_DIGIT_YEAR.match(text):
        raise DateError(f"{text!r} has a two-digit year; write the year in full, "
                        "like 2019-04-25")
    named = _iana_suffix(text)
    if named:
        zone = _zone_info(named)
        text = text[:-len(named)].rstrip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        if re.match(r"^\d{4}-\d{2}-\d{2}", text) and not re.search(r"[A-Za-z]{2}", text):
            reason = ("the UTC offset must be between -23:59 and +23:59"
                      if "offset" in str(exc) else str(exc))
            raise DateError(f"{text!r} is not a valid date ({reason}); use "
                            "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM") from None
        parsed = _dateutil(text)
    if named and parsed.utcoffset() is not None:
        raise DateError(f"{value.strip()!r} gives both an offset and a zone name; "
                        "keep one")
    return _localize(parsed, zone)


def _iana_suffix(text: str) -> str | None:
    """The IANA zone name ``text`` ends with, after a space (``2019-04-25
    10:30 Europe/Paris``), or None."""
    words = text.rsplit(None, 1)
    if len(words) == 2 and _IANA_ZONE.fullmatch(words[1]):
        return words[1]
    return None


def ambiguity(text: object) -> str | None:
    """A warning for a numeric date whose day and month could be swapped
    (``04/05/2019``), saying how newswire read it (day first); else None."""
    if not isinstance(text, str):
        return None
    match = _AMBIGUOUS.match(text[:MAX_DATE_CHARS])
    if not match:
        return None
    day, month = int(match.group("a")), int(match.group("b"))
    if day == month or day > 12 or month > 12:
        return None
    read = date(2000, month, day).strftime("%d %B").lstrip("0")
    iso = f"{month:02d}-{day:02d}"
    return (f"{match.group(0).strip()!r} read day first, as {read}; write YYYY-{iso} "
            "to make it unambiguous")


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
            real day (``31 February 2019``), a numeric date with a two-digit
            year (``25/04/19``), or a time zone that does not exist.
    """
    head = paragraph[:MAX_DATE_CHARS]  # a dateline is short: the rest is the story
    if _TWO_DIGIT_YEAR.match(head):
        raise DateError(f"dateline {head.split()[0]!r} has a two-digit year; write "
                        "the year in full, like 25/04/2019")
    match = _dateline().match(head)
    if match is None:
        return None
    text = match.group("date").strip()
    rest = paragraph[match.end():].lstrip()
    text = re.sub(r"(?<=\d{4})\s*[-\u2013\u2014|]\s*(?=\d{1,2}[:.h]\d{2})", " ", text)
    text = re.sub(r"(?<!\s)\s*+Uhr$", "", text)  # German "14:30 Uhr"
    if _ISO_DATE.match(text):  # year-month-day, never day first
        try:
            return _localize(datetime.fromisoformat(text.replace("Z", "+00:00")), zone), rest
        except ValueError as exc:
            raise DateError(f"dateline {text!r} is not a valid date ({exc})") from None
    try:
        parsed = _dateutil(text)
    except DateError as exc:
        raise DateError(f"dateline: {exc}") from None
    return _localize(parsed, zone), rest
