"""make_entry, select, newest_first, is_published."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from newswire.entries import is_published, make_entry, newest_first, select
from newswire.model import Author, Identity

from .conftest import APRIL, FEED, SITE, article, entry

IDENTITY = Identity("urn:uuid:x", "world/story/", APRIL - timedelta(days=1))


def test_urls_resolve_against_the_identity_and_the_file_folder() -> None:
    e = make_entry(article(image="img/lead photo.png"), IDENTITY, SITE)
    assert e.permalink == "https://news.example.org/world/story/"
    assert e.link == e.permalink
    assert e.image_url == "https://news.example.org/world/img/lead%20photo.png"


def test_a_canonical_url_elsewhere_is_the_link() -> None:
    e = make_entry(article(url="https://elsewhere.example/s"), IDENTITY, SITE)
    assert e.link == "https://elsewhere.example/s"
    assert e.permalink == "https://news.example.org/world/story/"


def test_an_undated_article_takes_its_first_publication() -> None:
    e = make_entry(article(published=None), IDENTITY, SITE)
    assert e.published == IDENTITY.first_published == e.updated


def test_updated_is_never_before_published() -> None:
    e = make_entry(article(updated=APRIL - timedelta(days=3)), IDENTITY, SITE)
    assert e.updated == e.published == APRIL


def test_the_site_author_and_language_fill_in() -> None:
    e = make_entry(article(), IDENTITY, SITE)
    assert e.authors == (Author("Desk"),) and e.lang == "en"
    e = make_entry(article(authors=(Author("Ann"),), lang="de"), IDENTITY, SITE)
    assert e.authors == (Author("Ann"),) and e.lang == "de"


def test_the_summary_comes_from_the_body_when_missing() -> None:
    assert make_entry(article(), IDENTITY, SITE).summary == "Body of the story."
    assert make_entry(article(summary="Given."), IDENTITY, SITE).summary == "Given."


def test_html_made_earlier_is_used_as_given() -> None:
    e = make_entry(article(), IDENTITY, SITE, html=("<p>cached</p>", "cached"))
    assert (e.content_html, e.summary) == ("<p>cached</p>", "cached")


def test_a_summary_equal_to_the_articles_is_the_articles_string() -> None:
    given = article(summary="".join(["Given ", "summary."]))
    made_again = "".join(["Given summary", "."])  # equal, another object (read back)
    e = make_entry(given, IDENTITY, SITE, html=(None, made_again))
    assert e.summary is given.summary
    assert make_entry(given, IDENTITY, SITE).summary is given.summary
    other = make_entry(given, IDENTITY, SITE, html=(None, "Another."))
    assert other.summary == "Another."


def test_a_non_http_image_is_dropped() -> None:
    assert make_entry(article(image="ftp://x.example/a.png"), IDENTITY, SITE).image_url is None


def test_newest_first_breaks_ties_by_id() -> None:
    same = [entry("b.md", days=1), entry("a.md", days=1), entry("c.md", days=2)]
    assert [e.id for e in newest_first(same)] == ["urn:uuid:c", "urn:uuid:a", "urn:uuid:b"]


@pytest.mark.parametrize(("settings", "expected"), [
    ({}, ["d", "c", "b", "a"]),
    ({"include_tags": ("POLITICS",)}, ["b", "a"]),
    ({"include_categories": ("world",)}, ["c"]),
    ({"include_authors": ("ann",)}, ["d"]),
    ({"include_paths": ("sport/*",)}, ["d"]),
    ({"exclude_tags": ("politics",)}, ["d", "c"]),
    ({"include_tags": ("politics",), "exclude_tags": ("local",)}, ["b"]),
])
def test_select(settings: dict[str, object], expected: list[str]) -> None:
    entries = [entry("news/a.md", tags=("Politics", "local")),
               entry("news/b.md", days=1, tags=("politics",)),
               entry("news/c.md", days=2, category="World"),
               entry("sport/d.md", days=3, authors=(Author("Ann"),))]
    chosen = select(replace(FEED, **settings), entries)  # type: ignore[arg-type]
    assert [e.id.removeprefix("urn:uuid:") for e in chosen] == expected


@pytest.mark.parametrize(("fields", "drafts", "future", "expected"), [
    ({}, False, False, True),
    ({"draft": True}, False, False, False),
    ({"draft": True}, True, False, True),
    ({"published": APRIL + timedelta(seconds=1)}, False, False, False),
    ({"published": APRIL + timedelta(seconds=1)}, False, True, True),
    ({"published": None}, False, False, True),
])
def test_is_published(fields: dict[str, object], drafts: bool, future: bool,
                      expected: bool) -> None:
    assert is_published(article(**fields), APRIL, drafts, future) is expected


def test_the_entry_keeps_the_sanitized_body_not_the_unsanitized_one() -> None:
    raw = article(body_html='<p onclick="x()">Body of the story.</p><script>x()</script>',
                  tags=("world",))
    e = make_entry(raw, IDENTITY, SITE)
    assert e.article.body_html == ""
    assert "onclick" not in e.content_html and "script" not in e.content_html
    assert "Body of the story." in e.content_html
    assert e.article == replace(raw, body_html="")  # every other field as read
    assert raw.body_html.startswith("<p onclick")  # the article given is not changed
