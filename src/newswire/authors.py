"""Authors as people write them: one parser for front matter and ``site.toml``.

Accepted forms (SPEC §2.1), in YAML or TOML alike::

    Jane Doe                                  a name
    Jane Doe <jane@example.org>               name and e-mail (RFC 5322 style)
    jane@example.org (Jane Doe)               e-mail and name (RSS 2.0 style)
    jane@example.org                          an e-mail address alone
    {name = "Jane Doe", email = "…", uri = "https://…"}   a mapping (url = uri)
    ["Jane Doe", {name = "Desk"}]             a list of any of these

Every value becomes a :class:`~newswire.model.Author` whose ``name`` holds
no e-mail address, so feeds write RFC 4287 ``name``/``email``/``uri`` and
RSS 2.0 ``email (Name)`` correctly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .model import Author
from .suggest import suggest
from .urls import check_http_url

__all__ = ["parse_author", "parse_authors"]

_NAME_EMAIL = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>@\s]+@[^<>@\s]+)>\s*$")
# RSS 2.0 <author> form: "jane@example.com (Jane Doe)"
_EMAIL_NAME = re.compile(r"^\s*(?P<email>[^<>()@\s]+@[^<>()@\s.]+(?:\.[^<>()@\s.]+)+)"
                         r"\s*\((?P<name>[^()]*)\)\s*$")
_BARE_EMAIL = re.compile(r"^[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+$")
# XML 1.0 §2.2 Char: characters outside these ranges cannot be written in a feed.
_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FIELDS = ("name", "email", "uri", "url")
FORMS = ("a name, 'Name <email>', 'email (Name)', a mapping with name/email/uri, or a "
         "list of those")


def _clean(value: object) -> str:
    """``value`` as one line of text: XML-illegal characters removed,
    whitespace collapsed; "" for None."""
    if value is None:
        return ""
    return " ".join(_ILLEGAL.sub("", str(value)).split())


def parse_author(value: object, plain: Callable[[str], str] = _clean) -> Author:
    """One author from a name, ``Name <email>``, ``email (Name)``, an e-mail
    address or a mapping.

    ``plain`` turns the text written (a string value, a mapping's name) into
    one line of plain text; front matter passes its own, which also decodes
    HTML character references (:mod:`newswire.readers.fields`).

    Raises:
        ValueError: anything else, a mapping with an unknown field or no
            name, an e-mail address that is not one, or a ``uri`` that is not
            an absolute http(s) URL; the message says which.
    """
    if isinstance(value, Mapping):
        unknown = set(map(str, value)) - set(_FIELDS)
        if unknown:
            field = sorted(unknown)[0]
            near = suggest(field, _FIELDS, {"mail": "email", "e-mail": "email",
                                            "homepage": "uri", "website": "uri"})
            hint = f"did you mean `{near}`?" if near else "use name, email and uri"
            raise ValueError(f"unknown author field {field!r}; {hint}")
        name = plain(str(value["name"])) if value.get("name") is not None else ""
        email = _clean(value.get("email")) or None
        uri = _clean(value.get("uri") or value.get("url")) or None
        if not name:
            raise ValueError("an author mapping needs a name")
        if email is not None and not _BARE_EMAIL.match(email):
            raise ValueError(f"{email!r} is not an e-mail address")
        if uri is not None:
            try:
                uri = check_http_url(uri)
            except ValueError as exc:
                raise ValueError(f"author uri: {exc}") from None
        return Author(name, email, uri)
    if not isinstance(value, str) or not _clean(value):
        raise ValueError(f"must be {FORMS}")
    text = plain(value)
    match = _NAME_EMAIL.match(text) or _EMAIL_NAME.match(text)
    if match:
        email = match.group("email")
        if not _BARE_EMAIL.match(email):
            raise ValueError(f"{email!r} is not an e-mail address feeds can carry: it needs "
                             "a domain with a dot, like jo@example.org")
        return Author(match.group("name").strip() or email, email)
    if _BARE_EMAIL.match(text):
        return Author(text, text)
    return Author(text)


def parse_authors(value: object, plain: Callable[[str], str] = _clean) -> tuple[Author, ...]:
    """Every author of ``value`` (one of the forms of :func:`parse_author`, or a
    list of them), in order; ``()`` for None. ``plain``: as for :func:`parse_author`.

    Raises:
        ValueError: as :func:`parse_author`, for the first bad one.
    """
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    return tuple(parse_author(v, plain) for v in values)
