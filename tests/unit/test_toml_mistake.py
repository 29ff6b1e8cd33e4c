"""config.toml_mistake: tomllib's message split into the line and the text."""

from __future__ import annotations

import tomllib

import pytest

from newswire.config import toml_mistake


def mistake(text: str) -> tuple[int | None, str]:
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    return toml_mistake(caught.value)


def test_line_and_message_without_the_position() -> None:
    assert mistake('title = "T"\ndate = x\n') == (2, "Invalid value")


def test_mistake_at_the_end_names_no_line() -> None:
    assert mistake("title =") == (None, "Invalid value (at end of document)")


def test_first_line() -> None:
    line, message = mistake("= 1\n")
    assert line == 1
    assert "(at line" not in message
