"""readers.frontmatter: the keys of front matter and sidecar files, read by one set of rules."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from newswire.errors import ArticleError
from newswire.readers import read_article
from newswire.readers.frontmatter import (key_line, load_keys, split_front_matter,
                                          toml_front_matter, yaml_front_matter)

PATH = Path("content/a.md")


def error_of(parse, text: str, first_line: int = 2) -> tuple[str, int | None]:
    with pytest.raises(ArticleError) as caught:
        load_keys(parse, text, PATH, "front matter", first_line)
    assert caught.value.path == PATH
    return caught.value.message, caught.value.line


def test_yaml_booleans_are_only_true_and_false() -> None:
    data = yaml_front_matter("draft: false\nsummary: NO\nother: yes\nflag: TRUE\n")
    assert data == {"draft": False, "summary": "NO", "other": "yes", "flag": True}


def test_yaml_dates_stay_text() -> None:
    assert yaml_front_matter("date: 2025-01-02 10:00\n") == {"date": "2025-01-02 10:00"}


def test_yaml_text_keys_keep_the_characters_typed() -> None:
    # other keys are read as YAML reads them (012 is octal there)
    data = yaml_front_matter("title: 3.10\ntags: [3.10, 012, ~]\nweight: 012\n")
    assert data == {"title": "3.10", "tags": ["3.10", "012", None], "weight": 10}


def test_yaml_author_mapping_is_kept_as_text() -> None:
    data = yaml_front_matter("author: {name: 1.50, email: a@b.c}\n")
    assert data == {"author": {"name": "1.50", "email": "a@b.c"}}


@pytest.mark.parametrize("text", ["title: A\ntitle: B\n", "author: {name: A, name: B}\n"])
def test_yaml_key_given_twice_is_refused(text: str) -> None:
    with pytest.raises(yaml.YAMLError, match="given twice"):
        yaml_front_matter(text)


def test_toml_floats_of_text_keys_keep_their_source_text() -> None:
    data = toml_front_matter('tags = [3.10, "a"]\nweight = 1.50\n')
    assert data == {"tags": ["3.10", "a"], "weight": 1.5}


def test_load_keys_of_empty_text_is_no_keys() -> None:
    assert load_keys(yaml_front_matter, "", PATH, "front matter", 2) == {}
    assert load_keys(yaml_front_matter, "# a comment\n", PATH, "front matter", 2) == {}
    assert load_keys(toml_front_matter, "", PATH, "front matter", 2) == {}


def test_load_keys_makes_keys_text() -> None:
    assert load_keys(yaml_front_matter, "1: a\n", PATH, "front matter", 2) == {"1": "a"}


def test_yaml_error_is_on_the_files_line() -> None:
    assert error_of(yaml_front_matter, "title: T\nsummary: [\n", 2)[1] == 4
    assert error_of(yaml_front_matter, "title: T\nsummary: [\n", 1)[1] == 3


def test_duplicate_key_error_names_the_key_on_its_line() -> None:
    message, line = error_of(yaml_front_matter, "title: A\ntitle: B\n")
    assert message.startswith("front matter is not valid YAML: ")
    assert "'title' is given twice" in message
    assert line == 3


def test_toml_error_drops_the_parsers_position_and_gives_the_files_line() -> None:
    assert error_of(toml_front_matter, 'title = "T"\ndate = x\n', 2) == (
        "front matter is not valid TOML: Invalid value", 3)
    assert error_of(toml_front_matter, 'title = "T"\ndate = x\n', 1)[1] == 2


def test_toml_error_at_the_end_is_on_the_last_line() -> None:
    message, line = error_of(toml_front_matter, 'title = "T"\ndate =', 2)
    assert message == "front matter is not valid TOML: Invalid value (at end of document)"
    assert line == 3


def test_value_python_cannot_hold_asks_to_simplify() -> None:
    message, line = error_of(yaml_front_matter, "n: " + "9" * 5000 + "\n", 2)
    assert message.startswith("front matter cannot be read: ValueError: ")
    assert message.endswith("; simplify the value")
    assert line == 2


@pytest.mark.parametrize("text", ["[]\n", "- a\n", "false\n", "''\n", "just words\n"])
def test_keys_must_be_a_mapping(text: str) -> None:
    assert error_of(yaml_front_matter, text, 2) == (
        "front matter must be a set of 'key: value' lines", 2)


def test_a_key_without_its_space_is_explained() -> None:
    message, line = error_of(yaml_front_matter, "title:x\n", 2)
    assert message == ("front matter is not valid YAML: a space is needed after 'title:' "
                       "(write 'title: x')")
    assert line == 2


def test_key_line_finds_yaml_and_toml_keys() -> None:
    lines = ["# about", "title: T", "  'date' : 2025", 'slug = "s"']
    assert key_line(lines, "title", 2) == 3
    assert key_line(lines, "date", 2) == 4
    assert key_line(lines, "slug", 1) == 4
    assert key_line(lines, "summary", 1) is None
    assert key_line(["titles: x"], "title", 1) is None


def test_key_line_takes_the_key_literally() -> None:
    assert key_line(["a.b: x"], "a.b", 1) == 1
    assert key_line(["axb: x"], "a.b", 1) is None


# Sidecar files (<stem>.toml / <stem>.yaml beside a text article) are read by
# the same rules as front matter, their lines being the sidecar's own.

ZONE = ZoneInfo("UTC")


def sidecar_error(tmp_path: Path, name: str, text: str) -> tuple[Path, int | None, str]:
    (tmp_path / "a.txt").write_text("Headline\n\nBody.\n")
    (tmp_path / name).write_text(text)
    with pytest.raises(ArticleError) as caught:
        read_article(tmp_path / "a.txt", tmp_path, ZONE)
    return caught.value.path, caught.value.line, caught.value.message


def test_sidecar_toml_error_names_the_sidecar_line_and_format(tmp_path: Path) -> None:
    assert sidecar_error(tmp_path, "a.toml", 'title = "T"\ndate = x\n') == (
        tmp_path / "a.toml", 2, "sidecar metadata is not valid TOML: Invalid value")


def test_sidecar_yaml_duplicate_key(tmp_path: Path) -> None:
    path, line, message = sidecar_error(tmp_path, "a.yaml", "summary: A\nsummary: B\n")
    assert (path, line) == (tmp_path / "a.yaml", 2)
    assert message.startswith("sidecar metadata is not valid YAML: ")
    assert "'summary' is given twice" in message


@pytest.mark.parametrize("text", ["[]\n", "false\n", "''\n"])
def test_sidecar_that_is_not_a_set_of_keys(tmp_path: Path, text: str) -> None:
    assert sidecar_error(tmp_path, "a.yaml", text) == (
        tmp_path / "a.yaml", 1, "sidecar metadata must be a set of 'key: value' lines")


def test_sidecar_value_python_cannot_hold(tmp_path: Path) -> None:
    path, line, message = sidecar_error(tmp_path, "a.yaml", "n: " + "9" * 5000 + "\n")
    assert (path, line) == (tmp_path / "a.yaml", 1)
    assert message.startswith("sidecar metadata cannot be read: ValueError: ")


@pytest.mark.parametrize("text", ["", "# no keys yet\n", "~\n"])
def test_empty_sidecar_adds_nothing(tmp_path: Path, text: str) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nBody.\n")
    (tmp_path / "a.yaml").write_text(text)
    article, warnings = read_article(tmp_path / "a.txt", tmp_path, ZONE)
    assert (article.title, article.summary, article.draft, warnings) == (
        "Headline", None, False, [])


def test_sidecar_yaml_keys_read_as_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\n\nBody.\n")
    (tmp_path / "a.yaml").write_text("summary: NO\ntags: [3.10, 012]\n")
    article, _ = read_article(tmp_path / "a.txt", tmp_path, ZONE)
    assert (article.summary, article.tags) == ("NO", ("3.10", "012"))


def test_split_front_matter_gives_the_parser_the_keys_and_the_body_s_line() -> None:
    path = Path("content/a.md")
    assert split_front_matter("---\ntitle: A\n---\nBody\n", path) == (
        yaml_front_matter, "title: A", "Body\n", 4)
    assert split_front_matter("---\ntitle: A\n...\nBody", path)[0] is yaml_front_matter
    assert split_front_matter("+++\ntitle = 'A'\n\n+++\n\nBody", path) == (
        toml_front_matter, "title = 'A'\n", "\nBody", 5)
    assert split_front_matter("# Heading\n---\n", path) == (None, "", "# Heading\n---\n", 1)


def test_front_matter_never_closed_is_an_error_at_line_1() -> None:
    with pytest.raises(ArticleError, match="never closed; end it with a line holding only '---'") \
            as caught:
        split_front_matter("----\ntitle: A\n+++\n", Path("content/a.md"))
    assert caught.value.line == 1
