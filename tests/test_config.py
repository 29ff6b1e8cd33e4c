"""Site and feed settings: unknown keys and wrong types name file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire.config import language_tag, load_feeds, load_site
from newswire.errors import ConfigError


def feeds_dir(tmp_path: Path, site: str, **feeds: str) -> Path:
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "site.toml").write_text(site, "utf-8")
    for name, text in feeds.items():
        (folder / f"{name}.toml").write_text(text, "utf-8")
    return folder


def test_site_defaults(tmp_path):
    site = load_site(feeds_dir(tmp_path, 'base_url = "https://x.org"\nlanguage = "en_us"\n'))
    assert site.base_url == "https://x.org/"
    assert site.language == "en-US"
    assert str(site.timezone) == "UTC"


@pytest.mark.parametrize(("text", "line", "words"), [
    ('base_url = "https://x.org/"\ntitel = "typo"\n', 2, "titel: unknown key"),
    ('base_url = "/relative"\n', 1, "absolute http(s) URL"),
    ('base_url = "https://x.org/"\ntimezone = "Mars/Olympus"\n', 2, "unknown time zone"),
    ('base_url = "https://x.org/"\ntitle = 3\n', 2, "must be a string"),
    ('base_url = "https://x.org/\n', 1, "invalid TOML"),
    ('title = "no base"\n', None, "base_url: required"),
    ('base_url = "https://x.org/?q=1#f"\n', 1, "has a query or fragment"),
    ('base_url = "https://user:pw@x.org/"\n', 1, "must not contain a user name"),
    ('base_url = "https:///path"\n', 1, "absolute http(s) URL"),
    ('base_url = "https://[::1/"\n', 1, "is not a valid URL"),
    ('base_url = "https://x.org:99999/"\n', 1, "is not a valid URL"),
    ('base_url = "https://x.org/%zz/"\n', 1, "not followed by two hex digits"),
    ('base_url = "https://x.org/../"\n', 1, "'.' or '..' in its path"),
    ('base_url = "https://x.org/"\nhub = "https://[::1/"\n', 2, "hub: 'https://[::1/' is not a valid URL"),
])
def test_site_errors(tmp_path, text, line, words):
    with pytest.raises(ConfigError) as caught:
        load_site(feeds_dir(tmp_path, text))
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value.path).endswith("feeds/site.toml")


def test_international_host_names_are_written_in_ascii(tmp_path):
    site = load_site(feeds_dir(tmp_path, 'base_url = "https://b\u00fccher.de/news/"\n'))
    assert site.base_url == "https://xn--bcher-kva.de/news/"


def test_feed_defaults_and_selection_keys(tmp_path):
    folder = feeds_dir(tmp_path, 'base_url = "https://x.org/"\n',
                       world='title = "World"\ninclude_tags = ["world"]\nformats = ["atom", "rss"]\n')
    main, feed = load_feeds(folder)
    assert main.name == "main" and main.path == "feeds/main" and main.include_tags == ()
    assert feed.name == "world" and feed.path == "feeds/world"
    assert feed.formats == ("rss", "atom")
    assert feed.max_items == 50 and feed.include_tags == ("world",)


@pytest.mark.parametrize(("text", "line", "words"), [
    ('title = "W"\nmax_item = 3\n', 2, "max_item: unknown key"),
    ('max_items = 0\n', 1, "at least 1"),
    ('formats = ["rss", "xml"]\n', 1, "unknown format 'xml'"),
    ('path = "../../etc"\n', 1, "would leave public/"),
    ('summary_only = "yes"\n', 1, "true or false"),
    ('include_tags = [1, 2]\n', 1, "list of strings"),
])
def test_feed_errors(tmp_path, text, line, words):
    folder = feeds_dir(tmp_path, 'base_url = "https://x.org/"\n', bad=text)
    with pytest.raises(ConfigError) as caught:
        load_feeds(folder)
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{folder / 'bad.toml'}:{line}: error: ")


def test_two_feeds_one_folder(tmp_path):
    folder = feeds_dir(tmp_path, 'base_url = "https://x.org/"\n',
                       a='path = "feeds/x"\n', b='path = "feeds/x"\n')
    with pytest.raises(ConfigError, match="both write to public/feeds/x/"):
        load_feeds(folder)


@pytest.mark.parametrize(("given", "tag"), [("en_us", "en-US"), ("EN-gb", "en-GB"),
                                            ("zh_hant_tw", "zh-Hant-TW"), ("fr", "fr")])
def test_language_tags(given, tag):
    assert language_tag(given) == tag
