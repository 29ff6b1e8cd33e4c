"""newswire.readers.yamlhelp: the line to edit and the fix, for each YAML
mistake people make in front matter."""

from __future__ import annotations

import yaml

from newswire.readers.yamlhelp import explain, key_without_space


def explained(text: str) -> tuple[int | None, str]:
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return explain(exc, text.split("\n"))
    raise AssertionError(f"YAML read {text!r}")


def test_an_unclosed_quote_is_blamed_on_the_line_that_opened_it() -> None:
    line, message = explained('title: "Kim meets\ndate: 2019-04-25\ntags: [a]\n')
    assert line == 0
    assert message.startswith('the quote " opened on this line is never closed')


def test_a_key_without_a_space_after_its_colon() -> None:
    line, message = explained("title: A\ndate:2019-04-25\ntags: [a, b\n")
    assert (line, message) == (1, "a space is needed after 'date:' (write 'date: 2019-04-25')")
    assert key_without_space(["title: A", "url: https://x.org/"]) is None  # a URL is not a key


def test_an_indented_key_and_a_value_holding_colon_space() -> None:
    line, message = explained("title: A\n  date: 2019-04-25\n")
    assert line == 1 and message.startswith("this line is indented, so YAML reads 'date:'")
    line, message = explained("title: Kim: the summit\n")
    assert line == 0
    assert message.endswith('a title containing \': \' needs quotes, like title: "Kim: the summit"')


def test_an_unclosed_list_is_blamed_on_the_line_that_opened_it() -> None:
    line, message = explained("title: A\ntags: [a, b\ndate: 2019-04-25\n")
    assert line == 1
    assert message == "the list opened with '[' on this line is never closed; end it with ']'"


def test_a_tab_used_for_indentation() -> None:
    line, message = explained("author:\n\tname: A\n")
    assert line == 1
    assert message.endswith("YAML does not allow tabs for indentation, use spaces")
