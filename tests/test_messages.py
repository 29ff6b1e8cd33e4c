"""Messages point at the line to edit, with a fix that fits; no '.:' prefix;
a site without a title is told so."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from click.testing import CliRunner

from newswire.cli import main
from newswire.errors import ArticleError
from newswire.readers import read_article

UTC = ZoneInfo("UTC")


def read(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return read_article(path, tmp_path, UTC)


@pytest.mark.parametrize(("front", "line", "words"), [
    # an unclosed quote on line 2 is reported on line 2, not at the end
    ('title: "Kim meets Putin\ndate: 2019-04-25\ntags: [world]\n', 2,
     'the quote " opened on this line is never closed; end the value with "'),
    ("title: 'Kim meets Putin\ndate: 2019-04-25\n", 2, "the quote ' opened on this line"),
    # ... also when a later quote closes it by accident
    ('title: "Kim meets Putin\ndate: 2019-04-25\nsummary: "Talks"\n', 2,
     'the quote " opened on this line is never closed'),
    ('date:2019-04-25\ntitle: A\n', 2, "a space is needed after 'date:' (write 'date: 2019-04-25')"),
    ('title: A\ndate:2019-04-25\ntags: [a]\n', 3, "a space is needed after 'date:'"),
    ('title: A\ndate:2019-04-25\n', 3, "a space is needed after 'date:'"),
    ('title: A\n  date: 2019-04-25\n', 3,
     "this line is indented, so YAML reads 'date:' as part of the line above"),
    ('  title: A\ndate: 2019-04-25\n', 2, "the first key is indented"),
    ('title: Kim: the meeting\n', 2,
     "a title containing ': ' needs quotes, like title: \"Kim: the meeting\""),
    ('title: A\ntags: [a, b\ndate: 2019-04-25\n', 3,
     "the list opened with '[' on this line is never closed; end it with ']'"),
])
def test_yaml_mistakes_are_reported_where_they_are(tmp_path, front, line, words):
    with pytest.raises(ArticleError) as caught:
        read(tmp_path, "a.md", f"---\n{front}---\nBody.\n")
    assert caught.value.line == line, caught.value.message
    assert words in caught.value.message


def test_a_valid_multi_line_quote_is_not_blamed(tmp_path):
    with pytest.raises(ArticleError) as caught:
        read(tmp_path, "a.md", '---\nsummary: "a long\n  text"\ntitle: a: b\n---\nBody.\n')
    assert caught.value.line == 4 and "a title containing ': ' needs quotes" \
        in caught.value.message


def test_sidecar_yaml_mistakes_too(tmp_path):
    (tmp_path / "a.yaml").write_text('author: "Jo\ntags: [x]\n', "utf-8")
    with pytest.raises(ArticleError) as caught:
        read(tmp_path, "a.txt", "Title\n\nText.\n")
    assert caught.value.path == tmp_path / "a.yaml" and caught.value.line == 1
    assert "the quote \" opened on this line is never closed" in caught.value.message


def make_site(root: Path, settings: str) -> Path:
    (root / "feeds").mkdir(parents=True)
    (root / "feeds/site.toml").write_text(settings, "utf-8")
    return root


def test_no_content_folder_names_the_folder_not_dot(tmp_path, monkeypatch):
    site = make_site(tmp_path / "my-news", 'base_url = "https://x.org/"\ntitle = "X"\n')
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert not result.output.startswith(".:")
    assert result.output.startswith("content: error: no such folder in the site folder "
                                    "'my-news'; create content/")


def test_site_without_title_is_warned_and_named_after_its_host(tmp_path):
    site = make_site(tmp_path / "s", 'base_url = "https://news.example.org/"\n')
    (site / "content").mkdir()
    (site / "content/a.md").write_text("---\ntitle: A\ndate: 2020-01-01\n---\nB.\n", "utf-8")
    result = CliRunner().invoke(main, ["--site", str(site), "build", "--quiet", "--now",
                                       "2026-01-01T00:00:00Z"])
    assert result.exit_code == 0
    assert f"{site}/feeds/site.toml: warning: the site has no title" in result.output
    feed = feedparser.parse((site / "public/feeds/main/atom.xml").read_bytes())
    assert feed.feed.title == "news.example.org: All stories"
    assert "newswire" not in feed.feed.title
    # with a title, nothing to say
    (site / "feeds/site.toml").write_text(
        'base_url = "https://news.example.org/"\ntitle = "Wire"\n', "utf-8")
    result = CliRunner().invoke(main, ["--site", str(site), "build", "--quiet", "--now",
                                       "2026-01-01T00:00:00Z"])
    assert result.output == ""


def test_missing_settings_name_the_site_folder(tmp_path, monkeypatch):
    (tmp_path / "not-a-site").mkdir()
    monkeypatch.chdir(tmp_path / "not-a-site")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.output.startswith("feeds/site.toml: error: file not found in the site "
                                    "folder 'not-a-site'; every site needs feeds/site.toml")
    assert "--site or NEWSWIRE_SITE; `newswire init` starts a new site)" in result.output
