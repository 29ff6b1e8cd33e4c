"""A podcast feed given mistaken settings or episodes: each finding names
the file and line to fix, and the published feed stays as it was."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from newswire.run import BuildOptions, build
from newswire.feeds.podcast import podcast_guid

from .conftest import NOW


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_a_category_not_in_apple_s_list_is_reported_at_its_setting(sample_site: Path) -> None:
    assert build(sample_site, BuildOptions(now=NOW)).errors == []
    feed = sample_site / "public/feeds/podcast/rss.xml"
    before = feed.read_bytes()
    settings = sample_site / "feeds/podcast.toml"
    _edit(settings, '"News > Daily News"', '"news > daily news"')
    (error,) = build(sample_site, BuildOptions(now=NOW)).errors
    assert str(error) == (
        f"{settings}:7: error: PODCAST-CATEGORY: itunes_category: 'news' is not an Apple "
        "Podcasts category; did you mean 'News'? (public/feeds/podcast/rss.xml:13); not "
        "published, the previous version stays")
    assert feed.read_bytes() == before


def test_missing_artwork_setting_points_at_the_podcast_line(sample_site: Path) -> None:
    settings = sample_site / "feeds/podcast.toml"
    _edit(settings, 'itunes_image = "podcast/artwork.png"\n', "")
    (error,) = build(sample_site, BuildOptions(now=NOW)).errors
    assert str(error).startswith(f"{settings}:5: error: PODCAST-ARTWORK-MISSING: itunes_image: "
                                 "the channel has no <itunes:image")


def test_a_show_without_language_is_reported_at_the_site_settings(sample_site: Path) -> None:
    site = sample_site / "feeds/site.toml"
    text = site.read_text("utf-8")
    site.write_text("".join(line for line in text.splitlines(keepends=True)
                            if not line.startswith("language")), "utf-8")
    errors = [str(e) for e in build(sample_site, BuildOptions(now=NOW)).errors]
    assert [e for e in errors if "PODCAST-LANGUAGE" in e] == [
        f"{site}: error: PODCAST-LANGUAGE: language: the channel has no <language>; Apple "
        "Podcasts requires the show's language (set language in feeds/site.toml, like \"en\") "
        "(public/feeds/podcast/rss.xml:4); not published, and no earlier version exists"]


def test_an_episode_left_out_is_reported_at_its_audio_line(sample_site: Path) -> None:
    article = sample_site / "content/podcast/evening-wrap.md"
    text = article.read_text("utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("audio"))
    _edit(article, "audio:", "audio:\n  type: audio/wav\n ")
    (error,) = build(sample_site, BuildOptions(now=NOW)).errors
    assert str(error).startswith(
        f"{article}:{line}: error: left out of public/feeds/podcast/rss.xml: its item would "
        "make the feed invalid (PODCAST-ENCLOSURE: enclosure type 'audio/wav' is not one")
    rss = etree.parse(str(sample_site / "public/feeds/podcast/rss.xml")).getroot()
    assert [i.findtext("title")[:7] for i in rss.iter("item")] == ["Morning"]


def test_files_a_kept_podcast_feed_lists_stay_published(sample_site: Path) -> None:
    assert build(sample_site, BuildOptions(now=NOW)).errors == []
    public = sample_site / "public"
    feed = (public / "feeds/podcast/rss.xml").read_bytes()
    artwork = (public / "podcast/artwork.png").read_bytes()
    episode = (public / "podcast/evening-wrap.mp3").read_bytes()
    (sample_site / "content/podcast/artwork.png").unlink()
    (sample_site / "content/podcast/evening-wrap.mp3").unlink()
    report = build(sample_site, BuildOptions(now=NOW))
    assert any("PODCAST-ARTWORK-MISSING" in str(e) for e in report.errors)
    # the previous feed stays, and so do the artwork and episode it lists
    assert (public / "feeds/podcast/rss.xml").read_bytes() == feed
    assert (public / "podcast/artwork.png").read_bytes() == artwork
    assert (public / "podcast/evening-wrap.mp3").read_bytes() == episode
    # once the feed is published again without the episode, its file goes
    (sample_site / "content/podcast/artwork.png").write_bytes(artwork)
    report = build(sample_site, BuildOptions(now=NOW))
    assert not any("PODCAST" in str(e) for e in report.errors)
    assert b"evening-wrap.mp3" not in (public / "feeds/podcast/rss.xml").read_bytes()
    assert not (public / "podcast/evening-wrap.mp3").exists()


def test_a_show_without_owner_e_mail_gets_a_warning_at_its_settings(sample_site: Path) -> None:
    settings = sample_site / "feeds/podcast.toml"
    _edit(settings, 'itunes_owner = { name = "Example Wire Desk", '
          'email = "desk@news.example.org" }\n', "")
    report = build(sample_site, BuildOptions(now=NOW))
    assert report.errors == []
    (warning,) = report.warnings
    assert str(warning).startswith(f"{settings}:5: warning: PODCAST-OWNER: itunes_owner: the "
                                   "channel has no <itunes:owner> with an <itunes:email>")
    assert (sample_site / "public/feeds/podcast/rss.xml").is_file()  # published all the same


def test_two_episodes_enclosing_one_file_get_a_warning(sample_site: Path) -> None:
    article = sample_site / "content/podcast/evening-wrap.md"
    _edit(article, "path: evening-wrap.mp3", "path: morning-briefing.mp3")
    report = build(sample_site, BuildOptions(now=NOW))
    assert report.errors == []
    (warning,) = [w for w in report.warnings if "PODCAST-ENCLOSURE-DUPLICATE" in str(w)]
    # reported at the older episode (later in the feed), naming the newer one
    older = sample_site / "content/podcast/morning-briefing.md"
    line = next(n for n, row in enumerate(older.read_text("utf-8").splitlines(), 1)
                if row.startswith("audio"))
    assert str(warning).startswith(
        f"{older}:{line}: warning: PODCAST-ENCLOSURE-DUPLICATE: enclosure "
        "'https://news.example.org/podcast/morning-briefing.mp3' is also the enclosure of "
        "content/podcast/evening-wrap.md (public/feeds/podcast/rss.xml:")


def test_a_show_s_name_is_its_title_as_written(built_site) -> None:
    site, _ = built_site
    titles = {name: etree.parse(str(site / f"public/feeds/{name}/rss.xml")).getroot()
              .findtext("channel/title") for name in ("podcast", "world")}
    assert titles == {"podcast": "Example Wire podcast", "world": "Example Wire: World"}


def test_artwork_that_is_not_https_is_reported_at_its_setting(sample_site: Path) -> None:
    settings = sample_site / "feeds/podcast.toml"
    _edit(settings, 'itunes_image = "podcast/artwork.png"',
          'itunes_image = "ftp://example.org/art.png"')
    report = build(sample_site, BuildOptions(now=NOW))
    assert [str(e) for e in report.errors] == [
        f"{settings}:6: error: PODCAST-HTTPS: itunes_image: artwork 'ftp://example.org/art.png' "
        "is not an https:// URL; Apple Podcasts fetches artwork and episodes over HTTPS only "
        "(public/feeds/podcast/rss.xml:16); not published, and no earlier version exists"]


def _show_guid(rss: Path) -> str:
    return etree.parse(str(rss)).getroot().findtext(
        "channel/{https://podcastindex.org/namespace/1.0}guid")


def test_a_show_keeps_its_guid_when_the_domain_and_path_change(sample_site: Path) -> None:
    assert build(sample_site, BuildOptions(now=NOW)).errors == []
    first = _show_guid(sample_site / "public/feeds/podcast/rss.xml")
    assert first == podcast_guid("https://news.example.org/feeds/podcast/rss.xml")
    _edit(sample_site / "feeds/site.toml", "https://news.example.org/",
          "https://wire.example.com/")
    settings = sample_site / "feeds/podcast.toml"
    _edit(settings, "podcast = true\n", 'podcast = true\npath = "shows/daily"\n')
    assert build(sample_site, BuildOptions(now=NOW)).errors == []
    assert _show_guid(sample_site / "public/shows/daily/rss.xml") == first
    # the setting still decides when given (a show moved from another host)
    _edit(settings, "podcast = true\n",
          'podcast = true\npodcast_guid = "917393e3-1b1e-5cef-ace4-edaa54e1f810"\n')
    assert build(sample_site, BuildOptions(now=NOW)).errors == []
    assert _show_guid(sample_site / "public/shows/daily/rss.xml") == \
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
