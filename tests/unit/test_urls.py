"""check_http_url: what people may write as base_url, hub, url, author uri."""

from __future__ import annotations

import re

import pytest

from newswire.urls import check_http_url


@pytest.mark.parametrize("url", ["https://news.example.org/", "http://127.0.0.1:8000/x",
                                 "https://example.org/a%20b?q=1#top"])
def test_good_urls_are_kept_as_written(url: str) -> None:
    assert check_http_url(url) == url


def test_an_internationalised_host_becomes_ascii() -> None:
    assert check_http_url("https://bücher.de/x") == "https://xn--bcher-kva.de/x"


@pytest.mark.parametrize(("url", "words"), [
    ("ftp://example.org/", "absolute http(s) URL"),
    ("/relative/path", "absolute http(s) URL"),
    ("http://", "absolute http(s) URL"),
    ("https://example.org/a b", "percent-encode"),
    ("https://example.org/100%", "two hex digits"),
    ("https://user:pw@example.org/", "user name or password"),
    ("https://example.org:99999/", "not a valid URL"),
])
def test_bad_urls_say_what_is_wrong(url: str, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)):
        check_http_url(url)


@pytest.mark.parametrize("url", ["https://example.org/?a=1", "https://example.org/#x",
                                 "https://example.org/a/../b/"])
def test_a_site_root_has_no_query_fragment_or_dot_segments(url: str) -> None:
    check_http_url(url)
    with pytest.raises(ValueError):
        check_http_url(url, site_root=True)
