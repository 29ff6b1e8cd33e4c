"""Dates, URLs and e-mail addresses as the feed formats define them."""

from __future__ import annotations

import pytest

from newswire.validate.jsonfeed import _lines
from newswire.validate.values import (
    has_email,
    is_absolute_iri,
    is_web_url,
    rfc822_problem,
    rfc3339_problem,
)


@pytest.mark.parametrize("text", [
    "Sat, 07 Sep 2002 09:42:31 GMT",
    "Sat, 07 Sep 2002 09:42 +0200",
    "7 Sep 2002 09:42:31 -0500",
    "Tue, 10 Jun 2003 04:00:00 EDT",
    " Sat, 07 Sep 2002 09:42:31 UT\n",
])
def test_rfc822_accepts(text: str) -> None:
    assert rfc822_problem(text) is None


@pytest.mark.parametrize(("text", "problem"), [
    ("Sat, 07 Sep 02 09:42:31 GMT", "2-digit year"),
    ("Sat, 07 Sep 2002 09:42:31 Z", "zone 'Z'"),
    ("Sat, 07 Sep 2002 09:42:31 CEST", "zone 'CEST'"),
    ("Sun, 07 Sep 2002 09:42:31 GMT", "says Sun but 07 Sep 2002 is a Sat"),
    ("Sat, 31 Sep 2002 09:42:31 GMT", "does not exist"),
    ("Sat, 07 Sept 2002 09:42:31 GMT", "not an RFC 822 date"),
    ("2002-09-07T09:42:31Z", "not an RFC 822 date"),
    ("Sat, 07 Sep 2002 09:42:31", "not an RFC 822 date"),
])
def test_rfc822_rejects(text: str, problem: str) -> None:
    assert problem in (rfc822_problem(text) or "")


@pytest.mark.parametrize("text", ["2003-12-13T18:30:02Z", "2003-12-13T18:30:02.25+01:00",
                                  "2016-12-31T23:59:60Z"])
def test_rfc3339_accepts(text: str) -> None:
    assert rfc3339_problem(text, upper_case=True) is None


@pytest.mark.parametrize(("text", "upper_case", "problem"), [
    ("2003-12-13T18:30:02", True, "no offset"),
    ("2003-12-13", True, "not an RFC 3339"),
    ("2003-12-13t18:30:02z", True, "upper-case"),
    ("2003-02-30T18:30:02Z", True, "day that does not exist"),
    ("2003-12-13T25:30:02Z", True, "time that does not exist"),
    (" 2003-12-13T18:30:02Z", True, "white space"),
    ("2003-12-13 18:30:02Z", False, "not an RFC 3339"),
])
def test_rfc3339_rejects(text: str, upper_case: bool, problem: str) -> None:
    assert problem in (rfc3339_problem(text, upper_case=upper_case) or "")


def test_rfc3339_lower_case_is_fine_outside_atom() -> None:
    assert rfc3339_problem("2003-12-13t18:30:02z") is None


@pytest.mark.parametrize(("text", "web", "absolute"), [
    ("https://example.com/a?b#c", True, True),
    ("HTTP://example.com", True, True),
    ("http://[::1]:8080/", True, True),
    ("tag:example.com,2024:1", False, True),
    ("urn:uuid:6f21d827-0b1b-5af5-9656-a6d3d0d179de", False, True),
    ("mailto:jo@example.com", False, True),
    ("/about/", False, False),
    ("//example.com/a", False, False),
    ("about.html", False, False),
    ("https://", False, True),
    ("https://exa mple.com/", False, False),
    ("", False, False),
])
def test_urls(text: str, web: bool, absolute: bool) -> None:
    assert is_web_url(text) is web
    assert is_absolute_iri(text) is absolute


@pytest.mark.parametrize(("text", "expected"), [
    ("jo@example.com (Jo Bloggs)", True),
    ("Jo Bloggs <jo@example.com>", True),
    ("Jo Bloggs", False),
    ("jo@localhost", False),
])
def test_email(text: str, expected: bool) -> None:
    assert has_email(text) is expected


def test_json_lines_are_found_for_keys_and_array_elements() -> None:
    text = '{\n "a": [\n  1,\n  {"b": "x,]}"},\n  {}\n ],\n "c": {\n  "d": null\n }\n}\n'
    assert _lines(text) == {
        (): 1, ("a",): 2, ("a", 0): 3, ("a", 1): 4, ("a", 1, "b"): 4, ("a", 2): 5,
        ("c",): 7, ("c", "d"): 8,
    }
