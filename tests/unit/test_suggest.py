"""normalize, edit_distance and suggest: near misses of known keys."""

from __future__ import annotations

import pytest

from newswire.suggest import edit_distance, normalize, suggest

KNOWN = ["title", "date", "draft", "tags", "category", "summary", "image_alt", "authors"]


@pytest.mark.parametrize(("key", "expected"), [
    ("Image-Alt:", "imagealt"), ("image_alt", "imagealt"), ("  Title ", "title"),
    ("baseURL", "baseurl"), ("---", ""),
])
def test_normalize(key: str, expected: str) -> None:
    assert normalize(key) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("", "", 0), ("date", "date", 0), ("date", "dates", 1), ("date", "ate", 1),
    ("date", "data", 1), ("titel", "title", 1), ("abc", "", 3), ("kitten", "sitting", 3),
    ("catgeroy", "category", 2),
])
def test_edit_distance(a: str, b: str, expected: int) -> None:
    assert edit_distance(a, b) == expected


def test_edit_distance_stops_at_its_limit() -> None:
    assert edit_distance("abcdefgh", "zyxwvuts", limit=2) == 2
    assert edit_distance("a", "abcdefgh", limit=3) == 3


def test_a_known_key_is_no_near_miss() -> None:
    assert suggest("title", KNOWN) is None


@pytest.mark.parametrize(("key", "expected"), [
    ("Title", "title"),            # same key, other case
    ("image-alt", "image_alt"),    # same key, other separators
    ("drafts", "draft"),           # plural
    ("tag", "tags"),               # singular
    ("categories", "category"),    # -y / -ies
    ("author", "authors"),
    ("summery", "summary"),        # one edit
    ("titel", "title"),            # two neighbours swapped
    ("catgeroy", "category"),      # two edits on a long key
])
def test_near_misses(key: str, expected: str) -> None:
    assert suggest(key, KNOWN) == expected


@pytest.mark.parametrize("key", ["rate", "note", "source", "credit", "location",
                                 "subtitle", "", "::"])
def test_keys_that_resemble_nothing(key: str) -> None:
    assert suggest(key, KNOWN) is None


def test_a_synonym_names_its_key() -> None:
    assert suggest("pubDate", KNOWN, {"PubDate": "date"}) == "date"


def test_a_synonym_of_an_unknown_key_does_not_count() -> None:
    assert suggest("pubDate", ["title"], {"pubDate": "date"}) is None


def test_the_first_rule_wins_over_a_smaller_distance() -> None:
    # "tag" is one edit from "tap" but the plural rule names "tags" first.
    assert suggest("tag", ["tap", "tags"]) == "tags"


def test_the_smaller_distance_wins_then_the_order() -> None:
    assert suggest("summarz", ["sumary", "summary"]) == "summary"
    assert suggest("bate", ["bane", "bake"]) == "bane"
