"""article_problems: the values of one article that would break a feed."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newswire.feeds.checks import article_problems
from newswire.model import Author

from .conftest import SITE, article


def test_an_ordinary_article_has_no_problem() -> None:
    a = article(id="urn:uuid:6f1a0c1e-8a4c-4d57-9f0a-6f3d2b9c1e11", url="https://x.example/s",
                image="lead.jpg", authors=(Author("Ann", "ann@example.org",
                                                  "https://ann.example/"),))
    assert article_problems(a, SITE) == []


@pytest.mark.parametrize(("fields", "problem"), [
    ({"title": "  "}, "title: empty; give the article a title"),
    ({"id": "not an iri"}, "id: 'not an iri' is not an absolute URI; use one like urn:uuid:…"),
    ({"id": "relative/id"}, "id: 'relative/id' is not an absolute URI"),
    ({"url": "https:///no-host"}, "url: 'https:///no-host' is not an absolute http(s) URL "
                                  "with a host"),
    ({"url": "mailto:a@example.org"}, "url: 'mailto:a@example.org' is not an absolute"),
    ({"image": "ftp://x.example/a.png"}, "image: 'ftp://x.example/a.png' does not make an "
                                         "http(s) URL with a host"),
    ({"authors": (Author("Ann", uri="/ann"),)}, "author: uri '/ann' is not an absolute URL"),
    ({"authors": (Author("Ann", "ann"),)}, "author: 'ann' is not an e-mail address"),
    ({"published": datetime(999, 1, 1, tzinfo=timezone.utc)},
     "date: year 999 cannot be written in a feed (four digits, 1000-9999)"),
    ({"updated": datetime(1, 1, 1, tzinfo=timezone.utc)}, "updated: year 1 cannot be written"),
])
def test_each_problem_is_one_phrase(fields: dict[str, object], problem: str) -> None:
    title = str(fields.pop("title", "Story"))
    [found] = article_problems(article(title=title, **fields), SITE)
    assert found.startswith(problem)


def test_every_problem_is_listed() -> None:
    a = article(title="", id="x y", url="nope")
    assert [p.split(":")[0] for p in article_problems(a, SITE)] == ["title", "id", "url"]
