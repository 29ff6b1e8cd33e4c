"""explain and key_without_space: YAML mistakes told at the line to edit."""

from __future__ import annotations

import pytest
import yaml

from newswire.readers.yamlhelp import explain, key_without_space


def explained(text: str) -> tuple[int | None, str]:
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.safe_load(text)
    return explain(caught.value, text.split("\n"))


def test_an_unclosed_double_quote_is_blamed_on_its_line() -> None:
    assert explained('tags: [a]\ntitle: "Kim meets\ndate: 2019-04-25\n') == (
        1, 'the quote " opened on this line is never closed; end the value with ", or '
           'remove the " it starts with')


def test_an_unclosed_single_quote() -> None:
    line, message = explained("title: 'Kim''s day\n")
    assert line == 0 and message.startswith("the quote ' opened on this line")


def test_a_missing_space_after_a_colon() -> None:
    assert explained("title: x\ndate:2019-04-25\ntags: [a\n") == (
        1, "a space is needed after 'date:' (write 'date: 2019-04-25')")


def test_an_indented_first_key() -> None:
    assert explained("  date: 2019-04-25\ntitle: x\n") == (
        0, "the first key is indented; start every key at the beginning of its line "
           "(remove the spaces before it)")


def test_an_indented_later_key() -> None:
    line, message = explained("title: x\n  date: 2019\n")
    assert line == 1
    assert message.startswith("this line is indented, so YAML reads 'date:' as part of "
                              "the line above")


def test_a_value_holding_colon_space_needs_quotes() -> None:
    assert explained("title: Breaking: talks\n") == (
        0, "mapping values are not allowed here; a title containing ': ' needs quotes, "
           'like title: "Breaking: talks"')


@pytest.mark.parametrize(("text", "opener", "closer", "what"), [
    ("tags: [a, b\ntitle: x\n", "[", "]", "list"),
    ("author: {name: Ann\ntitle: x\n", "{", "}", "mapping"),
])
def test_an_unclosed_flow_collection(text: str, opener: str, closer: str, what: str) -> None:
    assert explained(text) == (0, f"the {what} opened with '{opener}' on this line is never "
                                  f"closed; end it with '{closer}'")


def test_a_tab_for_indentation() -> None:
    line, message = explained("title: x\n\tdate: y\n")
    assert line == 1 and message.endswith("YAML does not allow tabs for indentation, use spaces")


def test_key_without_space() -> None:
    assert key_without_space(["title: ok", "url: https://x.example/", "date:2019"]) == (
        2, "a space is needed after 'date:' (write 'date: 2019')")
    assert key_without_space(["title: ok", "url: https://x.example/"]) is None
