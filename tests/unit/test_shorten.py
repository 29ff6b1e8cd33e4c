"""shorten, is_boundary and grapheme_boundaries in small named cases."""

from __future__ import annotations

import pytest

from newswire.shorten import ELLIPSIS, grapheme_boundaries, is_boundary, shorten


def test_text_within_the_limit_is_returned_as_it_is() -> None:
    assert shorten("Short enough.", 13) == "Short enough."


def test_a_limit_below_two_is_refused() -> None:
    with pytest.raises(ValueError, match="limit must be at least 2, got 1"):
        shorten("text", 1)


def test_the_last_sentence_end_wins() -> None:
    text = "One sentence. Two sentences! And then a third one that goes on and on."
    assert shorten(text, 40) == "One sentence. Two sentences!"


def test_a_sentence_end_before_half_the_limit_is_not_taken() -> None:
    text = "Hi. " + "word " * 30
    assert shorten(text, 40) == "Hi." + " word" * 7 + ELLIPSIS


def test_a_clause_end_drops_its_mark() -> None:
    text = "The talks, which lasted hours, ended late; nobody spoke afterwards at all"
    assert shorten(text, 45) == "The talks, which lasted hours, ended late" + ELLIPSIS


def test_a_space_is_the_next_choice() -> None:
    assert shorten("alpha beta gamma delta epsilon", 20) == "alpha beta gamma" + ELLIPSIS


def test_a_japanese_sentence_end_needs_no_space() -> None:
    text = "今日は晴れです。明日は雨が降るでしょう。週末は" + "とても" * 20
    assert shorten(text, 30) == "今日は晴れです。明日は雨が降るでしょう。"


def test_grapheme_boundaries() -> None:
    assert grapheme_boundaries("ae\u0301b") == [0, 1, 3, 4]
    assert grapheme_boundaries("🇯🇵x") == [0, 2, 3]
    assert grapheme_boundaries("") == [0]


@pytest.mark.parametrize(("text", "index", "expected"), [
    ("ab", 1, True), ("e\u0301", 1, False), ("🇯🇵🇺🇦", 2, True), ("🇯🇵🇺🇦", 1, False),
    ("👍🏽", 1, False), ("x", 0, True), ("x", 1, True), ("x", 5, True),
])
def test_is_boundary(text: str, index: int, expected: bool) -> None:
    assert is_boundary(text, index) is expected
