"""article_text and new_article: a new Markdown article with front matter."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from newswire.authoring import article_text, new_article
from newswire.errors import NewswireError

NOW = datetime(2019, 4, 25, 10, 30, 15, 999, tzinfo=timezone(timedelta(hours=2)))


def front_matter(text: str) -> dict[str, object]:
    assert text.startswith("---\n")
    head, _, body = text[4:].partition("\n---\n")
    assert body.strip() == "Write the article here. Set 'draft: false' to publish it."
    return yaml.safe_load(head)


def test_the_text_is_a_draft_with_every_key() -> None:
    meta = front_matter(article_text('Kim: "yes" # maybe', NOW, "urn:uuid:x"))
    assert meta == {"title": 'Kim: "yes" # maybe', "date": NOW.replace(microsecond=0),
                    "id": "urn:uuid:x", "summary": "", "tags": [], "draft": True}


def test_non_ascii_titles_are_written_as_they_are() -> None:
    text = article_text("Ελλάδα", NOW, "urn:uuid:x")
    assert 'title: "Ελλάδα"' in text


def test_new_article_goes_below_year_and_month(tmp_path: Path) -> None:
    path = new_article(tmp_path / "content", "  Kim   meets Putin ", NOW, ident="urn:uuid:x")
    assert path == tmp_path / "content" / "2019" / "04" / "kim-meets-putin.md"
    assert front_matter(path.read_text(encoding="utf-8"))["title"] == "Kim meets Putin"


def test_a_new_id_is_a_random_uuid_urn(tmp_path: Path) -> None:
    a = front_matter(new_article(tmp_path, "A", NOW).read_text())["id"]
    b = front_matter(new_article(tmp_path, "B", NOW).read_text())["id"]
    assert str(a).startswith("urn:uuid:") and a != b and len(str(a)) == 45


def test_a_given_slug_names_the_file(tmp_path: Path) -> None:
    assert new_article(tmp_path, "Title", NOW, slug="My Slug!").name == "my-slug.md"
    assert new_article(tmp_path, "!!!", NOW).name == "article.md"


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = new_article(tmp_path, "Title", NOW)
    path.write_text("edited")
    with pytest.raises(NewswireError) as caught:
        new_article(tmp_path, "Title", NOW)
    assert caught.value.path == path and "choose another --slug" in caught.value.message
    assert path.read_text() == "edited"


def test_an_empty_title_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NewswireError, match="the title is empty"):
        new_article(tmp_path, "  ", NOW)
    assert list(tmp_path.iterdir()) == []
