"""feeds/site.toml and feeds/<name>.toml read through load_site and
load_feeds: defaults, the site's notes, feeds turned off, podcast settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswire.config import PodcastSettings, load_feeds, load_site
from newswire.errors import ConfigError
from newswire.model import Author


def folder(tmp_path: Path, site: str = 'base_url = "https://x.org/news"\n',
           **feeds: str) -> Path:
    path = tmp_path / "feeds"
    path.mkdir()
    (path / "site.toml").write_text(site, "utf-8")
    for name, text in feeds.items():
        (path / f"{name}.toml").write_text(text, "utf-8")
    return path


def test_site_values(tmp_path: Path) -> None:
    site = load_site(folder(tmp_path, (
        'base_url = "https://x.org/news"\ntitle = " Wire "\ntimezone = "Europe/Rome"\n'
        'author = ["Ann <ann@example.org>", "Desk"]\nhub = "https://hub.example/"\n'
        'updated = "auto"\ndefault_image = "img/logo.png"\n')))
    assert site.base_url == "https://x.org/news/" and site.title == "Wire"
    assert str(site.timezone) == "Europe/Rome" and site.updated == "auto"
    assert site.authors == (Author("Ann", "ann@example.org"), Author("Desk"))
    assert site.hub == "https://hub.example/" and site.default_image == "img/logo.png"
    assert site.notes == ()


def test_a_site_without_title_is_named_after_its_host_with_a_note(tmp_path: Path) -> None:
    site = load_site(folder(tmp_path))
    assert site.title == "x.org"
    [note] = site.notes
    assert note.level == "warning" and "the site has no title" in note.message


@pytest.mark.parametrize(("text", "line", "words"), [
    ('base_url = "https://x.org/"\nurl = "https://x.org/"\n', 2, "url: "),
    ('base_url = "https://x.org/"\nupdated = "sometimes"\n', 2, "updated: "),
    ('base_url = "https://x.org/"\nlanguage = "not a tag"\n', 2, "language: "),
])
def test_site_errors_name_their_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_site(folder(tmp_path, text))
    assert caught.value.line == line and caught.value.message.startswith(words)


def test_main_exists_without_its_file_and_feeds_are_sorted(tmp_path: Path) -> None:
    feeds = load_feeds(folder(tmp_path, zeta='title = "Z"\n', alpha='title = "A"\n'))
    assert [f.name for f in feeds] == ["alpha", "main", "zeta"]
    main = feeds[1]
    assert (main.title, main.path, main.formats) == ("All stories", "feeds/main",
                                                     ("rss", "atom", "json"))


def test_a_feed_turned_off_is_left_out(tmp_path: Path) -> None:
    feeds = load_feeds(folder(tmp_path, main="enabled = false\n", world='title = "W"\n'))
    assert [f.name for f in feeds] == ["world"]


def test_feed_values(tmp_path: Path) -> None:
    [feed, _] = load_feeds(folder(tmp_path, asia=(
        'title = "Asia"\npath = "regions/asia/"\nformats = ["json", "rss"]\n'
        'max_items = 5\nexclude_tags = ["sport"]\nsummary_only = true\narchive = true\n'
        'updated = "manual"\n')))
    assert (feed.path, feed.formats, feed.max_items) == ("regions/asia", ("rss", "json"), 5)
    assert (feed.exclude_tags, feed.summary_only, feed.archive, feed.updated) == (
        ("sport",), True, True, "manual")


def test_a_feed_file_name_must_be_simple(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="feed file names may use"):
        load_feeds(folder(tmp_path, **{"my feed": 'title = "x"\n'}))


def test_podcast_settings(tmp_path: Path) -> None:
    [_, show] = load_feeds(folder(tmp_path, show=(
        'podcast = true\nitunes_image = "art/show.jpg"\n'
        'itunes_category = ["News > Daily News", "Technology"]\nitunes_explicit = true\n'
        'itunes_owner = { name = "Desk", email = "desk@example.org" }\n'
        'itunes_type = "serial"\nitunes_author = "The Desk"\npodcast_locked = false\n'
        'podcast_guid = "917393E3-1B1E-5CEF-ACE4-EDAA54E1F810"\n')))
    assert show.podcast == PodcastSettings(
        image="art/show.jpg", categories=(("News", "Daily News"), ("Technology", None)),
        explicit=True, owner_name="Desk", owner_email="desk@example.org", type="serial",
        author="The Desk", locked=False, guid="917393e3-1b1e-5cef-ace4-edaa54e1f810")


@pytest.mark.parametrize(("text", "key", "words"), [
    ('itunes_image = "a.jpg"\n', "itunes_image", "is a podcast setting; add podcast = true"),
    ('podcast = true\nitunes_explicit = "no"\n', "itunes_explicit", "without quotes"),
    ('podcast = true\nitunes_type = "daily"\n', "itunes_type", "use \"episodic\""),
    ('podcast = true\npodcast_guid = "abc"\n', "podcast_guid", "is not a UUID"),
    ('podcast = true\nitunes_image = "a.gif"\n', "itunes_image", "takes artwork named .jpg"),
    ('podcast = true\nitunes_owner = { name = "D" }\n', "itunes_owner", "must be a table"),
    ('podcast = true\nitunes_owner = { name = "D", email = "d" }\n', "itunes_owner",
     "'d' is not an e-mail address"),
    ('podcast = true\nitunes_category = " > Daily"\n', "itunes_category", "write a category"),
    ('podcast = true\nformats = ["atom"]\n', "formats", "a podcast is an RSS feed"),
])
def test_podcast_setting_errors(tmp_path: Path, text: str, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_feeds(folder(tmp_path, show=text))
    assert caught.value.message.startswith(f"{key}: ") and words in caught.value.message
    assert caught.value.line == next(n for n, line in enumerate(text.splitlines(), 1)
                                     if line.startswith(key))


def test_two_podcasts_cannot_share_a_guid(tmp_path: Path) -> None:
    guid = 'podcast = true\npodcast_guid = "917393e3-1b1e-5cef-ace4-edaa54e1f810"\n'
    with pytest.raises(ConfigError, match="both claim this show's guid"):
        load_feeds(folder(tmp_path, a=guid + 'path = "a"\n', b=guid + 'path = "b"\n'))
