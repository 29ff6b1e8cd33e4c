"""newswire.authoring: ``newswire new``'s draft article, by name and text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from newswire.authoring import article_text, new_article
from newswire.errors import NewswireError

BERLIN_NOON = datetime(2026, 3, 1, 12, 0, 30, 123456, tzinfo=timezone(timedelta(hours=1)))
ID = "urn:uuid:6f9619ff-8b86-d011-b42d-00cf4fc964ff"


def front_matter(text: str) -> dict[str, object]:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_the_text_is_a_draft_with_its_id_and_the_date_to_the_second() -> None:
    text = article_text('Kim: "yes" # maybe', BERLIN_NOON, ID)
    assert front_matter(text) == {"title": 'Kim: "yes" # maybe',
                                  "date": datetime(2026, 3, 1, 11, 0, 30, tzinfo=timezone.utc),
                                  "id": ID, "summary": "", "tags": [], "draft": True}
    assert "date: 2026-03-01T12:00:30+01:00\n" in text


def test_the_file_goes_to_the_year_and_month_named_by_its_slug(tmp_path: Path) -> None:
    path = new_article(tmp_path / "content", "  Ferry   service resumes ", BERLIN_NOON, ident=ID)
    assert path == tmp_path / "content" / "2026" / "03" / "ferry-service-resumes.md"
    assert front_matter(path.read_text("utf-8"))["title"] == "Ferry service resumes"
    assert new_article(tmp_path / "content", "Other", BERLIN_NOON, slug="Harbour News!") \
        .name == "harbour-news.md"
    assert new_article(tmp_path / "content", "!!!", BERLIN_NOON).name == "article.md"


def test_a_new_article_gets_a_new_uuid(tmp_path: Path) -> None:
    first = front_matter(new_article(tmp_path, "One", BERLIN_NOON).read_text("utf-8"))["id"]
    second = front_matter(new_article(tmp_path, "Two", BERLIN_NOON).read_text("utf-8"))["id"]
    assert str(first).startswith("urn:uuid:") and first != second


def test_an_empty_title_or_an_existing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NewswireError, match="the title is empty"):
        new_article(tmp_path, " \t", BERLIN_NOON)
    path = new_article(tmp_path, "Once", BERLIN_NOON, ident=ID)
    before = path.read_bytes()
    with pytest.raises(NewswireError, match="already exists; choose another --slug") as caught:
        new_article(tmp_path, "Once", BERLIN_NOON)
    assert caught.value.path == path
    assert path.read_bytes() == before
