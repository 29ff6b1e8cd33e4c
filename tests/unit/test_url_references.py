"""check_url_reference: an ``image`` is an http(s) URL with a host, or a path;
IPv6 addresses only in brackets, brackets only around them (RFC 3986 §3.2.2)."""

from __future__ import annotations

import pytest

from newswire.urls import check_http_url, check_url_reference, encode_reference


@pytest.mark.parametrize("value", ["banner.png", "../img/a b.png", "pics/[1].png", "50%.png",
                                   "https://cdn.example.org/a.png", "HTTPS://CDN.example.org/a",
                                   "https://[2001:db8::1]/a.png", "//cdn.example.org/a.png",
                                   "https://example.org/my banner.png"])
def test_good_references_are_kept(value: str) -> None:
    assert check_url_reference(value) == value


@pytest.mark.parametrize(("value", "says"), [
    ("http://", "with a host name"),
    ("//", "with a host name"),
    ("https://[::1/x.png", "not a valid URL"),
    ("https://user:pw@example.org/a.png", "user name or password"),
    ("https://example.org/%zz.png", "not followed by two hex digits"),
    ("data:image/png;base64,AAAA", "neither an http(s) URL nor a path"),
    ("mailto:a@example.org", "neither an http(s) URL nor a path"),
    ("C:\\img\\a.png", "neither an http(s) URL nor a path"),
])
def test_bad_references_say_what_is_wrong(value: str, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        check_url_reference(value)


@pytest.mark.parametrize("url", ["https://[192.0.2.1]/", "https://[v1.x]/", "https://a]b.org/",
                                 "https://[::1]]/"])
def test_brackets_hold_an_ipv6_address_and_nothing_else(url: str) -> None:
    with pytest.raises(ValueError):
        check_http_url(url)


def test_encoding_keeps_urls_and_encodes_paths() -> None:
    assert encode_reference("https://example.org/a b.png") == "https://example.org/a%20b.png"
    assert encode_reference("a#b?.png") == "a%23b%3F.png"
