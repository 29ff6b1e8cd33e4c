"""parse_author and parse_authors: every form people write authors in."""

from __future__ import annotations

import pytest

from newswire.authors import parse_author, parse_authors
from newswire.model import Author


@pytest.mark.parametrize(("value", "expected"), [
    ("Jane Doe", Author("Jane Doe")),
    ("  Jane \n Doe ", Author("Jane Doe")),
    ("Jane Doe <jane@example.org>", Author("Jane Doe", "jane@example.org")),
    ("<jane@example.org>", Author("jane@example.org", "jane@example.org")),
    ("jane@example.org (Jane Doe)", Author("Jane Doe", "jane@example.org")),
    ("jane@example.org ()", Author("jane@example.org", "jane@example.org")),
    ("jane@example.org", Author("jane@example.org", "jane@example.org")),
    ("Desk\x00\x07", Author("Desk")),
    ("@handle", Author("@handle")),
    ({"name": "Jane", "email": "jane@example.org", "uri": "https://jane.example/"},
     Author("Jane", "jane@example.org", "https://jane.example/")),
    ({"name": "Jane", "url": "https://jane.example/"}, Author("Jane", None,
                                                             "https://jane.example/")),
    ({"name": " Jane  Doe "}, Author("Jane Doe")),
])
def test_parse_author(value: object, expected: Author) -> None:
    assert parse_author(value) == expected


def test_the_plain_text_function_applies_to_names() -> None:
    assert parse_author("Ann &amp; Bo", str.upper) == Author("ANN &AMP; BO")
    assert parse_author({"name": "ann"}, str.title) == Author("Ann")


@pytest.mark.parametrize(("value", "message"), [
    ("", "must be a name"),
    ("   ", "must be a name"),
    (42, "must be a name"),
    (None, "must be a name"),
    ({"name": "Jane", "mail": "j@example.org"},
     "unknown author field 'mail'; did you mean `email`?"),
    ({"name": "Jane", "twitter": "@j"}, "unknown author field 'twitter'; use name, email and uri"),
    ({"email": "j@example.org"}, "an author mapping needs a name"),
    ({"name": "Jane", "email": "not-an-address"}, "'not-an-address' is not an e-mail address"),
    ({"name": "Jane", "uri": "ftp://jane.example/"}, "author uri: "),
    ("Jane <jane@localhost>", "'jane@localhost' is not an e-mail address feeds can carry"),
])
def test_bad_authors_say_what_is_wrong(value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_author(value)
    assert str(caught.value).startswith(message)


def test_a_name_with_angle_brackets_but_no_address_is_a_name() -> None:
    assert parse_author("Jane <the desk>") == Author("Jane <the desk>")


def test_parse_authors_takes_one_or_a_list_in_order() -> None:
    assert parse_authors(None) == ()
    assert parse_authors("Desk") == (Author("Desk"),)
    assert parse_authors(["Jane <jane@example.org>", {"name": "Desk"}]) == (
        Author("Jane", "jane@example.org"), Author("Desk"))


def test_parse_authors_stops_at_the_first_bad_one() -> None:
    with pytest.raises(ValueError, match="needs a name"):
        parse_authors(["Jane", {"uri": "https://x.example/"}])
