"""ReadResult: what the format readers hand to read_article, and FrontMatter."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswire.errors import ArticleError
from newswire.readers import READERS, read_article
from newswire.readers.meta import FrontMatter, parse_metadata
from newswire.readers.plaintext import read_plaintext
from newswire.readers.result import ReadResult, make_article
from newswire.readers.text import decode

ZONE = ZoneInfo("Europe/Rome")
TEXT = "\n  Rome &amp; Milan  \n\n• First point\n• Second point\n\n25 April 2019 Text.\n"


def plaintext(text: str, sidecar: dict[str, object] | None = None) -> ReadResult:
    return read_plaintext(Path("c/a.txt"), decode(text.encode()), "a.txt", ZONE, sidecar)


def test_every_reader_returns_a_read_result(tmp_path: Path) -> None:
    for suffix, reader in sorted(READERS.items()):
        text = "---\ntitle: T\n---\nBody\n" if suffix != ".txt" else "T\n\nBody\n"
        result = reader(tmp_path / f"a{suffix}", decode(text.encode()), f"a{suffix}", ZONE)
        assert isinstance(result, ReadResult)
        assert (result.article.title, result.article.source) == ("T", f"a{suffix}")


def test_plaintext_result() -> None:
    result = plaintext(TEXT)
    article = result.article
    assert article.title == "Rome & Milan"
    assert result.title_line == 2
    assert article.summary == "First point. Second point."
    assert article.published == datetime(2019, 4, 25, tzinfo=ZONE)
    assert article.body_html == "<p>Text.</p>\n"
    assert article.body_line == 7
    assert article.digest == "" and result.warnings == ()


def test_plaintext_warnings_are_diagnostics_with_lines() -> None:
    result = plaintext("Title\n\nA &#0; b\n\n25 April Text.\n")
    assert [(w.level, w.path, w.line) for w in result.warnings] == [
        ("warning", Path("c/a.txt"), 3)]
    assert "character reference(s)" in result.warnings[0].message


def test_sidecar_fields_win_over_the_text() -> None:
    result = plaintext(TEXT, {"title": "From the sidecar", "draft": True})
    assert result.article.title == "From the sidecar" and result.article.draft is True
    assert result.title_line == 2


def test_read_result_is_frozen() -> None:
    result = plaintext(TEXT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.title_line = 3  # type: ignore[misc]


def test_make_article_refuses_fields_the_model_refuses() -> None:
    with pytest.raises(ArticleError) as caught:
        make_article(Path("a.md"), "a.md", {"title": "T", "body_html": "",
                                            "published": datetime(2019, 4, 25)})
    assert caught.value.message.startswith("cannot use this article: ")
    assert caught.value.path == Path("a.md")


def test_front_matter_fields_and_warnings() -> None:
    front = parse_metadata({"title": "T", "date": "04/05/2019", "colour": "red"},
                           Path("a.md"), {"title": 2, "date": 3}.get, ZONE)
    assert isinstance(front, FrontMatter)
    assert front.fields["title"] == "T" and front.fields["draft"] is False
    assert front.fields["extra"] == (("colour", "red"),)
    assert "summary" not in front.fields
    assert [(w.level, w.path, w.line) for w in front.warnings] == [
        ("warning", Path("a.md"), 3)]


def test_read_article_adds_the_digest_and_the_sidecar_warnings(tmp_path: Path) -> None:
    text = b"Title\n\nBody.\n"
    sidecar = b'summary = "a\\u007fb"\n'
    (tmp_path / "a.txt").write_bytes(text)
    (tmp_path / "a.toml").write_bytes(sidecar)
    article, warnings = read_article(tmp_path / "a.txt", tmp_path, ZONE)
    assert article.digest == hashlib.sha256(text + b"\x00" + sidecar).hexdigest()
    assert article.summary == "ab"
    assert [(w.path, w.line) for w in warnings] == [(tmp_path / "a.toml", 1)]


def test_an_empty_title_is_refused_at_the_title_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\n\n&#1;\n\nBody.\n")
    with pytest.raises(ArticleError) as caught:
        read_article(tmp_path / "a.txt", tmp_path, ZONE)
    assert caught.value.message.startswith("the title is empty")
    assert caught.value.line == 3
