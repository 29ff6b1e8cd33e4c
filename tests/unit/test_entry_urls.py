"""lead_image_url and html_key; summaries make_entry falls back to."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newswire.entries import html_key, lead_image_url, make_entry
from newswire.model import Identity

from .conftest import APRIL, SITE, article

IDENTITY = Identity("urn:uuid:x", "world/story/", APRIL)


@pytest.mark.parametrize(("source", "image", "url"), [
    ("world/story.md", "lead.jpg", "https://news.example.org/world/lead.jpg"),
    ("world/asia/story.md", "../img/lead.jpg", "https://news.example.org/world/img/lead.jpg"),
    ("world/story.md", "/img/lead.jpg", "https://news.example.org/img/lead.jpg"),
    ("story.md", "img/lead photo.jpg", "https://news.example.org/img/lead%20photo.jpg"),
    ("world/story.md", "https://cdn.example/a.jpg", "https://cdn.example/a.jpg"),
    ("world/story.md", "//cdn.example/a.jpg", "https://cdn.example/a.jpg"),
    ("world/story.md", "ftp://cdn.example/a.jpg", None),
    ("world/story.md", "https://[oops/a.jpg", None),
])
def test_lead_image_url(source: str, image: str, url: str | None) -> None:
    assert lead_image_url(article(source, image=image), SITE) == url


def test_the_site_default_image_resolves_against_the_site() -> None:
    site = replace(SITE, default_image="img/logo.png")
    assert lead_image_url(article("world/story.md"), site) == \
        "https://news.example.org/img/logo.png"
    assert lead_image_url(article("world/story.md", image="own.png"), site) == \
        "https://news.example.org/world/own.png"
    assert lead_image_url(article("world/story.md"), SITE) is None


def test_html_key_follows_page_folder_and_id() -> None:
    a = article("world/story.md")
    key = html_key(a, IDENTITY, SITE)
    assert html_key(a, IDENTITY, SITE) == key
    assert html_key(a, replace(IDENTITY, path="other/"), SITE) != key
    assert html_key(a, replace(IDENTITY, id="urn:uuid:y"), SITE) != key
    assert html_key(article("asia/story.md"), IDENTITY, SITE) != key
    assert html_key(a, IDENTITY, replace(SITE, base_url="https://other.example/")) != key
    assert html_key(a, replace(IDENTITY, first_published=APRIL.replace(year=2020)), SITE) == key


@pytest.mark.parametrize(("fields", "summary"), [
    ({"summary": "  "}, "Body of the story."),
    ({"summary": None, "body_html": ""}, "Story"),
    ({"summary": None, "body_html": "<p>  </p>"}, "Story"),
])
def test_a_missing_summary_falls_back_to_the_body_then_the_title(
        fields: dict[str, object], summary: str) -> None:
    assert make_entry(article(**fields), IDENTITY, SITE).summary == summary


def test_the_entry_holds_no_unsanitized_body() -> None:
    e = make_entry(article(body_html="<p>Body<script>x</script></p>"), IDENTITY, SITE)
    assert e.article.body_html == "" and e.content_html == "<p>Body</p>"
