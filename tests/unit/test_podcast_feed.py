"""Podcast RSS: podcast_guid, artwork_url, and the itunes:/podcast: tags a
podcast FeedDocument renders, parsed back with lxml."""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from newswire.config import PodcastSettings
from newswire.feeds import FeedDocument, render_feed
from newswire.feeds.podcast import ITUNES_NS, PODCAST_NS, artwork_url, podcast_guid
from newswire.model import Enclosure

from .conftest import FEED, SITE, entry

NS = {"itunes": ITUNES_NS, "podcast": PODCAST_NS}
RSS_URL = "https://news.example.org/feeds/show/rss.xml"
MP3 = "https://news.example.org/ep.mp3"
SHOW = PodcastSettings(image="art/show cover.jpg", categories=(("News", "Daily News"),
                                                               ("Technology", None)),
                       explicit=False, owner_name="Desk", owner_email="desk@example.org",
                       author="The Desk")


def episode(source: str, days: int, **media: object):  # type: ignore[no-untyped-def]
    enclosure = Enclosure("audio", MP3, 1234, "audio/mpeg", **media)  # type: ignore[arg-type]
    return replace(entry(source, source.upper(), days=days), enclosures=(enclosure,))


def render(settings: PodcastSettings = SHOW, **fields: object) -> etree._Element:
    feed = replace(FEED, name="show", path="feeds/show", podcast=settings, formats=("rss",))
    entries = fields.pop("entries", (episode("b.md", 1, duration=3723,
                                             transcript_url="https://news.example.org/t.vtt",
                                             transcript_type="text/vtt",
                                             chapters_url="https://news.example.org/c.json"),
                                     episode("a.md", 0)))
    document = FeedDocument(feed, SITE, entries, {"rss": RSS_URL}, **fields)  # type: ignore[arg-type]
    return etree.fromstring(render_feed(document, "rss"))


def test_podcast_guid_ignores_scheme_and_trailing_slashes() -> None:
    guid = podcast_guid("https://example.org/feed/")
    assert guid == podcast_guid("http://example.org/feed") == podcast_guid(" example.org/feed")
    assert guid != podcast_guid("https://example.org/other")
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == \
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_artwork_url() -> None:
    assert artwork_url(PodcastSettings(), SITE.base_url) is None
    assert artwork_url(SHOW, SITE.base_url) == "https://news.example.org/art/show%20cover.jpg"
    assert artwork_url(replace(SHOW, image="/art.png"), SITE.base_url) == \
        "https://news.example.org/art.png"
    assert artwork_url(replace(SHOW, image="https://cdn.example/a.png"), SITE.base_url) == \
        "https://cdn.example/a.png"


def test_the_channel_carries_the_shows_tags() -> None:
    channel = render().find("channel")
    assert channel.xpath("itunes:author/text()", namespaces=NS) == ["The Desk"]
    assert channel.xpath("itunes:owner/itunes:name/text()", namespaces=NS) == ["Desk"]
    assert channel.xpath("itunes:owner/itunes:email/text()", namespaces=NS) == [
        "desk@example.org"]
    assert channel.xpath("itunes:image/@href", namespaces=NS) == [
        "https://news.example.org/art/show%20cover.jpg"]
    assert channel.xpath("itunes:category/@text", namespaces=NS) == ["News", "Technology"]
    assert channel.xpath("itunes:category[1]/itunes:category/@text", namespaces=NS) == [
        "Daily News"]
    assert channel.xpath("itunes:type/text()", namespaces=NS) == ["episodic"]
    assert channel.xpath("itunes:explicit/text()", namespaces=NS) == ["false"]
    assert channel.xpath("podcast:locked/text()", namespaces=NS) == ["yes"]
    assert channel.xpath("podcast:locked/@owner", namespaces=NS) == ["desk@example.org"]
    assert channel.xpath("podcast:guid/text()", namespaces=NS) == [podcast_guid(RSS_URL)]


def test_each_episode_carries_duration_transcript_and_chapters() -> None:
    first, second = render().findall("channel/item")
    assert first.xpath("itunes:duration/text()", namespaces=NS) == ["3723"]
    assert first.xpath("podcast:transcript/@url", namespaces=NS) == [
        "https://news.example.org/t.vtt"]
    assert first.xpath("podcast:transcript/@type", namespaces=NS) == ["text/vtt"]
    assert first.xpath("podcast:chapters/@type", namespaces=NS) == [
        "application/json+chapters"]
    assert first.find("enclosure").attrib == {"url": MP3, "length": "1234",
                                              "type": "audio/mpeg"}
    assert second.xpath("itunes:duration|podcast:transcript|podcast:chapters",
                        namespaces=NS) == []


def test_the_guid_given_or_recorded_wins_over_the_derived_one() -> None:
    recorded = render(show_guid="11111111-1111-5111-8111-111111111111").find("channel")
    assert recorded.xpath("podcast:guid/text()", namespaces=NS) == [
        "11111111-1111-5111-8111-111111111111"]
    given = render(replace(SHOW, guid="22222222-2222-5222-8222-222222222222"),
                   show_guid="11111111-1111-5111-8111-111111111111").find("channel")
    assert given.xpath("podcast:guid/text()", namespaces=NS) == [
        "22222222-2222-5222-8222-222222222222"]


def test_an_archive_page_names_the_shows_guid_from_its_current_feed() -> None:
    channel = render(current={"rss": RSS_URL}, archive=True).find("channel")
    assert channel.xpath("podcast:guid/text()", namespaces=NS) == [podcast_guid(RSS_URL)]


def test_serial_shows_number_their_episodes() -> None:
    items = render(replace(SHOW, type="serial"),
                   episode_numbers={"urn:uuid:b": 2, "urn:uuid:a": 1}).findall("channel/item")
    assert [i.xpath("itunes:episode/text()", namespaces=NS) for i in items] == [["2"], ["1"]]


def test_an_explicit_unlocked_show_without_owner_or_art() -> None:
    channel = render(PodcastSettings(explicit=True, locked=False)).find("channel")
    assert channel.xpath("itunes:explicit/text()", namespaces=NS) == ["true"]
    assert channel.xpath("podcast:locked/text()", namespaces=NS) == ["no"]
    assert channel.xpath("podcast:locked/@owner", namespaces=NS) == []
    assert channel.xpath("itunes:owner|itunes:image", namespaces=NS) == []
    assert channel.xpath("itunes:author/text()", namespaces=NS) == ["Desk"]  # the site's
