"""init_site and its helpers: a new site's files, parsed back."""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from newswire.errors import ConfigError, NewswireError
from newswire.scaffold import (PLACEHOLDER_URL, detect_language, detect_timezone, init_site,
                               site_title)

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=timezone.utc)
ENV = {"TZ": "Europe/Rome", "LANG": "it_IT.UTF-8"}


def test_a_new_site_has_settings_a_feed_an_article_and_gitignore(tmp_path: Path) -> None:
    result = init_site(tmp_path / "daily-planet", NOW, "https://news.example.org",
                       environ=ENV)
    root = tmp_path / "daily-planet"
    assert result.root == root and result.files == (
        "feeds/site.toml", "feeds/main.toml", "content/welcome.md", ".gitignore")
    assert (result.base_url, result.title, result.timezone, result.language,
            result.placeholder) == ("https://news.example.org/", "Daily planet",
                                    "Europe/Rome", "it-IT", False)
    site = tomllib.loads((root / "feeds/site.toml").read_text())
    assert site == {"base_url": "https://news.example.org/", "title": "Daily planet",
                    "description": "News from Daily planet.", "language": "it-IT",
                    "timezone": "Europe/Rome"}
    feed = tomllib.loads((root / "feeds/main.toml").read_text())
    assert feed["archive"] is True and feed["max_items"] == 50
    text = (root / "content/welcome.md").read_text()
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == "Welcome to Daily planet"
    assert meta["date"] == NOW and meta["date"].utcoffset().total_seconds() == 3600
    assert str(meta["id"]).startswith("urn:uuid:")
    gitignore = (root / ".gitignore").read_text().splitlines()
    assert "/public/" in gitignore and "!/.newswire/state.json" in gitignore


def test_without_a_base_url_a_marked_placeholder_is_written(tmp_path: Path) -> None:
    result = init_site(tmp_path, NOW, environ=ENV)
    assert result.placeholder and result.base_url == PLACEHOLDER_URL
    line = (tmp_path / "feeds/site.toml").read_text().splitlines()[1]
    assert line.startswith(f'base_url = "{PLACEHOLDER_URL}"  # PLACEHOLDER')


@pytest.mark.parametrize(("options", "words"), [
    ({"base_url": "ftp://x.example/"}, "--base-url: "),
    ({"timezone": "Mars/Olympus"}, "--timezone: unknown time zone 'Mars/Olympus'"),
    ({"language": "not a tag"}, "--language: "),
])
def test_bad_settings_are_refused_before_writing(tmp_path: Path, options: dict[str, str],
                                                 words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        init_site(tmp_path / "site", NOW, environ=ENV, **options)
    assert caught.value.message.startswith(words)
    assert not (tmp_path / "site").exists()


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds/main.toml").write_text("mine")
    with pytest.raises(NewswireError) as caught:
        init_site(tmp_path, NOW, environ=ENV)
    assert caught.value.path == tmp_path / "feeds/main.toml"
    assert (tmp_path / "feeds/main.toml").read_text() == "mine"
    assert not (tmp_path / "feeds/site.toml").exists()


def test_a_file_where_the_folder_goes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("x")
    with pytest.raises(NewswireError, match="is not a folder"):
        init_site(tmp_path / "site", NOW, environ=ENV)


def test_detect_timezone_and_language(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    assert detect_timezone({"TZ": "Asia/Tokyo"}, missing, missing) == "Asia/Tokyo"
    assert detect_timezone({}, missing, missing) == "UTC"
    assert detect_language({"LC_ALL": "de_AT.UTF-8", "LANG": "fr_FR"}) == "de-AT"
    assert detect_language({"LANG": "POSIX"}) == "en"


@pytest.mark.parametrize(("name", "title"), [
    ("my-wire", "My wire"), ("Example_Wire", "Example Wire"), ("---", "News"),
])
def test_site_title(name: str, title: str) -> None:
    assert site_title(Path("/x") / name) == title
