"""Front-matter values to :class:`~newswire.model.Article` fields (SPEC §2.1).

Shared by the Markdown reader (front matter) and the plain-text reader
(sidecar files). Every problem is an :class:`~newswire.errors.ArticleError`
pointing at the line of the offending key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from ..config import language_tag
from ..errors import ArticleError
from ..media import parse_media
from ..model import Author, Media
from ..urls import check_http_url, check_url_reference
from .dates import DateError, ambiguity, parse_date
from .fields import LoneSurrogate, plain_field
from .text import strip_illegal

__all__ = ["KNOWN_KEYS", "Metadata", "parse_metadata"]

KNOWN_KEYS = ("title", "date", "updated", "summary", "author", "tags", "category",
              "image", "image_alt", "url", "slug", "id", "draft", "lang", "audio", "video")
# local@domain, each part without spaces, angle brackets or another @
_ADDRESS = re.compile(r"[^<>@\s]++@(?P<domain>[^<>@\s]++)")
# RSS 2.0 <author> form: "jane@example.com (Jane Doe)"
_EMAIL_NAME = re.compile(r"^\s*(?P<email>[^<>()@\s]+@[^<>()@\s.]+(?:\.[^<>()@\s.]+)+)"
                         r"\s*\((?P<name>[^()]*)\)\s*$")
# Plain-text values: HTML character references in them are decoded once.
_PLAIN_KEYS = frozenset({"title", "summary", "category", "image_alt"})
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_NOT_IN_URLS = re.compile(r"[\s<>\"{}|\\^`]")

Metadata = dict[str, Any]


class _Reader:
    def __init__(self, data: Mapping[str, Any], path: Path, line_of: Callable[[str], int | None],
                 zone: tzinfo) -> None:
        self.data, self.path, self.line_of, self.zone = data, path, line_of, zone
        self.warnings: list[tuple[int | None, str]] = []

    def fail(self, key: str, message: str) -> ArticleError:
        return ArticleError(f"{key}: {message}", self.path, self.line_of(key))

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise self.fail(key, "must be text, not a " + type(value).__name__)
        if isinstance(value, bool):
            raise self.fail(key, f"YAML read this as {str(value).lower()}; put the text "
                            "in quotes")
        return self.plain(key, str(value), key in _PLAIN_KEYS) or None

    def plain(self, key: str, value: str, references: bool = True) -> str:
        """``value`` as one line of plain text (:func:`plain_field`); removed
        characters are reported against ``key``'s line."""
        try:
            text, removed = plain_field(value, references)
        except LoneSurrogate as exc:
            raise self.fail(key, str(exc)) from None
        if removed:
            self.warnings.append((self.line_of(key), f"{key}: removed {removed} control "
                                  "character(s) that stand for nothing (DEL, C1 controls, "
                                  "NUL...), typed or as references like &#0;; delete them"))
        return text

    def date(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            parsed = parse_date(value, self.zone)
        except DateError as exc:
            raise self.fail(key, str(exc)) from None
        warning = ambiguity(value)
        if warning:
            self.warnings.append((self.line_of(key), f"{key}: {warning}"))
        return parsed

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [v for v in value.split(",")]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            raise self.fail(key, "must be a list, like [world, politics]")
        out: list[str] = []
        empty = 0
        for item in value:
            text = "" if item is None else self.plain(key, str(item))
            if not text:
                empty += 1
            elif text not in out:
                out.append(text)
        if empty:
            self.warnings.append((self.line_of(key), f"{key}: {empty} empty item(s) "
                                  "(nothing, '', ~ or null: YAML's empty value) left out; "
                                  "remove them, or write the text in quotes ('null')"))
        return tuple(out)

    def author(self, value: Any, key: str = "author") -> Author:
        """One author: a name, ``Name <email>``, the RSS 2.0 form
        ``email (Name)``, a bare e-mail address, or a mapping name/email/uri.

        Raises:
            ArticleError: an empty value, an unknown mapping field, a bad
                e-mail address or uri.
        """
        if isinstance(value, Mapping):
            unknown = set(value) - {"name", "email", "uri", "url"}
            if unknown:
                raise self.fail(key, f"unknown author field {sorted(unknown)[0]!r}; use "
                                "name, email and uri")
            name = self.plain(key, str(value["name"])) if value.get("name") is not None else ""
            email = _clean(value.get("email")) or None
            uri = _clean(value.get("uri") or value.get("url")) or None
            if not name:
                raise self.fail(key, "an author mapping needs a name")
            if email is not None and not _is_email(str(email)):
                raise self.fail(key, f"{email!r} is not an e-mail address")
            if uri is not None:
                try:
                    uri = check_http_url(uri)
                except ValueError as exc:
                    raise self.fail(key, f"author uri: {exc}") from None
            return Author(name, str(email) if email else None, str(uri) if uri else None)
        if not isinstance(value, str) or not _clean(value):
            raise self.fail(key, "must be a name, 'Name <email>', 'email (Name)', or a "
                            "mapping with name/email/uri")
        value = self.plain(key, value)
        named = _name_and_email(value) or _email_and_name(value)
        if named:
            name, email = named
            if not _is_email(email):
                raise self.fail(key, f"{email!r} is not an e-mail address feeds can carry: "
                                "it needs a domain with a dot, like jo@example.org")
            return Author(name, email)
        if _is_email(value):
            return Author(value, value)
        return Author(value)

    def authors(self) -> tuple[Author, ...]:
        value = self.data.get("author")
        if value is None:
            value = self.data.get("authors")
        if value is None:
            return ()
        values = value if isinstance(value, list) else [value]
        return tuple(self.author(v) for v in values)

    def url(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return check_http_url(value)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def reference(self, key: str) -> str | None:
        """An ``image``: an absolute http(s) URL or a path relative to the file."""
        value = self.text(key)
        if value is None:
            return None
        try:
            return check_url_reference(value)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def slug(self) -> str | None:
        value = self.text("slug")
        if value is None:
            return None
        if "/" in value or "\\" in value or value.strip(".") == "":
            raise self.fail("slug", f"{value!r} is not one URL segment; a slug cannot "
                            "name folders or leave public/, write one like 'my-story' "
                            "(folders come from the file's place in content/)")
        return value

    def identifier(self) -> str | None:
        value = self.text("id")
        if value is None:
            return None
        if not _URI_SCHEME.match(value) or _NOT_IN_URLS.search(value):
            raise self.fail("id", f"{value!r} is not an absolute URI; use one like "
                            "urn:uuid:… (newswire new writes one) or a tag: URI")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "yes", "on", "1"):
            return True
        if isinstance(value, str) and value.strip().lower() in ("false", "no", "off", "0", ""):
            return False
        raise self.fail(key, "must be true or false")

    def media(self, key: str) -> Media | None:
        line = self.line_of(key)
        return parse_media(self.data.get(key), key,
                           lambda message: self.fail(key, message), line)

    def lang(self) -> str | None:
        value = self.text("lang")
        if value is None:
            return None
        try:
            return language_tag(value)
        except ValueError as exc:
            raise self.fail("lang", str(exc)) from None


def parse_metadata(data: Mapping[str, Any], path: Path,
                   line_of: Callable[[str], int | None], zone: tzinfo) -> Metadata:
    """Check and convert front-matter keys into keyword arguments for ``Article``.

    Args:
        data: the parsed front matter (str keys).
        path: the article file, for messages.
        line_of: maps a key to its 1-based line in the file, or None.
        zone: the site's time zone for naive dates.

    Returns:
        A dict of ``Article`` fields for the keys present (``title`` may be
        missing; the caller decides), unknown keys under ``extra``, and
        ``warnings``: a list of (line or None, message) about values read
        with a guess (a day-first numeric date), for the caller to report.

    Raises:
        ArticleError: a value of the wrong type, a bad date, e-mail, URL
            (``url``, author ``uri``, ``image``: scheme, host, IPv6 brackets)
            or id, a slug that is not one URL segment, or an ``audio``/``video``
            value :func:`~newswire.media.parse_media` refuses.
    """
    r = _Reader(data, path, line_of, zone)
    out: Metadata = {
        "title": r.text("title"),
        "summary": r.text("summary"),
        "published": r.date("date"),
        "updated": r.date("updated"),
        "authors": r.authors(),
        "tags": r.strings("tags"),
        "category": r.text("category"),
        "image": r.reference("image"),
        "image_alt": r.text("image_alt"),
        "url": r.url("url"),
        "slug": r.slug(),
        "id": r.identifier(),
        "draft": r.flag("draft"),
        "lang": r.lang(),
        "audio": r.media("audio"),
        "video": r.media("video"),
    }
    extra = tuple(sorted(((str(k), v) for k, v in data.items()
                          if k not in KNOWN_KEYS and k != "authors"), key=lambda kv: kv[0]))
    out["extra"] = extra
    return ({k: v for k, v in out.items() if v not in (None, ())}
            | {"draft": out["draft"], "warnings": r.warnings})


def _is_email(text: str) -> bool:
    """``local@domain.tld``: no spaces, ``<>`` or second ``@``, a dot inside the domain."""
    match = _ADDRESS.fullmatch(text)
    return match is not None and "." in match.group("domain")[1:-1]


def _name_and_email(text: str) -> tuple[str, str] | None:
    """``("Name", "email")`` from ``Name <email>`` (the name may be empty: then
    it is the address), else None. String operations only: linear time."""
    text = text.strip()
    if not text.endswith(">") or text.count("<") != 1 or text.count(">") != 1:
        return None
    name, _, email = text[:-1].partition("<")
    if _ADDRESS.fullmatch(email) is None:
        return None
    return (name.strip() or email), email


def _email_and_name(text: str) -> tuple[str, str] | None:
    """``("Name", "email")`` from RSS 2.0's ``email (Name)`` form, else None."""
    match = _EMAIL_NAME.match(text)
    if match is None:
        return None
    return (match.group("name").strip() or match.group("email")), match.group("email")


def _clean(value: object) -> str:
    """``value`` as one line of text: XML-illegal characters removed,
    whitespace collapsed; "" for None."""
    if value is None:
        return ""
    return " ".join(strip_illegal(str(value))[0].split())
