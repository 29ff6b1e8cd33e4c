"""The sample site's podcast feed: itunes: and podcast: tags, every episode's
enclosure read back with the right length, type and duration by feedparser
and podcastparser, Apple's rules checked, and a feed that breaks them kept
from publishing."""

from __future__ import annotations

import io
import json
import shutil
import uuid
from pathlib import Path

import feedparser
import mutagen
import podcastparser
import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image

from newswire.run import BuildOptions, build
from newswire.cli import main
from newswire.config import load_feeds
from newswire.errors import ConfigError
from newswire.feeds.podcast import podcast_guid
from newswire.validate import validate_bytes

from .conftest import NOW

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
FEED_URL = "https://news.example.org/feeds/podcast/rss.xml"
EPISODES = {  # file -> title
    "podcast/evening-wrap.mp3": "Evening wrap: a rocket test in Florida",
    "podcast/morning-briefing.mp3": "Morning briefing: a spacewalk and talks in Vladivostok",
}


def expected(site: Path) -> dict[str, tuple[str, int, str, int]]:
    """title -> (url, length, type, duration) measured here, not by newswire."""
    out = {}
    for name, title in EPISODES.items():
        path = site / "content" / name
        seconds = round(mutagen.File(path).info.length)
        out[title] = (f"https://news.example.org/{name}", path.stat().st_size, "audio/mpeg",
                      seconds)
    return out


@pytest.fixture
def podcast_rss(shared_built_site: tuple[Path, object]) -> tuple[Path, bytes]:
    site, _ = shared_built_site
    return site, (site / "public/feeds/podcast/rss.xml").read_bytes()


def test_podcast_guid_follows_the_podcasting_2_0_example() -> None:
    # the namespace's own example: the Podcasting 2.0 feed's URL gives this guid
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == \
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml//") == \
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_channel_tags(podcast_rss: tuple[Path, bytes]) -> None:
    _, data = podcast_rss
    channel = etree.fromstring(data).find("channel")
    assert channel.findtext(f"{ITUNES}author") == "Example Wire"
    assert channel.find(f"{ITUNES}image").get("href") == \
        "https://news.example.org/podcast/artwork.png"
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.findtext(f"{ITUNES}type") == "episodic"
    category = channel.find(f"{ITUNES}category")
    assert category.get("text") == "News"
    assert [c.get("text") for c in category] == ["Daily News"]
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "desk@news.example.org"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}name") == "Example Wire Desk"
    locked = channel.find(f"{PODCAST}locked")
    assert (locked.text, locked.get("owner")) == ("yes", "desk@news.example.org")
    stripped = FEED_URL.split("://", 1)[1]
    assert channel.findtext(f"{PODCAST}guid") == str(
        uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), stripped))


def test_only_episodes_are_in_the_podcast_feed(podcast_rss: tuple[Path, bytes]) -> None:
    site, data = podcast_rss
    titles = [i.findtext("title") for i in etree.fromstring(data).iter("item")]
    assert titles == ["Evening wrap: a rocket test in Florida",
                      "Morning briefing: a spacewalk and talks in Vladivostok"]
    main = etree.parse(str(site / "public/feeds/main/rss.xml")).getroot()
    assert len(list(main.iter("item"))) > 2  # the main feed still has every story


def test_episode_tags(podcast_rss: tuple[Path, bytes]) -> None:
    site, data = podcast_rss
    want = expected(site)
    for item in etree.fromstring(data).iter("item"):
        url, length, media_type, seconds = want[item.findtext("title")]
        (enclosure,) = item.findall("enclosure")
        assert dict(enclosure.attrib) == {"url": url, "length": str(length),
                                          "type": media_type}
        assert item.findtext(f"{ITUNES}duration") == str(seconds)
        transcript = item.find(f"{PODCAST}transcript")
        assert transcript.get("url") == url.replace(".mp3", ".vtt")
        assert transcript.get("type") == "text/vtt"
        chapters = item.find(f"{PODCAST}chapters")
        assert chapters.get("url") == url.replace(".mp3", "-chapters.json")
        assert chapters.get("type") == "application/json+chapters"
        chapters_file = site / "public" / url.split("news.example.org/")[1].replace(
            ".mp3", "-chapters.json")
        assert json.loads(chapters_file.read_text("utf-8"))["version"] == "1.2.0"


def test_feedparser_reads_every_episode(podcast_rss: tuple[Path, bytes]) -> None:
    site, data = podcast_rss
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    assert parsed.feed.image.href == "https://news.example.org/podcast/artwork.png"
    got = {e.title: (e.enclosures[0].href, int(e.enclosures[0].length), e.enclosures[0].type,
                     int(e.itunes_duration)) for e in parsed.entries}
    assert got == expected(site)
    assert all(len(e.enclosures) == 1 for e in parsed.entries)


def test_podcastparser_reads_every_episode(podcast_rss: tuple[Path, bytes]) -> None:
    site, data = podcast_rss
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(data))
    assert parsed["title"] == "Example Wire podcast"  # the show's name, as written
    assert parsed["cover_url"] == "https://news.example.org/podcast/artwork.png"
    assert parsed["type"] == "episodic"
    got = {}
    for episode in parsed["episodes"]:
        (enclosure,) = episode["enclosures"]
        got[episode["title"]] = (enclosure["url"], enclosure["file_size"],
                                 enclosure["mime_type"], episode["total_time"])
        # podcastparser 0.6 knows the podcast: tags only under the namespace's old
        # GitHub URI, not https://podcastindex.org/namespace/1.0 that the spec names
    assert got == expected(site)


def test_the_sample_podcast_passes_validate_strict(
        shared_built_site: tuple[Path, object]) -> None:
    site, report = shared_built_site
    assert report.errors == [] and report.warnings == []
    result = CliRunner().invoke(main, ["validate", "--strict",
                                       str(site / "public/feeds/podcast")])
    assert result.exit_code == 0, result.output
    assert result.output == "3 feeds, 0 errors, 0 warnings\n"


def test_artwork_pixels_are_checked_when_the_file_is_local(tmp_path: Path) -> None:
    rss = (Path(__file__).parent / "fixtures/validate/podcast-https/good.xml").read_bytes()
    art = tmp_path / "art.png"
    for size, mode, codes in (((1400, 1400), "RGB", []),
                              ((3000, 3000), "RGB", []),
                              ((1000, 1000), "RGB", ["PODCAST-ARTWORK-SIZE"]),
                              ((3001, 3001), "RGB", ["PODCAST-ARTWORK-SIZE"]),
                              ((1400, 1500), "RGB", ["PODCAST-ARTWORK-SIZE"]),
                              ((1400, 1400), "RGBA", ["PODCAST-ARTWORK-FORMAT"]),
                              ((1400, 1400), "CMYK", ["PODCAST-ARTWORK-FORMAT"])):
        fmt = "JPEG" if mode == "CMYK" else "PNG"
        Image.new(mode, size).save(art, fmt)
        found = validate_bytes(rss, "feed.xml", "rss",
                               lambda url: art if url == "https://example.com/art.png" else None)
        assert [(f.code, f.line) for f in found] == [(c, 9) for c in codes], (size, mode)
    assert validate_bytes(rss, "feed.xml", "rss") == []  # no file: not checked


def _bad_artwork(site: Path) -> None:
    Image.new("RGB", (1000, 1000), (1, 2, 3)).save(site / "content/podcast/artwork.png")


def test_a_build_refuses_a_podcast_feed_that_breaks_the_rules(built_site) -> None:
    site, _ = built_site
    feed = site / "public/feeds/podcast/rss.xml"
    before = feed.read_bytes()
    _bad_artwork(site)
    (site / "content/podcast/evening-wrap.md").write_text(
        (site / "content/podcast/evening-wrap.md").read_text("utf-8").replace(
            "title: \"Evening wrap", "title: \"Evening wrap (corrected)"), "utf-8")
    report = build(site, BuildOptions(now=NOW))
    (error,) = report.errors
    assert str(error).startswith(f"{site / 'feeds/podcast.toml'}:6: error: "
                                 "PODCAST-ARTWORK-SIZE: itunes_image: artwork "
                                 "'https://news.example.org/podcast/artwork.png' (")
    assert "is 1000x1000 pixels" in str(error) and str(error).endswith(
        "(public/feeds/podcast/rss.xml:16); not published, the previous version stays")
    assert feed.read_bytes() == before
    # the other feeds carry the edit
    assert b"Evening wrap (corrected)" in (site / "public/feeds/main/rss.xml").read_bytes()


def test_missing_artwork_keeps_the_podcast_feed_from_publishing(sample_site: Path) -> None:
    (sample_site / "content/podcast/artwork.png").unlink()
    report = build(sample_site, BuildOptions(now=NOW))
    (error,) = report.errors
    assert str(error).startswith(
        f"{sample_site / 'feeds/podcast.toml'}:6: error: PODCAST-ARTWORK-MISSING: "
        "itunes_image: artwork "
        f"'https://news.example.org/podcast/artwork.png' is not a file of the site "
        f"({sample_site / 'content/podcast/artwork.png'} is missing)")
    assert not (sample_site / "public/feeds/podcast/rss.xml").exists()
    assert (sample_site / "public/feeds/podcast/atom.xml").is_file()


def test_http_sites_publish_podcasts_with_a_warning(sample_site: Path) -> None:
    toml = sample_site / "feeds/site.toml"
    toml.write_text(toml.read_text("utf-8").replace("https://news.example.org/",
                                                    "http://news.example.org/"), "utf-8")
    report = build(sample_site, BuildOptions(now=NOW))
    assert report.errors == []
    https = [str(w) for w in report.warnings if "PODCAST-HTTPS" in str(w)]
    assert len(https) == 3  # the artwork and two enclosures
    assert all("base_url is http://" in w for w in https)
    data = (sample_site / "public/feeds/podcast/rss.xml").read_bytes()
    assert b'<enclosure url="http://news.example.org/podcast/evening-wrap.mp3"' in data


def test_serial_shows_number_their_episodes_from_the_oldest(sample_site: Path) -> None:
    toml = sample_site / "feeds/podcast.toml"
    toml.write_text(toml.read_text("utf-8").replace('"episodic"', '"serial"'), "utf-8")
    assert build(sample_site, BuildOptions(now=NOW)).errors == []
    channel = etree.parse(str(sample_site / "public/feeds/podcast/rss.xml")).getroot()[0]
    assert channel.findtext(f"{ITUNES}type") == "serial"
    assert [(i.findtext("title")[:7], i.findtext(f"{ITUNES}episode"))
            for i in channel.iter("item")] == [("Evening", "2"), ("Morning", "1")]


def test_archive_pages_of_a_podcast_carry_the_show_s_guid(sample_site: Path) -> None:
    toml = sample_site / "feeds/podcast.toml"
    toml.write_text(toml.read_text("utf-8") + "max_items = 1\narchive = true\n", "utf-8")
    assert build(sample_site, BuildOptions(now=NOW)).errors == []
    guids = set()
    for name in ("rss.xml", "archive/rss-1.xml"):
        root = etree.parse(str(sample_site / "public/feeds/podcast" / name)).getroot()
        guids.add(root[0].findtext(f"{PODCAST}guid"))
        assert len(list(root.iter("item"))) == 1
    assert guids == {podcast_guid(FEED_URL)}


@pytest.mark.parametrize(("lines", "words"), [
    ('itunes_image = "a.png"', "add podcast = true"),
    ('podcast = true\nitunes_type = "daily"', "itunes_type: 'daily'"),
    ('podcast = true\nitunes_owner = { name = "Desk" }', "itunes_owner: must be a table"),
    ('podcast = true\nitunes_owner = { name = "Desk", email = "desk" }',
     "'desk' is not an e-mail address"),
    ('podcast = true\npodcast_guid = "x"', "podcast_guid: 'x' is not a UUID"),
    ('podcast = true\nitunes_explicit = "no"', "itunes_explicit: must be true or false"),
    ('podcast = true\nitunes_explicit = "false"',
     "itunes_explicit: must be true or false, without quotes (not 'false')"),
    ('podcast = true\npodcast_locked = "yes"', "podcast_locked: must be true or false, without"),
    ('podcast = true\nitunes_category = 5',
     'itunes_category: must be a category or a list of them, like "News"'),
    ('podcast = true\nitunes_category = { News = "Daily News" }',
     "itunes_category: must be a category or a list"),
    ('podcast = true\nformats = ["atom", "json"]', 'formats: a podcast is an RSS feed'),
    ('podcast = true\nitunes_image = "art.jpeg"', "itunes_image: 'art.jpeg': Apple Podcasts"),
])
def test_podcast_settings_errors_name_file_line_and_key(tmp_path: Path, lines: str,
                                                        words: str) -> None:
    (tmp_path / "cast.toml").write_text('title = "Cast"\n' + lines + "\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_feeds(tmp_path)
    said = str(caught.value.diagnostic())
    assert said.startswith(f"{tmp_path / 'cast.toml'}:")
    assert words in said


def test_a_podcast_feed_without_episodes_is_still_valid(sample_site: Path) -> None:
    shutil.rmtree(sample_site / "content/podcast/")
    (sample_site / "content/podcast").mkdir()
    shutil.copy(Path(__file__).parents[1] / "content/podcast/artwork.png",
                sample_site / "content/podcast/artwork.png")
    report = build(sample_site, BuildOptions(now=NOW))
    assert report.errors == []
    root = etree.parse(str(sample_site / "public/feeds/podcast/rss.xml")).getroot()
    assert list(root.iter("item")) == []
    (warning,) = [str(w) for w in report.warnings if "'podcast' is empty" in str(w)]
    assert warning.endswith("; a podcast holds only articles with audio: or video:")


def test_two_shows_cannot_share_a_podcast_guid(tmp_path: Path) -> None:
    show = 'podcast = true\npodcast_guid = "917393e3-1b1e-5cef-ace4-edaa54e1f810"\n'
    (tmp_path / "daily.toml").write_text('title = "Daily"\n' + show, "utf-8")
    (tmp_path / "weekly.toml").write_text('title = "Weekly"\n' + show, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_feeds(tmp_path)
    assert str(caught.value.diagnostic()) == (
        f"{tmp_path / 'weekly.toml'}:3: error: podcast_guid: feeds 'daily' and 'weekly' both "
        "claim this show's guid; directories would take them for one show: keep it on one "
        "of them")
