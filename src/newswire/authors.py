"""Authors as people write them: one parser for front matter and ``site.toml``.

Accepted forms (README "Articles"), in YAML or TOML alike::

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

# local@domain, each part without spaces, angle brackets or another @
_ADDRESS = re.compile(r"[^<>@\s]++@(?P<domain>[^<>@\s]++)")
# RSS 2.0 <author> form: "jane@example.com (Jane Doe)"
_EMAIL_NAME = re.compile(r"^\s*(?P<email>[^<>()@\s]+@[^<>()@\s.]+(?:\.[^<>()@\s.]+)+)"
                         r"\s*\((?P<name>[^()]*)\)\s*$")
# XML 1.0 §2.2 Char: the characters outside it cannot be written in a feed
# (listed as such, as in newswire.readers.text).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FIELDS = ("name", "email", "uri", "url")
FORMS = ("a name, 'Name <email>', 'email (Name)', a mapping with name/email/uri, or a "
         "list of those")


def _clean(value: object) -> str:
    """``value`` as one line of text: XML-illegal characters removed,
    whitespace collapsed; "" for None."""
    if value is None:
        return ""
    return " ".join(_ILLEGAL.sub("", str(value)).split())


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
        if email is not None and not _is_email(email):
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
    named = _name_and_email(text) or _email_and_name(text)
    if named:
        name, email = named
        if not _is_email(email):
            raise ValueError(f"{email!r} is not an e-mail address feeds can carry: it needs "
                             "a domain with a dot, like jo@example.org")
        return Author(name, email)
    if _is_email(text):
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
