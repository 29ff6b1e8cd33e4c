"""Front-matter values to :class:`~newswire.model.Article` fields (README "Articles").

Shared by the Markdown reader (front matter) and the plain-text reader
(sidecar files). Every problem is an :class:`~newswire.errors.ArticleError`
pointing at the line of the offending key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from ..authors import parse_authors
from ..config import language_tag
from ..errors import ArticleError, Diagnostic
from ..fieldreader import FieldReader
from ..media import parse_media
from ..model import Author, Media
from ..suggest import suggest
from .dates import DateError, ambiguity, parse_date
from .fields import LoneSurrogate, plain_field

__all__ = ["KNOWN_KEYS", "FrontMatter", "parse_metadata"]

KNOWN_KEYS = ("title", "date", "updated", "summary", "author", "tags", "category",
              "image", "image_alt", "url", "slug", "id", "draft", "lang", "audio", "video")
# Plain-text values: HTML character references in them are decoded once.
_PLAIN_KEYS = frozenset({"title", "summary", "category", "image_alt"})
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_NOT_IN_URLS = re.compile(r"[\s<>\"{}|\\^`]")



@dataclass(frozen=True)
class FrontMatter:
    """Front-matter keys (or a sidecar file's) checked and converted by
    :func:`parse_metadata`.

    Attributes:
        fields: keyword arguments of :class:`~newswire.model.Article` for the
            keys given (a key that is absent, empty or null is left out, so
            ``title`` may be missing: the reader decides), unknown keys as
            ``extra``, and ``draft`` always.
        warnings: values read with a guess or cleaned (a day-first numeric
            date, control characters removed), as warning diagnostics naming
            the file and the key's line.
    """

    fields: Mapping[str, Any]
    warnings: tuple[Diagnostic, ...] = ()

#: Keys read as another (``authors`` is ``author`` as a list): not near misses.
_ALSO_KNOWN = ("authors",)
#: What people coming from other tools write for a known key.
SYNONYMS = {
    "publish_date": "date", "pubdate": "date", "published": "date",
    "date_published": "date", "publication_date": "date", "pub_date": "date",
    "modified": "updated", "lastmod": "updated", "last_modified": "updated",
    "date_modified": "updated", "updated_at": "updated",
    "description": "summary", "excerpt": "summary", "standfirst": "summary",
    "language": "lang", "canonical_url": "url", "canonical": "url",
    "categories": "category", "keywords": "tags",
}


class _Reader(FieldReader):
    """Typed access to front matter: text keys take what the writer typed
    (a number is its text), and the problems that do not stop the article
    gather in ``warnings`` as (line or None, message)."""

    def __init__(self, data: Mapping[str, Any], path: Path, line_of: Callable[[str], int | None],
                 zone: tzinfo) -> None:
        super().__init__(data, path, line_of, ArticleError)
        self.zone = zone
        self.warnings: list[tuple[int | None, str]] = []

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

    def authors(self) -> tuple[Author, ...]:
        key = "author" if self.data.get("author") is not None else "authors"
        return self.check(key, self.data.get(key),
                          lambda value: parse_authors(value, lambda text: self.plain(key, text)))

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
        value = self.data.get(key)
        if value is None or value == "":  # no media: its line is not looked for
            return None
        return parse_media(value, key, lambda message: self.fail(key, message),
                           self.line_of(key))

    def lang(self) -> str | None:
        return self.checked_text("lang", language_tag)


def parse_metadata(data: Mapping[str, Any], path: Path,
                   line_of: Callable[[str], int | None], zone: tzinfo) -> FrontMatter:
    """Check and convert front-matter keys into keyword arguments for ``Article``.

    Args:
        data: the parsed front matter (str keys).
        path: the article file, for messages.
        line_of: maps a key to its 1-based line in the file, or None.
        zone: the site's time zone for naive dates.

    Returns:
        The ``Article`` fields of the keys present and the warnings about
        them (see :class:`FrontMatter`).

    Raises:
        ArticleError: a key that is a near miss of a known key (``drafts``,
            ``Title``, ``pubDate``: see :mod:`newswire.suggest`), a value of
            the wrong type, a bad date, e-mail, URL (``url``, author ``uri``,
            ``image``: scheme, host, IPv6 brackets) or id, a slug that is not
            one URL segment, or an ``audio``/``video`` value
            :func:`~newswire.media.parse_media` refuses.
    """
    _refuse_near_misses(data, path, line_of)
    r = _Reader(data, path, line_of, zone)
    out: dict[str, Any] = {
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
    fields = {k: v for k, v in out.items() if v not in (None, ())} | {"draft": out["draft"]}
    return FrontMatter(fields, tuple(Diagnostic("warning", message, path, line)
                                     for line, message in r.warnings))


def near_misses(keys: list[str]) -> list[tuple[str, str]]:
    """``(key, known key)`` for every key of ``keys`` that is a near miss of a
    known front-matter key (see :mod:`newswire.suggest`), in the order given."""
    known = KNOWN_KEYS + _ALSO_KNOWN
    found = []
    for key in keys:
        if key not in known:
            target = suggest(key, known, SYNONYMS)
            if target is not None:
                found.append((key, target))
    return found


def _refuse_near_misses(data: Mapping[str, Any], path: Path,
                        line_of: Callable[[str], int | None]) -> None:
    """Raise when a key looks like a misspelled known key: ignoring it could
    publish a draft (``drafts: true``) or lose the tags (``tag:``)."""
    values = {str(k): v for k, v in data.items()}
    found = near_misses(list(values))
    if not found:
        return
    found.sort(key=lambda kt: line_of(kt[0]) or 0)

    def meant(key: str, target: str) -> str:
        if target == "date" and isinstance(values[key], bool):
            # Jekyll's "published: false" is newswire's "draft: true"
            return (f"did you mean `draft`? (`{key}: {str(values[key]).lower()}` is "
                    f"`draft: {str(not values[key]).lower()}`)")
        return f"did you mean `{target}`?"
    key, target = found[0]
    more = "".join(f" Also `{k}`: {meant(k, t)}" for k, t in found[1:])
    raise ArticleError(f"{key}: unknown key; {meant(key, target)}{more} The article "
                       "is not published until the key is corrected (a misspelled key "
                       "would be ignored)", path, line_of(key))
