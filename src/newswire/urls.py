"""Checking absolute http(s) URLs given by people (RFC 3986).

Shared by the settings (``base_url``, ``hub``, ``default_image``) and front
matter (``url``, author ``uri``, ``image``): one set of rules, one kind of
message, applied where the value is read, so a value that would make a feed
document invalid is reported against the file that holds it.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = ["check_http_url", "check_url_reference", "encode_reference"]

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_NOT_IN_URLS = re.compile(r"[\s<>\"{}|\\^`]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


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
        raise ValueError(f"must be an absolute http(s) URL with a host name, got {value!r}")
    if "[" in parts.netloc or "]" in parts.netloc:
        _check_ip_literal(value, parts.netloc, parts.hostname)
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


def _check_ip_literal(value: str, netloc: str, hostname: str) -> None:
    """An IPv6 address in a URL is written in brackets, ``[::1]`` (RFC 3986
    §3.2.2); brackets hold nothing else.

    Raises:
        ValueError: unbalanced brackets or no IPv6 address between them.
    """
    host = netloc.rpartition("@")[2]
    if not host.startswith("[") or host.count("[") != 1 or host.count("]") != 1:
        raise ValueError(f"{value!r} has a '[' or ']' outside an IPv6 address; a host "
                         "is a name or an address in brackets, like https://[2001:db8::1]/")
    try:
        ipaddress.IPv6Address(hostname)
    except ValueError:
        raise ValueError(f"{value!r} has {hostname!r} in brackets, which is not an IPv6 "
                         "address") from None


def encode_reference(value: str) -> str:
    """An ``image`` value as a URL reference (RFC 3986 §2).

    An absolute URL is kept, with only what a URL may not hold as is
    percent-encoded (``my banner.png`` → ``my%20banner.png``). Anything else
    is a file path: every character but ``/`` that is not unreserved is
    percent-encoded, ``%``, ``#`` and ``?`` included (``50%.png`` →
    ``50%25.png``).
    """
    value = value.strip()
    if _ABSOLUTE.match(value):
        return quote(value, safe=":/?#[]@!$&'()*+,;=%~")
    return quote(value, safe="/~")


def check_url_reference(value: str) -> str:
    """Check an ``image``-like value: an absolute http(s) URL, or a path
    relative to the file that names it (``banner.png``, ``../img/a.png``).

    A value with a scheme (``http://``, ``data:``, ``C:\\``) must be a
    whole http(s) URL with a host (:func:`check_http_url`, after the
    encoding :func:`encode_reference` applies); so must a network-path
    reference (``//cdn.example.org/a.png``).

    Returns:
        ``value`` unchanged (it is encoded when the URL is made).

    Raises:
        ValueError: with a message saying what is wrong.
    """
    text = value.strip()
    if text.startswith("//"):
        check_http_url("https:" + encode_reference(text))
    elif _SCHEME.match(text):
        if not _ABSOLUTE.match(text) or text.split(":", 1)[0].lower() not in ("http", "https"):
            raise ValueError(f"{value!r} is neither an http(s) URL nor a path to a file "
                             "under content/; write https://… or a path like images/a.png")
        check_http_url(encode_reference(text))
    return value
