"""FieldReader: typed access to keys shared by settings files and front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire.config import _Fields
from newswire.errors import ArticleError, ConfigError
from newswire.fieldreader import FieldReader
from newswire.readers.meta import _Reader

LINES = {"hub": 3, "image": 4, "lang": 5}


class Plain(FieldReader):
    """The smallest reader: every value is its ``str``."""

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        return None if value is None else str(value)


def plain(**data: object) -> Plain:
    return Plain(data, Path("site.toml"), LINES.get, ConfigError)


def test_fail_names_the_key_and_its_line() -> None:
    error = plain().fail("hub", "must be a URL")
    assert isinstance(error, ConfigError)
    assert (error.message, error.path, error.line) == ("hub: must be a URL",
                                                       Path("site.toml"), 3)


def test_fail_without_a_known_line() -> None:
    assert plain().fail("title", "wrong").line is None


def test_check_turns_a_value_error_into_the_error_class() -> None:
    def even(value: int) -> int:
        if value % 2:
            raise ValueError(f"{value} is odd")
        return value
    reader = Plain({}, Path("a.md"), LINES.get, ArticleError)
    assert reader.check("lang", 4, even) == 4
    with pytest.raises(ArticleError) as caught:
        reader.check("lang", 3, even)
    assert (caught.value.message, caught.value.line) == ("lang: 3 is odd", 5)


def test_check_lets_other_errors_through() -> None:
    with pytest.raises(KeyError):
        plain().check("hub", {}, lambda value: value["missing"])


def test_url_checks_http_urls() -> None:
    assert plain(hub="https://hub.example.org/").url("hub") == "https://hub.example.org/"
    assert plain(hub="https://bücher.de/").url("hub") == "https://xn--bcher-kva.de/"
    assert plain().url("hub") is None
    with pytest.raises(ConfigError) as caught:
        plain(hub="ftp://hub.example.org/").url("hub")
    assert caught.value.message.startswith("hub: ") and caught.value.line == 3


def test_url_as_a_site_root_refuses_a_query() -> None:
    assert plain(hub="https://example.org/?a=1").url("hub") == "https://example.org/?a=1"
    with pytest.raises(ConfigError):
        plain(hub="https://example.org/?a=1").url("hub", site_root=True)


def test_reference_takes_urls_and_paths_and_skips_blanks() -> None:
    assert plain(image="img/lead.png").reference("image") == "img/lead.png"
    assert plain(image="https://cdn.example.org/a.png").reference("image") == \
        "https://cdn.example.org/a.png"
    assert plain(image="  ").reference("image") is None
    assert plain().reference("image") is None
    with pytest.raises(ConfigError) as caught:
        plain(image="javascript:alert(1)").reference("image")
    assert caught.value.line == 4


def test_checked_text_skips_missing_keys() -> None:
    assert plain().checked_text("lang", str.upper) is None
    assert plain(lang="en").checked_text("lang", str.upper) == "EN"


def test_text_is_for_subclasses() -> None:
    with pytest.raises(NotImplementedError):
        FieldReader({}, Path("x"), LINES.get, ConfigError).text("hub")


def test_settings_and_front_matter_share_the_url_checks() -> None:
    """The same bad URL gives the same message in site.toml and in front
    matter, each with its own error class and line."""
    settings = _Fields({"url": "http://"}, 'title = "x"\nurl = "http://"\n', Path("site.toml"))
    front = _Reader({"url": "http://"}, Path("a.md"), lambda key: 7, None)  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as in_settings:
        settings.url("url")
    with pytest.raises(ArticleError) as in_front_matter:
        front.url("url")
    assert in_settings.value.message == in_front_matter.value.message
    assert (in_settings.value.line, in_front_matter.value.line) == (2, 7)


def test_settings_text_must_be_a_string_but_front_matter_takes_numbers() -> None:
    settings = _Fields({"title": 3}, "title = 3\n", Path("site.toml"))
    with pytest.raises(ConfigError) as caught:
        settings.text("title")
    assert caught.value.message == "title: must be a string, not int"
    front = _Reader({"title": 3.10}, Path("a.md"), lambda key: 2, None)  # type: ignore[arg-type]
    assert front.text("title") == "3.1"
