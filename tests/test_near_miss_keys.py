"""A misspelled key is never silently ignored: "did you mean `draft`?"."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newswire.run import BuildOptions, build
from newswire.cli import main
from newswire.config import load_feeds, load_site
from newswire.errors import ArticleError, ConfigError
from newswire.readers import read_article
from newswire.suggest import edit_distance, suggest
from zoneinfo import ZoneInfo

from .conftest import NOW

KNOWN = ("title", "date", "updated", "summary", "author", "tags", "category", "image",
         "image_alt", "url", "slug", "id", "draft", "lang", "audio", "video")


def read_md(tmp_path: Path, front: str):
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    path = content / "a.md"
    path.write_text(f"---\n{front}---\nBody.\n", "utf-8")
    return read_article(path, content, ZoneInfo("UTC"))


@pytest.mark.parametrize(("key", "known"), [
    ("drafts", "draft"), ("Draft", "draft"), ("DRAFT", "draft"), ("tag", "tags"),
    ("categories", "category"), ("summery", "summary"), ("Title", "title"),
    ("Title:", "title"), ("titel", "title"), ("publish_date", "date"), ("pubDate", "date"),
    ("published", "date"), ("date_published", "date"), ("image-alt", "image_alt"),
    ("imagealt", "image_alt"), ("catgeroy", "category"), ("udpated", "updated"),
    ("videos", "video"), ("lastmod", "updated"), ("language", "lang"),
    ("description", "summary"), ("slugs", "slug"), ("Tags", "tags"),
])
def test_front_matter_near_miss_is_an_error_naming_both_keys(tmp_path, key, known):
    with pytest.raises(ArticleError) as caught:
        read_md(tmp_path, f"title: T\ndate: 2020-01-01\n{key}: yes\n")
    assert caught.value.message.startswith(f"{key}: unknown key; did you mean `{known}`?")
    assert caught.value.line == 4


@pytest.mark.parametrize("key", ["source", "credit", "location", "subtitle", "byline",
                                 "caption", "weight", "rate", "note", "radio", "series",
                                 "kicker", "layout", "status"])
def test_keys_that_resemble_nothing_are_kept(tmp_path, key):
    article, warnings = read_md(tmp_path, f"title: T\ndate: 2020-01-01\n{key}: some value\n")
    assert dict(article.extra) == {key: "some value"}
    assert warnings == []


def test_drafts_true_never_publishes_the_embargoed_story(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds/site.toml").write_text('base_url = "https://x.org/"\ntitle = "X"\n')
    (tmp_path / "content").mkdir()
    (tmp_path / "content/embargo.md").write_text(
        "---\ntitle: Embargoed\ndate: 2020-01-01\ndrafts: true\n---\nSecret.\n", "utf-8")
    report = build(tmp_path, BuildOptions(now=NOW))
    (error,) = report.errors
    assert error.line == 4 and "did you mean `draft`?" in error.message
    assert b"Embargoed" not in (tmp_path / "public/feeds/main/rss.xml").read_bytes()
    assert not (tmp_path / "public/embargo").exists()


def test_sidecar_keys_are_checked_too(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.txt").write_text("Title\n\nText.\n", "utf-8")
    (content / "a.toml").write_text('author = "A"\ntag = ["x"]\n', "utf-8")
    with pytest.raises(ArticleError) as caught:
        read_article(content / "a.txt", content, ZoneInfo("UTC"))
    assert caught.value.path == content / "a.toml" and caught.value.line == 2
    assert "tag: unknown key; did you mean `tags`?" in caught.value.message


def test_every_near_miss_is_named(tmp_path):
    with pytest.raises(ArticleError) as caught:
        read_md(tmp_path, "title: T\ntag: [a]\nDraft: true\n")
    assert caught.value.message.startswith("tag: unknown key; did you mean `tags`? Also "
                                           "`Draft`: did you mean `draft`?")


@pytest.mark.parametrize(("text", "line", "words"), [
    ('base_url = "https://x.org/"\ntitel = "typo"\n', 2, "titel: unknown key; did you mean `title`?"),
    ('baseURL = "https://x.org/"\n', 1, "baseURL: unknown key; did you mean `base_url`?"),
    ('base_url = "https://x.org/"\ntime_zone = "UTC"\n', 2, "did you mean `timezone`?"),
    ('base_url = "https://x.org/"\nlang = "en"\n', 2, "lang: unknown key; did you mean `language`?"),
    ('base_url = "https://x.org/"\nfavourite = 1\n', 2, "favourite: unknown key; known keys are: "),
])
def test_site_toml_suggestions(tmp_path, text, line, words):
    (tmp_path / "site.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_site(tmp_path)
    assert caught.value.line == line and words in caught.value.message


@pytest.mark.parametrize(("text", "words"), [
    ("max_item = 3\n", "max_item: unknown key; did you mean `max_items`?"),
    ('include_tag = ["a"]\n', "did you mean `include_tags`?"),
    ('tags = ["a"]\n', "tags: unknown key; did you mean `include_tags`?"),
    ("sumary_only = true\n", "did you mean `summary_only`?"),
    ("enable = false\n", "did you mean `enabled`?"),
])
def test_feed_toml_suggestions(tmp_path, text, words):
    (tmp_path / "site.toml").write_text('base_url = "https://x.org/"\n', "utf-8")
    (tmp_path / "world.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_feeds(tmp_path)
    assert words in caught.value.message and caught.value.line == 1


def test_cli_message_for_a_misspelled_draft(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds/site.toml").write_text('base_url = "https://x.org/"\ntitle = "X"\n')
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("---\ntitle: A\ndrafts: true\n---\nB\n", "utf-8")
    result = CliRunner().invoke(main, ["--site", str(tmp_path), "build", "--quiet"])
    assert result.exit_code == 1
    assert f"{tmp_path}/content/a.md:3: error: drafts: unknown key; did you mean `draft`?" \
        in result.output


def test_suggest_rules():
    assert suggest("title", KNOWN) is None
    assert suggest("", KNOWN) is None
    assert suggest("data", KNOWN) == "date"  # one letter off, same first letter
    assert suggest("rate", KNOWN) is None    # short words must share the first letter
    assert suggest("pubdate", KNOWN, {"pubDate": "date"}) == "date"
    assert suggest("x", KNOWN, {"x": "not-known"}) is None
    assert edit_distance("titel", "title") == 1
    assert edit_distance("abc", "abcdefgh", 3) == 3
    assert edit_distance("summery", "summary") == 1


def test_published_false_points_at_draft(tmp_path):
    with pytest.raises(ArticleError) as caught:
        read_md(tmp_path, "title: T\npublished: false\n")
    assert caught.value.message.startswith(
        "published: unknown key; did you mean `draft`? (`published: false` is `draft: true`)")
    with pytest.raises(ArticleError, match="did you mean `date`"):
        read_md(tmp_path, "title: T\npublished: 2020-01-01\n")
