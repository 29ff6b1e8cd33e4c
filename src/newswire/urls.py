"""Checking absolute http(s) URLs given by people (RFC 3986).

Shared by the settings (``base_url``, ``hub``) and front matter (``url``,
author ``uri``): one set of rules, one kind of message.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

__all__ = ["check_http_url"]

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_NOT_IN_URLS = re.compile(r"[\s<>\"{}|\\^`]")


def check_http_url(value: str, *, site_root: bool = False) -> str:
    """``value`` as an absolute http(s) URL, its host in ASCII (IDNA).

    Args:
        value: the URL as written.
        site_root: also refuse a query, a fragment and ``.``/``..`` path
            segments (for ``base_url``, which every other URL is built on).

    Returns:
        The URL, with an internationalised host name converted to its ASCII
        form (``bücher.de`` → ``xn--bcher-kva.de``).

    Raises:
        ValueError: with a message saying what is wrong.
    """
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an absolute http(s) URL, got {value!r}")
    if _NOT_IN_URLS.search(value):
        raise ValueError(f"{value!r} holds a space or one of <>\"{{}}|\\^`; "
                         "percent-encode it (a space is %20)")
    if _BAD_ESCAPE.search(value):
        raise ValueError(f"{value!r} has a '%' that is not followed by two hex digits; "
                         "write a literal % as %25")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not contain a user name or password; they would be "
                         "published in every link")
    if site_root:
        if parts.query or parts.fragment or "?" in value or "#" in value:
            raise ValueError(f"{value!r} has a query or fragment; give the plain URL of "
                             'the site root, like "https://news.example.org/"')
        if any(seg in (".", "..") for seg in parts.path.split("/")):
            raise ValueError(f"{value!r} has '.' or '..' in its path; write the folder "
                             "plainly")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"{value!r} has a host name that is not valid") from None
    if host == parts.hostname or parts.hostname.isascii():
        return value
    netloc = host + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
