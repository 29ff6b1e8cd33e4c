"""text_direction, differs and written_direction."""

from __future__ import annotations

import pytest

from newswire.direction import differs, text_direction, written_direction


@pytest.mark.parametrize(("tag", "expected"), [
    (None, "ltr"), ("", "ltr"),
    ("en", "ltr"), ("en-US", "ltr"), ("de_AT", "ltr"),
    ("ar", "rtl"), ("he-IL", "rtl"), ("FA", "rtl"), ("ur_PK", "rtl"),
    ("iw", "rtl"), ("ji", "rtl"), ("ckb", "rtl"),
    ("az-Arab", "rtl"), ("az-Latn", "ltr"), ("ku-Latn", "ltr"),
    ("ku-Arab-IQ", "rtl"), ("pa-Arab", "rtl"), ("sd-Deva", "ltr"),
    ("yi-Hebr", "rtl"),
])
def test_text_direction(tag: str | None, expected: str) -> None:
    assert text_direction(tag) == expected


@pytest.mark.parametrize(("tag", "other", "expected"), [
    (None, "en", False), ("", "en", False),
    ("en", "en", False), ("en-US", "en_us", False), ("EN", "en", False),
    ("de", "en", True), ("en", None, True), ("en-GB", "en", True),
])
def test_differs(tag: str | None, other: str | None, expected: bool) -> None:
    assert differs(tag, other) is expected


def test_arabic_text_is_written_right_to_left() -> None:
    assert written_direction("مرحبا بالعالم", "ltr") == "rtl"


def test_hebrew_text_is_written_right_to_left() -> None:
    assert written_direction("שלום עולם", "ltr") == "rtl"


def test_english_text_is_written_left_to_right() -> None:
    assert written_direction("Hello world", "rtl") == "ltr"


def test_a_latin_name_at_the_start_does_not_decide() -> None:
    assert written_direction("CNN: مرحبا بالعالم اليوم", "ltr") == "rtl"


def test_text_without_strong_characters_takes_the_fallback() -> None:
    assert written_direction("2019 — 42!", "rtl") == "rtl"
    assert written_direction("", "ltr") == "ltr"


def test_a_tie_takes_the_fallback() -> None:
    assert written_direction("ab אב", "rtl") == "rtl"
    assert written_direction("ab אב", "ltr") == "ltr"
