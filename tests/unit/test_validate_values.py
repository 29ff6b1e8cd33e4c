"""Dates, URLs and e-mail addresses as the feed formats define them."""

from __future__ import annotations

import pytest

from newswire.validate.values import (has_email, is_absolute_iri, is_web_url, rfc822_problem,
                                      rfc3339_problem)


@pytest.mark.parametrize(("text", "problem"), [
    ("Thu, 25 Apr 2019 10:00:00 +0000", None),
    ("25 Apr 2019 10:00 GMT", None),
    ("Fri, 25 Apr 2019 10:00:00 +0000", "says Fri but 25 Apr 2019 is a Thu"),
    ("Thu, 25 Apr 19 10:00:00 +0000", "has a 2-digit year; write all four digits"),
    ("Thu, 25 Apr 2019 10:00:00 +2500", "has an impossible offset '+2500'"),
    ("Thu, 25 Apr 2019 10:00:00 Z", "has zone 'Z'"),
    ("2019-04-25T10:00:00Z", "is not an RFC 822 date"),
])
def test_rfc822(text: str, problem: str | None) -> None:
    found = rfc822_problem(text)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem)


@pytest.mark.parametrize(("text", "upper", "problem"), [
    ("2019-04-25T10:00:00Z", True, None),
    ("2019-04-25T10:00:00.5+02:00", True, None),
    ("2019-04-25t10:00:00z", True, "must use upper-case 'T' and 'Z'"),
    ("2019-04-25t10:00:00z", False, None),
    (" 2019-04-25T10:00:00Z", True, "has white space around it"),
    ("2019-04-25T10:00:00", True, "has no offset"),
    ("2019-02-30T10:00:00Z", True, "names a day that does not exist"),
    ("2019-04-25T24:00:00Z", True, "names a time that does not exist"),
    ("2019-04-25T10:00:00+24:00", True, "has an impossible offset"),
    ("25 April 2019", True, "is not an RFC 3339 date-time"),
])
def test_rfc3339(text: str, upper: bool, problem: str | None) -> None:
    found = rfc3339_problem(text, upper_case=upper)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem)


@pytest.mark.parametrize(("text", "iri", "web"), [
    ("https://news.example.org/a", True, True),
    ("http://[::1]:8000/", True, True),
    ("urn:uuid:1", True, False),
    ("tag:example.org,2019:1", True, False),
    ("https:///no-host", True, False),
    ("/relative", False, False),
    ("https://x.example/a b", False, False),
    ("mailto:", False, False),
])
def test_iris_and_web_urls(text: str, iri: bool, web: bool) -> None:
    assert (is_absolute_iri(text), is_web_url(text)) == (iri, web)


@pytest.mark.parametrize(("text", "found"), [
    ("joe@example.com (Joe)", True), ("Joe <joe@example.com>", True), ("joe", False),
    ("joe@localhost", False), ("@example.com", False),
])
def test_has_email(text: str, found: bool) -> None:
    assert has_email(text) is found
