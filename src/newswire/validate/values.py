"""Checks of single values shared by the formats: dates, URLs, e-mail.

Each ``*_problem`` function returns None when the value is good, or a short
phrase saying what is wrong with it, for use inside a finding's message.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = [
    "has_email",
    "is_absolute_iri",
    "is_web_url",
    "rfc3339_problem",
    "rfc822_problem",
]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_NAMED_ZONES = ("UT", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT")

_RFC822 = re.compile(
    r"(?:(?P<wday>[A-Za-z]{3}),\s*)?"
    r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3})\s+(?P<year>\d+)\s+"
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s+"
    r"(?P<zone>[+-]\d{4}|[A-Za-z]+)"
)

_RFC3339 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?P<t>[Tt])(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:\.\d+)?"
    r"(?P<zone>[Zz]|[+-](?P<zh>\d{2}):(?P<zm>\d{2}))?"
)

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_WEB_URL = re.compile(
    r"(?i)https?://(?:[^/?#@]*@)?(?:\[[0-9a-f:.]+\]|[^/?#:@\[\]]+)(?::[0-9]*)?(?:[/?#].*)?",
    re.DOTALL)
# An address anywhere in a text: it starts where a run of address characters
# starts (the look-behind), so each run is scanned once.
_EMAIL = re.compile(r"(?<![^\s@<>()\[\]\",;:])[^\s@<>()\[\]\",;:]++@"
                    r"[^\s@<>()\[\]\",;:]+\.[^\s@<>()\[\]\",;:]+")


def rfc822_problem(text: str) -> str | None:
    """What is wrong with an RSS 2.0 date (RFC 822 §5 as the RSS Best
    Practices Profile narrows it: 4-digit year, numeric or named zone).

    ``Sat, 07 Sep 2002 09:42:31 GMT`` and ``7 Sep 2002 09:42 +0200`` pass;
    two-digit years, military one-letter zones and a weekday that does not
    match the date do not.
    """
    value = text.strip()
    match = _RFC822.fullmatch(value)
    if match is None:
        return "is not an RFC 822 date like 'Sat, 07 Sep 2002 09:42:31 +0000'"
    month_name = match["month"].capitalize()
    if month_name not in _MONTHS:
        return f"has an unknown month {match['month']!r} (use Jan..Dec)"
    if len(match["year"]) != 4:
        return f"has a {len(match['year'])}-digit year; write all four digits"
    zone = match["zone"]
    if zone[0] not in "+-" and zone.upper() not in _NAMED_ZONES:
        return f"has zone {zone!r}; use a numeric offset like +0000 or one of {', '.join(_NAMED_ZONES)}"
    if zone[0] in "+-" and (int(zone[1:3]) > 23 or int(zone[3:]) > 59):
        return f"has an impossible offset {zone!r}"
    try:
        moment = datetime(int(match["year"]), _MONTHS.index(month_name) + 1, int(match["day"]),
                          int(match["hour"]), int(match["minute"]),
                          min(int(match["second"] or 0), 59))
    except ValueError:
        return "names a day or time that does not exist"
    if match["wday"] is not None:
        if match["wday"].capitalize() not in _DAYS:
            return f"has an unknown weekday {match['wday']!r} (use Mon..Sun)"
        if _DAYS[moment.weekday()] != match["wday"].capitalize():
            return (f"says {match['wday']} but {moment:%d %b %Y} is a "
                    f"{_DAYS[moment.weekday()]}")
    return None


def rfc3339_problem(text: str, *, upper_case: bool = False) -> str | None:
    """What is wrong with an RFC 3339 §5.6 date-time with an explicit offset.

    Atom (RFC 4287 §3.3) also wants the ``T`` and ``Z`` upper-case and no
    surrounding white space: pass ``upper_case=True``.
    """
    value = text if upper_case else text.strip()
    match = _RFC3339.fullmatch(value)
    if match is None:
        if text != text.strip() and _RFC3339.fullmatch(text.strip()):
            return "has white space around it; remove it"
        return "is not an RFC 3339 date-time like '2003-12-13T18:30:02Z'"
    if match["zone"] is None:
        return "has no offset; add 'Z' or one like '+02:00'"
    if upper_case and (match["t"] != "T" or match["zone"] == "z"):
        return "must use upper-case 'T' and 'Z'"
    try:
        date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return "names a day that does not exist"
    if int(match["hour"]) > 23 or int(match["minute"]) > 59 or int(match["second"]) > 60:
        return "names a time that does not exist"
    if match["zh"] is not None and (int(match["zh"]) > 23 or int(match["zm"]) > 59):
        return "has an impossible offset"
    return None


def is_absolute_iri(text: str) -> bool:
    """True when ``text`` is an absolute IRI: a scheme, something after it,
    no white space or control characters (RFC 3987 §2.2)."""
    match = _SCHEME.match(text)
    return (match is not None and match.end() < len(text)
            and _SPACE_OR_CONTROL.search(text) is None)


def is_web_url(text: str) -> bool:
    """True when ``text`` is an absolute ``http`` or ``https`` URL with a host."""
    return _WEB_URL.fullmatch(text) is not None and _SPACE_OR_CONTROL.search(text) is None


def has_email(text: str) -> bool:
    """True when ``text`` contains an e-mail address (``joe@example.com (Joe)``)."""
    return _EMAIL.search(text) is not None
