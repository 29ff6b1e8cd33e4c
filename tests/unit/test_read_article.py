"""read_article: what keeps an article out (with its line) and what is only
a warning; sidecar files of text articles."""

from __future__ import annotations

import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswire.errors import ArticleError
from newswire.readers import read_article, title_length
from newswire.readers.nesting import MAX_DEPTH

ROME = ZoneInfo("Europe/Rome")


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read(tmp_path: Path, name: str, data: bytes | str):  # type: ignore[no-untyped-def]
    return read_article(write(tmp_path, name, data), tmp_path, ROME)


def refused(tmp_path: Path, name: str, data: bytes | str) -> ArticleError:
    with pytest.raises(ArticleError) as caught:
        read(tmp_path, name, data)
    return caught.value


def test_the_source_and_digest(tmp_path: Path) -> None:
    data = "---\ntitle: A\n---\nBody\n"
    article, warnings = read(tmp_path, "2019/a.md", data)
    assert article.source == "2019/a.md" and warnings == []
    assert article.digest == hashlib.sha256(data.encode() + b"\x00").hexdigest()


def test_binary_data_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, "a.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert error.message.startswith("binary data, not text")


def test_a_file_too_large_is_refused_unread(tmp_path: Path) -> None:
    error = refused(tmp_path, "a.md", "# T\n\n" + "x" * (1024 * 1024))
    assert "refused unread" in error.message and "move it out of content/" in error.message


def test_a_markdown_article_without_title_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, "a.md", '---\ndate: 2019-04-25\ntitle: ""\n---\nBody\n')
    assert error.message == "no title; add 'title: …' to the front matter"


def test_a_long_title_is_a_warning(tmp_path: Path) -> None:
    _, [warning] = read(tmp_path, "a.md", "---\ntitle: " + "word " * 60 + "\n---\nBody\n")
    assert warning.line == 2 and "keep it under" in warning.message


def test_title_length_counts_what_a_reader_sees() -> None:
    assert title_length("👩\u200d👩\u200d👧\u200d👦 e\u0301") == 3
    assert title_length("") == 0


def test_cp1252_text_is_read_as_written(tmp_path: Path) -> None:
    article, warnings = read(tmp_path, "a.txt", b"Caf\xe9 owner\n\nSaid \x93yes\x94.\n")
    assert article.title == "Café owner" and "“yes”" in article.body_html
    assert warnings == []


def test_removed_control_characters_are_a_warning(tmp_path: Path) -> None:
    article, [warning] = read(tmp_path, "a.md", "---\ntitle: A\n---\nBo\x07dy\n")
    assert "Body" in article.body_html and warning.line == 4
    assert warning.message.startswith("removed 1 character(s) that XML does not allow")


def test_a_body_nested_too_deep_is_flattened_with_a_warning(tmp_path: Path) -> None:
    body = "<div>" * (MAX_DEPTH + 5) + "deep" + "</div>" * (MAX_DEPTH + 5)
    article, [warning] = read(tmp_path, "a.md", f"---\ntitle: A\n---\n{body}\n")
    assert article.body_html.count("<div>") == MAX_DEPTH
    assert "5 tag(s) below that depth were removed" in warning.message


def test_a_yaml_sidecar_adds_keys_to_a_text_article(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "tags: [asia]\nauthor: Ann <ann@example.org>\n")
    article, _ = read(tmp_path, "a.txt", "Title\n\nBody.\n")
    assert article.tags == ("asia",) and article.authors[0].email == "ann@example.org"


def test_the_sidecar_is_part_of_the_digest(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'tags = ["x"]\n')
    article, _ = read(tmp_path, "a.txt", "Title\n")
    assert article.digest == hashlib.sha256(b"Title\n\x00" + b'tags = ["x"]\n').hexdigest()


def test_a_markdown_article_ignores_sidecars(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", "not = [valid\n")
    article, _ = read(tmp_path, "a.md", "# Title\n")
    assert article.title == "Title"


@pytest.mark.parametrize(("name", "text", "line", "words"), [
    ("a.toml", 'tags = ["x"]\ntitle = \n', 2, "sidecar metadata is not valid"),
    ("a.toml", 'title = "T"\ntags = ["x"\n', 2, "Unclosed array (at end of document)"),
    ("a.yaml", "tags: [x\n", 1, "sidecar metadata is not valid YAML"),
    ("a.yaml", "- just\n- a list\n", 1, "sidecar metadata must be a set of 'key: value'"),
    ("a.yaml", "title: T\ndraft: maybe\n", 2, "draft: must be true or false"),
])
def test_a_bad_sidecar_is_an_error_against_it(tmp_path: Path, name: str, text: str,
                                              line: int, words: str) -> None:
    sidecar = write(tmp_path, name, text)
    error = refused(tmp_path, "a.txt", "Title\n\nBody.\n")
    assert error.path == sidecar and error.line == line and words in error.message


def test_a_binary_sidecar_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", bytes(range(256)))
    error = refused(tmp_path, "a.txt", "Title\n")
    assert error.message.startswith("binary data, not text; a sidecar file")
