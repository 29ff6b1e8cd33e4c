"""printable, Diagnostic and the error classes: one safe line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire.errors import (ArticleError, ConfigError, Diagnostic, LockTimeout,
                             NewswireError, OutputError, StateError, printable)


@pytest.mark.parametrize(("text", "shown"), [
    ("plain é 日本", "plain é 日本"),
    ("two\nlines\r\tand tab", "two\\nlines\\r\\tand tab"),
    ("esc\x1b[31m", "esc\\x1b[31m"),
    ("del\x7f c1\x85", "del\\x7f c1\\x85"),
    ("\u2028\u2029", "\\u2028\\u2029"),
    ("bidi\u202etxt.exe", "bidi\\u202etxt.exe"),
    ("iso\u2066x\u2069", "iso\\u2066x\\u2069"),
    ("name\udcff.md", "name\\xff.md"),
    ("lone\ud800", "lone\\ud800"),
    (Path("a/b.md"), "a/b.md"),
])
def test_printable(text: object, shown: str) -> None:
    assert printable(text) == shown


def test_diagnostic_with_path_and_line() -> None:
    assert str(Diagnostic("error", "no title", Path("content/a.md"), 3)) == \
        "content/a.md:3: error: no title"


def test_diagnostic_without_line_or_path() -> None:
    assert str(Diagnostic("warning", "x", "feeds/site.toml")) == "feeds/site.toml: warning: x"
    assert str(Diagnostic("warning", "x")) == "warning: x"


def test_a_diagnostic_is_always_one_line() -> None:
    forged = Diagnostic("warning", "msg\nfake.md:1: error: forged", "a\nb.md", 2)
    assert "\n" not in str(forged)
    assert str(forged) == "a\\nb.md:2: warning: msg\\nfake.md:1: error: forged"


def test_errors_carry_path_line_and_print_as_diagnostics() -> None:
    error = ArticleError("no title", Path("content/a.md"), 4)
    assert (error.message, error.path, error.line) == ("no title", Path("content/a.md"), 4)
    assert str(error) == "content/a.md:4: error: no title"
    assert error.diagnostic("warning") == Diagnostic("warning", "no title",
                                                     Path("content/a.md"), 4)


@pytest.mark.parametrize("kind", [ConfigError, ArticleError, OutputError, StateError,
                                  LockTimeout])
def test_every_error_is_a_newswire_error(kind: type[NewswireError]) -> None:
    assert issubclass(kind, NewswireError)


def test_exit_statuses() -> None:
    assert NewswireError("x").exit_status == 1
    assert LockTimeout("x").exit_status == 75
