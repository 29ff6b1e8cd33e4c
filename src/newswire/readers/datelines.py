"""Datelines in the world's languages, read with dateparser (README "Articles", scraped text).

:func:`newswire.readers.dates.split_dateline` reads the common Western forms
with cheap rules. What it does not recognise is handed here, bounded: only
the first :data:`HEAD_CHARS` characters of a paragraph, and only when they
hold a four-digit year. dateparser (200+ locales, made for dates scraped from
news pages) reads them in the article's language (its ``lang``, else the
site's), the languages of the scripts present (Han and kana: Japanese and
Chinese; Hangul: Korean; Arabic script: Arabic and Persian; Cyrillic:
Ukrainian and Russian; Greek; Hebrew; Devanagari: Hindi; Thai), and for
Latin letters the common Western European languages::

    2019年4月25日（木）東京電力は…        Japanese, weekday in brackets
    【2019年4月25日】…                    bracketed
    10 de febrero de 2011El ministro…     Spanish, Portuguese, Catalan
    le 25 avril 2019 à 10h30 Le Premier…  French with the article
    Publié le 25 avril 2019 à 10h30 Les…  a page's publication label
    2019年4月25日 10時30分 東京…           time in 時分 (시분 in Korean)
    14:30 Uhr, 3. Dez. 2019 Berlin…       German, time first, abbreviated month
    25 квітня 2019 р. Київ…               Ukrainian
    25 أبريل 2019 …                       Arabic

The strict rules stay: the date must name day, month and a four-digit year
written in the text (no two-digit years: the year dateparser returns must be
one written there, and a part marked ``年月日`` must be the one marked), an
impossible day (``31 de febrero de 2019``, ``2019年13月1日``) is an error, and nothing is filled in from the clock. Thai years of the Buddhist
era (2562) and Japanese era years (令和元年, 平成31年) are converted (2019).

A paragraph that starts with something that reads only partly as a date
(``febrero de 2019``: no day) is not dated; :func:`near_miss` says what it
was so the reader can warn.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from .dates import DateError, parse_date

__all__ = ["HEAD_CHARS", "Dateline", "near_miss", "read_dateline"]

HEAD_CHARS = 48  # a dateline ends within this many characters of its paragraph
_MAX_TRIES = 6  # dateparser calls per paragraph, at most
_OPENING = re.compile(r"^\s*(?P<open>[\[(【（〔［「『<])?\s*")
_CLOSING = {"[": "]", "(": ")", "【": "】", "（": "）", "〔": "〕", "［": "］", "「": "」",
            "『": "』", "<": ">"}
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Where a dateline may end: after a run of digits (with its dot), a CJK or
# Korean date marker, or a word (with its dot).
_TOKEN = re.compile(r"\d+\.?|[年月日년월일号號]|[^\W\d_]+\.?", re.UNICODE)
# What may follow the date and still belongs to the dateline.
_TRAILER = re.compile(r"\s*(?:[日일号號]|р\.|г\.|року|года|рік|r\.|m\.)")
_TIME = re.compile(
    r"[,\s\-\u2013\u2014|]*+(?:à|às|a las|a la|alle|um|at|в|о|o|klo|kl\.|saat|ساعة)?\s*+"
    r"(?P<h>[01]?\d|2[0-3])(?:[:h.時时]|시 ?)(?P<m>[0-5]\d)(?!\d)"
    r"(?:\s*(?:Uhr|h|hrs|ч\.|uur|分|분))?")
# The label news pages print before the date ("Publié le", "Veröffentlicht
# am", "Published:"): part of the dateline, never of the text.
_LABEL = re.compile(
    r"(?:published|posted|publié|publiée|mis en ligne|veröffentlicht|erschienen|publicado|"
    r"publicada|pubblicato|gepubliceerd|opublikowano|опубликовано|опубліковано|"
    r"发布时间|發布時間|公開日|掲載日)(?:\s++(?:on|le|am|el|em|il|op|в|о))?\s*+[:：]?\s*+",
    re.IGNORECASE)
_ASIDE = re.compile(r"\s*[(（](?P<aside>[^()（）\n]{1,30})[)）]")
# Two names of one month, as Levantine Arabic papers print them
# ("نيسان/أبريل"): the second is read.
_MONTH_PAIR = re.compile(r"(?<![^\W\d_])[^\W\d_]++/(?=[^\W\d_])")
_SEPARATOR = re.compile(r"^[\s\-\u2013\u2014|:：,，、.。/]*")
_SCRIPTS = (
    (re.compile(r"[\u3040-\u30ff]"), ("ja",)),
    (re.compile(r"[\u4e00-\u9fff]"), ("ja", "zh")),
    (re.compile(r"[\uac00-\ud7af]"), ("ko",)),
    (re.compile(r"[\u0600-\u06ff]"), ("ar", "fa")),
    (re.compile(r"[\u0400-\u04ff]"), ("uk", "ru")),
    (re.compile(r"[\u0370-\u03ff]"), ("el",)),
    (re.compile(r"[\u0590-\u05ff]"), ("he",)),
    (re.compile(r"[\u0900-\u097f]"), ("hi",)),
    (re.compile(r"[\u0e00-\u0e7f]"), ("th",)),
)
# Latin-script languages tried after the article's or site's language (or
# alone when neither names one): a site in one language often carries
# articles scraped in another, and a dateline left unread dates the article
# at build time.
_LATIN_GUESSES = ("es", "pt", "fr", "de", "it", "nl")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# The parts that CJK and Korean datelines name with a marker after the number.
_CJK_PARTS = re.compile(r"(?P<n>\d{1,4})\s*(?P<marker>[年月日号號년월일])")
_CJK_FULL_DATE = re.compile(r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*"
                            r"(?P<d>\d{1,2})\s*[日号號일]")
_CJK_PART = {"年": "year", "년": "year", "月": "month", "월": "month",
             "日": "day", "号": "day", "號": "day", "일": "day"}
_STRICT = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
           "PARSERS": ["absolute-time"], "DATE_ORDER": "DMY",
           "RETURN_AS_TIMEZONE_AWARE": False}
_PARTIAL = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["month", "year"],
            "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False}
# A day then a month name, or a CJK month and day: what a dateline without
# its year looks like (a number followed by an ordinary word is read to check).
_DAY_MONTH = re.compile(r"\d{1,2}\.?\s+(?:de\s+|d')?[^\W\d_]{3,}\.?(?=[\s,.:;]|$)")
_CJK_DAY_MONTH = re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_DAY_MONTH_ONLY = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month"],
                   "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False}
# Japanese eras: the year before each one's first year (令和元年 is 2019).
_ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_ERA = re.compile(r"(?P<era>明治|大正|昭和|平成|令和)\s*(?P<n>元|\d{1,2})\s*年")
_BUDDHIST_ERA = 543  # Thai solar calendar: 2562 BE is 2019 CE
_BUDDHIST_FROM = 2400  # Thai years from here on are Buddhist-era years (1857 CE)


@dataclass(frozen=True)
class Dateline:
    """A dateline split off its paragraph.

    Attributes:
        published: the moment it names, timezone-aware.
        text: the dateline as written (brackets and asides included).
        rest: the paragraph after it, separators removed.
    """

    published: datetime
    text: str
    rest: str


@functools.cache
def _supported() -> frozenset[str]:
    from dateparser.data import languages_info
    return frozenset(languages_info.language_order)


def _languages(head: str, language: str | None) -> tuple[str, ...]:
    """dateparser language codes to try: the given language's, then those of
    the scripts in ``head``; Western European guesses when nothing is known."""
    found: list[str] = []
    if language:
        tag = language.replace("_", "-")
        for code in (tag, tag.split("-")[0].lower()):
            if code in _supported() and code not in found:
                found.append(code)
                break
    scripts = False
    for pattern, codes in _SCRIPTS:
        if pattern.search(head):
            scripts = True
            found += [c for c in codes if c not in found]
    if not scripts and (not language or _LATIN_LETTER.search(head)):
        found += [c for c in _LATIN_GUESSES if c not in found]
    return tuple(found)


def _parse(text: str, languages: tuple[str, ...], settings: dict[str, Any]) -> datetime | None:
    import dateparser  # costly to import: only paragraphs that need it pay

    text = _MONTH_PAIR.sub("", text)
    try:
        return dateparser.parse(text, languages=list(languages), settings=settings)
    except Exception:  # noqa: BLE001 - odd input makes it raise many types: not a date
        return None


def _years(text: str) -> set[int]:
    return {int(m.group(0)) for m in _YEAR.finditer(text)}


def _candidates(head: str, start: int) -> list[int]:
    """End positions in ``head`` of prefixes holding a four-digit year, shortest first."""
    ends = []
    for match in _TOKEN.finditer(head, start):
        if _YEAR.search(head, start, match.end()):
            ends.append(match.end())
    return ends[:_MAX_TRIES]


def _marked_parts_agree(parsed: datetime, text: str) -> bool:
    """Whether the numbers ``text`` marks as year, month or day (``2019年4月25日``,
    ``2019년 12월 3일``) are those of ``parsed``: dateparser reads
    ``2019年13月`` as 1 March and ``2019年13月1日`` as 13 January."""
    for match in _CJK_PARTS.finditer(text):
        if getattr(parsed, _CJK_PART[match.group("marker")]) != int(match.group("n")):
            return False
    return True


def _checked(parsed: datetime, text: str, languages: tuple[str, ...]) -> datetime | None:
    """``parsed`` when its year is one written in ``text`` (Buddhist-era years
    converted for Thai) and the parts marked in CJK or Korean are the ones
    written, else None: dateparser never supplies or reorders a part."""
    if not _marked_parts_agree(parsed, text):
        return None
    written = _years(text)
    if "th" in languages and parsed.year in written and parsed.year >= _BUDDHIST_FROM \
            and re.search(r"[\u0e00-\u0e7f]", text):
        return parsed.replace(year=parsed.year - _BUDDHIST_ERA)
    return parsed if parsed.year in written else None



def _date_start(head: str) -> tuple[str | None, int]:
    """The bracket a dateline opens with (or None) and where its date may
    start: after that bracket and a publication label (``Publié le``)."""
    opening = _OPENING.match(head)
    assert opening is not None  # every part of the pattern is optional
    label = _LABEL.match(head, opening.end())
    return opening.group("open"), label.end() if label is not None else opening.end()

def read_dateline(paragraph: str, zone: tzinfo, language: str | None) -> Dateline | None:
    """The dateline at the start of ``paragraph``, read with dateparser.

    Args:
        paragraph: one paragraph of scraped text.
        zone: the site's time zone (a dateline without a zone is in it).
        language: the article's BCP 47 language, else the site's, or None.

    Returns:
        The dateline, or None when the paragraph does not start with a whole
        date (day, month, four-digit year).

    Raises:
        DateError: it starts with a date naming no real day
            (``31 de febrero de 2019``) or a year out of range.
    """
    head = paragraph[:HEAD_CHARS]
    bracket, start = _date_start(head)
    head, shift = _gregorian(head, start)
    if not _YEAR.search(head, start):
        return None
    languages = _languages(head, language)
    if not languages:
        return None
    for end in _candidates(head, start):
        text = head[start:end]
        parsed = _parse(text, languages, _STRICT)
        if parsed is None:
            continue
        parsed = _checked(parsed, text, languages)
        if parsed is None:
            continue
        return _finish(paragraph, start, end - shift, parsed, bracket, zone)
    impossible = _impossible_day(head, start, languages)
    if impossible:
        raise DateError(f"dateline {impossible!r} names no real day")
    return None


def _gregorian(head: str, start: int) -> tuple[str, int]:
    """``head`` with a Japanese era year at ``start`` (``令和元年``, ``平成31年``)
    written as the Gregorian year (``2019年``), and how many characters longer
    that made it."""
    era = _ERA.match(head, start)
    if era is None:
        return head, 0
    number = 1 if era.group("n") == "元" else int(era.group("n"))
    year = f"{_ERAS[era.group('era')] + number}年"
    return head[:era.start()] + year + head[era.end():], len(year) - len(era.group(0))


def _finish(paragraph: str, start: int, end: int, parsed: datetime, opened: str | None,
            zone: tzinfo) -> Dateline:
    trailer = _TRAILER.match(paragraph, end)
    if trailer:
        end = trailer.end()
    clock = _TIME.match(paragraph, end)
    if clock and parsed.hour == parsed.minute == 0:
        parsed = parsed.replace(hour=int(clock.group("h")), minute=int(clock.group("m")))
        end = clock.end()
    aside = _ASIDE.match(paragraph, end)
    if aside:
        end = aside.end()
    if opened and paragraph[end:].lstrip().startswith(_CLOSING[opened]):
        end = paragraph.index(_CLOSING[opened], end) + 1
    text = paragraph[:end].strip()
    rest = paragraph[end:]
    rest = rest[_SEPARATOR.match(rest).end():]  # type: ignore[union-attr]
    return Dateline(parse_date(parsed, zone), text, rest)


def _impossible_day(head: str, start: int, languages: tuple[str, ...]) -> str | None:
    """The date-shaped prefix of ``head`` whose day cannot be (``31 de febrero
    de 2019`` reads as a date once its day is 1; ``2019年13月1日`` names its
    parts with markers), or None."""
    marked = _CJK_FULL_DATE.match(head, start)
    if marked is not None:
        try:
            datetime(*(int(marked.group(part)) for part in ("y", "m", "d")))
        except ValueError:
            return marked.group(0)
        return None
    day = re.compile(r"(?<!\d)(?:29|30|31)(?!\d)")
    for end in _candidates(head, start):
        text = head[start:end]
        match = day.search(text)
        if match is None:
            continue
        fixed = text[:match.start()] + "1" + text[match.end():]
        parsed = _parse(fixed, languages, _STRICT)
        if parsed is not None and _checked(parsed, fixed, languages) is not None:
            return text
    return None


def near_miss(paragraph: str, language: str | None) -> str | None:
    """The start of ``paragraph`` when it reads partly as a date (a month and a
    four-digit year without a day: ``febrero de 2019 …``; a day and a month
    without a year: ``25 de abril, el …``), else None.

    Only a paragraph whose first word is a number, a month or weekday name of
    the languages tried, or a word dateparser skips followed by a number, is
    considered: ``In April 2019, the…`` is a sentence, not a dateline.
    """
    head = paragraph[:HEAD_CHARS]
    bracket, start = _date_start(head)
    if not _YEAR.search(head, start):
        return _day_and_month(head[start:], language)
    languages = _languages(head, language)
    if not languages or not _starts_like_date(head[start:], languages):
        return None
    for end in _candidates(head, start)[:3]:
        text = head[start:end]
        parsed = _parse(text, languages, _PARTIAL)
        if parsed is not None and _checked(parsed, text, languages) is not None:
            return text.strip()
    return None


def _day_and_month(text: str, language: str | None) -> str | None:
    """A day and month without a year at the start of ``text`` (``25 de
    abril, el…``, ``3. Dez. Berlin``, ``4月25日``), else None."""
    cjk = _CJK_DAY_MONTH.match(text)
    if cjk is not None:
        real = 1 <= int(cjk.group("m")) <= 12 and 1 <= int(cjk.group("d")) <= 31
        return cjk.group(0) if real else None
    match = _DAY_MONTH.match(text)
    if match is None:
        return None
    languages = _languages(match.group(0), language)
    if not languages:
        return None
    parsed = _parse(match.group(0), languages, _DAY_MONTH_ONLY)
    return match.group(0).strip() if parsed is not None else None


@functools.cache
def _names(languages: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(month and weekday names, skipped words) of ``languages``, lowercased."""
    from dateparser.languages.loader import default_loader

    names: set[str] = set()
    skip: set[str] = set()
    keys = ("january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday")
    for code in languages:
        info = default_loader.get_locale(code).info
        for key in keys:
            names.update(n.lower().rstrip(".") for n in info.get(key, ()))
        skip.update(w.lower() for w in info.get("skip", ()))
    return frozenset(names), frozenset(skip)


def _starts_like_date(text: str, languages: tuple[str, ...]) -> bool:
    tokens = _TOKEN.findall(text)[:2]
    if not tokens:
        return False
    first = tokens[0].lower().rstrip(".")
    if first[0].isdigit():
        return True
    names, skip = _names(languages)
    return first in names or (first in skip and len(tokens) > 1 and tokens[1][0].isdigit())
