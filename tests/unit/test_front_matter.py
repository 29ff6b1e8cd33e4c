"""Front-matter keys to article fields, each problem at its key's line
(readers.meta), read through read_article."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswire.errors import ArticleError
from newswire.model import Author, Media
from newswire.readers import read_article

ROME = ZoneInfo("Europe/Rome")


def read(tmp_path: Path, front: str, body: str = "Body.\n"):  # type: ignore[no-untyped-def]
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    path = content / "story.md"
    path.write_text(f"---\ntitle: Story\n{front}---\n{body}", encoding="utf-8")
    return read_article(path, content, ROME)


def refused(tmp_path: Path, front: str) -> ArticleError:
    with pytest.raises(ArticleError) as caught:
        read(tmp_path, front)
    return caught.value


def test_every_known_key(tmp_path: Path) -> None:
    article, warnings = read(tmp_path, (
        "date: 2019-04-25 10:30\nupdated: 2019-04-26\nsummary: A &amp; B\n"
        "author: [Ann <ann@example.org>, Desk]\ntags: [Asia, summit]\ncategory: World\n"
        "image: img/lead.jpg\nimage_alt: Two men\nurl: https://elsewhere.example/s\n"
        "slug: kim-putin\nid: urn:uuid:6f1a0c1e-8a4c-4d57-9f0a-6f3d2b9c1e11\ndraft: yes\n"
        "lang: de-AT\naudio: ep.mp3\nsource: Agency\n"))
    assert warnings == []
    assert article.published.isoformat() == "2019-04-25T10:30:00+02:00"
    assert article.updated.isoformat() == "2019-04-26T00:00:00+02:00"
    assert article.summary == "A & B"
    assert article.authors == (Author("Ann", "ann@example.org"), Author("Desk"))
    assert (article.tags, article.category) == (("Asia", "summit"), "World")
    assert (article.image, article.image_alt) == ("img/lead.jpg", "Two men")
    assert (article.url, article.slug) == ("https://elsewhere.example/s", "kim-putin")
    assert article.id == "urn:uuid:6f1a0c1e-8a4c-4d57-9f0a-6f3d2b9c1e11"
    assert (article.draft, article.lang) == (True, "de-AT")
    assert article.audio == Media("audio", "ep.mp3", line=16)
    assert article.extra == (("source", "Agency"),)


def test_absent_keys_take_their_defaults(tmp_path: Path) -> None:
    article, _ = read(tmp_path, "")
    assert (article.published, article.draft, article.tags, article.authors) == (
        None, False, (), ())


def test_a_day_first_date_is_a_warning_at_its_line(tmp_path: Path) -> None:
    article, [warning] = read(tmp_path, "tags: []\ndate: 04/05/2019\n")
    assert article.published.month == 5
    assert warning.line == 4 and "read day first, as 4 May" in warning.message


@pytest.mark.parametrize(("front", "line", "words"), [
    ("drafts: true\n", 3, "drafts: unknown key; did you mean `draft`?"),
    ("pubDate: 2019-04-25\n", 3, "pubDate: unknown key; did you mean `date`?"),
    ("published: false\n", 3, "did you mean `draft`? (`published: false` is `draft: true`)"),
    ("tags: []\ndraft: maybe\n", 4, "draft: must be true or false"),
    ("date: 2019-02-30\n", 3, "date: "),
    ("slug: a/b\n", 3, "slug: 'a/b' is not one URL segment"),
    ("slug: ..\n", 3, "slug: '..' is not one URL segment"),
    ("id: 1234\n", 3, "id: '1234' is not an absolute URI"),
    ("id: urn:a b\n", 3, "id: 'urn:a b' is not an absolute URI"),
    ("url: /relative\n", 3, "url: "),
    ("image: javascript:alert(1)\n", 3, "image: "),
    ("lang: not a tag\n", 3, "lang: "),
    ("author: {name: Ann, mail: a@example.org}\n", 3, "unknown author field 'mail'"),
    ("audio: clip.mov\n", 3, "audio: 'clip.mov' is named like a video file"),
    ("tags: {a: 1}\n", 3, "tags: "),
])
def test_bad_values_name_their_key_and_line(tmp_path: Path, front: str, line: int,
                                            words: str) -> None:
    error = refused(tmp_path, front)
    assert error.line == line and words in error.message


def test_several_near_misses_are_named_together(tmp_path: Path) -> None:
    error = refused(tmp_path, "tag: [a]\ndrafts: true\n")
    assert error.line == 3
    assert error.message.startswith("tag: unknown key; did you mean `tags`? Also `drafts`: "
                                    "did you mean `draft`?")


def test_keys_of_their_own_are_kept_not_refused(tmp_path: Path) -> None:
    article, _ = read(tmp_path, "credit: Agency\nlocation: Vladivostok\n")
    assert article.extra == (("credit", "Agency"), ("location", "Vladivostok"))
